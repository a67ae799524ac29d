package cli

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"creatordesk/outreach"
	"creatordesk/store"
)

const editClock = "CREATORDESK_NOW=2026-12-08T10:00:00Z"

// editEnv is a database with a campaign Glow, at a fixed clock.
func editEnv(t *testing.T) *env {
	e := newEnv(t)
	e.extra = append(e.extra, editClock)
	e.create()
	e.must("campaign", "add", "Glow")
	return e
}

func wantRun(t *testing.T, r result, code int, stdout string, stderr ...string) {
	t.Helper()
	if r.code != code || (stdout != "*" && r.stdout != stdout) {
		t.Errorf("exit %d, stdout %q; want exit %d, stdout %q (stderr %q)", r.code, r.stdout, code, stdout, r.stderr)
	}
	for _, s := range stderr {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr %q lacks %q", r.stderr, s)
		}
	}
}

func showJSON(t *testing.T, e *env, handle string) creatorJSON {
	t.Helper()
	r := e.must("creator", "show", handle, "--json")
	var c creatorJSON
	if err := json.Unmarshal([]byte(r.stdout), &c); err != nil {
		t.Fatalf("creator show --json: %v\n%s", err, r.stdout)
	}
	return c
}

func TestCreatorAddAndSet(t *testing.T) {
	e := editEnv(t)
	wantRun(t, e.run("creator", "add", "@Anna.V", "--name", "Anna V", "--followers", "1.2M", "--email", "anna@Example.com",
		"--region", "us", "--campaign", "glow"), 0,
		"added @anna.v: name Anna V, followers 1200000, email anna@example.com, region US, tier head (auto), prospect in Glow\n")
	wantRun(t, e.run("creator", "add", "anna.v"), 1, "", "@anna.v is already in creatordesk")

	wantRun(t, e.run("creator", "set", "anna.v", "--email", "old@x.com", "--tier", "micro", "--phone", "+44 7700 900431"), 0,
		"@anna.v: email anna@example.com → old@x.com, phone (none) → +44 7700 900431, tier head (auto) → micro\n")
	wantRun(t, e.run("creator", "set", "ANNA.V", "--email", "old@x.com"), 0, "@anna.v: nothing to change\n")
	// An empty value clears; a flag not given leaves its field alone.
	wantRun(t, e.run("creator", "set", "anna.v", "--email", ""), 0, "@anna.v: email old@x.com → (none)\n")
	c := showJSON(t, e, "anna.v")
	if c.Email != "" || c.Phone != "+44 7700 900431" || c.Tier != "micro" || !c.TierManual || c.DisplayName != "Anna V" {
		t.Errorf("after set: %+v", c)
	}
	wantRun(t, e.run("creator", "set", "anna.v", "--tier", "auto", "--followers", "12.5万"), 0,
		"@anna.v: followers 1200000 → 125000, tier micro → micro (auto)\n")

	// Misuse names the field and exits 2; nothing changes.
	wantRun(t, e.run("creator", "set", "anna.v", "--email", "not mail"), 2, "", "creatordesk: --email: ", "not mail", "Run 'creatordesk --help'")
	wantRun(t, e.run("creator", "set", "anna.v", "--tier", "mega"), 2, "", "--tier: ", "use head, micro or auto")
	wantRun(t, e.run("creator", "set", "anna.v"), 2, "", "name a field to change")
	wantRun(t, e.run("creator", "add", "@@"), 2, "", "handle")
	wantRun(t, e.run("creator", "add", "bob", "--followers", "lots"), 2, "", "--followers: ")
	if c := showJSON(t, e, "anna.v"); c.Tier != "micro" || c.TierManual || *c.Followers != 125000 {
		t.Errorf("refused sets changed @anna.v: %+v", c)
	}
	// Unknown handles and campaigns are named.
	wantRun(t, e.run("creator", "set", "bob", "--email", "bob@example.com"), 1, "", "no creator @bob")
	wantRun(t, e.run("creator", "add", "cara", "--campaign", "Nope"), 1, "", "@cara not added", `no campaign named "Nope"`)
	wantRun(t, e.run("creator", "show", "cara"), 1, "", "no creator @cara")
	wantRun(t, e.run("creator", "show", "bob"), 1, "", "no creator @bob")
	wantRun(t, e.run("history", "anna.v", "--campaign", "Nope"), 1, "", "@anna.v", `no campaign named "Nope"`)
	wantRun(t, e.run("history", "bob"), 1, "", "no creator @bob")
	wantRun(t, e.run("creator"), 2, "", "needs a subcommand")
}

