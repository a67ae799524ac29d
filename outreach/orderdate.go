package outreach

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateOrder says how a file writes the day and month of a date such as
// 05/11/2026: day first (5 November) or month first (11 May).
type DateOrder int

const (
	DateOrderUnknown DateOrder = iota
	DayFirst
	MonthFirst
)

func (o DateOrder) String() string {
	switch o {
	case DayFirst:
		return "day-first"
	case MonthFirst:
		return "month-first"
	}
	return "unknown"
}

// ParseDateOrder reads the value of --date-order: day-first (dmy) or
// month-first (mdy).
func ParseDateOrder(s string) (DateOrder, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "day-first", "dayfirst", "day", "dmy", "dd/mm/yyyy":
		return DayFirst, nil
	case "month-first", "monthfirst", "month", "mdy", "mm/dd/yyyy":
		return MonthFirst, nil
	}
	return DateOrderUnknown, fmt.Errorf("%q is not a date order: write day-first or month-first", s)
}

// ErrAmbiguousDates is returned when no date of a file tells day-first from
// month-first (every day is 12 or less) and the caller did not say which.
var ErrAmbiguousDates = errors.New("every date could be day-first or month-first: say which with --date-order")

// DateOrderDetector decides a file's date order from its values, one at a
// time, so an import can stream a file instead of holding its column.
type DateOrderDetector struct {
	dayFirst, monthFirst string // the first value proving each order
	dated                bool   // a value needed an order (not year-first)
}

// Observe takes one value of the file's date column. A value whose first
// part is over 12 proves day-first, one whose second part is over 12 proves
// month-first; year-first values (2026-11-25) and values that are not dates
// prove nothing (the parser reports those with their line).
func (d *DateOrderDetector) Observe(s string) {
	p, ok := splitDate(s)
	if !ok || p.yearFirst {
		return
	}
	d.dated = true
	a, b := p.parts[0], p.parts[1]
	switch {
	case a > 12 && a <= 31 && b >= 1 && b <= 12:
		if d.dayFirst == "" {
			d.dayFirst = strings.TrimSpace(s)
		}
	case b > 12 && b <= 31 && a >= 1 && a <= 12:
		if d.monthFirst == "" {
			d.monthFirst = strings.TrimSpace(s)
		}
	}
}

// Order is the date order the observed values prove. explicit is the
// caller's --date-order (DateOrderUnknown if not given): it decides a file
// whose dates are ambiguous throughout, and is an error if a value proves
// the other order. Values that prove both orders are an error. A file
// whose dates are all year-first needs no order: it gets explicit back.
func (d *DateOrderDetector) Order(explicit DateOrder) (DateOrder, error) {
	switch {
	case d.dayFirst != "" && d.monthFirst != "":
		return DateOrderUnknown, fmt.Errorf("dates disagree: %q is day-first, %q is month-first", d.dayFirst, d.monthFirst)
	case d.dayFirst != "":
		if explicit == MonthFirst {
			return DateOrderUnknown, fmt.Errorf("%q is day-first, not month-first as asked", d.dayFirst)
		}
		return DayFirst, nil
	case d.monthFirst != "":
		if explicit == DayFirst {
			return DateOrderUnknown, fmt.Errorf("%q is month-first, not day-first as asked", d.monthFirst)
		}
		return MonthFirst, nil
	case d.dated && explicit == DateOrderUnknown:
		return DateOrderUnknown, ErrAmbiguousDates
	}
	return explicit, nil
}

// DetectDateOrder decides the date order of one file's date values; see
// DateOrderDetector.
func DetectDateOrder(values []string, explicit DateOrder) (DateOrder, error) {
	var d DateOrderDetector
	for _, v := range values {
		d.Observe(v)
	}
	return d.Order(explicit)
}

// ParseOrderTime reads a date and time as Seller Center's exports write it,
// in loc (the shop's time zone). Accepted:
//
//	2026-11-25 14:03:11   2026/11/25 14:03   2026-11-25T14:03:11   2026-11-25
//	25/11/2026 14:03:11   25-11-2026 14:03   25.11.2026            (day-first)
//	11/25/2026 2:03:11 PM 11/25/2026 2:03PM  11/25/2026            (month-first)
//
// Day and month may have one digit, the year must have four, seconds may
// carry a fraction; AM/PM may follow any time. A day-or-month-first date
// needs order; a year-first one ignores it.
func ParseOrderTime(s string, order DateOrder, loc *time.Location) (time.Time, error) {
	t := strings.TrimSpace(s)
	bad := func(why string) (time.Time, error) {
		return time.Time{}, fmt.Errorf("%q is not a date and time: %s", clip(t, 40), why)
	}
	if t == "" {
		return time.Time{}, fmt.Errorf("empty date")
	}
	p, ok := splitDate(t)
	if !ok {
		return bad("write it as 2026-11-25 14:03:11 or 25/11/2026 14:03:11")
	}
	var y, m, d int
	switch {
	case p.yearFirst:
		y, m, d = p.parts[0], p.parts[1], p.parts[2]
	case order == DayFirst:
		d, m, y = p.parts[0], p.parts[1], p.parts[2]
	case order == MonthFirst:
		m, d, y = p.parts[0], p.parts[1], p.parts[2]
	default:
		return bad("day-first or month-first is not known")
	}
	if y < minOrderYear {
		return bad(fmt.Sprintf("year %d", y))
	}
	if m < 1 || m > 12 {
		return bad(fmt.Sprintf("month %d", m))
	}
	if d < 1 || d > daysIn(y, time.Month(m)) {
		return bad(fmt.Sprintf("day %d", d))
	}
	hh, mm, ss, ns, err := parseClock(p.clock)
	if err != nil {
		return bad(err.Error())
	}
	return time.Date(y, time.Month(m), d, hh, mm, ss, ns, loc), nil
}

