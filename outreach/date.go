package outreach

import (
	"fmt"
	"strings"
	"time"
)

// DateLayout is how a day is typed: 2026-11-20.
const DateLayout = "2006-01-02"

// MaxPastYears is how far back a day typed for a past step may go: a
// mistyped year (0206, 1026) is refused rather than recorded.
const MaxPastYears = 10

// ParsePastDate reads a day a staffer typed for something that already
// happened (a sample shipped, delivered, a video posted), in loc at now.
// Today is now itself, so the day's earlier records stay before it; an
// earlier day is its noon, which stays on that day in every time zone's
// reading of it; a day after today is refused, and one more than
// MaxPastYears before it.
func ParsePastDate(s string, now time.Time, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	d, err := time.ParseInLocation(DateLayout, s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date: write it as YYYY-MM-DD", s)
	}
	today := now.In(loc).Format(DateLayout)
	switch day := d.Format(DateLayout); {
	case day > today:
		return time.Time{}, fmt.Errorf("%s is in the future (today is %s)", day, today)
	case day == today:
		return now, nil
	case day < now.In(loc).AddDate(-MaxPastYears, 0, 0).Format(DateLayout):
		return time.Time{}, fmt.Errorf("%s is more than %d years ago: check the year", day, MaxPastYears)
	}
	return d.Add(12 * time.Hour), nil
}
