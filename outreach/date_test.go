package outreach

import (
	"strings"
	"testing"
	"time"
)

func TestParsePastDate(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	now := time.Date(2026, 11, 22, 1, 30, 0, 0, tokyo) // Nov 21 in UTC
	tests := []struct {
		in   string
		loc  *time.Location
		want time.Time
		err  string
	}{
		{"2026-11-22", tokyo, now, ""},
		{" 2026-11-20 ", tokyo, time.Date(2026, 11, 20, 12, 0, 0, 0, tokyo), ""},
		{"2026-11-23", tokyo, time.Time{}, "in the future (today is 2026-11-22)"},
		{"2026-11-21", time.UTC, now, ""}, // today in UTC
		{"2026-11-22", time.UTC, time.Time{}, "in the future"},
		{"22/11/2026", tokyo, time.Time{}, "YYYY-MM-DD"},
		{"", tokyo, time.Time{}, "not a date"},
		// A mistyped year is refused, not recorded in year 206.
		{"0206-11-20", tokyo, time.Time{}, "more than 10 years ago: check the year"},
		{"2016-11-21", tokyo, time.Time{}, "more than 10 years ago"},
		{"2016-11-22", tokyo, time.Date(2016, 11, 22, 12, 0, 0, 0, tokyo), ""},
	}
	for _, tt := range tests {
		got, err := ParsePastDate(tt.in, now, tt.loc)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParsePastDate(%q) = %v, %v; want error %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParsePastDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}
