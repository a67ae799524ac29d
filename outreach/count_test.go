package outreach

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
)

var parseCountOK = []struct {
	in   string
	want int64
}{
	{"0", 0},
	{"7", 7},
	{"007", 7},
	{"12,345", 12345},
	{"1,234,567", 1234567},
	{"1.2K", 1200},
	{"1.2k", 1200},
	{"1.2 K", 1200},
	{"1.2M", 1200000},
	{"1.2m", 1200000},
	{"3B", 3000000000},
	{"3bn", 3000000000},
	{"3mn", 3000000},
	{"2千", 2000},
	{"1.2万", 12000},
	{"1.2萬", 12000},
	{"12.5万", 125000},
	{"5w", 50000},
	{"3亿", 300000000},
	{"3億", 300000000},
	{" 15 000 ", 15000},
	{"15\u00a0000", 15000}, // no-break space
	{"15\u202f000", 15000}, // narrow no-break space
	{"15\u2009000", 15000}, // thin space
	{"1'234'567", 1234567},
	{"1_000", 1000},
	{"+15", 15},
	// Decimal arithmetic: no float error.
	{"1.15M", 1150000},
	{"1.001M", 1001000},
	{"0.5K", 500},
	{".5K", 500},
	{"2.35万", 23500},
	{"1.1K", 1100},
	{"4.35M", 4350000},
	{"0.29M", 290000},
	{"1,234.5K", 1234500},
	// Fullwidth forms (NFKC).
	{"１２３", 123},
	{"１２，３４５", 12345},
	{"１．２Ｋ", 1200},
	{"１.２万", 12000},
	{"\u3000１５\u3000０００\u3000", 15000},
	// Rounding half up when the unit cannot hold every decimal.
	{"1.2345K", 1235},
	{"1.2344K", 1234},
	{"1.2355K", 1236},
	{"1.23456789M", 1234568},
	{"1.9999999K", 2000},
	{"0.0005K", 1},
	{"0.0004K", 0},
	{"1.23455万", 12346},
	// Whole numbers written with zero decimals.
	{"12.0", 12},
	{"12.00", 12},
	{"12.", 12},
	{"1234.000", 1234}, // four integer digits: cannot be "1.234.000" grouping
	{"1,234.000", 1234},
	// The int64 limit.
	{"9223372036854775807", math.MaxInt64},
	{"9,223,372,036,854,775,807", math.MaxInt64},
	{"9223372036854775.807K", math.MaxInt64},
	{"9223372036854775.8074K", math.MaxInt64},
	{"9223372036854775799", 9223372036854775799},
	{"9.223372036854775807B", 9223372037},
	{"00000000000000000000000000000042", 42},
}

