package outreach

import (
	"strings"
	"testing"
	"time"
)

func usd(minor int64) Money { return Money{Minor: minor, Currency: "USD"} }

// line is an order line as the export gives one, paid, with an estimate only.
func line(order, sku string, qty int64, pay Money) OrderLine {
	return OrderLine{
		OrderID: order, SKUID: sku, Creator: "anna", Quantity: qty, Payment: pay,
		CommissionRate: 1000, EstCommission: Money{Minor: pay.Minor / 10, Currency: pay.Currency},
	}
}

func TestOrderLineCommission(t *testing.T) {
	est := line("o1", "s1", 1, usd(2949))
	paid := est
	paid.ActualCommission, paid.HasActual = usd(250), true
	paidZero := est
	paidZero.ActualCommission, paidZero.HasActual = usd(0), true
	tests := []struct {
		name      string
		l         OrderLine
		want      Money
		estimated bool
	}{
		{"estimate only", est, usd(294), true},
		{"actual paid", paid, usd(250), false},
		{"actual paid as zero beats the estimate", paidZero, usd(0), false},
	}
	for _, tt := range tests {
		if got := tt.l.Commission(); got != tt.want {
			t.Errorf("%s: Commission() = %v, want %v", tt.name, got, tt.want)
		}
		if got := tt.l.Estimated(); got != tt.estimated {
			t.Errorf("%s: Estimated() = %v, want %v", tt.name, got, tt.estimated)
		}
	}
}

func TestOrderLineValidate(t *testing.T) {
	ok := line("o1", "s1", 1, usd(100))
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid line: %v", err)
	}
	tests := []struct {
		name, want string
		change     func(*OrderLine)
	}{
		{"no order", "Order ID", func(l *OrderLine) { l.OrderID = " " }},
		{"no sku", "SKU ID", func(l *OrderLine) { l.SKUID = "" }},
		{"no creator", "Creator Username", func(l *OrderLine) { l.Creator = "" }},
		{"zero quantity", "Quantity", func(l *OrderLine) { l.Quantity = 0 }},
		{"no currency", "Currency", func(l *OrderLine) { l.Payment.Currency = "" }},
		{"negative payment", "Payment Amount: negative", func(l *OrderLine) { l.Payment.Minor = -1 }},
		{"estimate in another currency", "Est. standard", func(l *OrderLine) { l.EstCommission.Currency = "EUR" }},
		{"actual in another currency", "Actual Commission", func(l *OrderLine) { l.ActualCommission, l.HasActual = Money{1, "GBP"}, true }},
	}
	for _, tt := range tests {
		l := ok
		tt.change(&l)
		err := l.Validate()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Validate() = %v, want an error naming %q", tt.name, err, tt.want)
		}
	}
}

