// Package demo fills an empty database with believable made-up data: a few
// hundred creators from TikTok Shop's markets, three campaigns, pipelines at
// every stage with about four months of history, and samples in every state.
// It is what a new user first sees and what screenshots show.
//
// Everything goes through the store's public API, as a staffer's own imports
// and moves would, so the demo also exercises the pipeline rules: every move
// is checked by outreach.Position.CheckMove and logged.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"creatordesk/outreach"
	"creatordesk/store"
)

// Options tune the generated data.
type Options struct {
	Creators int       // default 300
	Seed     int64     // default 1; same seed + same Now ⇒ identical database content
	Now      time.Time // the "present"; history goes back ~16 weeks from it. Zero ⇒ the store's clock (s.Now()).
}

// Summary counts what Generate wrote.
type Summary struct {
	Creators, Campaigns, Pipelines, Samples, Overdue int
}

// batchActions is how many moves and samples go in one transaction.
const batchActions = 20_000

// Source marks the demo's imports and moves in the event log.
const Source = "demo"

// DefaultCreators is how many creators Generate makes when Options.Creators
// is zero.
const DefaultCreators = 300

// MaxCreators is the most creators a demo holds. Scale keeps about 400
// bytes a creator in memory and writes 1.7 KB to disk (1M creators: 546 MB
// at the peak, a 1.7 GB file, 4.5 minutes of CPU), so this size wants some
// 2.5 GB of memory, 9 GB of disk and half an hour. Asked for 100 billion,
// it ran out of memory before writing a creator.
const MaxCreators = 5_000_000

// history is how far back invitations go.
const history = 16 * 7 * 24 * time.Hour

const day = 24 * time.Hour

