package ui

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
	"creatordesk/ui/pages/dashboard"
)

func TestGoldenDashboard(t *testing.T) {
	t.Parallel()
	rootGoldenSizes(t, "dashboard", [][2]int{{80, 24}, {160, 48}, {200, 50}}, func(t *testing.T, a *App) {})
}

// ? on the Dashboard: what each figure counts, in place of the figures.
func TestGoldenDashboardExplained(t *testing.T) {
	t.Parallel()
	rootGoldenSizes(t, "dashboard-explained", [][2]int{{80, 24}, {200, 50}}, func(t *testing.T, a *App) {
		rootPress(t, a, "?")
	})
}

// dashboardFunnelLine is how the dashboard draws one funnel step's count.
func dashboardFunnelLine(label string, n int64) string {
	return common.Fit(" "+label, 10) + common.FitRight(common.Grouped(n), 7)
}

// dashboardCheckFigures fails unless the screen shows the store's funnel
// and tiles for the campaign in view.
func dashboardCheckFigures(t *testing.T, a *App, s *store.Store, campaign string) {
	t.Helper()
	ctx := context.Background()
	f, err := s.Funnel(ctx, campaign)
	if err != nil {
		t.Fatal(err)
	}
	got := rootScreen(a)
	for _, tier := range outreach.Tiers {
		ft := f.ByTier[tier]
		// The tier's block: its name, then its four steps.
		at := strings.Index(got, "\n"+string(tier)+" ")
		if at < 0 {
			at = strings.Index(got, "\n"+string(tier)+"\n")
		}
		if at < 0 {
			t.Fatalf("%s: no %s block:\n%s", campaign, tier, got)
		}
		block := got[at:]
		for _, step := range []struct {
			label string
			n     int64
		}{{"invited", ft.Invited}, {"replied", ft.Replied}, {"partnered", ft.Partnered}, {"posted", ft.ContentPosted}} {
			if want := dashboardFunnelLine(step.label, step.n); !strings.Contains(block, want) {
				t.Errorf("%q %s: no %q:\n%s", campaign, tier, want, got)
			}
		}
	}
	if want := common.Percent(f.All.ReplyRate()); !strings.Contains(got, "reply rate") || !strings.Contains(got, want) {
		t.Errorf("%q: reply rate %s not shown:\n%s", campaign, want, got)
	}
}

func TestDashboardShowsTheStoresFigures(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		a := rootStart(t, rootApp(s, true), size[0], size[1])
		dashboardCheckFigures(t, a, s, "")
	}
}

func TestDashboardCampaignCycles(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	cs, err := s.Campaigns(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) < 3 {
		t.Fatalf("demo has %d campaigns", len(cs))
	}
	a := rootStart(t, rootApp(s, true), 160, 48)
	for _, c := range append(cs, outreach.Campaign{}) {
		rootPress(t, a, "c")
		name := c.Name
		if name == "" {
			name = "all campaigns"
		}
		if a.ctx.Campaign != c.Name {
			t.Fatalf("c: campaign %q, want %q", a.ctx.Campaign, c.Name)
		}
		got := rootScreen(a)
		bar := strings.SplitN(got, "\n", 2)[0]
		if !strings.Contains(bar, "c "+name) {
			t.Errorf("tab bar does not name %q: %q", name, bar)
		}
		if !strings.Contains(got, "campaign: "+name) {
			t.Errorf("status does not say campaign: %s", name)
		}
		dashboardCheckFigures(t, a, s, c.Name)
	}
}

