package outreach

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in, def string
		want    Money
	}{
		{"$1,200.50", "", Money{120050, "USD"}},
		{"USD 15", "", Money{1500, "USD"}},
		{"15 usd", "", Money{1500, "USD"}},
		{"15usd", "", Money{1500, "USD"}},
		{"15 USD", "EUR", Money{1500, "USD"}}, // a written code beats the default
		{"usd 15.5", "", Money{1550, "USD"}},
		{"¥3,000", "", Money{300000, "CNY"}},
		{"￥3,000", "", Money{300000, "CNY"}},
		{"₫50000", "", Money{50000, "VND"}},
		{"₫50,000", "", Money{50000, "VND"}},
		{"12.50", "USD", Money{1250, "USD"}},
		{"12.50", "usd", Money{1250, "USD"}},
		{"12.5", "USD", Money{1250, "USD"}},
		{"12", "USD", Money{1200, "USD"}},
		{"0", "USD", Money{0, "USD"}},
		{".5", "USD", Money{50, "USD"}},
		{"12.5000", "USD", Money{1250, "USD"}}, // zero decimals beyond the cents are fine
		{"1,234.500", "USD", Money{123450, "USD"}},
		{"  $20  ", "", Money{2000, "USD"}},
		{"$ 20", "", Money{2000, "USD"}},
		{"＄２０", "", Money{2000, "USD"}}, // fullwidth
		{"£9.99", "", Money{999, "GBP"}},
		{"€5", "", Money{500, "EUR"}},
		{"US$20", "", Money{2000, "USD"}},
		{"S$20", "", Money{2000, "SGD"}},
		{"R$20", "", Money{2000, "BRL"}},
		{"MX$20", "", Money{2000, "MXN"}},
		{"RM20", "", Money{2000, "MYR"}},
		{"₱100", "", Money{10000, "PHP"}},
		{"฿100", "", Money{10000, "THB"}},
		{"Rp50000", "", Money{50000, "IDR"}},
		{"₩1000", "", Money{1000, "KRW"}},
		{"JPY 1500", "", Money{1500, "JPY"}},
		{"1500", "JPY", Money{1500, "JPY"}},
		{"1500.00", "JPY", Money{1500, "JPY"}},
		{"KWD 1.234", "", Money{1234, "KWD"}},
		{"1.5", "BHD", Money{1500, "BHD"}},
		{"$92,233,720,368,547,758.07", "", Money{math.MaxInt64, "USD"}},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in, tt.def)
		if err != nil || got != tt.want {
			t.Errorf("ParseMoney(%q, %q) = %+v, %v; want %+v", tt.in, tt.def, got, err, tt.want)
		}
	}
}

func TestParseMoneyErrors(t *testing.T) {
	tests := []struct {
		in, def, reason string
	}{
		{"12.345", "USD", "more decimals than USD allows (2)"},
		{"$12.345", "", "more decimals than USD allows"},
		{"12.001", "USD", "more decimals"},
		{"1500.5", "JPY", "more decimals than JPY allows (0)"},
		{"₫50000.5", "", "more decimals than VND allows (0)"},
		{"-5", "USD", "negative"},
		{"$-5", "", "negative"},
		{"-$5", "USD", "negative"},
		{"USD -5", "", "negative"},
		{"-5 USD", "", "negative"},
		{"12.50", "", "no currency"},
		{"15", "", "no currency"},
		{"abc", "USD", "not an amount"},
		{"1.2.3", "USD", "not an amount"},
		{"$", "", "not an amount"},
		{"USD", "USD", "not an amount"},
		{"USD15", "USD", "not an amount"},
		{"1.200,50", "EUR", "not an amount"}, // decimal comma is refused, not misread
		{"1,2", "USD", "not an amount"},
		{"5 €", "USD", "not an amount"},
		{"1 200", "USD", "not an amount"},
		{"(5)", "USD", "not an amount"},
		{"1e3", "USD", "not an amount"},
		{"99999999999999999999", "USD", "too large"},
		{"$92,233,720,368,547,758.08", "", "too large"},
		// "." as a thousands separator: refused rather than read 1000× too small.
		{"₫50.000", "", `ambiguous: "." may be a thousands separator (write 50,000 or 50)`},
		{"Rp 150.000", "", "ambiguous"},
		{"12.500", "USD", "(write 12,500 or 12.50)"},
		{"1.000", "JPY", "ambiguous"},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in, tt.def)
		if err == nil {
			t.Errorf("ParseMoney(%q, %q) = %+v, want an error (%s)", tt.in, tt.def, got, tt.reason)
			continue
		}
		if got != (Money{}) {
			t.Errorf("ParseMoney(%q, %q) = %+v with an error, want the zero Money", tt.in, tt.def, got)
		}
		msg := err.Error()
		if !strings.Contains(msg, tt.reason) {
			t.Errorf("ParseMoney(%q, %q) error %q does not give the reason %q", tt.in, tt.def, msg, tt.reason)
		}
		if q := fmt.Sprintf("%q", tt.in); !strings.Contains(msg, q) {
			t.Errorf("ParseMoney(%q, %q) error %q does not quote the input", tt.in, tt.def, msg)
		}
	}
}

