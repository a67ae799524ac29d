package config

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

func TestDefault(t *testing.T) {
	got := Default()
	want := Config{
		HeadThreshold: 500_000,
		Currency:      "USD",
		Terms: outreach.DefaultTerms{
			Head:  outreach.Terms{SlotFee: outreach.Money{Minor: 20000, Currency: "USD"}, Commission: 1000},
			Micro: outreach.Terms{Commission: 1500, SampleQty: 1, DiscountPct: 15},
		},
		ContentDueDays: 14,
		Quota:          outreach.Quota{Weekly: 50, Reset: time.Sunday},
		FollowUps:      outreach.FollowUps{Days: []int{3, 7}, NoResponseDays: 14},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Default() =\n%+v\nwant\n%+v", got, want)
	}
	if got.HeadThreshold != outreach.DefaultHeadThreshold || got.ContentDueDays != outreach.DefaultContentDueDays ||
		got.Terms != outreach.StandardTerms() || !reflect.DeepEqual(got.FollowUps, outreach.DefaultFollowUps()) {
		t.Errorf("Default() %+v does not follow the outreach defaults", got)
	}
}

func TestExampleParsesToDefaults(t *testing.T) {
	got, err := Parse("example.toml", []byte(Example))
	if err != nil {
		t.Fatalf("Parse(Example): %v", err)
	}
	if want := Default(); !reflect.DeepEqual(got, want) {
		t.Errorf("Parse(Example) =\n%+v\nwant Default()\n%+v", got, want)
	}
	// Every key the file knows is in the example.
	for _, key := range []string{"currency", "head_threshold", "slot_fee", "commission", "sample_sku",
		"sample_qty", "sample_cost", "discount_pct", "content_due_days", "[tiers]", "[terms.head]", "[terms.micro]", "[samples]",
		"[quota]", "weekly", "daily", "reset", "[followups]", "after_days", "no_response_days",
		"[smtp]", "host", "port", "security", "username", "password_env", "password_file", "from"} {
		if !strings.Contains(Example, key) {
			t.Errorf("Example lacks %s", key)
		}
	}
}

func TestEmptyFileIsDefaults(t *testing.T) {
	for _, text := range []string{"", "# nothing\n", "[tiers]\n[terms.head]\n[terms.micro]\n[samples]\n", "[quota]\n[smtp]\n[followups]\n"} {
		got, err := Parse("c.toml", []byte(text))
		if err != nil {
			t.Fatalf("Parse(%q): %v", text, err)
		}
		if !reflect.DeepEqual(got, Default()) {
			t.Errorf("Parse(%q) = %+v, want the defaults", text, got)
		}
	}
}

