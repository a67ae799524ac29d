package outreach

import (
	"fmt"
	"maps"
	"math"
	"math/big"
	"slices"
	"strings"
)

// Totals are the sales results of a set of order lines, and what was spent
// on their creators, in one currency. Amounts are in the currency's minor
// unit (Amount turns one into Money). Build them with Add, AddFee and
// AddSample, or fill them from counters; combine them with Merge.
type Totals struct {
	Currency string
	// ConvertedFrom names the other currencies converted into Currency at
	// the config's rates; empty when nothing was converted.
	ConvertedFrom []string

	// GMV is the payment amount of lines not fully refunded.
	GMV int64
	// Orders is the number of distinct order ids with at least one line not
	// fully refunded.
	Orders int64
	// Units is the quantity on lines not fully refunded.
	Units int64
	// Commission is the commission on lines not fully refunded: the actual
	// commission payment where present, else the estimate.
	Commission int64
	// EstimatedCommission is the part of Commission that is still an
	// estimate, so the output can flag it.
	EstimatedCommission int64
	// Refunded is the payment amount of lines fully returned or refunded.
	Refunded int64
	// Fees are the slot fees agreed.
	Fees int64
	// Samples is the cost of the samples sent.
	Samples int64

	// orderIDs are the ids counted in Orders, while the totals were built
	// from lines; nil for totals filled from counters.
	orderIDs map[string]struct{}
}

// Amount is minor, an amount of these totals, as Money.
func (t Totals) Amount(minor int64) Money { return Money{Minor: minor, Currency: t.Currency} }

// Spend is the slot fees agreed, plus the samples' cost, plus commission.
func (t Totals) Spend() int64 { return t.Fees + t.Samples + t.Commission }

// ROAS is GMV ÷ spend; there is none (false) when spend is 0.
func (t Totals) ROAS() (float64, bool) {
	spend := t.Spend()
	if spend == 0 {
		return 0, false
	}
	return float64(t.GMV) / float64(spend), true
}

// Estimated reports whether any of the commission is still an estimate.
func (t Totals) Estimated() bool { return t.EstimatedCommission != 0 }

func (t *Totals) takeCurrency(cur, what string) error {
	if cur == "" {
		return fmt.Errorf("%s: no currency", what)
	}
	if t.Currency == "" {
		t.Currency = cur
	}
	if cur != t.Currency {
		return fmt.Errorf("%s in %s added to totals in %s: currencies are never summed", what, cur, t.Currency)
	}
	return nil
}

// Add counts one order line. A fully refunded line counts only in Refunded.
// Totals take the currency of their first line; a line in another currency
// is an error.
func (t *Totals) Add(l OrderLine) error {
	if err := t.takeCurrency(l.Currency(), "order "+l.OrderID); err != nil {
		return err
	}
	if l.FullyRefunded {
		t.Refunded += l.Payment.Minor
		return nil
	}
	t.GMV += l.Payment.Minor
	t.Units += l.Quantity
	c := l.Commission().Minor
	t.Commission += c
	if l.Estimated() {
		t.EstimatedCommission += c
	}
	if t.orderIDs == nil {
		if t.Orders != 0 {
			t.Orders++ // counted without ids: an order's second line counts again
			return nil
		}
		t.orderIDs = map[string]struct{}{}
	}
	if _, seen := t.orderIDs[l.OrderID]; !seen {
		t.orderIDs[l.OrderID] = struct{}{}
		t.Orders++
	}
	return nil
}

// AddFee counts a slot fee agreed with a creator.
func (t *Totals) AddFee(m Money) error {
	if err := t.takeCurrency(m.Currency, "slot fee"); err != nil {
		return err
	}
	t.Fees += m.Minor
	return nil
}

// AddSample counts the cost of a sample sent to a creator.
func (t *Totals) AddSample(m Money) error {
	if err := t.takeCurrency(m.Currency, "sample"); err != nil {
		return err
	}
	t.Samples += m.Minor
	return nil
}

// knowsIDs reports whether Orders is backed by the ids counted.
func (t *Totals) knowsIDs() bool { return t.orderIDs != nil || t.Orders == 0 }

