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
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
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
	for i, c := range g.creators {
		row := c.row
		row.Line = i + 2 // as in a file with a header line
		if err := im.Add("demo-creators.csv", row); err != nil {
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
		for i, p := range short {
			// Only the handle: the creator is there already, and an import
			// never erases with a blank cell.
			row := outreach.CreatorRow{Line: i + 2, Creator: outreach.Creator{Handle: p.creator.row.Handle}}
			if err := im.Add(c.shortlist, row); err != nil {
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

// ---- creators ----

type creatorSpec struct {
	row        outreach.CreatorRow
	cul        culture
	givenASCII string
	tier       outreach.Tier
	camps      int // how many campaigns the creator is in
}

func (g *gen) makeCreators(n int) {
	heads := int(math.Round(float64(n) * 0.15))
	perm := g.rng.Perm(n)
	for i := range n {
		g.creators = append(g.creators, g.creator(perm[i] < heads))
	}
}

func (g *gen) creator(head bool) *creatorSpec {
	r := g.rng
	var region string
	var cul culture
	{
		ws := make([]weighted[int], len(regionWeights))
		for i, rw := range regionWeights {
			ws[i] = weighted[int]{i, rw.weight}
		}
		rw := regionWeights[pickWeighted(r, ws)]
		region, cul = rw.code, pickWeighted(r, rw.culture)
	}
	cat := pickWeighted(r, categoryWeights)
	givenD, givenA := split(pick(r, givenNames[cul]))
	var famD, famA string
	if fams := familyNames[cul]; len(fams) > 0 {
		famD, famA = split(pick(r, fams))
	}
	c := &creatorSpec{cul: cul, givenASCII: givenA}
	cr := &c.row.Creator
	cr.Region, cr.Category = region, cat
	cr.DisplayName = g.displayName(cul, cat, givenD, givenA, famD)
	cr.Handle = g.handle(cul, cat, givenA, famA)

	// Reach: a long tail. Micro creators mostly between 2k and 300k, head
	// creators above the 500k line with a few in the millions.
	var followers int64
	if head {
		followers = int64(520_000 / math.Pow(1-r.Float64(), 1/2.2))
		followers = min(followers, 9_400_000)
	} else {
		followers = int64(math.Exp(math.Log(25_000) + 1.1*r.NormFloat64()))
		followers = max(2_000+int64(r.IntN(600)), min(followers, 480_000))
	}
	cr.Followers = &followers
	c.tier = outreach.TierFor(cr.Followers, g.threshold)
	if r.Float64() < 0.95 {
		v := int64(float64(followers) * math.Exp(math.Log(0.12)+0.7*r.NormFloat64()))
		v = max(200+int64(r.IntN(300)), min(v, followers*5/2))
		cr.AvgViews = &v
	}
	if r.Float64() < 0.93 {
		var bp float64
		if head {
			bp = 100 + 520*math.Pow(r.Float64(), 1.3)
		} else {
			bp = 250 + 1250*math.Pow(r.Float64(), 1.6)
		}
		e := outreach.BasisPoints(min(1500, max(100, int(bp))))
		cr.Engagement = &e
	}
	if r.Float64() < 0.5 {
		base := 700.0 * math.Sqrt(float64(followers)/30_000)
		if cat == "Beauty" || cat == "Home" || cat == "Food" {
			base *= 1.6
		}
		dollars := base * math.Exp(r.NormFloat64())
		cr.GMV30 = &outreach.Money{Minor: max(1_500, int64(dollars*100)), Currency: "USD"}
	}
	if r.Float64() < 0.6 {
		cr.Email = g.email(cr.Handle, givenA, famA, head)
	}
	if r.Float64() < 0.3 {
		cr.Phone = g.phone(region)
	}
	cr.Tags = g.tags(cul, cat, region)
	if r.Float64() < 0.25 {
		cr.Notes = pick(r, creatorNotes)
	}
	return c
}

// split reads a word-list entry: "Hương|huong" → ("Hương", "huong").
func split(s string) (display, ascii string) {
	display, ascii, ok := strings.Cut(s, "|")
	if !ok {
		ascii = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' {
				return r
			}
			return -1
		}, strings.ToLower(display))
	}
	return display, ascii
}

func (g *gen) displayName(cul culture, cat, given, givenA, family string) string {
	r := g.rng
	brand := func() string { return fmt.Sprintf(pick(r, brandNames[cul][cat]), given) }
	emoji := func(s string) string { return s + " " + pick(r, categoryEmoji[cat]) }
	full := given + " " + family
	x := r.Float64()
	switch cul {
	case vietnamese:
		switch {
		case x < 0.35:
			return family + " " + pick(r, vietMiddle) + " " + given
		case x < 0.5:
			return given + " " + family
		case x < 0.85:
			return brand()
		}
		return emoji(given)
	case chinese:
		switch {
		case x < 0.3:
			return family + given
		case x < 0.5:
			return given + " " + title(givenA)
		case x < 0.6:
			return title(givenA) + " " + title(asciiOf(family))
		case x < 0.88:
			return brand()
		}
		return emoji(given)
	case thai:
		switch {
		case x < 0.3:
			return given + " " + title(givenA)
		case x < 0.45:
			return "น้อง" + given
		case x < 0.85:
			return brand()
		}
		return emoji(given)
	}
	switch {
	case x < 0.5:
		return full
	case x < 0.8:
		return brand()
	case x < 0.9:
		return emoji(strings.ToLower(given))
	}
	return emoji(full)
}

// asciiOf finds the ASCII form of a family name shown in another script.
func asciiOf(display string) string {
	for _, f := range familyNames[chinese] {
		if d, a := split(f); d == display {
			return a
		}
	}
	return display
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (g *gen) handle(cul culture, cat, given, family string) string {
	r := g.rng
	word := pick(r, handleWords[cat])
	if family == "" {
		family = word
	}
	sep := pick(r, []string{"", ".", "_"})
	var h string
	switch r.IntN(12) {
	case 0:
		h = given + family
	case 1:
		h = given + "." + family
	case 2:
		h = given + "_" + family
	case 3:
		h = word + "with" + given
	case 4:
		h = given + "." + word
	case 5:
		h = given + word
	case 6:
		h = given + sep + strconv.Itoa(r.IntN(100))
	case 7:
		h = "its" + given + sep + word
	case 8:
		local := pick(r, localHandleWords[cul])
		if r.IntN(2) == 0 {
			h = local + sep + given
		} else {
			h = given + sep + local
		}
	case 9:
		h = "the" + given + word
	case 10:
		h = word + "by" + given
	default:
		h = given + sep + family + strconv.Itoa(r.IntN(1000))
	}
	h = cleanHandle(h)
	for tries := 0; g.handles[h]; tries++ {
		if tries >= 4 { // a long handle cannot grow: shorten it, then number it
			h = cleanHandle(h[:min(len(h), 14)] + "_" + strconv.Itoa(r.IntN(100_000_000)))
			continue
		}
		switch r.IntN(3) {
		case 0:
			h = cleanHandle(h + strconv.Itoa(r.IntN(100)))
		case 1:
			h = cleanHandle(h + "_" + strconv.Itoa(r.IntN(1000)))
		default:
			h = cleanHandle(h + "." + pick(r, []string{"official", "daily", "shop", "tv", "xo"}))
		}
	}
	g.handles[h] = true
	return h
}

// cleanHandle keeps what TikTok allows and what looks like a handle: no
// dot or underscore at either end, no two in a row, at most 24 characters.
func cleanHandle(h string) string {
	var b strings.Builder
	prevSep := true
	for _, c := range strings.ToLower(h) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
			prevSep = false
		case (c == '.' || c == '_') && !prevSep:
			b.WriteRune(c)
			prevSep = true
		}
	}
	out := b.String()
	if len(out) > 24 {
		out = out[:24]
	}
	out = strings.TrimRight(out, "._")
	for len(out) < 2 {
		out += "x"
	}
	return out
}

