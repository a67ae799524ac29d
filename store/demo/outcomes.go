package demo

import (
	"slices"
	"time"

	"creatordesk/outreach"
)

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