// Each key changes its own field and nothing else.
func TestEveryKeyChangesItsField(t *testing.T) {
	usd := func(minor int64) outreach.Money { return outreach.Money{Minor: minor, Currency: "USD"} }
	tests := []struct {
		name string
		text string
		set  func(*Config)
	}{
		{"currency", `currency = "EUR"`, func(c *Config) { c.Currency = "EUR" }},
		{"currency lower case", `currency = "vnd"`, func(c *Config) { c.Currency = "VND" }},
		{"head_threshold", "[tiers]\nhead_threshold = 1000000", func(c *Config) { c.HeadThreshold = 1_000_000 }},
		{"head_threshold zero", "[tiers]\nhead_threshold = 0", func(c *Config) { c.HeadThreshold = 0 }},
		{"content_due_days", "[samples]\ncontent_due_days = 30", func(c *Config) { c.ContentDueDays = 30 }},
		{"content_due_days 1", "[samples]\ncontent_due_days = 1", func(c *Config) { c.ContentDueDays = 1 }},
		{"content_due_days 365", "[samples]\ncontent_due_days = 365", func(c *Config) { c.ContentDueDays = 365 }},

		{"head slot_fee", "[terms.head]\nslot_fee = \"350 USD\"", func(c *Config) { c.Terms.Head.SlotFee = usd(35000) }},
		{"head slot_fee in the configured currency", "currency = \"EUR\"\n[terms.head]\nslot_fee = \"99.50\"", func(c *Config) {
			c.Currency = "EUR"
			c.Terms.Head.SlotFee = outreach.Money{Minor: 9950, Currency: "EUR"}
		}},
		{"head commission", "[terms.head]\ncommission = \"12.5%\"", func(c *Config) { c.Terms.Head.Commission = 1250 }},
		{"head sample_sku", "[terms.head]\nsample_sku = \" KIT-1 \"", func(c *Config) { c.Terms.Head.SampleSKU = "KIT-1" }},
		{"head sample_qty", "[terms.head]\nsample_qty = 3", func(c *Config) { c.Terms.Head.SampleQty = 3 }},
		{"head sample_cost", "[terms.head]\nsample_cost = \"4.50 USD\"", func(c *Config) { c.Terms.Head.SampleUnitCost = usd(450) }},
		{"head discount_pct", "[terms.head]\ndiscount_pct = 20", func(c *Config) { c.Terms.Head.DiscountPct = 20 }},

		{"micro slot_fee", "[terms.micro]\nslot_fee = \"50 USD\"", func(c *Config) { c.Terms.Micro.SlotFee = usd(5000) }},
		{"micro commission", "[terms.micro]\ncommission = \"20%\"", func(c *Config) { c.Terms.Micro.Commission = 2000 }},
		{"micro commission as a fraction", "[terms.micro]\ncommission = \"0.08\"", func(c *Config) { c.Terms.Micro.Commission = 800 }},
		{"micro sample_sku", "[terms.micro]\nsample_sku = \"SERUM-30\"", func(c *Config) { c.Terms.Micro.SampleSKU = "SERUM-30" }},
		{"micro sample_qty", "[terms.micro]\nsample_qty = 2", func(c *Config) { c.Terms.Micro.SampleQty = 2 }},
		{"micro sample_qty zero", "[terms.micro]\nsample_qty = 0", func(c *Config) { c.Terms.Micro.SampleQty = 0 }},
		{"micro sample_cost", "[terms.micro]\nsample_cost = \"$3.20\"", func(c *Config) { c.Terms.Micro.SampleUnitCost = usd(320) }},
		{"micro discount_pct", "[terms.micro]\ndiscount_pct = 50", func(c *Config) { c.Terms.Micro.DiscountPct = 50 }},
		{"micro discount_pct zero", "[terms.micro]\ndiscount_pct = 0", func(c *Config) { c.Terms.Micro.DiscountPct = 0 }},
		{"dotted keys", "terms.micro.discount_pct = 5\nsamples.content_due_days = 7", func(c *Config) {
			c.Terms.Micro.DiscountPct = 5
			c.ContentDueDays = 7
		}},

		{"followups after_days", "[followups]\nafter_days = [2, 5]", func(c *Config) { c.FollowUps.Days = []int{2, 5} }},
		{"followups one", "[followups]\nafter_days = [4]", func(c *Config) { c.FollowUps.Days = []int{4} }},
		{"followups none", "[followups]\nafter_days = []", func(c *Config) { c.FollowUps.Days = []int{} }},
		{"followups none, give up at once", "[followups]\nafter_days = []\nno_response_days = 1", func(c *Config) {
			c.FollowUps = outreach.FollowUps{Days: []int{}, NoResponseDays: 1}
		}},
		{"no_response_days", "[followups]\nno_response_days = 30", func(c *Config) { c.FollowUps.NoResponseDays = 30 }},
		{"no_response_days 180", "[followups]\nno_response_days = 180", func(c *Config) { c.FollowUps.NoResponseDays = 180 }},
		{"followups both", "[followups]\nafter_days = [1, 90]\nno_response_days = 91", func(c *Config) {
			c.FollowUps = outreach.FollowUps{Days: []int{1, 90}, NoResponseDays: 91}
		}},
		{"smtp", "[smtp]\nhost = \"smtp.example.com\"\nfrom = \"o@example.com\"", func(c *Config) {
			c.SMTP = SMTP{Host: "smtp.example.com", Port: 587, Security: "starttls", From: "o@example.com"}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := Default()
			tt.set(&want)
			if reflect.DeepEqual(want, Default()) {
				t.Fatal("the case changes nothing")
			}
			got, err := Parse("c.toml", []byte(tt.text+"\n"))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Parse(%q) =\n%+v\nwant\n%+v", tt.text, got, want)
			}
		})
	}
}

