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