// Merge adds o to t; both must be in the same currency (an empty one takes
// the other's). Orders stay distinct when both were built from lines: an
// order whose lines are in both counts once. Totals filled from counters
// add their orders.
func (t *Totals) Merge(o Totals) error {
	if o.Currency != "" {
		if err := t.takeCurrency(o.Currency, "totals"); err != nil {
			return err
		}
	}
	t.GMV += o.GMV
	t.Units += o.Units
	t.Commission += o.Commission
	t.EstimatedCommission += o.EstimatedCommission
	t.Refunded += o.Refunded
	t.Fees += o.Fees
	t.Samples += o.Samples
	for _, c := range o.ConvertedFrom {
		if !slices.Contains(t.ConvertedFrom, c) {
			t.ConvertedFrom = append(t.ConvertedFrom, c)
		}
	}
	slices.Sort(t.ConvertedFrom)
	if !t.knowsIDs() || !o.knowsIDs() {
		t.Orders += o.Orders
		t.orderIDs = nil
		return nil
	}
	if len(o.orderIDs) > 0 && t.orderIDs == nil {
		t.orderIDs = make(map[string]struct{}, len(o.orderIDs))
	}
	for id := range o.orderIDs {
		if _, seen := t.orderIDs[id]; !seen {
			t.orderIDs[id] = struct{}{}
			t.Orders++
		}
	}
	return nil
}

// ByCurrency holds one Totals per currency, because two currencies are never
// summed. The zero value is ready to use.
type ByCurrency struct {
	m map[string]*Totals
}

func (b *ByCurrency) of(cur string) *Totals {
	if b.m == nil {
		b.m = map[string]*Totals{}
	}
	t := b.m[cur]
	if t == nil {
		t = &Totals{Currency: cur}
		b.m[cur] = t
	}
	return t
}

// Add counts a line in the totals of its currency.
func (b *ByCurrency) Add(l OrderLine) error {
	if l.Currency() == "" {
		return fmt.Errorf("order %s: no currency", l.OrderID)
	}
	return b.of(l.Currency()).Add(l)
}

// AddFee counts a slot fee in the totals of its currency.
func (b *ByCurrency) AddFee(m Money) error {
	if m.Currency == "" {
		return fmt.Errorf("slot fee: no currency")
	}
	return b.of(m.Currency).AddFee(m)
}

// AddSample counts a sample's cost in the totals of its currency.
func (b *ByCurrency) AddSample(m Money) error {
	if m.Currency == "" {
		return fmt.Errorf("sample: no currency")
	}
	return b.of(m.Currency).AddSample(m)
}

// Merge adds each currency's totals of o to the same currency's here.
func (b *ByCurrency) Merge(o ByCurrency) error {
	for _, cur := range o.Currencies() {
		if err := b.of(cur).Merge(*o.m[cur]); err != nil {
			return err
		}
	}
	return nil
}

// Currencies lists the currencies held, sorted.
func (b ByCurrency) Currencies() []string {
	return slices.Sorted(maps.Keys(b.m))
}

// Get returns the totals in cur (zero totals in cur if there are none).
func (b ByCurrency) Get(cur string) Totals {
	if t := b.m[cur]; t != nil {
		return *t
	}
	return Totals{Currency: cur}
}

// Rates convert amounts into one target currency at fixed rates, as the
// config's [currency] rates give them. A rate is exact: "1.08" for EUR
// means one euro is 1.08 of the target.
type Rates struct {
	Target string
	per    map[string]*big.Rat
}

// ParseRates reads the rates to target, currency code → decimal rate.
func ParseRates(target string, per map[string]string) (Rates, error) {
	target = strings.ToUpper(strings.TrimSpace(target))
	if !isCurrencyCode(target) {
		return Rates{}, fmt.Errorf("target currency %q is not a currency code", target)
	}
	r := Rates{Target: target, per: map[string]*big.Rat{}}
	for cur, s := range per {
		code := strings.ToUpper(strings.TrimSpace(cur))
		if !isCurrencyCode(code) {
			return Rates{}, fmt.Errorf("rate for %q: not a currency code", cur)
		}
		t := strings.TrimSpace(s)
		intPart, frac, _ := strings.Cut(t, ".")
		rat, ok := new(big.Rat).SetString(t)
		if !ok || !allDigits(intPart) || !allDigits(frac) || rat.Sign() <= 0 {
			return Rates{}, fmt.Errorf("rate for %s: %q is not a positive decimal", code, s)
		}
		r.per[code] = rat
	}
	return r, nil
}