func TestParseMoneyEmpty(t *testing.T) {
	for _, in := range []string{"", "  ", "\t", "\u3000"} {
		if got, err := ParseMoney(in, "USD"); !errors.Is(err, ErrEmptyCount) || got != (Money{}) {
			t.Errorf("ParseMoney(%q) = %+v, %v; want ErrEmptyCount", in, got, err)
		}
	}
}

func TestMoneyFormat(t *testing.T) {
	tests := []struct {
		m                       Money
		str, grouped, ungrouped string
	}{
		{Money{120050, "USD"}, "USD 1,200.50", "1,200.50", "1200.50"},
		{Money{0, "USD"}, "USD 0.00", "0.00", "0.00"},
		{Money{5, "USD"}, "USD 0.05", "0.05", "0.05"},
		{Money{99, "USD"}, "USD 0.99", "0.99", "0.99"},
		{Money{100, "USD"}, "USD 1.00", "1.00", "1.00"},
		{Money{-120050, "USD"}, "USD -1,200.50", "-1,200.50", "-1200.50"},
		{Money{-5, "USD"}, "USD -0.05", "-0.05", "-0.05"},
		{Money{123456789, "USD"}, "USD 1,234,567.89", "1,234,567.89", "1234567.89"},
		{Money{12345678, "EUR"}, "EUR 123,456.78", "123,456.78", "123456.78"},
		{Money{50000, "VND"}, "VND 50,000", "50,000", "50000"},
		{Money{999, "JPY"}, "JPY 999", "999", "999"},
		{Money{1000, "JPY"}, "JPY 1,000", "1,000", "1000"},
		{Money{1234, "KWD"}, "KWD 1.234", "1.234", "1.234"},
		{Money{1234567, "BHD"}, "BHD 1,234.567", "1,234.567", "1234.567"},
		{Money{1500, "XYZ"}, "XYZ 15.00", "15.00", "15.00"}, // unknown currency: cents
		{Money{math.MaxInt64, "USD"}, "USD 92,233,720,368,547,758.07", "92,233,720,368,547,758.07", "92233720368547758.07"},
		{Money{math.MinInt64, "USD"}, "USD -92,233,720,368,547,758.08", "-92,233,720,368,547,758.08", "-92233720368547758.08"},
		{Money{math.MinInt64, "VND"}, "VND -9,223,372,036,854,775,808", "-9,223,372,036,854,775,808", "-9223372036854775808"},
		{Money{}, "", "0.00", "0.00"},
		{Money{Minor: 500}, "", "5.00", "5.00"},
	}
	for _, tt := range tests {
		if got := tt.m.String(); got != tt.str {
			t.Errorf("%#v.String() = %q, want %q", tt.m, got, tt.str)
		}
		if got := tt.m.Decimal(true); got != tt.grouped {
			t.Errorf("%#v.Decimal(true) = %q, want %q", tt.m, got, tt.grouped)
		}
		if got := tt.m.Decimal(false); got != tt.ungrouped {
			t.Errorf("%#v.Decimal(false) = %q, want %q", tt.m, got, tt.ungrouped)
		}
	}
}

// TestMoneyRoundTrip: what String writes, ParseMoney reads back unchanged.
func TestMoneyRoundTrip(t *testing.T) {
	for _, cur := range []string{"USD", "VND", "KWD", "JPY", "EUR"} {
		for _, v := range []int64{0, 1, 9, 10, 99, 100, 999, 1000, 1001, 12345, 120050, 999999, 1000000, 123456789012, math.MaxInt64} {
			m := Money{v, cur}
			for _, s := range []string{m.String(), m.Decimal(true), m.Decimal(false)} {
				got, err := ParseMoney(s, cur)
				if err != nil || got != m {
					t.Errorf("ParseMoney(%q, %q) = %+v, %v; want %+v", s, cur, got, err, m)
				}
			}
		}
	}
}

