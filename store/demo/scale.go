package demo

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"time"

	"creatordesk/outreach"
	"creatordesk/store"
)

// ScaleThreshold: above this many creators the demo is written by Scale,
// since Generate's move-by-move history takes about 1.5 ms a creator.
const ScaleThreshold = 20_000

// Scale fills an empty database with opt.Creators creators (the same
// names, scripts, regions and tiers as Generate) and a year of outreach:
// pipelines at every stage, the stage log, invitations with their
// follow-ups, frozen terms and personal codes, samples in every state.
// History is decided here and written by the store's bulk loader, so a
// million creators take minutes, not hours. Deterministic from the seed
// and Now. Like Generate, its last write marks the demo finished.
func Scale(ctx context.Context, s *store.Store, opt Options) (Summary, error) {
	var sum Summary
	g, err := newGen(ctx, s, &opt)
	if err != nil {
		return sum, err
	}
	for _, c := range g.campaigns {
		created, err := s.CreateCampaign(ctx, c.c)
		if err != nil {
			return sum, fmt.Errorf("demo: campaign %q: %w", c.c.Name, err)
		}
		c.c = created
		sum.Campaigns++
	}

	// Creators, through the importer as a file would come.
	type who struct {
		tier  outreach.Tier
		email string
		name  string
	}
	people := make([]who, 0, opt.Creators)
	im, err := s.BeginImport(ctx, store.ImportOptions{Source: Source})
	if err != nil {
		return sum, err
	}
	if err := im.NextFile("demo-creators.csv"); err != nil {
		im.Rollback()
		return sum, fmt.Errorf("demo: creators: %w", err)
	}
	for i := range opt.Creators {
		c := g.creator(g.rng.Float64() < 0.15)
		c.row.Line = i + 2
		if err := im.Add(c.row); err != nil {
			im.Rollback()
			return sum, fmt.Errorf("demo: creators: %w", err)
		}
		people = append(people, who{tier: c.tier, email: c.row.Email, name: c.row.DisplayName})
	}
	res, err := im.Commit()
	if err != nil {
		return sum, fmt.Errorf("demo: creators: %w", err)
	}
	sum.Creators = res.New
	ids, err := s.CreatorIDs(ctx)
	if err != nil {
		return sum, err
	}
	if len(ids) != len(people) {
		return sum, fmt.Errorf("demo: %d creators written, %d read back", len(people), len(ids))
	}
	terms := s.DefaultTerms()
	pipes := func(yield func(store.BulkPipeline) bool) {
		for i, id := range ids {
			p := people[i]
			for _, camp := range g.scaleCampaigns() {
				bp := g.scalePipeline(id, i, p.tier, p.email, p.name, camp, terms)
				sum.Pipelines++
				sum.Samples += len(bp.Samples)
				if !yield(bp) {
					return
				}
			}
		}
	}
	if _, err := s.BulkLoad(ctx, iter.Seq[store.BulkPipeline](pipes)); err != nil {
		return sum, err
	}
	return sum, s.MarkDemoFinished(ctx)
}

// scaleCampaigns picks the campaigns a creator is in: one, sometimes two.
func (g *gen) scaleCampaigns() []*campaignSpec {
	a := g.campaigns[g.rng.IntN(len(g.campaigns))]
	if g.rng.Float64() < 0.2 {
		b := g.campaigns[g.rng.IntN(len(g.campaigns))]
		if b != a {
			return []*campaignSpec{a, b}
		}
	}
	return []*campaignSpec{a}
}

// scaleOutcomes: where pipelines end up, by weight.
var scaleOutcomes = []weighted[outreach.Stage]{
	{outreach.Prospect, 12}, {outreach.Invited, 18}, {outreach.NoResponse, 27}, {outreach.Replied, 8},
	{outreach.Negotiating, 5}, {outreach.Declined, 6}, {outreach.Partnered, 7}, {outreach.SampleShipped, 3},
	{outreach.SampleDelivered, 4}, {outreach.ContentPosted, 8}, {outreach.DoNotContact, 2},
}