func (g *gen) email(handle, given, family string, head bool) string {
	r := g.rng
	domain := pick(r, []string{"example.com", "example.com", "example.net"})
	local := handle
	x := r.Float64()
	switch {
	case head && x < 0.5:
		local = pick(r, []string{"mgmt.", "team.", "bookings."}) + handle
	case x < 0.2:
		local = "collab." + handle
	case x < 0.35 && family != "" && family != given:
		local = given + "." + family + ".collabs"
	case x < 0.45:
		local = "hello" + given
	}
	local = strings.Trim(strings.ReplaceAll(local, "..", "."), ".")
	addr := local + "@" + domain
	if e, err := outreach.NormalizeEmail(addr); err == nil {
		return e
	}
	return strings.ReplaceAll(handle, ".", "_") + "@example.com"
}

// phone makes a number in the 555-0100–0199 range set aside for fiction.
func (g *gen) phone(region string) string {
	r := g.rng
	line := 100 + r.IntN(100)
	if region == "US" || region == "GB" || region == "MX" {
		area := pick(r, []string{"212", "213", "305", "310", "415", "512", "646", "702", "917"})
		return fmt.Sprintf("+1 (%s) 555-%04d", area, line)
	}
	return fmt.Sprintf("WA: +1 555-%04d", line)
}

