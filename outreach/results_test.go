package outreach

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func refunded(l OrderLine) OrderLine { l.FullyRefunded = true; return l }

func actual(l OrderLine, c Money) OrderLine {
	l.ActualCommission, l.HasActual = c, true
	return l
}

func eur(minor int64) Money { return Money{Minor: minor, Currency: "EUR"} }

func totalsOf(t *testing.T, lines ...OrderLine) Totals {
	t.Helper()
	var tot Totals
	for _, l := range lines {
		if err := tot.Add(l); err != nil {
			t.Fatalf("Add(%+v): %v", l, err)
		}
	}
	return tot
}

// want lists the numbers a test checks; amounts in minor units.
type want struct {
	orders, units, gmv, refunded, commission, estimated int64
}

func (w want) check(t *testing.T, name string, got Totals) {
	t.Helper()
	g := want{got.Orders, got.Units, got.GMV, got.Refunded, got.Commission, got.EstimatedCommission}
	if g != w {
		t.Errorf("%s: got %+v, want %+v", name, g, w)
	}
}

func TestTotalsDefinitions(t *testing.T) {
	a := line("o1", "s1", 2, usd(2949)) // estimate 294
	b := line("o1", "s2", 1, usd(1000)) // estimate 100
	c := line("o2", "s1", 3, usd(500))  // estimate 50
	tests := []struct {
		name  string
		lines []OrderLine
		want  want
	}{
		{"one line", []OrderLine{a}, want{1, 2, 2949, 0, 294, 294}},
		{"an order with two SKUs counts once", []OrderLine{a, b}, want{1, 3, 3949, 0, 394, 394}},
		{"two orders", []OrderLine{a, b, c}, want{2, 6, 4449, 0, 444, 444}},
		{"a refund moves the line from GMV to refunded", []OrderLine{refunded(a)}, want{0, 0, 0, 2949, 0, 0}},
		{"an order with two SKUs, one refunded", []OrderLine{a, refunded(b)}, want{1, 2, 2949, 1000, 294, 294}},
		{"an order with both SKUs refunded is no order", []OrderLine{refunded(a), refunded(b), c}, want{1, 3, 500, 3949, 50, 50}},
		{"actual commission beats the estimate", []OrderLine{actual(a, usd(250)), c}, want{2, 5, 3449, 0, 300, 50}},
		{"all commission paid is not estimated", []OrderLine{actual(a, usd(250)), actual(c, usd(0))}, want{2, 5, 3449, 0, 250, 0}},
		{"refunded line's commission does not count", []OrderLine{refunded(actual(a, usd(250)))}, want{0, 0, 0, 2949, 0, 0}},
	}
	for _, tt := range tests {
		tot := totalsOf(t, tt.lines...)
		tt.want.check(t, tt.name, tot)
		if tot.Currency != "USD" {
			t.Errorf("%s: currency %q", tt.name, tot.Currency)
		}
		if tot.Estimated() != (tt.want.estimated != 0) {
			t.Errorf("%s: Estimated() = %v", tt.name, tot.Estimated())
		}
	}
}

func TestTotalsRefuseAnotherCurrency(t *testing.T) {
	tot := totalsOf(t, line("o1", "s1", 1, usd(100)))
	if err := tot.Add(line("o2", "s1", 1, eur(100))); err == nil || !strings.Contains(err.Error(), "never summed") {
		t.Errorf("Add(EUR line) to USD totals = %v", err)
	}
	if err := tot.AddFee(eur(100)); err == nil {
		t.Error("AddFee(EUR) to USD totals took it")
	}
	if err := tot.AddSample(Money{Minor: 5}); err == nil {
		t.Error("AddSample without currency took it")
	}
	if err := tot.Merge(Totals{Currency: "EUR", GMV: 1}); err == nil {
		t.Error("Merge(EUR) into USD took it")
	}
	want{1, 1, 100, 0, 10, 10}.check(t, "after refusals", tot)
}

func TestSpendAndROAS(t *testing.T) {
	tests := []struct {
		name              string
		gmv, fees, sample int64
		commission        int64
		spend             int64
		roas              float64
		ok                bool
	}{
		{"zero spend has no ROAS", 2949, 0, 0, 0, 0, 0, false},
		{"nothing at all has no ROAS", 0, 0, 0, 0, 0, 0, false},
		{"slot fee and commission", 2949, 20000, 0, 295, 20295, 2949.0 / 20295, true},
		{"sample only", 10000, 0, 2500, 0, 2500, 4, true},
		{"spend and no sales is zero, not none", 0, 20000, 0, 0, 20000, 0, true},
		{"all three", 60000, 10000, 1000, 1000, 12000, 5, true},
	}
	for _, tt := range tests {
		tot := Totals{Currency: "USD", GMV: tt.gmv, Commission: tt.commission}
		if err := tot.AddFee(usd(tt.fees)); err != nil {
			t.Fatal(err)
		}
		if err := tot.AddSample(usd(tt.sample)); err != nil {
			t.Fatal(err)
		}
		if got := tot.Spend(); got != tt.spend {
			t.Errorf("%s: Spend() = %d, want %d", tt.name, got, tt.spend)
		}
		roas, ok := tot.ROAS()
		if ok != tt.ok || math.Abs(roas-tt.roas) > 1e-12 {
			t.Errorf("%s: ROAS() = %v, %v; want %v, %v", tt.name, roas, ok, tt.roas, tt.ok)
		}
	}
}