// Generate fills an empty database with realistic demo data. It refuses
// (error) if the database already has creators.
//
// Creators are imported in one transaction; each pipeline is then moved step
// by step with store.MoveStage, all moves and samples in the order of their
// dates, so the event log reads as if the history had happened. Prospects
// still on a campaign's shortlist enter it through an import of that
// shortlist, dated at the store's clock (the store has no other way to start
// a pipeline at prospect). Generate is not one transaction: if it fails half
// way, the database keeps what was written.
//
// Every stage and every exit appears in both tiers from about 150 creators
// up; fewer creators leave some out.
func Generate(ctx context.Context, s *store.Store, opt Options) (Summary, error) {
	var sum Summary
	if opt.Creators == 0 {
		opt.Creators = DefaultCreators
	}
	g, err := newGen(ctx, s, &opt)
	if err != nil {
		return sum, err
	}
	g.makeCreators(opt.Creators)
	g.makePipelines()
	g.assignOutcomes()
	for _, p := range g.pipes {
		g.plan(p)
	}

	// Write: campaigns, creators, then the history in date order, then the
	// shortlists.
	for _, c := range g.campaigns {
		if _, err := s.CreateCampaign(ctx, c.c); err != nil {
			return sum, fmt.Errorf("demo: campaign %q: %w", c.c.Name, err)
		}
		sum.Campaigns++
	}
	im, err := s.BeginImport(ctx, store.ImportOptions{Source: Source})
	if err != nil {
		return sum, err
	}
	if err := im.NextFile("demo-creators.csv"); err != nil {
		im.Rollback()
		return sum, fmt.Errorf("demo: creators: %w", err)
	}
	for i, c := range g.creators {
		row := c.row
		row.Line = i + 2 // as in a file with a header line
		if err := im.Add(row); err != nil {
			im.Rollback()
			return sum, fmt.Errorf("demo: creators: %w", err)
		}
	}
	res, err := im.Commit()
	if err != nil {
		return sum, fmt.Errorf("demo: creators: %w", err)
	}
	sum.Creators = res.New

	// The history goes in batches of moves, each one transaction: a
	// transaction per move would rewrite the same pages for every creator.
	acts := g.actions()
	for len(acts) > 0 {
		n := min(len(acts), batchActions)
		err := s.Batch(ctx, func(b *store.Store) error {
			for _, a := range acts[:n] {
				if err := ctx.Err(); err != nil {
					return err
				}
				p := a.pipe
				h, camp := p.creator.row.Handle, p.camp.c.Name
				if a.sample {
					if _, err := b.RecordSample(ctx, h, camp, p.sample, outreach.DefaultContentDueDays); err != nil {
						return fmt.Errorf("demo: sample for @%s in %s: %w", h, camp, err)
					}
					sum.Samples++
					continue
				}
				m := p.marks[a.mark]
				if _, err := b.MoveStage(ctx, store.Move{Handle: h, Campaign: camp, To: m.to, Note: m.note, Source: Source, At: m.at}); err != nil {
					return fmt.Errorf("demo: @%s in %s: %w", h, camp, err)
				}
				if a.mark == 0 {
					sum.Pipelines++
				}
			}
			return nil
		})
		if err != nil {
			return sum, err
		}
		acts = acts[n:]
	}

	for _, c := range g.campaigns {
		var short []*pipeline
		for _, p := range g.pipes {
			if p.camp == c && p.outcome == oProspect {
				short = append(short, p)
			}
		}
		if len(short) == 0 {
			continue
		}
		im, err := s.BeginImport(ctx, store.ImportOptions{Campaign: c.c.Name, Source: Source})
		if err != nil {
			return sum, err
		}
		if err := im.NextFile(c.shortlist); err != nil {
			im.Rollback()
			return sum, fmt.Errorf("demo: shortlist of %s: %w", c.c.Name, err)
		}
		for i, p := range short {
			// Only the handle: the creator is there already, and an import
			// never erases with a blank cell.
			row := outreach.CreatorRow{Line: i + 2, Creator: outreach.Creator{Handle: p.creator.row.Handle}}
			if err := im.Add(row); err != nil {
				im.Rollback()
				return sum, fmt.Errorf("demo: shortlist of %s: %w", c.c.Name, err)
			}
		}
		res, err := im.Commit()
		if err != nil {
			return sum, fmt.Errorf("demo: shortlist of %s: %w", c.c.Name, err)
		}
		sum.Pipelines += res.Pipelines
	}

	for _, p := range g.pipes {
		if p.outcome == oOverdue || p.outcome == oAwaiting {
			if g.now.After(outreach.ContentDue(p.sample.DeliveredAt, outreach.DefaultContentDueDays)) {
				sum.Overdue++
			}
		}
	}
	return sum, s.MarkDemoFinished(ctx)
}