func TestParseCount(t *testing.T) {
	for _, tt := range parseCountOK {
		got, err := ParseCount(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseCount(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

var parseCountBad = []struct {
	in     string
	reason string
}{
	{"-5", "negative"},
	{"−5", "negative"}, // U+2212 minus sign
	{"－5", "negative"}, // fullwidth hyphen-minus
	{"-1.2K", "negative"},
	{"-", "negative"},
	{"abc", "not a number"},
	{"NaN", "not a number"},
	{"nan", "not a number"},
	{"Inf", "not a number"},
	{"+Inf", "not a number"},
	{"Infinity", "not a number"},
	{"K", "not a number"},
	{"万", "not a number"},
	{"+", "not a number"},
	{"'", "not a number"},
	{"_", "not a number"},
	{"—", "not a number"},
	{"\xff", "not a number"},
	{"1.2.3", "more than one decimal point"},
	{"1.2.3K", "more than one decimal point"},
	{"1.234.567", "more than one decimal point"},
	{".", "no digits"},
	{".K", "no digits"},
	{"99999999999999999999", "too large"},
	{"9223372036854775808", "too large"},
	{"9223372036854775.808K", "too large"},
	{"9223372036854775.8075K", "too large"}, // rounds up past the limit
	{"9999999999B", "too large"},
	{"99999999999亿", "too large"},
	{"10000000000B", "too large"},
	{"12.5", "not a whole number"},
	{"0.5", "not a whole number"},
	{"1234.5", "not a whole number"},
	{"1,234.5", "not a whole number"},
	{"1,23,456", "misplaced thousands separator"},
	{"12,34", "misplaced thousands separator"},
	{",123", "misplaced thousands separator"},
	{"1234,567", "misplaced thousands separator"},
	{"1,2K", "misplaced thousands separator"}, // decimal comma is not accepted
	{"1.2,3", "comma after the decimal point"},
	{"10-100", "range"},
	{"10K-100K", "range"},
	{"10 - 100", "range"},
	{"10–100", "range"}, // en dash
	{"10~100", "range"},
	{"10～100", "range"}, // fullwidth tilde
	{"-10-100", "range"},
	{"1.2X", `unknown unit "X"`},
	{"1.2KK", "unknown unit"},
	{"1e6", "unknown unit"},
	{"10K+", "unknown unit"},
	{"0x10", "unknown unit"},
	{"12 followers", "unknown unit"},
	{"1k5", "unknown unit"},
	// "." as a thousands separator, as Vietnamese, Indonesian and Spanish
	// exports write it: refusing beats reading 15,000 as 15.
	{"15.000", "ambiguous"},
	{"1.500", "ambiguous"},
	{"999.999", "ambiguous"},
	{"１５．０００", "ambiguous"},
}

func TestParseCountErrors(t *testing.T) {
	for _, tt := range parseCountBad {
		got, err := ParseCount(tt.in)
		if err == nil {
			t.Errorf("ParseCount(%q) = %d, want an error (%s)", tt.in, got, tt.reason)
			continue
		}
		if got != 0 {
			t.Errorf("ParseCount(%q) = %d with an error, want 0", tt.in, got)
		}
		if errors.Is(err, ErrEmptyCount) {
			t.Errorf("ParseCount(%q) = ErrEmptyCount, want %s", tt.in, tt.reason)
		}
		msg := err.Error()
		if !strings.Contains(msg, tt.reason) {
			t.Errorf("ParseCount(%q) error %q does not give the reason %q", tt.in, msg, tt.reason)
		}
		if q := fmt.Sprintf("%q", tt.in); !strings.Contains(msg, q) {
			t.Errorf("ParseCount(%q) error %q does not quote the input %s", tt.in, msg, q)
		}
	}
}

func TestParseCountEmpty(t *testing.T) {
	for _, in := range []string{"", " ", "\t", "\n", "\u00a0", "\u3000", " \u3000 \t"} {
		got, err := ParseCount(in)
		if !errors.Is(err, ErrEmptyCount) || got != 0 {
			t.Errorf("ParseCount(%q) = %d, %v; want ErrEmptyCount", in, got, err)
		}
	}
}

// TestParseCountExactDecimals checks every n.nnM and n.nnnK in a range against
// integer arithmetic: a float-based parser gets some of them wrong.
func TestParseCountExactDecimals(t *testing.T) {
	for i := int64(0); i <= 99999; i += 7 {
		m := fmt.Sprintf("%d.%02dM", i/100, i%100)
		if got, err := ParseCount(m); err != nil || got != i*10000 {
			t.Fatalf("ParseCount(%q) = %d, %v; want %d", m, got, err, i*10000)
		}
		k := fmt.Sprintf("%d.%03dK", i/1000, i%1000)
		if got, err := ParseCount(k); err != nil || got != i {
			t.Fatalf("ParseCount(%q) = %d, %v; want %d", k, got, err, i)
		}
		w := fmt.Sprintf("%d.%04d万", i/10000, i%10000)
		if got, err := ParseCount(w); err != nil || got != i {
			t.Fatalf("ParseCount(%q) = %d, %v; want %d", w, got, err, i)
		}
	}
}

func TestParseCountRoundTrip(t *testing.T) {
	for _, v := range []int64{0, 1, 999, 1000, 12345, 1_000_000, 987_654_321, math.MaxInt64} {
		for _, s := range []string{strconv.FormatInt(v, 10), groupThousands(strconv.FormatInt(v, 10))} {
			if got, err := ParseCount(s); err != nil || got != v {
				t.Errorf("ParseCount(%q) = %d, %v; want %d", s, got, err, v)
			}
		}
	}
}

func FuzzParseCount(f *testing.F) {
	for _, tt := range parseCountOK {
		f.Add(tt.in)
	}
	for _, tt := range parseCountBad {
		f.Add(tt.in)
	}
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseCount(s)
		if err != nil {
			if v != 0 {
				t.Fatalf("ParseCount(%q) = %d with error %v", s, v, err)
			}
			if !errors.Is(err, ErrEmptyCount) && !strings.Contains(err.Error(), fmt.Sprintf("%q", s)) {
				t.Fatalf("ParseCount(%q) error %q does not quote the input", s, err)
			}
			return
		}
		if v < 0 {
			t.Fatalf("ParseCount(%q) = %d, negative", s, v)
		}
		plain := strconv.FormatInt(v, 10)
		if again, err := ParseCount(plain); err != nil || again != v {
			t.Fatalf("ParseCount(%q) = %d, but ParseCount(%q) = %d, %v", s, v, plain, again, err)
		}
		g := groupThousands(plain)
		if again, err := ParseCount(g); err != nil || again != v {
			t.Fatalf("ParseCount(%q) = %d, but ParseCount(%q) = %d, %v", s, v, g, again, err)
		}
	})
}

func TestParseCountRefusesMil(t *testing.T) {
	// "mil" is a thousand in Spanish and a million in English: refuse it.
	if v, err := ParseCount("15 mil"); err == nil {
		t.Fatalf("15 mil = %d, want an error", v)
	}
}

// Counts marked as approximate read as the number given; the mark is
// reported. What is unreadable without the mark stays refused, and exact
// counts are not approximate.
func TestParseApproxCount(t *testing.T) {
	for _, c := range []struct {
		in     string
		want   int64
		approx bool
		bad    bool
	}{
		{"10万+", 100_000, true, false},
		{"约5万", 50_000, true, false},
		{"大约 1.2万", 12_000, true, false},
		{"5万多", 50_000, true, false},
		{"10万以上", 100_000, true, false},
		{"1.2M+", 1_200_000, true, false},
		{"~3K", 3_000, true, false},
		{"12,345", 12_345, false, false},
		{"+12", 12, false, false},
		{"约", 0, false, true},
		{"10万 people+", 0, false, true},
		{"约五万", 0, false, true},
		{"1~5万", 0, false, true},
	} {
		n, approx, err := ParseApproxCount(c.in)
		if (err != nil) != c.bad || n != c.want || approx != c.approx {
			t.Errorf("ParseApproxCount(%q) = %d, %v, %v; want %d, %v, error %v", c.in, n, approx, err, c.want, c.approx, c.bad)
		}
	}
}
