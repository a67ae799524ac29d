package outreach

import (
	"testing"
	"time"
)

func TestQuotaWeekStartAndLeft(t *testing.T) {
	q := DefaultQuota()
	loc := time.FixedZone("ICT", 7*3600)
	for _, tc := range []struct{ at, want time.Time }{
		{time.Date(2026, 11, 22, 0, 0, 0, 0, loc), time.Date(2026, 11, 22, 0, 0, 0, 0, loc)},   // Sunday midnight: resets
		{time.Date(2026, 11, 21, 23, 59, 0, 0, loc), time.Date(2026, 11, 15, 0, 0, 0, 0, loc)}, // Saturday night
		{time.Date(2026, 11, 25, 12, 0, 0, 0, loc), time.Date(2026, 11, 22, 0, 0, 0, 0, loc)},  // Wednesday
	} {
		if got := q.WeekStart(tc.at); !got.Equal(tc.want) {
			t.Errorf("WeekStart(%v) = %v, want %v", tc.at, got, tc.want)
		}
	}
	q.Reset = time.Monday
	if got := q.WeekStart(time.Date(2026, 11, 22, 9, 0, 0, 0, loc)); got.Weekday() != time.Monday || got.Day() != 16 {
		t.Errorf("Monday reset: %v", got)
	}
	for _, tc := range []struct {
		q         Quota
		week, day int
		want      int
	}{
		{Quota{Weekly: 50}, 10, 3, 40},
		{Quota{Weekly: 50}, 60, 0, 0},
		{Quota{Weekly: 50, Daily: 10}, 10, 8, 2},
		{Quota{Weekly: 50, Daily: 10}, 45, 0, 5},
		{Quota{}, 999, 9, -1},
		{Quota{Daily: 5}, 999, 2, 3},
	} {
		if got := tc.q.Left(tc.week, tc.day); got != tc.want {
			t.Errorf("%+v Left(%d, %d) = %d, want %d", tc.q, tc.week, tc.day, got, tc.want)
		}
	}
}

// The forecast's cases moved here with it from the dashboard's queue.
func TestQuotaForecast(t *testing.T) {
	sunday := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC) // a reset day
	wed := sunday.AddDate(0, 0, 3)
	weekly := Quota{Weekly: 10, Reset: time.Sunday}
	capped := Quota{Weekly: 10, Daily: 2, Reset: time.Sunday}
	for _, c := range []struct {
		rank        int
		q           Quota
		week, today int
		now         time.Time
		want        int
	}{
		{1, weekly, 0, 0, sunday, 0},
		{10, weekly, 0, 0, sunday, 0},
		{11, weekly, 0, 0, sunday, 1},
		{20, weekly, 0, 0, sunday, 1},
		{21, weekly, 0, 0, sunday, 2},
		{1, weekly, 10, 0, sunday, 1},
		{3, weekly, 8, 0, sunday, 1},
		// Two a day: on a Wednesday, with one sent today, 1 + 3 × 2 go
		// this week (of 8 left), then 10 a week (7 × 2 = 14 is more).
		{7, capped, 2, 1, wed, 0},
		{8, capped, 2, 1, wed, 1},
		{17, capped, 2, 1, wed, 1},
		{18, capped, 2, 1, wed, 2},
		{6, capped, 5, 1, wed, 1}, // the week's 5 left bind first
		{1, Quota{Weekly: 20, Daily: 2, Reset: time.Sunday}, 0, 0, sunday, 0},
		{15, Quota{Weekly: 20, Daily: 2, Reset: time.Sunday}, 0, 0, sunday, 1}, // 14 a week at 2 a day
		{1, Quota{Daily: 5}, 0, 0, sunday, -1},
	} {
		if got := c.q.Forecast(c.rank, c.week, c.today, c.now); got != c.want {
			t.Errorf("rank %d, %+v, used %d this week and %d today, %s: week %d, want %d",
				c.rank, c.q, c.week, c.today, c.now.Weekday(), got, c.want)
		}
	}
}

func TestQuotaSplit(t *testing.T) {
	sunday := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	wed := sunday.AddDate(0, 0, 3)
	for _, c := range []struct {
		q                    Quota
		waiting, week, today int
		now                  time.Time
		goNow, wait          int
	}{
		{Quota{Weekly: 10, Reset: time.Sunday}, 3, 0, 0, sunday, 3, 0},
		{Quota{Weekly: 10, Reset: time.Sunday}, 15, 4, 0, sunday, 6, 9},
		{Quota{Weekly: 10, Reset: time.Sunday}, 3, 10, 0, sunday, 0, 3},
		{Quota{Weekly: 10, Daily: 2, Reset: time.Sunday}, 12, 2, 1, wed, 7, 5},
		{Quota{Daily: 5}, 4, 0, 0, sunday, 4, 0}, // no weekly limit: none waits for a later week
		{Quota{Weekly: 10, Reset: time.Sunday}, 0, 0, 0, sunday, 0, 0},
	} {
		g, w := c.q.Split(c.waiting, c.week, c.today, c.now)
		if g != c.goNow || w != c.wait {
			t.Errorf("%+v, %d waiting, used %d/%d: %d go, %d wait; want %d, %d", c.q, c.waiting, c.week, c.today, g, w, c.goNow, c.wait)
		}
	}
}