func TestUnknownKey(t *testing.T) {
	text := strings.Replace(Example, "head_threshold", "head_treshold", 1)
	_, err := Parse("creatordesk.toml", []byte(text))
	const want = "creatordesk.toml:5:1: unknown key tiers.head_treshold"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
	for text, want := range map[string]string{
		"colour = \"red\"\n":                         "c.toml:1:1: unknown key colour",
		"\n[terms.mikro]\ncommission = \"5%\"\n":     "c.toml:2:2: unknown key terms.mikro",
		"[terms.head]\ndiscount_code = \"GLOW\"\n":   "c.toml:2:1: unknown key terms.head.discount_code",
		"[samples]\ncontent_due_days = 3\nx = 1\n":   "c.toml:3:1: unknown key samples.x",
		"[tiers]\n  head_threshold = 1\n  hed = 2\n": "c.toml:3:3: unknown key tiers.hed",
	} {
		if _, err := Parse("c.toml", []byte(text)); err == nil || err.Error() != want {
			t.Errorf("Parse(%q) error %v, want %s", text, err, want)
		}
	}
}

func TestSyntaxErrorNamesLineAndColumn(t *testing.T) {
	tests := []struct{ text, prefix string }{
		{"currency = \"USD\n", "c.toml:1:"},
		{"currency = \"USD\"\n\n[tiers\nhead_threshold = 5\n", "c.toml:3:"},
		{"[tiers]\nhead_threshold = 1\nhead_threshold = 2\n", "c.toml:3:"},
		{"[samples]\ncontent_due_days = \n", "c.toml:2:"},
		{"currency = USD\n", "c.toml:1:"},
	}
	pos := regexp.MustCompile(`^c\.toml:\d+:\d+: \S`)
	for _, tt := range tests {
		_, err := Parse("c.toml", []byte(tt.text))
		if err == nil {
			t.Errorf("Parse(%q): no error", tt.text)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, tt.prefix) || !pos.MatchString(msg) {
			t.Errorf("Parse(%q) error %q, want NAME:LINE:COL starting %q", tt.text, msg, tt.prefix)
		}
	}
}

// A value of the wrong TOML type is reported by its key, not by Go's name
// for the field.
func TestWrongTypeNamesKey(t *testing.T) {
	tests := []struct{ text, want string }{
		{"[tiers]\nhead_threshold = \"500000\"\n", "c.toml:2:18: tiers.head_threshold: expected a whole number, not a TOML string"},
		{"currency = 5\n", "c.toml:1:12: currency: expected a quoted string, not a TOML integer"},
		{"[terms.micro]\nsample_qty = \"2\"\n", "c.toml:2:14: terms.micro.sample_qty: expected a whole number, not a TOML string"},
		{"[terms.head]\ncommission = 10\n", "c.toml:2:14: terms.head.commission: expected a quoted string, not a TOML integer"},
		{"[followups]\nafter_days = 3\n", "c.toml:2:14: followups.after_days: expected a list, not a TOML integer"},
		{"[followups]\nafter_days = [3, \"7\"]\n", "c.toml:2:18: followups.after_days: expected a whole number, not a TOML string"},
		{"[smtp]\nport = \"587\"\n", "c.toml:2:8: smtp.port: expected a whole number, not a TOML string"},
		{"[smtp]\nhost = 1\n", "c.toml:2:8: smtp.host: expected a quoted string, not a TOML integer"},
	}
	for _, tt := range tests {
		_, err := Parse("c.toml", []byte(tt.text))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q) error %v\nwant %s", tt.text, err, tt.want)
		}
	}
}

