package outreach

import (
	"strings"
	"testing"
)

func TestTermsValidate(t *testing.T) {
	usd := func(minor int64) Money { return Money{minor, "USD"} }
	tests := []struct {
		name    string
		terms   Terms
		wantErr string // "" means valid
	}{
		{"zero terms", Terms{}, ""},
		{"standard head", StandardTerms().Head, ""},
		{"standard micro", StandardTerms().Micro, ""},
		{"full head", Terms{SlotFee: usd(20000), Commission: 1000}, ""},
		{"full micro", Terms{SampleSKU: "SKU-1", SampleQty: 2, SampleUnitCost: usd(350), DiscountCode: "ANNA15", DiscountPct: 15, Commission: 1500}, ""},

		// Commission: 1%–80% when set.
		{"commission unset", Terms{Commission: 0}, ""},
		{"commission 0.01%", Terms{Commission: 1}, "commission: 0.01% is outside 1%–80%"},
		{"commission 0.99%", Terms{Commission: 99}, "commission: 0.99% is outside 1%–80%"},
		{"commission 1%", Terms{Commission: 100}, ""},
		{"commission 15%", Terms{Commission: 1500}, ""},
		{"commission 80%", Terms{Commission: 8000}, ""},
		{"commission 80.01%", Terms{Commission: 8001}, "commission: 80.01% is outside 1%–80%"},
		{"commission 100%", Terms{Commission: 10000}, "commission: 100% is outside"},
		{"commission negative", Terms{Commission: -150}, "commission: -1.5% is outside 1%–80%"},

		// Discount: 5–50% when set.
		{"discount unset", Terms{DiscountPct: 0}, ""},
		{"discount 4%", Terms{DiscountPct: 4}, "discount: 4% is outside 5–50%"},
		{"discount 5%", Terms{DiscountPct: 5}, ""},
		{"discount 50%", Terms{DiscountPct: 50}, ""},
		{"discount 51%", Terms{DiscountPct: 51}, "discount: 51% is outside 5–50%"},
		{"discount 100%", Terms{DiscountPct: 100}, "discount: 100%"},
		{"discount negative", Terms{DiscountPct: -10}, "discount: -10% is outside"},

		// Discount code.
		{"code unset", Terms{DiscountCode: ""}, ""},
		{"code 2", Terms{DiscountCode: "AB"}, ""},
		{"code 8", Terms{DiscountCode: "ABCD1234"}, ""},
		{"code 1", Terms{DiscountCode: "A"}, `discount code: "A" must be 2–8 characters`},
		{"code 9", Terms{DiscountCode: "ABCDEFGH9"}, "must be 2–8 characters"},
		{"code lower case", Terms{DiscountCode: "anna15"}, `discount code: "anna15" may hold only A–Z and 0–9`},
		{"code dash", Terms{DiscountCode: "AN-15"}, "may hold only A–Z and 0–9"},

		// Amounts.
		{"slot fee negative", Terms{SlotFee: usd(-1)}, "slot fee: negative"},
		{"slot fee no currency", Terms{SlotFee: Money{Minor: 20000}}, "slot fee: no currency"},
		{"slot fee zero no currency", Terms{SlotFee: Money{}}, ""},
		{"sample quantity negative", Terms{SampleQty: -1}, "sample quantity: negative"},
		{"sample cost negative", Terms{SampleUnitCost: usd(-500)}, "sample cost: negative"},
	}
	for _, tt := range tests {
		err := tt.terms.Validate()
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: Validate() = %v, want nil", tt.name, err)
		case tt.wantErr != "" && err == nil:
			t.Errorf("%s: Validate() = nil, want an error containing %q", tt.name, tt.wantErr)
		case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
			t.Errorf("%s: Validate() = %q, want it to contain %q", tt.name, err, tt.wantErr)
		}
	}
}

// TestTermsCommissionBounds sweeps every basis point around the limits.
func TestTermsCommissionBounds(t *testing.T) {
	for b := BasisPoints(-200); b <= 10200; b++ {
		ok := b == 0 || (b >= 100 && b <= 8000)
		if err := (Terms{Commission: b}).Validate(); (err == nil) != ok {
			t.Fatalf("Terms{Commission: %d}.Validate() = %v, want ok=%v", b, err, ok)
		}
	}
	for pct := -5; pct <= 105; pct++ {
		ok := pct == 0 || (pct >= 5 && pct <= 50)
		if err := (Terms{DiscountPct: pct}).Validate(); (err == nil) != ok {
			t.Fatalf("Terms{DiscountPct: %d}.Validate() = %v, want ok=%v", pct, err, ok)
		}
	}
}