func TestHistoryPrintsEveryChangeNewestFirst(t *testing.T) {
	e := editEnv(t)
	e.must("campaign", "add", "Spring")
	e.must("creator", "add", "anna", "--followers", "5000", "--campaign", "Glow")
	e.must("stage", "anna", "invited", "--campaign", "Spring", "--note", "DM \x1b[2Jsent")
	e.must("creator", "set", "anna", "--name", "Anna \u202eV", "--category", strings.Repeat("long category ", 7))
	e.must("code", "anna", "--campaign", "Glow")

	r := e.must("history", "anna")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	for _, l := range lines {
		if strings.ContainsRune(l, '\x1b') || strings.ContainsRune(l, '\u202e') {
			t.Errorf("a raw control character in %q", l)
		}
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("%d cells: %q", w, l)
		}
	}
	if len(lines) < 8 {
		t.Fatalf("history:\n%s", r.stdout)
	}
	got := strings.Join(lines, "\n")
	for _, w := range []string{
		"Glow · discount code (none) → ",
		"cli        category\n    old: (none)\n    new: long category long category",
		`name (none) → Anna \u202eV`, // fields in the user's words
		`Spring · stage prospect → invited — DM \x1b[2Jsent`,
		"Glow · stage (none) → prospect — added by hand",
		"followers (none) → 5000",
		"creator @anna — added",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("history lacks %q:\n%s", w, got)
		}
	}
	// Newest first: the code last given is on top, the addition at the end.
	if !strings.Contains(lines[0], "discount code") || !strings.HasSuffix(lines[len(lines)-1], "creator @anna — added") {
		t.Errorf("not newest first:\n%s", got)
	}
	if !strings.HasPrefix(lines[0], "2026-12-08 10:00  cli        ") {
		t.Errorf("row %q: want when and who first", lines[0])
	}

	// --campaign keeps that campaign's rows.
	r = e.must("history", "@ANNA", "--campaign", "spring")
	if n := strings.Count(r.stdout, "\n"); n != 2 || strings.Count(r.stdout, "Spring · stage") != 2 {
		t.Errorf("--campaign spring:\n%s", r.stdout)
	}

	// --json: every value whole, escapes as JSON escapes.
	r = e.must("history", "anna", "--json")
	if strings.ContainsRune(r.stdout, '\x1b') {
		t.Errorf("raw ESC in --json")
	}
	var h struct {
		Handle   string      `json:"handle"`
		Campaign string      `json:"campaign"`
		History  []entryJSON `json:"history"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &h); err != nil {
		t.Fatalf("history --json: %v\n%s", err, r.stdout)
	}
	if h.Handle != "anna" || h.Campaign != "" || len(h.History) != len(lines)-2 {
		t.Errorf("history --json: %s, %q, %d entries (text has %d lines, one row on three)", h.Handle, h.Campaign, len(h.History), len(lines))
	}
	if cat := h.History[1]; cat.Field != "category" || cat.New != strings.TrimSpace(strings.Repeat("long category ", 7)) ||
		cat.Who != "cli" || cat.At != "2026-12-08T10:00:00Z" || cat.Change == 0 || cat.Change != h.History[2].Change {
		t.Errorf("category entry %+v (the name's %+v)", cat, h.History[2])
	}
	if mv := h.History[3]; mv.Field != "stage" || mv.Campaign != "Spring" || mv.Old != "prospect" || mv.New != "invited" ||
		mv.Note != "DM \x1b[2Jsent" {
		t.Errorf("move entry %+v", mv)
	}
	r = e.must("history", "anna", "--json", "--campaign", "SPRING")
	if err := json.Unmarshal([]byte(r.stdout), &h); err != nil || h.Campaign != "Spring" || len(h.History) != 2 {
		t.Errorf("--json --campaign: %+v, %v", h, err)
	}
}

// A creator with nothing recorded: the JSON is still whole, the text says so.
func TestHistoryOfNothing(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", fixture("kalodata_en.csv"))
	r := e.must("history", "anna_1")
	if r.stdout != "" || !strings.Contains(r.stderr, "@anna_1: nothing recorded") {
		t.Errorf("stdout %q, stderr %q", r.stdout, r.stderr)
	}
	r = e.must("history", "anna_1", "--json")
	var h map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &h); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if hs, ok := h["history"].([]any); !ok || len(hs) != 0 {
		t.Errorf("history %#v", h["history"])
	}
	if r := e.must("creator", "show", "anna_1"); !strings.Contains(r.stdout, "history (newest first)\n  nothing recorded\n") {
		t.Errorf("show:\n%s", r.stdout)
	}
}

func TestCreatorShow(t *testing.T) {
	e := editEnv(t)
	e.must("creator", "add", "anna", "--name", "Anna", "--followers", "500001", "--email", "anna@example.com", "--region", "GB",
		"--category", "beauty", "--campaign", "Glow")
	e.must("stage", "anna", "partnered", "--note", "yes")
	r := e.must("creator", "show", "anna")
	for _, l := range strings.Split(r.stdout, "\n") {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("%d cells: %q", w, l)
		}
	}
	for _, w := range []string{
		"@anna  Anna\n",
		"  tier          head (by followers)\n",
		"  followers     500,001\n",
		"  email         anna@example.com\n",
		"  phone         (none)\n",
		"  region        GB\n",
		"campaigns (1)\n  Glow: partnered since 2026-12-08 10:00 (furthest: partnered)\n",
		"    commission 10%\n    slot fee USD 200.00\n",
		"history (newest first)\n",
		"  2026-12-08 10:00  cli        Glow · stage prospect → partnered — yes\n",
		"  2026-12-08 10:00  cli        creator @anna — added\n",
	} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("show lacks %q:\n%s", w, r.stdout)
		}
	}
}

// The --json shape is documented (README): these keys, in this order.
func TestCreatorShowJSONShape(t *testing.T) {
	e := editEnv(t)
	e.must("creator", "add", "anna", "--followers", "5000", "--campaign", "Glow", "--email", "anna@example.com")
	e.must("stage", "anna", "partnered")
	r := e.must("creator", "show", "anna", "--json")
	keys := func(raw json.RawMessage) []string {
		t.Helper()
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		var out []string
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			t.Fatalf("not an object: %s", raw)
		}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, tok.(string))
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	want := []string{"handle", "display_name", "followers", "avg_views", "engagement_bp", "gmv_30d_minor", "gmv_30d_currency",
		"email", "phone", "region", "category", "tier", "tier_manual", "tags", "notes", "do_not_contact", "dnc_reason", "dnc_at",
		"created_at", "updated_at", "last_contact_at", "profile_url", "campaigns", "history"}
	if got := keys(json.RawMessage(r.stdout)); !slices.Equal(got, want) {
		t.Errorf("keys\n  %q\nwant\n  %q", got, want)
	}
	var doc struct {
		Campaigns []json.RawMessage `json:"campaigns"`
		History   []json.RawMessage `json:"history"`
		Tags      []string          `json:"tags"`
		Followers *int64            `json:"followers"`
		AvgViews  *int64            `json:"avg_views"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Tags == nil || doc.Followers == nil || *doc.Followers != 5000 || doc.AvgViews != nil || len(doc.Campaigns) != 1 || len(doc.History) == 0 {
		t.Fatalf("document %s", r.stdout)
	}
	if got, want := keys(doc.Campaigns[0]), []string{"campaign", "stage", "furthest", "stage_at", "invited_at", "terms", "samples"}; !slices.Equal(got, want) {
		t.Errorf("campaign keys %q, want %q", got, want)
	}
	var camp struct {
		Terms   json.RawMessage `json:"terms"`
		Samples []any           `json:"samples"`
	}
	if err := json.Unmarshal(doc.Campaigns[0], &camp); err != nil || camp.Samples == nil {
		t.Fatalf("campaign %s, %v", doc.Campaigns[0], err)
	}
	if got, want := keys(camp.Terms), []string{"commission_bp", "slot_fee_minor", "slot_fee_currency", "sample_sku", "sample_qty",
		"sample_unit_cost_minor", "sample_currency", "discount_code", "discount_pct"}; !slices.Equal(got, want) {
		t.Errorf("terms keys %q, want %q", got, want)
	}
	if got, want := keys(doc.History[0]), []string{"id", "change", "at", "who", "campaign", "field", "old", "new", "note", "ref"}; !slices.Equal(got, want) {
		t.Errorf("history keys %q, want %q", got, want)
	}
}

