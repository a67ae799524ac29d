package demo

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"creatordesk/outreach"
)

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