// Until the store answers, the dashboard draws placeholders.
func TestDashboardLoading(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootApp(s, true)
	a.Init() // commands not run: nothing answered yet
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	got := rootScreen(a)
	for _, want := range []string{"creators", "…", "funnel …", "trend …"} {
		if !strings.Contains(got, want) {
			t.Errorf("loading screen lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "No creators yet") {
		t.Errorf("loading looks like an empty database:\n%s", got)
	}
}

// Answers to an older load are dropped.
func TestDashboardDropsStaleAnswers(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 100, 30)
	before := rootScreen(a)
	for _, msg := range dashboard.StaleAnswers(a.pages[0]) {
		a.Update(msg)
	}
	if got := rootScreen(a); got != before {
		t.Errorf("stale answers changed the screen:\n%s", got)
	}
}

func TestDashboardEmptyState(t *testing.T) {
	t.Parallel()
	s := rootStore(t, false)
	a := rootStart(t, rootApp(s, true), 100, 30)
	got := rootScreen(a)
	for _, want := range []string{"No creators yet.", "i  import a CSV file or an .xlsx workbook", "d  open the demo data", "i import CSV", "d open demo data"} {
		if !strings.Contains(got, want) {
			t.Errorf("empty state lacks %q:\n%s", want, got)
		}
	}
	// No demo configured: d says so.
	rootPress(t, a, "d")
	if got := rootScreen(a); !strings.Contains(got, "no demo database is configured") {
		t.Errorf("d without a demo:\n%s", got)
	}
}

func TestDashboardOpensTheDemo(t *testing.T) {
	t.Parallel()
	empty := rootStore(t, false)
	demoDB := rootStore(t, true)
	opened := 0
	dark := true
	a := New(Options{Store: empty, Now: rootNow, Dark: &dark, OpenDemo: func(context.Context) (*store.Store, error) {
		opened++
		return demoDB, nil
	}})
	rootStart(t, a, 100, 30)
	rootPress(t, a, "d")
	if opened != 1 || a.ctx.Store != demoDB {
		t.Fatalf("d: opened %d times, store switched %v", opened, a.ctx.Store == demoDB)
	}
	got := rootScreen(a)
	if !strings.Contains(got, "opened "+demoDB.Path()) || !strings.Contains(got, "300  45 head · 255 micro") {
		t.Errorf("after d:\n%s", got)
	}
	// The store it replaced was closed.
	if _, err := empty.CountCreators(context.Background()); err == nil {
		t.Error("the empty store is still open")
	}
	// With creators, d does nothing.
	rootPress(t, a, "d")
	if opened != 1 {
		t.Errorf("d opened the demo again on a full database")
	}
}

func TestDashboardImportFromTheEmptyState(t *testing.T) {
	t.Parallel()
	s := rootStore(t, false)
	a := rootStart(t, rootApp(s, true), 100, 30)
	rootPress(t, a, "i")
	if a.dialogs.Len() == 0 || !a.typing() {
		t.Fatal("i: no prompt")
	}
	rootType(t, a, filepath.Join("..", "testdata", "csv", "kalodata_en.csv"))
	rootPress(t, a, "enter")
	got := rootScreen(a)
	if !strings.Contains(got, "imported 7 new, updated 0, skipped 0") {
		t.Fatalf("after the import:\n%s", got)
	}
	n, err := s.CountCreators(context.Background())
	if err != nil || n.Total != 7 {
		t.Fatalf("store holds %d creators (%v)", n.Total, err)
	}
	// The other screens reloaded: the creators are listed.
	rootPress(t, a, "2")
	if got := rootScreen(a); !strings.Contains(got, "@tech.tom") || !strings.Contains(got, "of 7") {
		t.Errorf("Creators after the import:\n%s", got)
	}
}

// After an import the dashboard shows its figures with the result above
// them (until fec7dd1 the result replaced them until esc).
func TestDashboardShowsFiguresAfterAnImport(t *testing.T) {
	t.Parallel()
	s := rootStore(t, false)
	a := rootStart(t, rootApp(s, true), 100, 30)
	rootPress(t, a, "i")
	rootType(t, a, filepath.Join("..", "testdata", "csv", "kalodata_en.csv"))
	rootPress(t, a, "enter")
	got := rootScreen(a)
	if !strings.Contains(got, "7  3 head · 4 micro") {
		t.Errorf("dashboard after the import shows no figures:\n%s", got)
	}
	if !strings.Contains(got, "imported 7 new") || !strings.Contains(got, "Funnel") {
		t.Errorf("no result above the figures:\n%s", got)
	}
	rootPress(t, a, "esc")
	if got := rootScreen(a); !strings.Contains(got, "7  3 head · 4 micro") {
		t.Errorf("no figures even after esc:\n%s", got)
	}
}

func TestDashboardImportProblems(t *testing.T) {
	t.Parallel()
	s := rootStore(t, false)
	a := rootStart(t, rootApp(s, true), 120, 40)
	// A file that does not exist.
	rootPress(t, a, "i")
	rootType(t, a, "no/such/file.csv")
	rootPress(t, a, "enter")
	if got := rootScreen(a); !strings.Contains(got, "no/such/file.csv") {
		t.Errorf("missing file not reported:\n%s", got)
	}
	// A file with bad rows: the good ones import, the first bad ones are
	// listed with their lines, and a count of the rest.
	// The prompt offers the last path again (greyed: typing replaces it;
	// ctrl+u, which cleared it, has nothing to clear).
	rootPress(t, a, "esc", "i")
	if got := rootScreen(a); !strings.Contains(got, "CSV file") || !strings.Contains(got, "> no/such/file.csv") {
		t.Errorf("prompt does not offer the last path:\n%s", got)
	}
	rootPress(t, a, "ctrl+u")
	rootType(t, a, filepath.Join("..", "testdata", "csv", "bad_rows.csv"))
	rootPress(t, a, "enter")
	got := rootScreen(a)
	if !strings.Contains(got, "bad_rows.csv:3:") || !strings.Contains(got, "more bad rows") {
		t.Errorf("bad rows not listed:\n%s", got)
	}
	if n, _ := s.CountCreators(context.Background()); n.Total < 2 {
		t.Errorf("good rows not imported: %d creators", n.Total)
	}
	// esc in the prompt cancels it.
	rootPress(t, a, "esc", "i", "esc")
	if a.dialogs.Len() > 0 || a.typing() {
		t.Error("esc did not close the prompt")
	}
}

// TestDashboardFunnelMillions: counts of seven digits and more keep a
// space from their label and stay in one column.
func TestDashboardFunnelMillions(t *testing.T) {
	a := rootStart(t, rootApp(rootStore(t, false), true), 120, 40)
	f := &store.TierFunnel{ByTier: map[outreach.Tier]outreach.Funnel{
		outreach.Micro: {Invited: 12_759_979, Replied: 375_533, Partnered: 206_048, ContentPosted: 76_418},
		outreach.Head:  {Invited: 134_399, Replied: 66_544, Partnered: 36_482},
	}}
	view := ansi.Strip(dashboard.FunnelView(a.pages[0], f, 120))
	col := -1
	for _, line := range strings.Split(view, "\n") {
		for _, label := range []string{" invited ", " replied ", " partnered ", " posted "} {
			if !strings.HasPrefix(line, label) {
				continue
			}
			// The count ends where the bar starts: every count ends in
			// the same column.
			end := strings.IndexAny(line, "█·")
			if col < 0 {
				col = end
			}
			if end != col {
				t.Errorf("count column ends at %d, not %d:\n%s", end, col, view)
			}
		}
	}
	if !strings.Contains(view, "12,759,979") || regexp.MustCompile(`[a-z][0-9]`).MatchString(view) {
		t.Errorf("a count touches its label:\n%s", view)
	}
}

// Once there is data, d does nothing, so neither the help line nor ? offers
// it (issue 13: it was offered after an import).
func TestDashboardOffersTheDemoOnlyWhenEmpty(t *testing.T) {
	t.Parallel()
	a := rootStart(t, rootApp(rootStore(t, true), true), 100, 30)
	rootPress(t, a, "?")
	if got := rootScreen(a); strings.Contains(got, "open demo data") || !strings.Contains(got, "import CSV") {
		t.Errorf("the full help of a dashboard with data:\n%s", got)
	}
}

// No tile label is ever cut: wide windows show every whole label, narrow
// ones every Short label, made to fit (issue 13: "new creators invited
// this…" at 200 columns).
func TestDashboardTileLabelsWhole(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	for _, size := range [][2]int{{60, 16}, {80, 24}, {100, 30}, {120, 40}, {160, 48}, {200, 24}, {200, 50}} {
		w, h := size[0], size[1]
		a := rootStart(t, rootApp(s, true), w, h)
		got := rootScreen(a)
		boxed := strings.Contains(got, "╭")
		for _, f := range outreach.Figures[:7] { // the tiles
			label := f.Short
			if boxed {
				label = f.Label
			}
			if !strings.Contains(got, label) {
				t.Errorf("%d×%d: tile label %q is not whole:\n%s", w, h, label, got)
			}
		}
		if w >= 160 && h >= 48 && !boxed {
			t.Errorf("%d×%d: no room for the full labels?\n%s", w, h, got)
		}
		// The tiles: below the tab bar (which is the tabs' own), above the funnel.
		tiles, _, _ := strings.Cut(strings.SplitN(got, "\n", 2)[1], "Funnel")
		if strings.Contains(tiles, "…") {
			t.Errorf("%d×%d: a tile is cut:\n%s", w, h, got)
		}
	}
}

// ? on the Dashboard explains every figure, for the campaign in view, in
// 80×24: what does not fit scrolls; ? or esc gives the figures back.
func TestDashboardExplainsEachFigure(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 80, 24)
	rootPress(t, a, "?")
	seen := map[string]bool{}
	var screens []string
	for range 20 {
		got := rootScreen(a)
		rootCheckFits(t, a, 80, 24, "the explanation")
		screens = append(screens, got)
		for _, l := range strings.Split(got, "\n") {
			for _, f := range outreach.Figures {
				if strings.HasPrefix(l, f.Label+"  ") || l == f.Label {
					seen[f.Label] = true
				}
			}
		}
		if !strings.Contains(got, "↓/j more") {
			break
		}
		rootPress(t, a, "pgdown")
	}
	for _, f := range outreach.Figures {
		if !seen[f.Label] {
			t.Errorf("the explanation never shows %q:\n%s", f.Label, strings.Join(screens, "\n----\n"))
		}
	}
	last := screens[len(screens)-1]
	if len(screens) < 2 || !strings.Contains(last, "↑/k back") || !strings.Contains(last, "All campaigns: not the campaigns' sum") {
		t.Errorf("the explanation did not scroll to its end:\n%s", last)
	}
	rootPress(t, a, "g")
	if got := rootScreen(a); !strings.Contains(got, "What each figure counts · all campaigns") {
		t.Errorf("g does not go back to the top:\n%s", got)
	}
	// One campaign: what changes for it.
	rootPress(t, a, "c")
	if got := rootScreen(a); !strings.Contains(got, "· campaign "+a.ctx.Campaign) || !strings.Contains(got, "This campaign: Creators with a pipeline in it") {
		t.Errorf("the explanation in campaign %q:\n%s", a.ctx.Campaign, got)
	}
	rootPress(t, a, "esc")
	if got := rootScreen(a); strings.Contains(got, "What each figure counts") || !strings.Contains(got, "inv. this week") {
		t.Errorf("esc did not close the explanation:\n%s", got)
	}
}

// The tile "invited this week" is the trend's this-week column: one
// figure, never two numbers (issue 13: "new this week 0" beside "this week
// 3 invitations").
func TestDashboardWeekAgrees(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		a := rootStart(t, rootApp(s, true), size[0], size[1])
		got := rootScreen(a)
		week := regexp.MustCompile(`this week +([0-9,]+) invitations?`).FindStringSubmatch(got)
		tile := dashboardTile(got, outreach.FigureInvitedThisWeek)
		if week == nil || week[1] != tile || week[1] == "0" {
			t.Errorf("%v: the tile says %q, the trend %q:\n%s", size, tile, week, got)
		}
	}
}

// dashboardTile is the value a tile shows: beside its short label, or in
// a box under its label.
func dashboardTile(screen string, f outreach.Figure) string {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if at := strings.Index(l, f.Short+" "); at >= 0 && !strings.Contains(l, "│") {
			return strings.Fields(l[at+len(f.Short):])[0]
		}
		if at := strings.Index(l, "│ "+f.Label+" "); at >= 0 && i+1 < len(lines) {
			col := len([]rune(l[:at])) + 2
			next := []rune(lines[i+1])
			return strings.Fields(string(next[col:]))[0]
		}
	}
	return ""
}