// newGen checks that the database is empty and starts a generator from
// opt's seed and present, filling in their defaults.
func newGen(ctx context.Context, s *store.Store, opt *Options) (*gen, error) {
	if opt.Creators < 0 || opt.Creators > MaxCreators {
		return nil, fmt.Errorf("demo: %d creators: a demo holds at most %d", opt.Creators, MaxCreators)
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Now.IsZero() {
		opt.Now = s.Now()
	}
	n, err := s.CountCreators(ctx)
	if err != nil {
		return nil, err
	}
	if n.Total > 0 {
		return nil, fmt.Errorf("demo: the database already has %d creators; demo data only goes into an empty database", n.Total)
	}
	threshold, err := s.HeadThreshold(ctx)
	if err != nil {
		return nil, err
	}
	g := &gen{
		rng:       rand.New(rand.NewPCG(uint64(opt.Seed), uint64(opt.Seed))),
		now:       opt.Now.Truncate(time.Second),
		threshold: threshold,
		handles:   map[string]bool{},
	}
	g.campaigns = campaignSpecs(g.now)
	return g, nil
}

// gen holds the generator's state. All randomness comes from rng, so the
// same seed and the same now give the same data.
type gen struct {
	rng       *rand.Rand
	now       time.Time
	threshold int64

	campaigns []*campaignSpec
	creators  []*creatorSpec
	pipes     []*pipeline
	handles   map[string]bool
}

type sku struct {
	code string
	cost int64 // USD cents
}

type campaignSpec struct {
	c         outreach.Campaign
	shortlist string         // file the prospects were imported from
	earliest  time.Time      // earliest invitation
	weights   map[string]int // category → how likely a creator of it is in the campaign
	skus      []sku          // what samples ship; nil: the catalogue by category
}

// catalogue is the shop's bestseller per category, shipped as samples in
// the open campaign.
var catalogue = map[string][]sku{
	"Beauty":  {{"LIP-OIL-TRIO", 350}, {"GLOW-SERUM-30", 480}},
	"Fashion": {{"CLAW-CLIP-4PK", 180}, {"SILK-SCRUNCHIE-6", 220}},
	"Home":    {{"LINT-ROLLER-XL", 240}, {"KG-OIL-SPRAYER", 310}},
	"Food":    {{"KG-MINI-CHOPPER", 620}, {"KG-OIL-SPRAYER", 310}},
	"Tech":    {{"LED-RING-MINI", 760}, {"PHONE-GRIP-MAG", 210}},
	"Fitness": {{"RESIST-BAND-SET", 540}},
	"Baby":    {{"BABY-BIB-3PK", 290}},
	"Pets":    {{"PET-GROOM-GLOVE", 260}},
}

func campaignSpecs(now time.Time) []*campaignSpec {
	glow := []sku{{"GLOW-SERUM-30", 480}, {"GLOW-SERUM-50", 690}, {"GLOW-DUO-SET", 1150}}
	kitchen := []sku{{"KG-MINI-CHOPPER", 620}, {"KG-OIL-SPRAYER", 310}, {"KG-SCALE-PRO", 890}, {"KG-GARLIC-PRESS", 270}}
	var all []string
	for _, cat := range categoryWeights {
		for _, k := range catalogue[cat.v] {
			if !slices.Contains(all, k.code) {
				all = append(all, k.code)
			}
		}
	}
	slices.Sort(all)
	codes := func(ks []sku) []string {
		var out []string
		for _, k := range ks {
			out = append(out, k.code)
		}
		return out
	}
	specs := []*campaignSpec{
		{
			c: outreach.Campaign{Name: "Summer Glow Serum", Kind: outreach.Targeted, SKUs: codes(glow),
				DefaultCommission: 1500, StartsAt: now.Add(-history - 2*day), EndsAt: now.Add(6 * 7 * day)},
			shortlist: "glow-serum-shortlist.csv",
			weights:   map[string]int{"Beauty": 70, "Fashion": 35, "Home": 5, "Food": 3, "Tech": 5, "Fitness": 20, "Baby": 10, "Pets": 5},
			skus:      glow,
		},
		{
			c: outreach.Campaign{Name: "Kitchen Gadgets Q4", Kind: outreach.Targeted, SKUs: codes(kitchen),
				DefaultCommission: 1200, StartsAt: now.Add(-8 * 7 * day), EndsAt: now.Add(5 * 7 * day)},
			shortlist: "kitchen-q4-shortlist.csv",
			weights:   map[string]int{"Beauty": 5, "Fashion": 5, "Home": 65, "Food": 70, "Tech": 35, "Fitness": 10, "Baby": 25, "Pets": 10},
			skus:      kitchen,
		},
		{
			c: outreach.Campaign{Name: "Always-on Affiliates", Kind: outreach.Open, SKUs: all,
				DefaultCommission: 1000, StartsAt: now.Add(-20 * 7 * day)},
			shortlist: "affiliates-shortlist.csv",
			weights:   map[string]int{"Beauty": 25, "Fashion": 60, "Home": 30, "Food": 27, "Tech": 60, "Fitness": 70, "Baby": 65, "Pets": 85},
		},
	}
	for _, c := range specs {
		c.earliest = c.c.StartsAt.Add(day)
		if e := now.Add(-history); c.earliest.Before(e) {
			c.earliest = e
		}
	}
	return specs
}
