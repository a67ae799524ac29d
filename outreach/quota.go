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

// Forecast says in which quota week the waiting first invitation at rank
// (1 goes first) may go: 0 this one, 1 the next…; -1 when the quota sets
// no weekly limit. usedThisWeek and usedToday are as for Left; a daily cap
// spreads the week's ration over its remaining days, today included.
func (q Quota) Forecast(rank, usedThisWeek, usedToday int, now time.Time) int {
	if q.Weekly <= 0 {
		return -1
	}
	left, perWeek := max(0, q.Weekly-usedThisWeek), q.Weekly
	if q.Daily > 0 {
		daysLeft := 7 - (int(now.Weekday())-int(q.Reset)+7)%7
		left = min(left, max(0, q.Daily-usedToday)+q.Daily*(daysLeft-1))
		perWeek = min(perWeek, 7*q.Daily)
	}
	if rank <= left {
		return 0
	}
	return (rank - left + perWeek - 1) / perWeek
}

// Split counts how many of waiting first invitations go this quota week
// (Forecast 0) and how many wait for a later one.
func (q Quota) Split(waiting, usedThisWeek, usedToday int, now time.Time) (goNow, wait int) {
	for goNow < waiting && q.Forecast(goNow+1, usedThisWeek, usedToday, now) <= 0 {
		goNow++
	}
	return goNow, waiting - goNow
}