// Samples come from the dashboard: their keys, from the same code.
func TestCreatorJSONSampleKeys(t *testing.T) {
	at := time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC)
	c := toCreatorJSON(outreach.Creator{Handle: "anna", Tier: outreach.Micro}, []store.Pipeline{{Campaign: "Glow",
		Samples: []outreach.Shipment{{ID: 7, SKU: "SERUM-1", Qty: 2, Status: outreach.SampleInTransit, ShippedAt: at, Tracking: "1Z"}}}})
	b, err := marshalJSON(c.Campaigns[0].Samples[0], "")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := []string{"id", "sku", "qty", "unit_cost_minor", "currency", "status", "carrier", "tracking", "created_at", "shipped_at",
		"delivered_at", "content_due_at", "content_posted_at", "video_url"}
	if len(m) != len(want) {
		t.Errorf("sample %s: %d keys, want %d", b, len(m), len(want))
	}
	for _, k := range want {
		if _, ok := m[k]; !ok {
			t.Errorf("sample %s lacks %q", b, k)
		}
	}
	if m["shipped_at"] != "2026-12-08T10:00:00Z" || m["delivered_at"] != "" || m["status"] != "shipped" || m["qty"] != float64(2) {
		t.Errorf("sample %s", b)
	}
}

// A first creator added by hand makes the database, as a first import does.
func TestCreatorAddMakesTheDatabase(t *testing.T) {
	e := newEnv(t)
	e.extra = append(e.extra, editClock)
	wantRun(t, e.run("creator", "set", "anna", "--email", "a@x.com"), 1, "", "no database")
	wantRun(t, e.run("creator", "add", "anna", "--email", "a@x.com"), 0, "added @anna: email a@x.com, tier micro (auto)\n")
	if c := showJSON(t, e, "anna"); c.Email != "a@x.com" {
		t.Errorf("after add: %+v", c)
	}
}

