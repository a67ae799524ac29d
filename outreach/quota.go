package outreach

import (
	"fmt"
	"time"
)

// Quota is TikTok's ration of outreach: new (not yet connected) creators
// per week, reset on a weekday, with an optional daily cap of the seller's
// own. Zero Weekly means unlimited.
type Quota struct {
	Weekly int
	Daily  int // 0: no daily cap
	Reset  time.Weekday
}

// DefaultQuota is the smallest tier TikTok reports (50 new creators a
// week, reset on Sunday).
func DefaultQuota() Quota { return Quota{Weekly: 50, Reset: time.Sunday} }

// WeekStart is midnight, in t's location, of the last reset day at or
// before t.
func (q Quota) WeekStart(t time.Time) time.Time {
	d := (int(t.Weekday()) - int(q.Reset) + 7) % 7
	y, m, day := t.Date()
	return time.Date(y, m, day-d, 0, 0, 0, 0, t.Location())
}

// Left says how many new creators may still be contacted, given how many
// were this quota week and today; -1 means unlimited.
func (q Quota) Left(usedThisWeek, usedToday int) int {
	left := -1
	if q.Weekly > 0 {
		left = max(0, q.Weekly-usedThisWeek)
	}
	if q.Daily > 0 {
		d := max(0, q.Daily-usedToday)
		if left < 0 || d < left {
			left = d
		}
	}
	return left
}

// Validate checks the sizes.
func (q Quota) Validate() error {
	if q.Weekly < 0 || q.Daily < 0 {
		return fmt.Errorf("quota: negative")
	}
	return nil
}