func (g *gen) tags(cul culture, cat, region string) []string {
	r := g.rng
	if r.Float64() < 0.12 {
		return nil
	}
	var t []string
	ct := categoryTags[cat]
	for range 1 + r.IntN(2) {
		t = append(t, pick(r, ct))
	}
	for range r.IntN(3) {
		t = append(t, pick(r, generalTags))
	}
	bilingual := region == "SG" || region == "MY" || region == "PH" || (region == "US" && cul != english)
	if bilingual && r.Float64() < 0.6 {
		t = append(t, "bilingual")
	}
	out, _ := outreach.NormalizeTags(t)
	return out
}

// ---- pipelines ----

// outcome is where a pipeline ends up and how it got there.
type outcome int

const (
	oProspect     outcome = iota // on a shortlist, not invited yet
	oDNCProspect                 // stopped before any contact
	oInvited                     // invited in the last few days
	oNoResponse                  // never replied
	oDeclined                    // said no to the invitation
	oDNCInvited                  // asked not to be contacted
	oReplied                     // replied in the last few days
	oNegotiating                 // in talks
	oDeclinedLate                // said no after talks
	oGhosted                     // went quiet after replying
	oDNCReplied                  // asked not to be contacted after replying
	oPartnered                   // agreed; micro: no sample yet; head: content pending
	oToShip                      // micro: agreed, sample to ship
	oBackedOut                   // agreed, then declined (micro: sample cancelled)
	oShipped                     // sample in transit
	oAwaiting                    // sample delivered, content due in the future
	oOverdue                     // sample delivered, content overdue
	oPosted                      // content posted (micro after a sample, head directly)
	oPostedSample                // head: content posted after a sample
	nOutcomes
)