func TestMerge(t *testing.T) {
	a := line("o1", "s1", 2, usd(2949))
	b := line("o1", "s2", 1, usd(1000))
	c := line("o2", "s1", 1, usd(500))

	// Two creators' totals sharing order o1: it counts once in their tier.
	x, y := totalsOf(t, a), totalsOf(t, b, c)
	if err := x.Merge(y); err != nil {
		t.Fatal(err)
	}
	want{2, 4, 4449, 0, 444, 444}.check(t, "lines on both sides", x)

	// Merging into zero totals adopts the currency and the ids.
	var z Totals
	if err := z.Merge(totalsOf(t, a)); err != nil {
		t.Fatal(err)
	}
	if err := z.Merge(totalsOf(t, b)); err != nil {
		t.Fatal(err)
	}
	want{1, 3, 3949, 0, 394, 394}.check(t, "into zero", z)
	if z.Currency != "USD" {
		t.Errorf("into zero: currency %q", z.Currency)
	}

	// Totals read from counters have no ids: their orders add.
	counted := Totals{Currency: "USD", Orders: 1, Units: 1, GMV: 1000, Commission: 100, EstimatedCommission: 100}
	w := totalsOf(t, a)
	if err := w.Merge(counted); err != nil {
		t.Fatal(err)
	}
	want{2, 3, 3949, 0, 394, 394}.check(t, "counters", w)
	if err := w.Merge(totalsOf(t, c)); err != nil {
		t.Fatal(err)
	}
	want{3, 4, 4449, 0, 444, 444}.check(t, "counters then lines", w)

	// Fees and samples add too.
	f := Totals{}
	if err := f.AddFee(usd(20000)); err != nil {
		t.Fatal(err)
	}
	g := Totals{}
	if err := g.AddSample(usd(1500)); err != nil {
		t.Fatal(err)
	}
	if err := f.Merge(g); err != nil || f.Fees != 20000 || f.Samples != 1500 || f.Spend() != 21500 {
		t.Errorf("fees and samples merged = %+v, %v", f, err)
	}
}