func (g *gen) scalePipeline(creatorID int64, i int, tier outreach.Tier, email, name string, camp *campaignSpec, dt outreach.DefaultTerms) store.BulkPipeline {
	r := g.rng
	final := pickWeighted(r, scaleOutcomes)
	// Micro partners get a sample before content. Head creators skip the
	// sample stages unless a sample is recorded: most of those who post do
	// it straight after partnering, a few after a sample (as in Generate).
	sampled := final.Rank() >= outreach.SampleShipped.Rank()
	if tier == outreach.Head && final == outreach.ContentPosted {
		sampled = r.Float64() < 0.15
	}
	p := store.BulkPipeline{CreatorID: creatorID, CampaignID: camp.c.ID, Stage: final}
	// The path it took, with a time for each step, ending before now.
	var path []outreach.Stage
	switch final {
	case outreach.Prospect, outreach.Invited:
		path = outreach.Path[:final.Rank()+1]
	case outreach.NoResponse:
		path = []outreach.Stage{outreach.Prospect, outreach.Invited, outreach.NoResponse}
	case outreach.Declined:
		path = []outreach.Stage{outreach.Prospect, outreach.Invited, outreach.Replied, outreach.Declined}
	case outreach.DoNotContact:
		path = []outreach.Stage{outreach.Prospect, outreach.Invited, outreach.DoNotContact}
	case outreach.ContentPosted:
		path = outreach.Path[:final.Rank()+1]
		if !sampled {
			path = append(outreach.Path[:outreach.Partnered.Rank()+1:outreach.Partnered.Rank()+1], outreach.ContentPosted)
		}
	default:
		path = outreach.Path[:final.Rank()+1]
	}
	gaps := map[outreach.Stage][2]float64{ // days after the step before
		outreach.Invited: {0.5, 6}, outreach.Replied: {0.2, 9}, outreach.Negotiating: {0.5, 4}, outreach.Partnered: {1, 8},
		outreach.SampleShipped: {0.5, 4}, outreach.SampleDelivered: {2, 9}, outreach.ContentPosted: {3, 20},
		outreach.NoResponse: {14, 16}, outreach.Declined: {1, 10}, outreach.DoNotContact: {0.5, 20},
	}
	total := 0.0
	for _, st := range path[1:] {
		gp := gaps[st]
		total += gp[1]
	}
	span := g.now.Sub(camp.earliest).Hours()/24 - total
	start := camp.earliest.Add(time.Duration(r.Float64()*max(1, span)*24) * time.Hour)
	at := start
	prev := outreach.Stage("")
	pos := outreach.Position{Stage: outreach.Prospect, Furthest: outreach.Prospect, Tier: tier}
	for k, st := range path {
		if k > 0 {
			gp := gaps[st]
			at = at.Add(time.Duration((gp[0] + r.Float64()*(gp[1]-gp[0])) * 24 * float64(time.Hour)))
			if at.After(g.now) {
				at = g.now.Add(-time.Duration(r.IntN(3600)) * time.Second)
			}
			pos = pos.Next(st)
			if st == outreach.SampleShipped {
				pos.HasSample = true
			}
		}
		p.Events = append(p.Events, store.BulkEvent{At: at, From: prev, To: st})
		switch st {
		case outreach.Invited:
			p.InvitedAt = at
		case outreach.Replied:
			p.RepliedAt = at
		case outreach.Partnered:
			p.PartneredAt = at
		case outreach.ContentPosted:
			p.PostedAt = at
		}
		prev = st
	}
	p.StageAt, p.Furthest = at, pos.Furthest
	if final == outreach.DoNotContact {
		p.Furthest = outreach.Invited
	}

	channel, to := outreach.ChannelDM, ""
	if email != "" {
		channel, to = outreach.ChannelEmail, email
	}
	msg := func(purpose outreach.Purpose, status outreach.InvitationStatus, created, sent, due time.Time) {
		p.Invitations = append(p.Invitations, store.BulkInvitation{Purpose: purpose, Channel: channel, Status: status, ToAddr: to,
			Subject: scaleSubjects[purpose], Body: "Hi " + name + ", " + scaleBodies[purpose], CreatedAt: created, SentAt: sent, DueAt: due})
	}
	switch {
	case p.InvitedAt.IsZero():
		if r.Float64() < 0.3 { // some prospects wait in the queue
			msg(outreach.PurposeInvitation, pick(r, []outreach.InvitationStatus{outreach.InvitationQueued, outreach.InvitationApproved}),
				g.now.Add(-time.Duration(r.IntN(72))*time.Hour), time.Time{}, time.Time{})
		}
	default:
		inv := p.InvitedAt
		msg(outreach.PurposeInvitation, outreach.InvitationSent, inv.Add(-time.Hour), inv, time.Time{})
		answered := p.RepliedAt
		if answered.IsZero() && final == outreach.DoNotContact {
			answered = p.StageAt
		}
		for k, days := range []int{3, 7} {
			purpose := outreach.FollowUpPurposes[k]
			due := inv.AddDate(0, 0, days)
			switch {
			case !answered.IsZero() && !answered.After(due):
				if k == 0 || answered.After(inv.AddDate(0, 0, 3)) {
					msg(purpose, outreach.InvitationSkipped, inv, time.Time{}, due)
				}
			case due.After(g.now):
				msg(purpose, outreach.InvitationApproved, inv, time.Time{}, due)
			default:
				msg(purpose, outreach.InvitationSent, inv, due.Add(time.Duration(r.IntN(7200))*time.Second), due)
				continue
			}
			break
		}
		if final == outreach.ContentPosted && r.Float64() < 0.5 {
			msg(outreach.PurposeThankYou, outreach.InvitationSent, p.PostedAt, p.PostedAt.Add(2*time.Hour), time.Time{})
		}
	}

	var sample sku
	if !p.PartneredAt.IsZero() {
		k := camp.skus
		if len(k) == 0 {
			k = catalogue["Beauty"]
		}
		sample = pick(r, k)
		p.Terms = dt.In(tier, camp.c.DefaultCommission)
		if tier == outreach.Micro {
			p.Terms.SampleSKU, p.Terms.SampleQty = sample.code, 1
			p.Terms.SampleUnitCost = outreach.Money{Minor: sample.cost, Currency: "USD"}
			p.Terms.DiscountCode = "Z" + strconv.FormatInt(int64(i)*4+int64(camp.c.ID), 36)
			p.Terms.DiscountCode = upper(p.Terms.DiscountCode)
		}
	}
	if sampled {
		sh := outreach.Shipment{SKU: sample.code, Qty: 1, UnitCost: outreach.Money{Minor: sample.cost, Currency: "USD"},
			Status: outreach.SampleInTransit, CreatedAt: p.PartneredAt}
		sh.Carrier, sh.Tracking = g.carrier("US")
		for _, e := range p.Events {
			switch e.To {
			case outreach.SampleShipped:
				sh.ShippedAt = e.At
			case outreach.SampleDelivered:
				sh.DeliveredAt, sh.Status = e.At, outreach.SampleArrived
				sh.ContentDueAt = outreach.ContentDue(e.At, outreach.DefaultContentDueDays)
			case outreach.ContentPosted:
				sh.ContentPostedAt, sh.Status = e.At, outreach.SamplePosted
			}
		}
		p.Samples = append(p.Samples, sh)
	}
	return p
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

var scaleSubjects = map[outreach.Purpose]string{
	outreach.PurposeInvitation: "A collaboration for you", outreach.PurposeFollowUp1: "Re: A collaboration for you",
	outreach.PurposeFollowUp2: "Re: A collaboration for you", outreach.PurposeThankYou: "Thank you",
}

var scaleBodies = map[outreach.Purpose]string{
	outreach.PurposeInvitation: "we love your videos and would like to work with you on TikTok Shop. Reply here for the details.",
	outreach.PurposeFollowUp1:  "just checking you saw my note about working together.",
	outreach.PurposeFollowUp2:  "one last note from me: the offer stays open.",
	outreach.PurposeThankYou:   "thank you for your video!",
}