// outcomeWeights per tier: prospects as a share of all pipelines, the rest
// per 100 invitations: 39% of invited reply and 19% partner. The funnel
// counts creators, a creator in two campaigns at the furthest stage of
// either, which lifts both by a point or so. Of the micro creators whose
// sample went out, 4.5 in 12.5 post (36%). Head creators get the same reply
// and partner rates; most of their partners post without a sample.
var outcomeWeights = map[outreach.Tier][nOutcomes]float64{
	outreach.Micro: {
		oProspect: 10, oDNCProspect: 0.6,
		oInvited: 11, oNoResponse: 38.5, oDeclined: 9.5, oDNCInvited: 2,
		oReplied: 5, oNegotiating: 5, oDeclinedLate: 6, oGhosted: 3, oDNCReplied: 1,
		oPartnered: 2.5, oToShip: 3, oBackedOut: 1, oShipped: 1.5, oAwaiting: 2.5, oOverdue: 4, oPosted: 4.5,
	},
	outreach.Head: {
		oProspect: 10, oDNCProspect: 0.6,
		oInvited: 10, oNoResponse: 40, oDeclined: 9.5, oDNCInvited: 1.5,
		oReplied: 4, oNegotiating: 8, oDeclinedLate: 6, oGhosted: 1.5, oDNCReplied: 0.5,
		oPartnered: 4.5, oBackedOut: 1, oShipped: 1.5, oAwaiting: 1.5, oPosted: 9, oPostedSample: 1.5,
	},
}

// outcomeMins make sure every stage, exit and sample state shows in each
// tier (and at least five overdue samples) when there are enough pipelines.
var outcomeMins = map[outreach.Tier][nOutcomes]int{
	outreach.Micro: {
		oProspect: 1, oDNCProspect: 1, oInvited: 1, oNoResponse: 1, oDeclined: 1, oDNCInvited: 1,
		oReplied: 1, oNegotiating: 1, oDeclinedLate: 1, oGhosted: 1, oDNCReplied: 1,
		oPartnered: 1, oToShip: 1, oBackedOut: 1, oShipped: 1, oAwaiting: 1, oOverdue: 5, oPosted: 1,
	},
	outreach.Head: {
		oProspect: 1, oInvited: 1, oNoResponse: 1, oDeclined: 1, oDNCInvited: 1,
		oReplied: 1, oNegotiating: 1, oPartnered: 1, oShipped: 1, oAwaiting: 1, oPosted: 1,
	},
}

func (o outcome) isDNC() bool { return o == oDNCProspect || o == oDNCInvited || o == oDNCReplied }

// level is the funnel step an outcome reaches: 0 none, 1 invited, 2
// replied, 3 partnered, 4 content posted.
func (o outcome) level() int {
	switch o {
	case oProspect, oDNCProspect:
		return 0
	case oInvited, oNoResponse, oDeclined, oDNCInvited:
		return 1
	case oReplied, oNegotiating, oDeclinedLate, oGhosted, oDNCReplied:
		return 2
	case oPosted, oPostedSample:
		return 4
	}
	return 3
}

type pipeline struct {
	creator *creatorSpec
	camp    *campaignSpec
	outcome outcome
	marks   []mark
	sample  outreach.Shipment // when hasSample
	// sampleAfter is the index of the mark the sample is recorded after.
	hasSample   bool
	sampleAfter int
}

type mark struct {
	at   time.Time
	to   outreach.Stage
	note string
}

// makePipelines puts most creators in one campaign, some in two, a few in
// none, choosing campaigns that suit their category.
func (g *gen) makePipelines() {
	r := g.rng
	for _, c := range g.creators {
		x := r.Float64()
		k := 1
		switch {
		case x < 0.06:
			k = 0
		case x >= 0.8:
			k = 2
		}
		c.camps = k
		var chosen []*campaignSpec
		for range k {
			var ws []weighted[int]
			for i, cs := range g.campaigns {
				if !slices.Contains(chosen, cs) {
					ws = append(ws, weighted[int]{i, cs.weights[c.row.Category]})
				}
			}
			cs := g.campaigns[pickWeighted(r, ws)]
			chosen = append(chosen, cs)
		}
		// Pipelines in campaign order, so a creator in two is in a stable order.
		for _, cs := range g.campaigns {
			if slices.Contains(chosen, cs) {
				g.pipes = append(g.pipes, &pipeline{creator: c, camp: cs})
			}
		}
	}
}