func TestParseRefunded(t *testing.T) {
	tests := []struct {
		in   string
		want bool
		err  bool
	}{
		{"Yes", true, false}, {"yes", true, false}, {" YES ", true, false}, {"Y", true, false},
		{"No", false, false}, {"", false, false}, {"no", false, false},
		{"Partly", false, true}, {"2", false, true},
	}
	for _, tt := range tests {
		got, err := ParseRefunded(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseRefunded(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestOrderLineFromExportValues(t *testing.T) {
	// The cells of one export row go through the parsers the import uses.
	h, err := NormalizeHandle("@Anna_Sells")
	if err != nil {
		t.Fatal(err)
	}
	pay, err := ParseMoney("29.49", "USD")
	if err != nil {
		t.Fatal(err)
	}
	rate, err := ParseRate("15%")
	if err != nil {
		t.Fatal(err)
	}
	l := OrderLine{OrderID: "577", SKUID: "1729", Creator: h, Quantity: 2, Payment: pay, CommissionRate: rate,
		EstCommission: usd(442)}
	if l.Creator != "anna_sells" || l.Payment != usd(2949) || l.CommissionRate != 1500 || l.Validate() != nil {
		t.Errorf("line = %+v (valid: %v)", l, l.Validate())
	}
	if l.Key() != [2]string{"577", "1729"} {
		t.Errorf("Key() = %v", l.Key())
	}
}

func TestDetectDateOrder(t *testing.T) {
	tests := []struct {
		name     string
		values   []string
		explicit DateOrder
		want     DateOrder
		err      string // part of the error, "" for none
	}{
		{"day-first", []string{"05/11/2026 10:00:00", "25/11/2026 14:03:11", ""}, DateOrderUnknown, DayFirst, ""},
		{"month-first", []string{"11/05/2026 10:00:00 AM", "11/25/2026 2:03:11 PM"}, DateOrderUnknown, MonthFirst, ""},
		{"month-first with dashes", []string{"11-25-2026"}, DateOrderUnknown, MonthFirst, ""},
		{"ambiguous throughout", []string{"05/11/2026", "11/05/2026", "01/02/2026 03:04"}, DateOrderUnknown, DateOrderUnknown, "--date-order"},
		{"ambiguous, caller says day-first", []string{"05/11/2026"}, DayFirst, DayFirst, ""},
		{"ambiguous, caller says month-first", []string{"05/11/2026"}, MonthFirst, MonthFirst, ""},
		{"contradicting", []string{"25/11/2026", "05/11/2026", "11/26/2026"}, DateOrderUnknown, DateOrderUnknown, `"25/11/2026" is day-first, "11/26/2026" is month-first`},
		{"contradicting despite the caller", []string{"25/11/2026", "11/26/2026"}, DayFirst, DateOrderUnknown, "disagree"},
		{"caller contradicted", []string{"25/11/2026"}, MonthFirst, DateOrderUnknown, "not month-first"},
		{"caller contradicted the other way", []string{"11/25/2026"}, DayFirst, DateOrderUnknown, "not day-first"},
		{"year-first needs no order", []string{"2026-11-05 10:00:00", "2026/01/02"}, DateOrderUnknown, DateOrderUnknown, ""},
		{"year-first with ambiguous others", []string{"2026-11-05", "05/11/2026"}, DateOrderUnknown, DateOrderUnknown, "--date-order"},
		{"no dates at all", nil, DateOrderUnknown, DateOrderUnknown, ""},
		{"not dates prove nothing", []string{"45/11/2026", "13/13/2026", "pending", "25/11/2026"}, DateOrderUnknown, DayFirst, ""},
	}
	for _, tt := range tests {
		got, err := DetectDateOrder(tt.values, tt.explicit)
		if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.err)
		}
		if got != tt.want {
			t.Errorf("%s: order %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestParseDateOrder(t *testing.T) {
	for in, want := range map[string]DateOrder{"day-first": DayFirst, "DMY": DayFirst, "month-first": MonthFirst, "mdy": MonthFirst} {
		if got, err := ParseDateOrder(in); got != want || err != nil {
			t.Errorf("ParseDateOrder(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseDateOrder("ymd"); err == nil {
		t.Error("ParseDateOrder(ymd) took it")
	}
}

func TestParseOrderTime(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	at := func(y, mo, d, h, mi, s int) time.Time { return time.Date(y, time.Month(mo), d, h, mi, s, 0, loc) }
	tests := []struct {
		in    string
		order DateOrder
		want  time.Time
	}{
		{"25/11/2026 14:03:11", DayFirst, at(2026, 11, 25, 14, 3, 11)},
		{"5/1/2026 14:03", DayFirst, at(2026, 1, 5, 14, 3, 0)},
		{"25-11-2026 14:03:11", DayFirst, at(2026, 11, 25, 14, 3, 11)},
		{"25.11.2026", DayFirst, at(2026, 11, 25, 0, 0, 0)},
		{"11/25/2026 2:03:11 PM", MonthFirst, at(2026, 11, 25, 14, 3, 11)},
		{"11/25/2026 2:03PM", MonthFirst, at(2026, 11, 25, 14, 3, 0)},
		{"11/25/2026 12:03:11 am", MonthFirst, at(2026, 11, 25, 0, 3, 11)},
		{"11/25/2026 12:03:11 PM", MonthFirst, at(2026, 11, 25, 12, 3, 11)},
		{"05/11/2026", MonthFirst, at(2026, 5, 11, 0, 0, 0)},
		{"05/11/2026", DayFirst, at(2026, 11, 5, 0, 0, 0)},
		{"2026-11-25 14:03:11", DateOrderUnknown, at(2026, 11, 25, 14, 3, 11)},
		{"2026-11-25 14:03:11", MonthFirst, at(2026, 11, 25, 14, 3, 11)},
		{"2026/11/25 14:03", DayFirst, at(2026, 11, 25, 14, 3, 0)},
		{"2026-11-25T14:03:11", DateOrderUnknown, at(2026, 11, 25, 14, 3, 11)},
		{" 2026-02-28 ", DateOrderUnknown, at(2026, 2, 28, 0, 0, 0)},
		{"29/02/2028 23:59:59", DayFirst, at(2028, 2, 29, 23, 59, 59)},
		{"2026-11-25 14:03:11.250", DateOrderUnknown, at(2026, 11, 25, 14, 3, 11).Add(250 * time.Millisecond)},
	}
	for _, tt := range tests {
		got, err := ParseOrderTime(tt.in, tt.order, loc)
		if err != nil || !got.Equal(tt.want) || got.Location() != loc {
			t.Errorf("ParseOrderTime(%q, %v) = %v, %v; want %v", tt.in, tt.order, got, err, tt.want)
		}
	}
	bad := []struct {
		in    string
		order DateOrder
	}{
		{"", DayFirst}, {"05/11/2026", DateOrderUnknown}, {"25/11/2026", MonthFirst}, {"29/02/2026", DayFirst},
		{"31/04/2026", DayFirst}, {"25/11/26", DayFirst}, {"2026-13-01", DayFirst}, {"25/11/2026 24:00", DayFirst},
		{"25/11/2026 13:00 PM", DayFirst}, {"25/11/2026 0:10 AM", DayFirst}, {"25/11/2026 14:3", DayFirst},
		{"25/11/2026 14:60", DayFirst}, {"25/11/2026 14", DayFirst}, {"25/11-2026", DayFirst}, {"yesterday", DayFirst},
		{"46351.58", DayFirst}, {"2026-11-25 14:03:11+07:00", DayFirst}, {"2026-11-25 14:03:11.", DayFirst}, {"1/1/0000", DayFirst}, {"0226-01-01", DayFirst},
	}
	for _, tt := range bad {
		if got, err := ParseOrderTime(tt.in, tt.order, loc); err == nil {
			t.Errorf("ParseOrderTime(%q, %v) = %v, want an error", tt.in, tt.order, got)
		}
	}
}

// FuzzParseOrderTime checks the parser never panics, that what it accepts
// is a real time in loc that reads back the same, and that detection agrees
// with the parser: a value proving an order parses in that order.
func FuzzParseOrderTime(f *testing.F) {
	for _, s := range []string{
		"25/11/2026 14:03:11", "11/25/2026 2:03:11 PM", "2026-11-25 14:03:11", "2026-11-25T14:03:11.5",
		"", " ", "/", "//", "1/1/1", "0/0/0000", "99/99/9999 99:99:99 PM", "2026-11-25 :", "1.2.3456 1:2",
		"25/11/2026 PM", "\xff/\xfe/2026", "２５/１１/２０２６", "2026-11-25 14:03:11.", "9999-12-31 23:59:59.999999999",
	} {
		f.Add(s, int8(DayFirst))
	}
	loc := time.FixedZone("X", -5*3600)
	f.Fuzz(func(t *testing.T, s string, o int8) {
		order := DateOrder(o % 3)
		if order < 0 {
			order = -order
		}
		got, err := ParseOrderTime(s, order, loc)
		if err != nil {
			if !got.IsZero() {
				t.Fatalf("ParseOrderTime(%q) = %v and error %v", s, got, err)
			}
			return
		}
		if got.Location() != loc || got.Year() < minOrderYear || got.Year() > 9999 {
			t.Fatalf("ParseOrderTime(%q) = %v", s, got)
		}
		again, err := ParseOrderTime(got.Format("2006-01-02 15:04:05.999999999"), DateOrderUnknown, loc)
		if err != nil || !again.Equal(got) {
			t.Fatalf("ParseOrderTime(%q) = %v, which reads back as %v, %v", s, got, again, err)
		}
		if proved, err := DetectDateOrder([]string{s}, DateOrderUnknown); err == nil && proved != DateOrderUnknown && proved != order {
			if _, err := ParseOrderTime(s, proved, loc); err != nil {
				t.Fatalf("%q proves %v but does not parse in it: %v", s, proved, err)
			}
		}
	})
}