// creator add makes a new database only when it adds someone: a bad
// value, or a campaign a new database cannot hold, on a mistyped --db
// leaves nothing behind (it used to leave an empty database).
func TestCreatorAddRefusedMakesNoDatabase(t *testing.T) {
	e := newEnv(t)
	typo := filepath.Join(e.home, "nodir", "typo.db")
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"anna", "--email", "not mail"}, 2, "--email"},
		{[]string{"anna", "--followers", "-5"}, 2, "--followers"},
		{[]string{"anna", "--tier", "giant"}, 2, "--tier"},
		{[]string{"anna", "--campaign", "Glow"}, 1, "no database at " + typo},
	} {
		r := e.run(append([]string{"--db", typo, "creator", "add"}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stderr, c.says) {
			t.Errorf("creator add %v: exit %d %q, want exit %d saying %q", c.args, r.code, r.stderr, c.code, c.says)
		}
		if _, err := os.Stat(filepath.Join(e.home, "nodir")); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("creator add %v made %s", c.args, filepath.Join(e.home, "nodir"))
		}
	}
	// Adding someone makes it, in the default campaign too.
	e.must("--db", typo, "creator", "add", "anna", "--campaign", "default")
	if r := e.must("--db", typo, "creator", "show", "anna"); !strings.Contains(r.stdout, "default: prospect") {
		t.Errorf("creator show after adding into a new database:\n%s", r.stdout)
	}
}