// assignOutcomes deals each tier's pipelines a shuffled deck of outcomes in
// the proportions of outcomeWeights, so the funnel has the intended shape
// whatever the seed.
func (g *gen) assignOutcomes() {
	r := g.rng
	for _, tier := range outreach.Tiers {
		var ps []*pipeline
		for _, p := range g.pipes {
			if p.creator.tier == tier {
				ps = append(ps, p)
			}
		}
		w, mins := outcomeWeights[tier], outcomeMins[tier]
		counts := allocate(len(ps), w[:], mins[:])
		deck := make([]outcome, 0, len(ps))
		for o, n := range counts {
			for range n {
				deck = append(deck, outcome(o))
			}
		}
		r.Shuffle(len(deck), func(i, j int) { deck[i], deck[j] = deck[j], deck[i] })
		for i, p := range ps {
			p.outcome = deck[i]
		}
		// Do-not-contact stops every pipeline of a creator: keep it to
		// creators in one campaign by swapping with one of those.
		for i, p := range ps {
			if !p.outcome.isDNC() || p.creator.camps == 1 {
				continue
			}
			start := r.IntN(len(ps))
			swapped := false
			for k := range ps {
				q := ps[(start+k)%len(ps)]
				if q.creator.camps == 1 && !q.outcome.isDNC() {
					p.outcome, q.outcome = q.outcome, p.outcome
					swapped = true
					break
				}
			}
			if !swapped {
				ps[i].outcome = oNoResponse
			}
		}
		// A creator who ignores one campaign mostly ignores the other too,
		// and one who partners in one often does in both: bring three in
		// four of a creator's two pipelines to the same funnel step, by
		// swapping with creators in one campaign.
		for i := 0; i+1 < len(ps); i++ {
			a, b := ps[i], ps[i+1]
			if a.creator != b.creator {
				continue
			}
			i++
			if r.Float64() >= 0.75 {
				continue
			}
			if r.IntN(2) == 0 {
				a, b = b, a
			}
			if a.outcome.level() == b.outcome.level() {
				continue
			}
			start := r.IntN(len(ps))
			for k := range ps {
				q := ps[(start+k)%len(ps)]
				if q.creator.camps == 1 && !q.outcome.isDNC() && q.outcome.level() == a.outcome.level() {
					b.outcome, q.outcome = q.outcome, b.outcome
					break
				}
			}
		}
	}
}

// allocate splits n by weights (largest remainder), then raises counts to
// their minimum by taking from the outcome with the most to spare.
func allocate(n int, weights []float64, mins []int) []int {
	counts := make([]int, len(weights))
	total := 0.0
	for _, w := range weights {
		total += w
	}
	if n == 0 || total == 0 {
		return counts
	}
	type rem struct {
		i int
		f float64
	}
	var rems []rem
	left := n
	for i, w := range weights {
		exact := float64(n) * w / total
		counts[i] = int(exact)
		left -= counts[i]
		rems = append(rems, rem{i, exact - float64(counts[i])})
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.f > b.f:
			return -1
		case a.f < b.f:
			return 1
		}
		return 0
	})
	for k := 0; k < left; k++ {
		counts[rems[k%len(rems)].i]++
	}
	for i := range counts {
		for counts[i] < mins[i] {
			best, spare := -1, 0
			for j := range counts {
				if s := counts[j] - mins[j]; s > spare {
					best, spare = j, s
				}
			}
			if best < 0 {
				break
			}
			counts[best]--
			counts[i]++
		}
	}
	return counts
}

// builder lays out a pipeline's moves as offsets from the invitation.
type builder struct {
	off   time.Duration
	marks []struct {
		off  time.Duration
		to   outreach.Stage
		note string
	}
	// sample offsets; negative when the sample never reached the step
	sCreated, sShipped, sDelivered, sPosted time.Duration
	hasSample                               bool
	sampleAfter                             int
}