func TestGroupThousands(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "1": "1", "12": "12", "123": "123", "1234": "1,234", "12345": "12,345",
		"123456": "123,456", "1234567": "1,234,567", "1000000000": "1,000,000,000",
	} {
		if got := groupThousands(in); got != want {
			t.Errorf("groupThousands(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMinorDigits(t *testing.T) {
	for cur, want := range map[string]int{
		"USD": 2, "EUR": 2, "CNY": 2, "GBP": 2, "MYR": 2,
		"JPY": 0, "KRW": 0, "VND": 0, "IDR": 0,
		"KWD": 3, "BHD": 3, "OMR": 3,
		"XYZ": 2, "": 2,
	} {
		if got := MinorDigits(cur); got != want {
			t.Errorf("MinorDigits(%q) = %d, want %d", cur, got, want)
		}
	}
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		in   string
		want BasisPoints
	}{
		{"15%", 1500},
		{"15", 1500},
		{"12.5 %", 1250},
		{"12.5%", 1250},
		{" 15 % ", 1500},
		{"0.15", 1500},
		{"0.125", 1250},
		{".15", 1500},
		{"0.1", 1000},
		{"0.0001", 1},
		{"0.15%", 15},
		{"0.01%", 1},
		{"1", 100},
		{"1%", 100},
		{"1.5", 150},
		{"80%", 8000},
		{"12.34%", 1234},
		{"12.340%", 1234},
		{"0", 0},
		{"0%", 0},
		{"100%", 10000},
		{"10000%", 1000000},
		{"１５％", 1500}, // fullwidth
		{"１２.５ ％", 1250},
	}
	for _, tt := range tests {
		got, err := ParseRate(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseRate(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestParseRateErrors(t *testing.T) {
	tests := []struct{ in, reason string }{
		{"-1%", "negative"},
		{"-15", "negative"},
		{"- 1 %", "negative"},
		{"abc", "not a rate"},
		{"1.2.3", "not a rate"},
		{"%", "not a rate"},
		{".", "not a rate"},
		{"15%%", "not a rate"},
		{"1,5", "not a rate"},
		{"+15", "not a rate"},
		{"1 5", "not a rate"},
		{"15 percent", "not a rate"},
		{"12.345%", "finer than 0.01%"},
		{"0.12345", "finer than 0.01%"},
		{"10001%", "too large"},
		{"99999999999%", "too large"},
	}
	for _, tt := range tests {
		got, err := ParseRate(tt.in)
		if err == nil {
			t.Errorf("ParseRate(%q) = %d, want an error (%s)", tt.in, got, tt.reason)
			continue
		}
		if !strings.Contains(err.Error(), tt.reason) || !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.in)) {
			t.Errorf("ParseRate(%q) error %q, want the input and %q", tt.in, err, tt.reason)
		}
	}
	for _, in := range []string{"", "  "} {
		if _, err := ParseRate(in); !errors.Is(err, ErrEmptyRate) {
			t.Errorf("ParseRate(%q) error = %v, want ErrEmptyRate", in, err)
		}
	}
}

func TestBasisPointsString(t *testing.T) {
	tests := []struct {
		b            BasisPoints
		str, percent string
	}{
		{1500, "15%", "15"},
		{1250, "12.5%", "12.5"},
		{1234, "12.34%", "12.34"},
		{1005, "10.05%", "10.05"},
		{1000, "10%", "10"},
		{100, "1%", "1"},
		{10, "0.1%", "0.1"},
		{1, "0.01%", "0.01"},
		{0, "0%", "0"},
		{8000, "80%", "80"},
		{10000, "100%", "100"},
		{-150, "-1.5%", "-1.5"},
		{-5, "-0.05%", "-0.05"},
		{-100, "-1%", "-1"},
		{math.MinInt32, "-21474836.48%", "-21474836.48"},
	}
	for _, tt := range tests {
		if got := tt.b.String(); got != tt.str {
			t.Errorf("BasisPoints(%d).String() = %q, want %q", int32(tt.b), got, tt.str)
		}
		if got := tt.b.Percent(); got != tt.percent {
			t.Errorf("BasisPoints(%d).Percent() = %q, want %q", int32(tt.b), got, tt.percent)
		}
	}
}

// TestRateRoundTrip: every rate up to 100% reads back from its String and
// Percent forms.
func TestRateRoundTrip(t *testing.T) {
	for b := BasisPoints(0); b <= 10000; b++ {
		for _, s := range []string{b.String(), b.Percent()} {
			got, err := ParseRate(s)
			if err != nil || got != b {
				// A bare "0.x" percentage is read as a fraction: "0.5" is 50%.
				if b < 100 && !strings.HasSuffix(s, "%") && b != 0 {
					continue
				}
				t.Fatalf("ParseRate(%q) = %d, %v; want %d", s, got, err, b)
			}
		}
	}
}

func TestParseMoneyRMB(t *testing.T) {
	m, err := ParseMoney("RMB 1,200", "")
	if err != nil || m != (Money{Minor: 120000, Currency: "CNY"}) {
		t.Fatalf("RMB 1,200 = %+v, %v", m, err)
	}
	if m, err := ParseMoney("RM 12.50", ""); err != nil || m.Currency != "MYR" {
		t.Fatalf("RM 12.50 = %+v, %v", m, err)
	}
}

func TestParseMoneyRMBAfter(t *testing.T) {
	if m, err := ParseMoney("100 RMB", ""); err != nil || m != (Money{Minor: 10000, Currency: "CNY"}) {
		t.Fatalf("100 RMB = %+v, %v", m, err)
	}
}