func TestByCurrencyNeverSums(t *testing.T) {
	var b ByCurrency
	for _, l := range []OrderLine{line("o1", "s1", 1, usd(2949)), line("o2", "s1", 2, eur(1000)), refunded(line("o3", "s1", 1, eur(700)))} {
		if err := b.Add(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.AddFee(usd(20000)); err != nil {
		t.Fatal(err)
	}
	if err := b.AddSample(eur(300)); err != nil {
		t.Fatal(err)
	}
	if got := b.Currencies(); strings.Join(got, ",") != "EUR,USD" {
		t.Fatalf("Currencies() = %v", got)
	}
	want{1, 1, 2949, 0, 294, 294}.check(t, "USD", b.Get("USD"))
	want{1, 2, 1000, 700, 100, 100}.check(t, "EUR", b.Get("EUR"))
	if u, e := b.Get("USD"), b.Get("EUR"); u.Fees != 20000 || u.Samples != 0 || e.Samples != 300 || e.Fees != 0 {
		t.Errorf("fees and samples in the wrong currency: USD %+v, EUR %+v", u, e)
	}
	if got := b.Get("GBP"); got.Currency != "GBP" || got.GMV != 0 {
		t.Errorf("Get(GBP) = %+v", got)
	}
	if err := b.Add(line("o4", "s1", 1, Money{Minor: 5})); err == nil {
		t.Error("Add(line without currency) took it")
	}

	var all ByCurrency
	if err := all.Merge(b); err != nil {
		t.Fatal(err)
	}
	if err := all.Merge(b); err != nil {
		t.Fatal(err)
	}
	// The same orders merged twice still count once; amounts add.
	want{1, 4, 2000, 1400, 200, 200}.check(t, "EUR merged twice", all.Get("EUR"))
}

func TestRatesConvert(t *testing.T) {
	r, err := ParseRates("usd", map[string]string{"eur": "1.08", "JPY": "0.0067", "KWD": "3.25"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   Money
		want int64
	}{
		{usd(2949), 2949},
		{eur(1000), 1080},
		{eur(1), 1},   // 1.08 cents rounds to 1
		{eur(50), 54}, // exact
		{Money{Minor: 3000, Currency: "JPY"}, 2010}, // 3000 yen × 0.0067 = 20.10
		{Money{Minor: 75, Currency: "JPY"}, 50},     // 0.5025 → 0.50
		{Money{Minor: 1234, Currency: "KWD"}, 401},  // 1.234 × 3.25 = 4.0105 → 4.01
		{eur(25), 27}, // 27.0
		{Money{Minor: 1250, Currency: "JPY"}, 838}, // 8.375 → 8.38, half away from zero
	}
	for _, tt := range tests {
		got, err := r.Convert(tt.in)
		if err != nil || got != usd(tt.want) {
			t.Errorf("Convert(%v) = %v, %v; want %v", tt.in, got, err, usd(tt.want))
		}
	}
	if _, err := r.Convert(Money{Minor: 1, Currency: "GBP"}); err == nil || !strings.Contains(err.Error(), "GBP") {
		t.Errorf("Convert(GBP) without a rate = %v", err)
	}
	for _, bad := range []map[string]string{{"EUR": "-1"}, {"EUR": "0"}, {"EUR": "1e3"}, {"EUR": "abc"}, {"EURO": "1"}, {"EUR": "1/2"}} {
		if _, err := ParseRates("USD", bad); err == nil {
			t.Errorf("ParseRates(%v) took it", bad)
		}
	}
	if _, err := ParseRates("dollars", nil); err == nil {
		t.Error("ParseRates(dollars) took it")
	}
}

func TestConvertedTotalsNameTheTarget(t *testing.T) {
	var b ByCurrency
	for _, l := range []OrderLine{line("o1", "s1", 1, usd(2949)), line("o2", "s1", 2, eur(1000)), refunded(line("o3", "s1", 1, eur(500)))} {
		if err := b.Add(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.AddFee(eur(10000)); err != nil {
		t.Fatal(err)
	}
	r, err := ParseRates("USD", map[string]string{"EUR": "1.10"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := b.Converted(r)
	if err != nil {
		t.Fatal(err)
	}
	// GMV 29.49 + 10.00×1.10; refunded 5.00×1.10; commission 2.94 + 1.00×1.10.
	want{2, 3, 2949 + 1100, 550, 294 + 110, 294 + 110}.check(t, "converted", got)
	if got.Currency != "USD" || strings.Join(got.ConvertedFrom, ",") != "EUR" || got.Fees != 11000 {
		t.Errorf("converted = %+v, want USD converted from EUR with fees 11000", got)
	}
	// The sources are untouched.
	want{1, 2, 1000, 500, 100, 100}.check(t, "EUR after", b.Get("EUR"))

	none, err := ParseRates("USD", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Converted(none); err == nil {
		t.Error("Converted without a EUR rate took it")
	}
	only, err := (&ByCurrency{}).Converted(none)
	if err != nil || only.Currency != "USD" || len(only.ConvertedFrom) != 0 {
		t.Errorf("empty converted = %+v, %v", only, err)
	}
}

func TestFormatAmount(t *testing.T) {
	tests := []struct {
		in   Money
		want string
	}{
		{usd(2949), "29.49"}, {usd(0), "0.00"}, {usd(5), "0.05"}, {usd(123456789), "1234567.89"},
		{Money{Minor: 3000, Currency: "JPY"}, "3000.00"}, {Money{Minor: 1234, Currency: "KWD"}, "1.234"},
	}
	for _, tt := range tests {
		if got := FormatAmount(tt.in); got != tt.want {
			t.Errorf("FormatAmount(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestResultRowJSON(t *testing.T) {
	// The example row: one head creator, 29.49 sold, slot fee 200.
	tot := totalsOf(t, line("o1", "s1", 2, usd(2949)))
	tot.Commission, tot.EstimatedCommission = 295, 295
	if err := tot.AddFee(usd(20000)); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(tot.Row("head"))
	if err != nil {
		t.Fatal(err)
	}
	wantJSON := `{"key":"head","currency":"USD","orders":1,"units":2,"gmv":"29.49","refunded":"0.00","commission":"2.95",` +
		`"commission_estimated":"2.95","fees":"200.00","samples":"0.00","spend":"202.95","roas":0.145}`
	if string(out) != wantJSON {
		t.Errorf("row JSON\n got %s\nwant %s", out, wantJSON)
	}
	zero, err := json.Marshal(Totals{Currency: "EUR"}.Row("micro"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(zero), `"roas":null`) || !strings.Contains(string(zero), `"spend":"0.00"`) {
		t.Errorf("zero row JSON = %s, want roas null", zero)
	}
}
