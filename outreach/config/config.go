// Package config reads creatordesk's configuration file (TOML). Every key is
// optional; a missing file means the defaults. Unknown keys and bad values
// are errors that name the file, line and key, so a typo never silently
// falls back to a default.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"creatordesk/outreach"
)

// Config is the parsed configuration.
type Config struct {
	// HeadThreshold: creators with more followers than this are head tier.
	HeadThreshold int64
	// Currency is assumed for amounts written without one.
	Currency string
	// Terms are the default terms of each tier.
	Terms outreach.DefaultTerms
	// ContentDueDays is the posting window after a sample arrives.
	ContentDueDays int
}

// Default is the configuration without a file.
func Default() Config {
	return Config{
		HeadThreshold:  outreach.DefaultHeadThreshold,
		Currency:       "USD",
		Terms:          outreach.StandardTerms(),
		ContentDueDays: outreach.DefaultContentDueDays,
	}
}

// file mirrors the TOML layout; amounts and rates are strings so people can
// write "200 USD" and "15%".
type file struct {
	Currency string `toml:"currency"`
	Tiers    struct {
		HeadThreshold *int64 `toml:"head_threshold"`
	} `toml:"tiers"`
	Terms struct {
		Head  termsFile `toml:"head"`
		Micro termsFile `toml:"micro"`
	} `toml:"terms"`
	Samples struct {
		ContentDueDays *int `toml:"content_due_days"`
	} `toml:"samples"`
}

type termsFile struct {
	SlotFee     *string `toml:"slot_fee"`
	Commission  *string `toml:"commission"`
	SampleSKU   *string `toml:"sample_sku"`
	SampleQty   *int    `toml:"sample_qty"`
	SampleCost  *string `toml:"sample_cost"`
	DiscountPct *int    `toml:"discount_pct"`
}

// Example is a complete configuration file with the defaults, for README
// and `creatordesk config`.
const Example = `# creatordesk configuration. Every key is optional.
currency = "USD"              # for amounts written without a currency

[tiers]
head_threshold = 500000       # more followers than this = head tier

[terms.head]                  # defaults frozen into a partnership
slot_fee = "200 USD"
commission = "10%"

[terms.micro]
commission = "15%"
sample_sku = ""
sample_qty = 1
sample_cost = "0 USD"
discount_pct = 15

[samples]
content_due_days = 14         # content is due this many days after delivery
`

// Load reads the file at path; a missing file gives the defaults.
func Load(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return Parse(path, data)
}

// Parse reads configuration text; name is used in error messages.
func Parse(name string, data []byte) (Config, error) {
	cfg := Default()
	var f file
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		var de *toml.DecodeError
		var sm *toml.StrictMissingError
		switch {
		case errors.As(err, &sm) && len(sm.Errors) > 0:
			e := sm.Errors[0]
			row, col := e.Position()
			return cfg, fmt.Errorf("%s:%d:%d: unknown key %s", name, row, col, strings.Join(e.Key(), "."))
		case errors.As(err, &de):
			row, col := de.Position()
			return cfg, fmt.Errorf("%s:%d:%d: %s", name, row, col, de.Error())
		}
		return cfg, fmt.Errorf("%s: %w", name, err)
	}
	bad := func(key string, err error) error { return fmt.Errorf("%s: %s: %w", name, key, err) }
	if f.Currency != "" {
		m, err := outreach.ParseMoney("0 "+f.Currency, "")
		if err != nil {
			return cfg, bad("currency", fmt.Errorf("%q is not a currency code", f.Currency))
		}
		cfg.Currency = m.Currency
	}
	if v := f.Tiers.HeadThreshold; v != nil {
		if *v < 0 {
			return cfg, bad("tiers.head_threshold", errors.New("negative"))
		}
		cfg.HeadThreshold = *v
	}
	if v := f.Samples.ContentDueDays; v != nil {
		if *v < 1 || *v > 365 {
			return cfg, bad("samples.content_due_days", fmt.Errorf("%d is outside 1–365", *v))
		}
		cfg.ContentDueDays = *v
	}
	var err error
	if cfg.Terms.Head, err = f.Terms.Head.apply(cfg.Terms.Head, cfg.Currency); err != nil {
		return cfg, bad("terms.head", err)
	}
	if cfg.Terms.Micro, err = f.Terms.Micro.apply(cfg.Terms.Micro, cfg.Currency); err != nil {
		return cfg, bad("terms.micro", err)
	}
	return cfg, nil
}

func (t termsFile) apply(base outreach.Terms, currency string) (outreach.Terms, error) {
	if t.SlotFee != nil {
		m, err := outreach.ParseMoney(*t.SlotFee, currency)
		if err != nil {
			return base, fmt.Errorf("slot_fee: %w", err)
		}
		base.SlotFee = m
	}
	if t.Commission != nil {
		r, err := outreach.ParseRate(*t.Commission)
		if err != nil {
			return base, fmt.Errorf("commission: %w", err)
		}
		base.Commission = r
	}
	if t.SampleSKU != nil {
		base.SampleSKU = strings.TrimSpace(*t.SampleSKU)
	}
	if t.SampleQty != nil {
		base.SampleQty = *t.SampleQty
	}
	if t.SampleCost != nil {
		m, err := outreach.ParseMoney(*t.SampleCost, currency)
		if err != nil {
			return base, fmt.Errorf("sample_cost: %w", err)
		}
		base.SampleUnitCost = m
	}
	if t.DiscountPct != nil {
		base.DiscountPct = *t.DiscountPct
	}
	return base, base.Validate()
}