// Convert turns m into the target currency, rounding half away from zero to
// the target's minor unit.
func (r Rates) Convert(m Money) (Money, error) {
	if m.Currency == r.Target {
		return m, nil
	}
	rate, ok := r.per[m.Currency]
	if !ok {
		return Money{}, fmt.Errorf("no rate from %s to %s in [currency] rates", m.Currency, r.Target)
	}
	// minor × rate × 10^(target digits) ÷ 10^(source digits)
	v := new(big.Rat).SetInt64(m.Minor)
	v.Mul(v, rate)
	v.Mul(v, new(big.Rat).SetInt(pow10(MinorDigits(r.Target))))
	v.Quo(v, new(big.Rat).SetInt(pow10(MinorDigits(m.Currency))))
	q, rem := new(big.Int).QuoRem(v.Num(), v.Denom(), new(big.Int))
	if new(big.Int).Mul(new(big.Int).Abs(rem), big.NewInt(2)).Cmp(v.Denom()) >= 0 {
		q.Add(q, big.NewInt(int64(v.Sign())))
	}
	if !q.IsInt64() {
		return Money{}, fmt.Errorf("%s in %s is too large", m, r.Target)
	}
	return Money{Minor: q.Int64(), Currency: r.Target}, nil
}

func pow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// Converted sums every currency's totals in the target currency, converting
// each amount at r; the result names the currencies it converted. Counts
// (orders, units) are added as they are.
func (b ByCurrency) Converted(r Rates) (Totals, error) {
	out := Totals{Currency: r.Target}
	for _, cur := range b.Currencies() {
		t := *b.m[cur]
		c := t // keeps the counts and order ids
		c.Currency = r.Target
		for _, f := range []*int64{&c.GMV, &c.Commission, &c.EstimatedCommission, &c.Refunded, &c.Fees, &c.Samples} {
			m, err := r.Convert(Money{Minor: *f, Currency: cur})
			if err != nil {
				return Totals{}, err
			}
			*f = m.Minor
		}
		if cur != r.Target {
			c.ConvertedFrom = append(slices.Clone(t.ConvertedFrom), cur)
		}
		if err := out.Merge(c); err != nil {
			return Totals{}, err
		}
	}
	return out, nil
}

// FormatAmount writes an amount for JSON and CSV: a plain decimal with at
// least two decimals ("29.49", "3000.00" for yen), more only for currencies
// whose minor unit needs them ("1.234" KWD).
func FormatAmount(m Money) string {
	s := m.Decimal(false)
	if MinorDigits(m.Currency) == 0 {
		s += ".00"
	}
	return s
}

// ResultRow is one row of `results --json`: the totals of one key (a
// creator, tier, campaign or week) in one currency.
type ResultRow struct {
	Key                 string   `json:"key"`
	Currency            string   `json:"currency"`
	ConvertedFrom       []string `json:"converted_from,omitempty"`
	Orders              int64    `json:"orders"`
	Units               int64    `json:"units"`
	GMV                 string   `json:"gmv"`
	Refunded            string   `json:"refunded"`
	Commission          string   `json:"commission"`
	CommissionEstimated string   `json:"commission_estimated"`
	Fees                string   `json:"fees"`
	Samples             string   `json:"samples"`
	Spend               string   `json:"spend"`
	ROAS                *float64 `json:"roas"` // null when spend is 0
}

// Row is the totals as a JSON row under key. ROAS is rounded to three
// decimals.
func (t Totals) Row(key string) ResultRow {
	row := ResultRow{
		Key:                 key,
		Currency:            t.Currency,
		ConvertedFrom:       t.ConvertedFrom,
		Orders:              t.Orders,
		Units:               t.Units,
		GMV:                 FormatAmount(t.Amount(t.GMV)),
		Refunded:            FormatAmount(t.Amount(t.Refunded)),
		Commission:          FormatAmount(t.Amount(t.Commission)),
		CommissionEstimated: FormatAmount(t.Amount(t.EstimatedCommission)),
		Fees:                FormatAmount(t.Amount(t.Fees)),
		Samples:             FormatAmount(t.Amount(t.Samples)),
		Spend:               FormatAmount(t.Amount(t.Spend())),
	}
	if r, ok := t.ROAS(); ok {
		r = math.Round(r*1000) / 1000
		row.ROAS = &r
	}
	return row
}