func (b *builder) move(gap time.Duration, to outreach.Stage, note string) {
	b.off += gap
	b.marks = append(b.marks, struct {
		off  time.Duration
		to   outreach.Stage
		note string
	}{b.off, to, note})
}

// span is a random duration between lo and hi days.
func (g *gen) span(lo, hi float64) time.Duration {
	return time.Duration((lo + (hi-lo)*g.rng.Float64()) * float64(day))
}

// maybe returns a note from list about 45% of the time.
func (g *gen) maybe(list []string) string {
	if g.rng.Float64() < 0.45 {
		return pick(g.rng, list)
	}
	return ""
}

func (g *gen) plan(p *pipeline) {
	if p.outcome == oProspect {
		return
	}
	r := g.rng
	b := &builder{sCreated: -1, sShipped: -1, sDelivered: -1, sPosted: -1}
	head := p.creator.tier == outreach.Head
	o := p.outcome

	if o == oDNCProspect {
		b.move(0, outreach.DoNotContact, pick(r, dncNotes))
		g.place(p, b, false, 0)
		return
	}
	b.move(0, outreach.Invited, g.maybe(inviteNotes))
	switch o {
	case oInvited:
		g.place(p, b, true, g.span(0.2, 6))
		return
	case oNoResponse:
		b.move(g.span(7, 14), outreach.NoResponse, g.maybe(noReplyNotes))
		g.place(p, b, false, 0)
		return
	case oDeclined:
		note := ""
		if r.Float64() < 0.7 {
			note = pick(r, declineNotes)
		}
		b.move(g.span(0.3, 6), outreach.Declined, note)
		g.place(p, b, false, 0)
		return
	case oDNCInvited:
		b.move(g.span(0.3, 5), outreach.DoNotContact, pick(r, dncNotes))
		g.place(p, b, false, 0)
		return
	}

	// Everyone else replied, a few only after being marked no-response.
	if r.Float64() < 0.12 {
		b.move(g.span(8, 13), outreach.NoResponse, g.maybe(noReplyNotes))
		b.move(g.span(2, 9), outreach.Replied, pick(r, lateReplyNotes))
	} else {
		b.move(g.span(0.3, 5), outreach.Replied, g.maybe(replyNotes))
	}
	switch o {
	case oReplied:
		g.place(p, b, true, g.span(0.1, 5))
		return
	case oDNCReplied:
		b.move(g.span(0.5, 4), outreach.DoNotContact, pick(r, dncNotes))
		g.place(p, b, false, 0)
		return
	}
	if head || o == oNegotiating || r.Float64() < 0.5 {
		b.move(g.span(0.3, 4), outreach.Negotiating, g.maybe(negotiateNotes))
	}
	switch o {
	case oNegotiating:
		g.place(p, b, true, g.span(0.1, 8))
		return
	case oDeclinedLate:
		b.move(g.span(1, 7), outreach.Declined, pick(r, declineNotes))
		g.place(p, b, false, 0)
		return
	case oGhosted:
		b.move(g.span(7, 14), outreach.NoResponse, g.maybe(ghostNotes))
		g.place(p, b, false, 0)
		return
	}
	b.move(g.span(1, 6), outreach.Partnered, g.maybe(partnerNotes))
	switch {
	case o == oPartnered && head:
		g.place(p, b, true, g.span(1, 18))
		return
	case o == oPartnered:
		g.place(p, b, true, g.span(0.1, 3))
		return
	case o == oBackedOut && head:
		b.move(g.span(3, 10), outreach.Declined, pick(r, headBackOutNotes))
		g.place(p, b, false, 0)
		return
	case o == oPosted && head:
		b.move(g.span(5, 21), outreach.ContentPosted, "")
		g.place(p, b, false, 0)
		return
	}

	// A sample: recorded after the partnership, before it ships.
	b.hasSample, b.sampleAfter = true, len(b.marks)-1
	b.sCreated = b.off + g.span(2.0/24, 20.0/24)
	switch o {
	case oToShip:
		g.place(p, b, true, g.span(0.9, 3.5))
		return
	case oBackedOut:
		b.off = b.sCreated
		b.move(g.span(1, 3), outreach.Declined, pick(r, backOutNotes))
		g.place(p, b, false, 0)
		return
	}
	b.off = b.sCreated
	b.move(g.span(0.5, 3), outreach.SampleShipped, "")
	b.sShipped = b.off
	if o == oShipped {
		g.place(p, b, true, g.span(0.3, 5))
		return
	}
	b.move(g.transit(p.creator.row.Region), outreach.SampleDelivered, g.maybe(deliverNotes))
	b.sDelivered = b.off
	switch o {
	case oAwaiting:
		g.place(p, b, true, g.span(0.3, 12))
		return
	case oOverdue:
		g.place(p, b, true, g.span(15, 40))
		return
	}
	post := g.span(2, 13)
	if r.Float64() < 0.1 {
		post = g.span(14, 20) // late, but posted
	}
	b.move(post, outreach.ContentPosted, "")
	b.sPosted = b.off
	g.place(p, b, false, 0)
}

