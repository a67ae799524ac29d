package outreach

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Commission limits of TikTok Shop affiliate plans.
const (
	MinCommission BasisPoints = 100  // 1%
	MaxCommission BasisPoints = 8000 // 80%
	MinDiscount               = 5    // percent off
	MaxDiscount               = 50
)

// Terms are what a creator is offered in one campaign. Head creators get a
// slot fee and commission; micro creators a free sample and a discount code.
// Fields that do not apply to the tier stay zero.
type Terms struct {
	SlotFee    Money
	Commission BasisPoints

	SampleSKU      string
	SampleQty      int
	SampleUnitCost Money

	DiscountCode string
	DiscountPct  int // whole percent off, 5–50
}

// IsZero reports whether no term has been set.
func (t Terms) IsZero() bool { return t == Terms{} }

// Validate checks each set field against the platform's limits.
func (t Terms) Validate() error {
	if t.SlotFee.Minor < 0 {
		return fmt.Errorf("slot fee: negative")
	}
	if t.SlotFee.Minor > 0 && t.SlotFee.Currency == "" {
		return fmt.Errorf("slot fee: no currency")
	}
	if t.Commission != 0 && (t.Commission < MinCommission || t.Commission > MaxCommission) {
		return fmt.Errorf("commission: %s is outside %s–%s", t.Commission, MinCommission, MaxCommission)
	}
	if t.SampleQty < 0 {
		return fmt.Errorf("sample quantity: negative")
	}
	if t.SampleUnitCost.Minor < 0 {
		return fmt.Errorf("sample cost: negative")
	}
	if t.DiscountCode != "" {
		if err := ValidateDiscountCode(t.DiscountCode); err != nil {
			return fmt.Errorf("discount code: %w", err)
		}
	}
	if t.DiscountPct != 0 && (t.DiscountPct < MinDiscount || t.DiscountPct > MaxDiscount) {
		return fmt.Errorf("discount: %d%% is outside %d–%d%%", t.DiscountPct, MinDiscount, MaxDiscount)
	}
	return nil
}

// ValidateDiscountCode checks a promo code: 2–8 of A–Z and 0–9.
func ValidateDiscountCode(code string) error {
	if n := utf8.RuneCountInString(code); n < 2 || n > 8 { // characters, not bytes
		return fmt.Errorf("%q must be 2–8 characters", code)
	}
	for _, r := range code {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return fmt.Errorf("%q may hold only A–Z and 0–9", code)
		}
	}
	return nil
}

// NormalizeDiscountCode upper-cases and trims a code typed by a person.
func NormalizeDiscountCode(s string) string {
	return strings.ToUpper(strings.TrimSpace(s))
}

// DefaultTerms holds the starting terms of each tier; the configuration file
// overrides them.
type DefaultTerms struct {
	Head  Terms
	Micro Terms
}

// StandardTerms are creatordesk's defaults before any configuration.
func StandardTerms() DefaultTerms {
	return DefaultTerms{
		Head:  Terms{SlotFee: Money{Minor: 20000, Currency: "USD"}, Commission: 1000},
		Micro: Terms{SampleQty: 1, Commission: 1500, DiscountPct: 15},
	}
}

// For returns the default terms of a tier.
func (d DefaultTerms) For(t Tier) Terms {
	if t == Head {
		return d.Head
	}
	return d.Micro
}

// Or fills every term t leaves unset from d: terms set for a creator win,
// the defaults cover the rest. An amount comes with its currency.
func (t Terms) Or(d Terms) Terms {
	if t.SlotFee.Minor == 0 {
		t.SlotFee = d.SlotFee
	}
	if t.Commission == 0 {
		t.Commission = d.Commission
	}
	if t.SampleSKU == "" {
		t.SampleSKU = d.SampleSKU
	}
	if t.SampleQty == 0 {
		t.SampleQty = d.SampleQty
	}
	if t.SampleUnitCost.Minor == 0 {
		t.SampleUnitCost = d.SampleUnitCost
	}
	if t.DiscountCode == "" {
		t.DiscountCode = d.DiscountCode
	}
	if t.DiscountPct == 0 {
		t.DiscountPct = d.DiscountPct
	}
	return t
}

// In returns the default terms of a tier in a campaign: the campaign's
// commission, when it has one, replaces the tier's.
func (d DefaultTerms) In(t Tier, campaignCommission BasisPoints) Terms {
	terms := d.For(t)
	if campaignCommission != 0 {
		terms.Commission = campaignCommission
	}
	return terms
}
