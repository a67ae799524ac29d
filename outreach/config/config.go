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
	"slices"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/currency"

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
	// Quota is TikTok's weekly ration of new creators, and a daily cap.
	Quota outreach.Quota
	// SMTP is the email channel; zero Host means email is not set up.
	SMTP SMTP
	// FollowUps is the sequence that chases unanswered invitations.
	FollowUps outreach.FollowUps
}

// Default is the configuration without a file.
func Default() Config {
	return Config{
		HeadThreshold:  outreach.DefaultHeadThreshold,
		Currency:       "USD",
		Terms:          outreach.StandardTerms(),
		ContentDueDays: outreach.DefaultContentDueDays,
		Quota:          outreach.DefaultQuota(),
		FollowUps:      outreach.DefaultFollowUps(),
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
	Quota struct {
		Weekly *int    `toml:"weekly"`
		Daily  *int    `toml:"daily"`
		Reset  *string `toml:"reset"`
	} `toml:"quota"`
	Samples struct {
		ContentDueDays *int `toml:"content_due_days"`
	} `toml:"samples"`
	SMTP struct {
		Host         *string `toml:"host"`
		Port         *int    `toml:"port"`
		Security     *string `toml:"security"`
		Username     *string `toml:"username"`
		PasswordEnv  *string `toml:"password_env"`
		PasswordFile *string `toml:"password_file"`
		From         *string `toml:"from"`
	} `toml:"smtp"`
	FollowUps struct {
		AfterDays      *[]int `toml:"after_days"`
		NoResponseDays *int   `toml:"no_response_days"`
	} `toml:"followups"`
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

[quota]                       # TikTok's weekly ration of new creators
weekly = 50                   # 0 = unlimited
daily = 0                     # your own daily cap; 0 = none
reset = "sunday"              # the weekday the quota resets

[followups]                   # chasing an invitation nobody answered
after_days = [3, 7]           # follow up this many days after it; [] = never
no_response_days = 14         # then the creator moves to no_response

# Email: remove the "# " from the lines below to send by email.
# [smtp]
# host = "smtp.example.com"
# port = 587
# security = "starttls"      # or "tls", or "none" for a local relay
# username = "outreach@example.com"
# password_env = "CREATORDESK_SMTP_PASSWORD"   # or password_file = a chmod 600 file
# from = "Outreach Team <outreach@example.com>"
`

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "sun": time.Sunday, "monday": time.Monday, "mon": time.Monday,
	"tuesday": time.Tuesday, "tue": time.Tuesday, "wednesday": time.Wednesday, "wed": time.Wednesday,
	"thursday": time.Thursday, "thu": time.Thursday, "friday": time.Friday, "fri": time.Friday,
	"saturday": time.Saturday, "sat": time.Saturday,
}

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
	// Windows editors save UTF-8 with a byte-order mark; TOML has none.
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		var de *toml.DecodeError
		var sm *toml.StrictMissingError
		switch {
		case errors.As(err, &sm) && len(sm.Errors) > 0:
			e := sm.Errors[0]
			// A password in the file matters more than any typo beside it.
			if i := slices.IndexFunc(sm.Errors, func(k toml.DecodeError) bool { return isPasswordKey(k.Key()) }); i >= 0 {
				e = sm.Errors[i]
				row, col := e.Position()
				return cfg, fmt.Errorf("%s:%d:%d: %s: passwords do not go in the config file; put it in an environment variable "+
					"named by smtp.password_env, or a 0600 file named by smtp.password_file", name, row, col, strings.Join(e.Key(), "."))
			}
			row, col := e.Position()
			return cfg, fmt.Errorf("%s:%d:%d: unknown key %s", name, row, col, strings.Join(e.Key(), "."))
		case errors.As(err, &de):
			row, col := de.Position()
			return cfg, fmt.Errorf("%s:%d:%d: %s", name, row, col, decodeMessage(de))
		}
		return cfg, fmt.Errorf("%s: %w", name, err)
	}
	bad := func(key string, err error) error { return fmt.Errorf("%s: %s: %w", name, key, err) }
	if f.Currency != "" {
		// ParseMoney takes any three letters (and RMB for CNY); ISO 4217
		// says which are currencies. XXX is its code for "no currency".
		m, err := outreach.ParseMoney("0 "+f.Currency, "")
		if err == nil {
			_, err = currency.ParseISO(m.Currency)
		}
		if err != nil || m.Currency == "XXX" {
			return cfg, bad("currency", fmt.Errorf("%q is not a currency code (use an ISO 4217 code such as USD, EUR or CNY)", f.Currency))
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
	if v := f.Quota.Weekly; v != nil {
		if *v < 0 {
			return cfg, bad("quota.weekly", errors.New("negative"))
		}
		cfg.Quota.Weekly = *v
	}
	if v := f.Quota.Daily; v != nil {
		if *v < 0 {
			return cfg, bad("quota.daily", errors.New("negative"))
		}
		cfg.Quota.Daily = *v
	}
	if v := f.Quota.Reset; v != nil {
		d, ok := weekdays[strings.ToLower(strings.TrimSpace(*v))]
		if !ok {
			return cfg, bad("quota.reset", fmt.Errorf("%q is not a weekday (sunday … saturday)", *v))
		}
		cfg.Quota.Reset = d
	}
	var err error
	var key string
	if cfg.Terms.Head, key, err = f.Terms.Head.apply(cfg.Terms.Head, cfg.Currency); err != nil {
		return cfg, bad("terms.head"+key, err)
	}
	if cfg.Terms.Micro, key, err = f.Terms.Micro.apply(cfg.Terms.Micro, cfg.Currency); err != nil {
		return cfg, bad("terms.micro"+key, err)
	}
	if err := applySMTP(&cfg.SMTP, f); err != nil {
		return cfg, fmt.Errorf("%s: %w", name, err)
	}
	if v := f.FollowUps.AfterDays; v != nil {
		cfg.FollowUps.Days = slices.Clone(*v)
	}
	if v := f.FollowUps.NoResponseDays; v != nil {
		cfg.FollowUps.NoResponseDays = *v
	}
	if err := cfg.FollowUps.Validate(); err != nil {
		return cfg, fmt.Errorf("%s: followups: %w", name, err)
	}
	return cfg, nil
}

// decodeMessage is a decoding error's message. A value of the wrong type is
// described by its TOML key, not by the Go field go-toml names.
func decodeMessage(de *toml.DecodeError) string {
	msg := strings.TrimPrefix(de.Error(), "toml: ")
	key := strings.Join(de.Key(), ".")
	rest, ok := strings.CutPrefix(msg, "cannot decode TOML ")
	if !ok || key == "" {
		return msg
	}
	got, _, _ := strings.Cut(rest, " ")
	want := "a value of another type"
	if i := strings.LastIndex(rest, " of type "); i >= 0 {
		switch typ := rest[i+len(" of type "):]; {
		case strings.HasPrefix(typ, "int"):
			want = "a whole number"
		case typ == "string":
			want = "a quoted string"
		case strings.HasPrefix(typ, "struct"):
			want = "a table"
		case strings.HasPrefix(typ, "[]"):
			want = "a list"
		}
	}
	return fmt.Sprintf("%s: expected %s, not a TOML %s", key, want, got)
}

// apply sets the terms the file gives on base and checks them; an error
// comes with the key it is about (".commission"), or "" for the whole table.
func (t termsFile) apply(base outreach.Terms, currency string) (outreach.Terms, string, error) {
	if t.SlotFee != nil {
		m, err := outreach.ParseMoney(*t.SlotFee, currency)
		if err != nil {
			return base, ".slot_fee", err
		}
		base.SlotFee = m
		if err := (outreach.Terms{SlotFee: m}).Validate(); err != nil {
			return base, ".slot_fee", reason(err)
		}
	}
	if t.Commission != nil {
		r, err := outreach.ParseRate(*t.Commission)
		if err != nil {
			return base, ".commission", err
		}
		base.Commission = r
		if err := (outreach.Terms{Commission: r}).Validate(); err != nil {
			return base, ".commission", reason(err)
		}
	}
	if t.SampleSKU != nil {
		base.SampleSKU = strings.TrimSpace(*t.SampleSKU)
	}
	if t.SampleQty != nil {
		base.SampleQty = *t.SampleQty
		if err := (outreach.Terms{SampleQty: base.SampleQty}).Validate(); err != nil {
			return base, ".sample_qty", reason(err)
		}
	}
	if t.SampleCost != nil {
		m, err := outreach.ParseMoney(*t.SampleCost, currency)
		if err != nil {
			return base, ".sample_cost", err
		}
		if m.Minor == 0 {
			// A free sample has no cost to price: "0 USD" is the default,
			// which has no currency.
			m = outreach.Money{}
		}
		base.SampleUnitCost = m
		if err := (outreach.Terms{SampleUnitCost: m}).Validate(); err != nil {
			return base, ".sample_cost", reason(err)
		}
	}
	if t.DiscountPct != nil {
		base.DiscountPct = *t.DiscountPct
		if err := (outreach.Terms{DiscountPct: base.DiscountPct}).Validate(); err != nil {
			return base, ".discount_pct", reason(err)
		}
	}
	return base, "", base.Validate()
}

// reason drops the label Terms.Validate puts first ("discount: 60% is
// outside 5–50%"), since the message names the key instead.
func reason(err error) error {
	if _, r, ok := strings.Cut(err.Error(), ": "); ok {
		return errors.New(r)
	}
	return err
}