func TestValidateDiscountCode(t *testing.T) {
	tests := []struct {
		code    string
		wantErr string
	}{
		{"AB", ""},
		{"A1", ""},
		{"12", ""},
		{"SPRING15", ""},
		{"ABCDEFGH", ""},
		{"", "must be 2–8 characters"},
		{"A", "must be 2–8 characters"},
		{"ABCDEFGHI", "must be 2–8 characters"},
		{"ab", "may hold only A–Z and 0–9"},
		{"Ab12", "may hold only A–Z and 0–9"},
		{"AB_1", "may hold only A–Z and 0–9"},
		{"AB 1", "may hold only A–Z and 0–9"},
		{"ÀB", "may hold only A–Z and 0–9"},
		{"ＡＢ", "may hold only A–Z and 0–9"}, // fullwidth: 6 bytes, still refused
		{"АВ", "may hold only A–Z and 0–9"}, // Cyrillic look-alikes
		{"优惠码", "may hold only"},            // 9 bytes but 3 characters: refused for the characters
		{"AB\n", "may hold only"},
	}
	for _, tt := range tests {
		err := ValidateDiscountCode(tt.code)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("ValidateDiscountCode(%q) = %v, want nil", tt.code, err)
		case tt.wantErr != "" && err == nil:
			t.Errorf("ValidateDiscountCode(%q) = nil, want an error", tt.code)
		case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
			t.Errorf("ValidateDiscountCode(%q) = %q, want it to contain %q", tt.code, err, tt.wantErr)
		}
	}
}

func TestNormalizeDiscountCode(t *testing.T) {
	for in, want := range map[string]string{
		" spring15 ": "SPRING15", "Anna15": "ANNA15", "": "", "AB": "AB", "\tab\n": "AB",
	} {
		got := NormalizeDiscountCode(in)
		if got != want {
			t.Errorf("NormalizeDiscountCode(%q) = %q, want %q", in, got, want)
		}
		if got != "" && len(got) >= 2 {
			if err := ValidateDiscountCode(got); err != nil {
				t.Errorf("ValidateDiscountCode(NormalizeDiscountCode(%q)) = %v", in, err)
			}
		}
	}
}

func TestDefaultTerms(t *testing.T) {
	d := StandardTerms()
	if got := d.For(Head); got != d.Head {
		t.Errorf("For(Head) = %+v, want %+v", got, d.Head)
	}
	for _, tier := range []Tier{Micro, "", "unknown"} {
		if got := d.For(tier); got != d.Micro {
			t.Errorf("For(%q) = %+v, want the micro terms", tier, got)
		}
	}
	if d.Head.SlotFee != (Money{20000, "USD"}) || d.Head.Commission != 1000 {
		t.Errorf("standard head terms = %+v, want a USD 200.00 slot fee and 10%%", d.Head)
	}
	if d.Micro.SampleQty != 1 || d.Micro.DiscountPct != 15 || d.Micro.Commission != 1500 {
		t.Errorf("standard micro terms = %+v", d.Micro)
	}
}

func TestTermsIsZero(t *testing.T) {
	if !(Terms{}).IsZero() {
		t.Error("Terms{}.IsZero() = false")
	}
	for _, tt := range []Terms{{Commission: 1}, {SampleSKU: "x"}, {SlotFee: Money{Currency: "USD"}}, {DiscountPct: 5}} {
		if tt.IsZero() {
			t.Errorf("%+v.IsZero() = true", tt)
		}
	}
}

func TestTermsOrAndIn(t *testing.T) {
	d := StandardTerms()
	set := Terms{Commission: 1200, SampleSKU: "S1"}
	got := set.Or(d.In(Micro, 0))
	if got.Commission != 1200 || got.SampleSKU != "S1" || got.SampleQty != 1 || got.DiscountPct != 15 {
		t.Errorf("set terms over micro defaults: %+v", got)
	}
	if got := (Terms{}).Or(d.In(Head, 1800)); got.Commission != 1800 || got.SlotFee != d.Head.SlotFee {
		t.Errorf("campaign commission over head defaults: %+v", got)
	}
	if got := (Terms{SlotFee: Money{Minor: 5000, Currency: "EUR"}}).Or(d.In(Head, 0)); got.SlotFee.Currency != "EUR" {
		t.Errorf("a set fee keeps its currency: %+v", got.SlotFee)
	}
}