// transit is how long a parcel takes in a region.
func (g *gen) transit(region string) time.Duration {
	switch region {
	case "US":
		return g.span(2, 6)
	case "GB", "SG":
		return g.span(1, 4)
	case "MX":
		return g.span(3, 8)
	}
	return g.span(2, 5)
}

// place dates a laid-out pipeline. An open pipeline (active) ends age before
// now; a finished one starts at an invitation date spread evenly over the
// campaign's history. Gaps shrink if the campaign is
// too young to hold them.
func (g *gen) place(p *pipeline, b *builder, active bool, age time.Duration) {
	r := g.rng
	last := max(b.marks[len(b.marks)-1].off, b.sCreated)
	lo := p.camp.earliest
	end := g.now.Add(-6 * time.Hour)
	var inv time.Time
	if active {
		inv = g.now.Add(-age - last)
		if inv.Before(lo) {
			inv = lo.Add(g.span(0, 1))
		}
	} else {
		hi := end.Add(-last)
		if hi.Before(lo) {
			inv = lo
		} else {
			inv = lo.Add(time.Duration(r.Float64() * float64(hi.Sub(lo))))
		}
	}
	scale := 1.0
	if inv.Add(last).After(end) && last > 0 {
		scale = float64(end.Sub(inv)) / float64(last)
	}
	at := func(off time.Duration) time.Time {
		return inv.Add(time.Duration(float64(off) * scale)).Truncate(time.Second)
	}
	for _, m := range b.marks {
		p.marks = append(p.marks, mark{at: at(m.off), to: m.to, note: m.note})
	}
	h := p.creator.row.Handle
	for i := range p.marks {
		if p.marks[i].to == outreach.ContentPosted {
			p.marks[i].note = pick(r, postNotes) + ": " + videoURL(r, h, p.marks[i].at)
		}
		if p.marks[i].to == outreach.SampleShipped && p.marks[i].note == "" && r.Float64() < 0.5 {
			p.marks[i].note = pick(r, shipNotes)
		}
	}
	if !b.hasSample {
		return
	}
	p.hasSample, p.sampleAfter = true, b.sampleAfter
	sh := outreach.Shipment{Qty: 1, Status: outreach.SampleToShip, CreatedAt: at(b.sCreated)}
	k := g.sku(p)
	sh.SKU, sh.UnitCost = k.code, outreach.Money{Minor: k.cost, Currency: "USD"}
	if r.Float64() < 0.15 {
		sh.Qty = 2
	}
	switch {
	case p.outcome == oBackedOut:
		sh.Status = outreach.SampleCancelled
	case b.sShipped >= 0:
		sh.Status = outreach.SampleInTransit
		sh.ShippedAt = at(b.sShipped)
		sh.Carrier, sh.Tracking = g.carrier(p.creator.row.Region)
		if b.sDelivered >= 0 {
			sh.Status = outreach.SampleArrived
			sh.DeliveredAt = at(b.sDelivered)
		}
		if b.sPosted >= 0 {
			sh.Status = outreach.SamplePosted
			sh.ContentPostedAt = at(b.sPosted)
			for _, m := range p.marks {
				if m.to == outreach.ContentPosted {
					_, sh.VideoURL, _ = strings.Cut(m.note, ": ")
				}
			}
		}
	}
	p.sample = sh
	for i := range p.marks {
		if p.marks[i].to == outreach.SampleShipped && p.marks[i].note != "" {
			p.marks[i].note += " via " + sh.Carrier + " " + sh.Tracking
		}
	}
}