// minOrderYear refuses a year no shop order can have (0000, 0226): a
// mistyped or zero-filled cell is reported, not recorded as a date.
const minOrderYear = 1970

type datePieces struct {
	parts     [3]int
	yearFirst bool
	clock     string // what follows the date, trimmed
}

// splitDate splits "25/11/2026 14:03" into its three numbers and the rest.
// One of the outer numbers must have four digits: that is the year.
func splitDate(s string) (datePieces, bool) {
	s = strings.TrimSpace(s)
	date, clock := s, ""
	if i := strings.IndexAny(s, " T"); i >= 0 {
		date, clock = s[:i], strings.TrimSpace(s[i+1:])
	}
	if len(date) == 0 || len(date) > 10 {
		return datePieces{}, false
	}
	i := strings.IndexAny(date, "/-.")
	if i < 0 {
		return datePieces{}, false
	}
	fields := strings.Split(date, date[i:i+1])
	if len(fields) != 3 {
		return datePieces{}, false
	}
	var p datePieces
	for i, f := range fields {
		if f == "" || len(f) > 4 || !allDigits(f) {
			return datePieces{}, false
		}
		p.parts[i], _ = strconv.Atoi(f)
	}
	switch {
	case len(fields[0]) == 4 && len(fields[1]) <= 2 && len(fields[2]) <= 2:
		p.yearFirst = true
	case len(fields[2]) == 4 && len(fields[0]) <= 2 && len(fields[1]) <= 2:
	default:
		return datePieces{}, false
	}
	p.clock = clock
	return p, true
}

// parseClock reads "14:03:11", "14:03", "2:03:11 PM", "2:03PM",
// "14:03:11.250" or "" (midnight).
func parseClock(s string) (h, m, sec, ns int, err error) {
	if s == "" {
		return 0, 0, 0, 0, nil
	}
	u := strings.ToUpper(s)
	half := ""
	if strings.HasSuffix(u, "AM") || strings.HasSuffix(u, "PM") {
		half, u = u[len(u)-2:], strings.TrimSpace(u[:len(u)-2])
	}
	fields := strings.Split(u, ":")
	if len(fields) < 2 || len(fields) > 3 {
		return 0, 0, 0, 0, fmt.Errorf("time %q", clip(s, 20))
	}
	if len(fields) == 3 {
		if whole, frac, ok := strings.Cut(fields[2], "."); ok {
			if frac == "" || len(frac) > 9 || !allDigits(frac) {
				return 0, 0, 0, 0, fmt.Errorf("seconds %q", clip(fields[2], 20))
			}
			ns, _ = strconv.Atoi(frac + strings.Repeat("0", 9-len(frac)))
			fields[2] = whole
		}
	}
	nums := [3]int{}
	for i, f := range fields {
		if f == "" || len(f) > 2 || !allDigits(f) || (i > 0 && len(f) != 2) {
			return 0, 0, 0, 0, fmt.Errorf("time %q", clip(s, 20))
		}
		nums[i], _ = strconv.Atoi(f)
	}
	h, m, sec = nums[0], nums[1], nums[2]
	if m > 59 || sec > 59 {
		return 0, 0, 0, 0, fmt.Errorf("time %q", clip(s, 20))
	}
	switch half {
	case "":
		if h > 23 {
			return 0, 0, 0, 0, fmt.Errorf("hour %d", h)
		}
	default:
		if h < 1 || h > 12 {
			return 0, 0, 0, 0, fmt.Errorf("hour %d with %s", h, half)
		}
		h %= 12
		if half == "PM" {
			h += 12
		}
	}
	return h, m, sec, ns, nil
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// clip shortens s for an error message to at most n bytes of valid text.
func clip(s string, n int) string {
	if len(s) <= n {
		return strings.ToValidUTF8(s, "?")
	}
	return strings.ToValidUTF8(s[:n], "?") + "…"
}
