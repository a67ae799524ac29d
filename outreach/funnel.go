package outreach

import "time"

// FunnelSteps are the stages the funnel counts, in order.
var FunnelSteps = []Stage{Invited, Replied, Partnered, ContentPosted}

// Funnel counts creators whose furthest stage reached is at or past each step.
type Funnel struct {
	Invited       int64 `json:"invited"`
	Replied       int64 `json:"replied"`
	Partnered     int64 `json:"partnered"`
	ContentPosted int64 `json:"content_posted"`
}

// Add counts one creator whose furthest stage is furthest.
func (f *Funnel) Add(furthest Stage) { f.AddN(furthest, 1) }

// AddN counts n creators whose furthest stage is furthest.
func (f *Funnel) AddN(furthest Stage, n int64) {
	r := furthest.Rank()
	if r >= Invited.Rank() {
		f.Invited += n
	}
	if r >= Replied.Rank() {
		f.Replied += n
	}
	if r >= Partnered.Rank() {
		f.Partnered += n
	}
	if r >= ContentPosted.Rank() {
		f.ContentPosted += n
	}
}

// Plus sums two funnels of disjoint creators.
func (f Funnel) Plus(g Funnel) Funnel {
	return Funnel{f.Invited + g.Invited, f.Replied + g.Replied, f.Partnered + g.Partnered, f.ContentPosted + g.ContentPosted}
}

// Conversion is partnered ÷ invited, 0 when nobody was invited.
func (f Funnel) Conversion() float64 { return ratio(f.Partnered, f.Invited) }

// ReplyRate is replied ÷ invited, 0 when nobody was invited.
func (f Funnel) ReplyRate() float64 { return ratio(f.Replied, f.Invited) }

// Count returns the figure for one funnel step.
func (f Funnel) Count(step Stage) int64 {
	switch step {
	case Invited:
		return f.Invited
	case Replied:
		return f.Replied
	case Partnered:
		return f.Partnered
	case ContentPosted:
		return f.ContentPosted
	}
	return 0
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// WeekStart is the Monday midnight, in t's location, that starts t's week:
// the funnel's weeks run Monday to Sunday.
func WeekStart(t time.Time) time.Time {
	d := (int(t.Weekday()) + 6) % 7 // days since Monday
	y, m, day := t.Date()
	return time.Date(y, m, day-d, 0, 0, 0, 0, t.Location())
}