func (g *gen) sku(p *pipeline) sku {
	if p.camp.skus != nil {
		return pick(g.rng, p.camp.skus)
	}
	return pick(g.rng, catalogue[p.creator.row.Category])
}

// carrier picks a courier of the region and a made-up tracking number in
// its format.
func (g *gen) carrier(region string) (string, string) {
	r := g.rng
	digits := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		return b.String()
	}
	alnum := func(n int) string {
		const set = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
		var b strings.Builder
		for range n {
			b.WriteByte(set[r.IntN(len(set))])
		}
		return b.String()
	}
	switch region {
	case "US":
		if r.Float64() < 0.7 {
			return "USPS", "9400" + digits(18)
		}
		return "UPS", "1Z" + alnum(6) + "03" + digits(8)
	case "GB":
		if r.Float64() < 0.6 {
			return "Royal Mail", alnum(2) + digits(9) + "GB"
		}
		return "Evri", "H" + alnum(15)
	case "MX":
		return pick(r, []string{"Estafeta", "DHL"}), digits(10)
	case "TH":
		if r.Float64() < 0.5 {
			return "Flash Express", "TH" + digits(11) + alnum(1)
		}
		return "J&T Express", "8" + digits(11)
	}
	switch r.IntN(3) {
	case 0:
		return "J&T Express", "JP" + digits(10)
	case 1:
		return "Ninja Van", "NV" + region + alnum(10)
	}
	return "SPX", "SPX" + region + "0" + digits(11)
}

// videoURL makes a TikTok video address; like TikTok's, the id starts with
// the posting time in seconds.
func videoURL(r *rand.Rand, handle string, at time.Time) string {
	id := uint64(at.Unix())<<32 | uint64(r.Uint32())
	return "https://www.tiktok.com/@" + handle + "/video/" + strconv.FormatUint(id, 10)
}

// action is one write of the history: a move, or a sample record.
type action struct {
	at     time.Time
	pipe   *pipeline
	idx    int // pipeline index, for a stable order
	seq    int // order within the pipeline
	mark   int
	sample bool
}

// actions lists every move and sample in date order.
func (g *gen) actions() []action {
	var out []action
	for i, p := range g.pipes {
		seq := 0
		for k, m := range p.marks {
			out = append(out, action{at: m.at, pipe: p, idx: i, seq: seq, mark: k})
			seq++
			if p.hasSample && k == p.sampleAfter {
				out = append(out, action{at: p.sample.CreatedAt, pipe: p, idx: i, seq: seq, sample: true})
				seq++
			}
		}
	}
	slices.SortStableFunc(out, func(a, b action) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		if a.idx != b.idx {
			return a.idx - b.idx
		}
		return a.seq - b.seq
	})
	return out
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

func pickWeighted[T any](r *rand.Rand, ws []weighted[T]) T {
	total := 0
	for _, w := range ws {
		total += w.w
	}
	x := r.IntN(total)
	for _, w := range ws {
		if x < w.w {
			return w.v
		}
		x -= w.w
	}
	return ws[len(ws)-1].v
}