func TestBadValuesNameKey(t *testing.T) {
	tests := []struct{ text, want string }{
		{"[tiers]\nhead_threshold = -1", `c.toml: tiers.head_threshold: negative`},
		{"[samples]\ncontent_due_days = 0", `c.toml: samples.content_due_days: 0 is outside 1–365`},
		{"[samples]\ncontent_due_days = 400", `c.toml: samples.content_due_days: 400 is outside 1–365`},
		{"[samples]\ncontent_due_days = -3", `c.toml: samples.content_due_days: -3 is outside 1–365`},
		{"[terms.head]\ncommission = \"90%\"", `c.toml: terms.head.commission: 90% is outside 1%–80%`},
		{"[terms.micro]\ncommission = \"0.5%\"", `c.toml: terms.micro.commission: 0.5% is outside 1%–80%`},
		{"[terms.micro]\ncommission = \"lots\"", `c.toml: terms.micro.commission: "lots" is not a rate`},
		{"[terms.micro]\ndiscount_pct = 60", `c.toml: terms.micro.discount_pct: 60% is outside 5–50%`},
		{"[terms.head]\ndiscount_pct = 2", `c.toml: terms.head.discount_pct: 2% is outside 5–50%`},
		{"[terms.head]\nslot_fee = \"abc\"", `c.toml: terms.head.slot_fee: `},
		{"[terms.micro]\nsample_cost = \"abc\"", `c.toml: terms.micro.sample_cost: `},
		{"[terms.micro]\nsample_qty = -1", `c.toml: terms.micro.sample_qty: negative`},
		{"currency = \"dollars\"", `c.toml: currency: "dollars" is not a currency code`},
		{"currency = \"US\"", `c.toml: currency: "US" is not a currency code`},
		{"currency = \"XYZ\"", `c.toml: currency: "XYZ" is not a currency code (use an ISO 4217 code such as USD, EUR or CNY)`},
		{"currency = \"xyz\"", `c.toml: currency: "xyz" is not a currency code`},
		{"currency = \"XXX\"", `c.toml: currency: "XXX" is not a currency code`}, // ISO 4217's "no currency"
	}
	for _, tt := range tests {
		_, err := Parse("c.toml", []byte(tt.text+"\n"))
		if err == nil {
			t.Errorf("Parse(%q): no error", tt.text)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, tt.want) {
			t.Errorf("Parse(%q) error\n%s\nwant it to start %s", tt.text, msg, tt.want)
		}
	}
}

// Notepad and other Windows editors start a UTF-8 file with a byte-order
// mark; the file means the same without it.
func TestByteOrderMarkAccepted(t *testing.T) {
	const bom = "\xEF\xBB\xBF"
	for _, text := range []string{bom + "currency = \"EUR\"\n", bom + "\r\ncurrency = \"EUR\"\r\n", bom + "# mine\ncurrency = \"EUR\"\n"} {
		cfg, err := Parse("c.toml", []byte(text))
		if err != nil || cfg.Currency != "EUR" {
			t.Errorf("Parse(%q) = %q, %v; want EUR and no error", text, cfg.Currency, err)
		}
	}
	if cfg, err := Parse("c.toml", []byte(bom+Example)); err != nil || !reflect.DeepEqual(cfg, Default()) {
		t.Errorf("Example with a BOM: %+v, %v", cfg, err)
	}
	// Only at the start: anywhere else it is a character TOML refuses.
	if _, err := Parse("c.toml", []byte("currency = \"EUR\"\n"+bom+"[tiers]\n")); err == nil || !strings.HasPrefix(err.Error(), "c.toml:2:") {
		t.Errorf("a BOM on line 2: %v", err)
	}
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(bom+"[quota]\nweekly = 500\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if cfg, err := Load(path); err != nil || cfg.Quota.Weekly != 500 {
		t.Errorf("Load(a file with a BOM) = %+v, %v", cfg.Quota, err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()

	cfg, err := Load(filepath.Join(dir, "missing.toml"))
	if err != nil || !reflect.DeepEqual(cfg, Default()) {
		t.Errorf("Load(missing) = %+v, %v; want the defaults and no error", cfg, err)
	}

	path := filepath.Join(dir, "creatordesk.toml")
	if err := os.WriteFile(path, []byte("[samples]\ncontent_due_days = 21\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err = Load(path)
	want := Default()
	want.ContentDueDays = 21
	if err != nil || !reflect.DeepEqual(cfg, want) {
		t.Errorf("Load = %+v, %v; want %+v", cfg, err, want)
	}

	// Errors in a loaded file name it.
	if err := os.WriteFile(path, []byte("\n[tiers]\nhead_treshold = 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err == nil || err.Error() != path+":3:1: unknown key tiers.head_treshold" {
		t.Errorf("Load(typo) error %v", err)
	}

	// A directory where the file should be is an error, not the defaults.
	sub := filepath.Join(dir, "sub.toml")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(sub); err == nil || !strings.Contains(err.Error(), sub) {
		t.Errorf("Load(directory) error %v, want one naming %s", err, sub)
	}
	// So is a path through a file.
	if _, err := Load(filepath.Join(path, "x.toml")); err == nil {
		t.Error("Load(path through a file): no error")
	}
}

func TestQuotaKeys(t *testing.T) {
	cfg, err := Parse("c.toml", []byte("[quota]\nweekly = 500\ndaily = 40\nreset = \"Monday\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Quota.Weekly != 500 || cfg.Quota.Daily != 40 || cfg.Quota.Reset != time.Monday {
		t.Errorf("quota %+v", cfg.Quota)
	}
	for _, bad := range []string{"[quota]\nweekly = -1\n", "[quota]\nreset = \"someday\"\n", "[quota]\ndaily = -2\n"} {
		if _, err := Parse("c.toml", []byte(bad)); err == nil || !strings.Contains(err.Error(), "quota.") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestFollowUpsErrors(t *testing.T) {
	tests := []struct{ text, want string }{
		{"after_days = [7, 3]", "c.toml: followups: follow-up 2 after 3 days: not later than follow-up 1"},
		{"after_days = [3, 3]", "c.toml: followups: follow-up 2 after 3 days: not later than follow-up 1"},
		{"after_days = [3, 7, 10]\nno_response_days = 20", "c.toml: followups: at most 2 follow-ups, not 3"},
		{"after_days = [0]", "c.toml: followups: follow-up 1 after 0 days: outside 1–90"},
		{"after_days = [-2, 7]", "c.toml: followups: follow-up 1 after -2 days: outside 1–90"},
		{"after_days = [3, 91]\nno_response_days = 100", "c.toml: followups: follow-up 2 after 91 days: outside 1–90"},
		{"no_response_days = 5", "c.toml: followups: no response after 5 days: must be after the last follow-up (day 7) and at most 180"},
		{"after_days = [3, 7]\nno_response_days = 7", "c.toml: followups: no response after 7 days: must be after the last follow-up (day 7) and at most 180"},
		{"after_days = [20]", "c.toml: followups: no response after 14 days: must be after the last follow-up (day 20) and at most 180"},
		{"no_response_days = 181", "c.toml: followups: no response after 181 days: must be after the last follow-up (day 7) and at most 180"},
		{"after_days = []\nno_response_days = 0", "c.toml: followups: no response after 0 days: must be after the last follow-up (day 0) and at most 180"},
		{"after_days = []\nno_response_days = -1", "c.toml: followups: no response after -1 days: must be after the last follow-up (day 0) and at most 180"},
	}
	for _, tt := range tests {
		_, err := Parse("c.toml", []byte("[followups]\n"+tt.text+"\n"))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q) error %v\nwant %s", tt.text, err, tt.want)
		}
	}
}
