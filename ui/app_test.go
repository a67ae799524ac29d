package ui

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"creatordesk/store"
	"creatordesk/ui/common"
	"creatordesk/ui/components/tabs"
	"creatordesk/ui/internal/uitest"
	"creatordesk/ui/pages/creators"
)

// The helpers in this file drive the root model directly, as the Bubble
// Tea runtime would, with a fixed clock; the golden and flow tests share
// them. Their names start with "root" so that other test files of the
// package can have their own.

// The generic drivers live in internal/uitest, shared with the pages'
// own tests.
var rootClock = uitest.Clock

func rootNow() time.Time { return uitest.Now() }

func rootStore(tb testing.TB, withDemo bool) *store.Store { return uitest.Store(tb, withDemo) }

// rootApp builds the app on s with the fixed clock in UTC.
func rootApp(s *store.Store, dark bool) *App {
	return New(Options{Store: s, Now: rootNow, Loc: time.UTC, Dark: &dark})
}

// rootStart runs Init, sizes the window and waits until every load answered.
func rootStart(tb testing.TB, a *App, w, h int) *App {
	tb.Helper()
	rootSettle(tb, a, a.Init())
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return a
}

func rootSettle(tb testing.TB, m tea.Model, cmd tea.Cmd) (quit bool) {
	tb.Helper()
	return uitest.Settle(tb, m, cmd)
}

func rootSettleWithin(m tea.Model, cmd tea.Cmd, quiet time.Duration) (quit bool) {
	return uitest.SettleWithin(m, cmd, quiet)
}

func rootExpand(msg tea.Msg) []tea.Cmd { return uitest.Expand(msg) }

func rootKey(name string) tea.KeyPressMsg { return uitest.Key(name) }

const rootQuiet = uitest.Quiet

// rootPress sends keys one by one, settling after each; it reports whether
// any of them quit.
func rootPress(tb testing.TB, a *App, keys ...string) (quit bool) {
	tb.Helper()
	for _, k := range keys {
		_, cmd := a.Update(rootKey(k))
		if rootSettle(tb, a, cmd) {
			quit = true
		}
	}
	return quit
}

// rootType types text into whatever has focus, then settles once (the
// filter's debounce then fires once, for the whole text).
func rootType(tb testing.TB, a *App, text string) {
	tb.Helper()
	var keys []string
	for _, r := range text {
		keys = append(keys, string(r))
	}
	rootBurst(tb, a, keys...)
}

// rootBurst sends keys faster than any answer comes back, then settles.
func rootBurst(tb testing.TB, a *App, keys ...string) {
	tb.Helper()
	var cmds []tea.Cmd
	for _, k := range keys {
		_, cmd := a.Update(rootKey(k))
		cmds = append(cmds, cmd)
	}
	rootSettle(tb, a, tea.Batch(cmds...))
}

// rootScreen is the view's text without styling.
func rootScreen(a *App) string { return ansi.Strip(a.View().Content) }

// rootCheckFits fails when the view has a line wider than w, or, from the
// minimum size up, more lines than h (below it, see TestRootTooSmall).
func rootCheckFits(tb testing.TB, a *App, w, h int, what string) {
	tb.Helper()
	content := a.View().Content
	if content == "" {
		return
	}
	lines := strings.Split(content, "\n")
	if len(lines) > h && w >= MinWidth && h >= MinHeight {
		tb.Fatalf("%s at %d×%d: %d lines", what, w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			tb.Fatalf("%s at %d×%d: line %d is %d cells wide: %q", what, w, h, i, lw, ansi.Strip(l))
		}
	}
}

// rootActive is the title of the screen in view.
func rootActive(a *App) string { return a.pages[a.active].Title() }

// rootCreators is the Creators screen.
func rootCreators(a *App) common.Page { return a.pages[common.CreatorsPage] }

// rootIndex is the position of the screen titled title.
func rootIndex(tb testing.TB, a *App, title string) int {
	tb.Helper()
	for i, p := range a.pages {
		if p.Title() == title {
			return i
		}
	}
	tb.Fatalf("no %s screen", title)
	return -1
}

// rootQuits reports whether cmd, run with batches expanded, yields
// tea.QuitMsg at once; nothing is fed back and slow commands are abandoned.
func rootQuits(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		if _, ok := msg.(tea.QuitMsg); ok {
			return true
		}
		for _, c := range rootExpand(msg) {
			if rootQuits(c) {
				return true
			}
		}
	case <-time.After(50 * time.Millisecond): // tea.Quit answers at once
	}
	return false
}

// Every size from 0×0 to 200×60: nothing panics and no line is wider than
// the window. The Dashboard is drawn at every size; the other screens at
// every width for a spread of heights (their layout follows the width).
// Screens run in parallel, each on its own app over one database.
func TestRootEverySizeFits(t *testing.T) {
	s := rootStore(t, true)
	for _, sc := range []struct {
		name  string
		keys  []string
		every bool
	}{
		{"Dashboard", nil, true},
		{"Dashboard help", []string{"?"}, false},
		{"Creators", []string{"2"}, false},
		{"Creators detail", []string{"2", "j", "enter"}, false},
		{"Creators filter", []string{"2", "/", "x"}, false},
		{"Creators mover", []string{"2", "m"}, false},
		{"Export", []string{"6"}, false},
	} {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			a := rootStart(t, rootApp(s, true), 120, 40)
			rootPress(t, a, sc.keys...)
			for h := 0; h <= 60; h++ {
				if !sc.every && h%10 != 0 && h != MinHeight && h != MinHeight-1 && h != 59 {
					continue
				}
				for w := 0; w <= 200; w++ {
					a.Update(tea.WindowSizeMsg{Width: w, Height: h})
					rootCheckFits(t, a, w, h, sc.name)
				}
			}
		})
	}
}

func TestRootResizeStorm(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, false), 100, 30)
	rng := rand.New(rand.NewPCG(7, 7))
	keys := []string{"tab", "shift+tab", "1", "2", "5", "j", "k", "?", "enter", "esc", "G", "g", "t", "s"}
	for i := 0; i < 500; i++ {
		w, h := rng.IntN(220), rng.IntN(70)
		a.Update(tea.WindowSizeMsg{Width: w, Height: h})
		if i%5 == 0 {
			// Store answers that are not back within a few milliseconds are
			// dropped: a storm has no time to wait.
			k := keys[rng.IntN(len(keys))]
			_, cmd := a.Update(rootKey(k))
			rootSettleWithin(a, cmd, 20*time.Millisecond)
		}
		rootCheckFits(t, a, w, h, "storm")
	}
}

func TestRootTooSmall(t *testing.T) {
	t.Parallel()
	s := rootStore(t, false)
	a := rootStart(t, rootApp(s, true), 80, 24)
	for _, sz := range [][2]int{{59, 24}, {80, 15}, {59, 15}, {20, 5}, {1, 1}} {
		a.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		got := rootScreen(a)
		// The message may be wrapped or cut at tiny sizes; its start shows.
		if sz[0] >= 40 && !strings.Contains(got, "terminal too small") {
			t.Errorf("%d×%d: no \"terminal too small\":\n%s", sz[0], sz[1], got)
		}
		if strings.Contains(got, "Dashboard") {
			t.Errorf("%d×%d: draws the tab bar when too small:\n%s", sz[0], sz[1], got)
		}
		rootCheckFits(t, a, sz[0], sz[1], "too small")
	}
	for _, sz := range [][2]int{{60, 16}, {80, 24}} {
		a.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		if got := rootScreen(a); strings.Contains(got, "too small") || !strings.Contains(got, "1 Dashboard") {
			t.Errorf("%d×%d is big enough:\n%s", sz[0], sz[1], got)
		}
	}
}

func TestRootTabsSwitchScreens(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 100, 30)
	n := len(a.pages)
	if rootActive(a) != "Dashboard" {
		t.Fatalf("starts on %s", rootActive(a))
	}
	for i := 1; i <= n; i++ {
		rootPress(t, a, "tab")
		if a.active != i%n {
			t.Fatalf("tab %d: on screen %d", i, a.active)
		}
	}
	rootPress(t, a, "shift+tab")
	if a.active != n-1 {
		t.Fatalf("shift+tab from the first screen: on %d, want the last (%d)", a.active, n-1)
	}
	for i := n; i >= 1; i-- {
		rootPress(t, a, string(rune('0'+i)))
		if a.active != i-1 {
			t.Fatalf("key %d: on screen %d", i, a.active)
		}
		// The active tab is the one drawn underlined (TabActive).
		bar := strings.Split(a.View().Content, "\n")[0]
		want := a.ctx.Styles.TabActive.Render(tabs.Labels(a.titles(), a.active, a.ctx.Width, a.ctx.Campaign)[i-1])
		if !strings.Contains(bar, want) {
			t.Errorf("key %d: tab bar does not mark %q active: %q", i, tabs.Labels(a.titles(), a.active, a.ctx.Width, a.ctx.Campaign)[i-1], bar)
		}
	}
	// Screen titles show what each screen is.
	rootPress(t, a, "2")
	if got := rootScreen(a); !strings.Contains(got, "HANDLE") {
		t.Errorf("Creators screen has no table header:\n%s", got)
	}
	rootPress(t, a, "6")
	if got := rootScreen(a); !strings.Contains(got, "Export partnered creators") {
		t.Errorf("Export screen:\n%s", got)
	}
}

func TestRootHelpToggles(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 120, 40)
	short := rootScreen(a)
	if strings.Contains(short, "previous screen") {
		t.Fatalf("full help shown at start:\n%s", short)
	}
	rootPress(t, a, "?")
	full := rootScreen(a)
	for _, want := range []string{"next screen", "previous screen", "campaign", "quit"} {
		if !strings.Contains(full, want) {
			t.Errorf("full help lacks %q:\n%s", want, full)
		}
	}
	rootPress(t, a, "?")
	if got := rootScreen(a); got != short {
		t.Errorf("? again does not restore the short help:\n%s", got)
	}
	rootPress(t, a, "?", "esc")
	if got := rootScreen(a); got != short {
		t.Errorf("esc does not close the full help:\n%s", got)
	}
	// Switching screens closes it too.
	rootPress(t, a, "?", "tab")
	if a.showHelp {
		t.Error("help still open after tab")
	}
}

func TestRootQuit(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 100, 30)
	_, cmd := a.Update(rootKey("q"))
	if !rootQuits(cmd) {
		t.Fatal("q on the Dashboard does not quit")
	}
	_, cmd = a.Update(rootKey("ctrl+c"))
	if !rootQuits(cmd) {
		t.Fatal("ctrl+c does not quit")
	}
}

func TestRootQuitKeyIsTextWhileTyping(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 100, 30)
	rootPress(t, a, "2", "/")
	cr := rootCreators(a)
	if !a.pages[a.active].Typing() {
		t.Fatal("/ does not focus the filter")
	}
	var cmds []tea.Cmd
	for _, k := range []string{"q", "1", "?", "c"} {
		_, cmd := a.Update(rootKey(k))
		if rootQuits(cmd) {
			t.Fatalf("%q in the filter quits", k)
		}
		cmds = append(cmds, cmd)
	}
	rootSettle(t, a, tea.Batch(cmds...))
	if got := creators.Filter(cr); got != "q1?c" {
		t.Fatalf("filter holds %q, want the keys typed: q1?c", got)
	}
	if rootActive(a) != "Creators" || a.showHelp {
		t.Fatalf("keys typed into the filter acted globally: on %s, help %v", rootActive(a), a.showHelp)
	}
	if got := rootScreen(a); !strings.Contains(got, "/q1?c") {
		t.Errorf("filter line does not show the text:\n%s", got)
	}
	// ctrl+c still quits; after enter, q is a key again.
	_, cmd := a.Update(rootKey("ctrl+c"))
	if !rootQuits(cmd) {
		t.Error("ctrl+c in the filter does not quit")
	}
	rootPress(t, a, "enter")
	_, cmd = a.Update(rootKey("q"))
	if !rootQuits(cmd) {
		t.Error("q after leaving the filter does not quit")
	}
}

func TestRootQuitKeyIsTextInOtherInputs(t *testing.T) {
	t.Parallel()
	s := rootStore(t, false)
	a := rootStart(t, rootApp(s, true), 100, 30)
	// The empty dashboard's import prompt.
	rootPress(t, a, "i")
	_, cmd := a.Update(rootKey("q"))
	if rootQuits(cmd) {
		t.Error("q in the import prompt quits")
	}
	rootSettle(t, a, cmd)
	if got := rootScreen(a); !strings.Contains(got, "CSV file") || !strings.Contains(got, "> q") {
		t.Errorf("import prompt does not show q:\n%s", got)
	}
	rootPress(t, a, "esc")
	// The export path.
	rootPress(t, a, "6", "enter")
	_, cmd = a.Update(rootKey("q"))
	if rootQuits(cmd) {
		t.Error("q in the export path quits")
	}
}

func TestRootMouseClickSwitchesTab(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 120, 40)
	col := 0
	var starts []int
	for _, l := range tabs.Labels(a.titles(), a.active, a.ctx.Width, a.ctx.Campaign) {
		starts = append(starts, col)
		col += ansi.StringWidth(l)
	}
	for i := len(starts) - 1; i >= 0; i-- {
		// the middle of the label
		x := starts[i] + ansi.StringWidth(tabs.Labels(a.titles(), a.active, a.ctx.Width, a.ctx.Campaign)[i])/2
		_, cmd := a.Update(tea.MouseClickMsg{X: x, Y: 0, Button: tea.MouseLeft})
		rootSettle(t, a, cmd)
		if a.active != i {
			t.Errorf("click at x=%d: on screen %d, want %d (%q)", x, a.active, i, tabs.Labels(a.titles(), a.active, a.ctx.Width, a.ctx.Campaign)[i])
		}
	}
	// Right of the tabs, and below the bar, nothing switches.
	a.switchTo(2)
	for _, c := range []tea.MouseClickMsg{{X: col + 2, Y: 0}, {X: starts[0] + 2, Y: 5}} {
		_, cmd := a.Update(c)
		rootSettle(t, a, cmd)
		if a.active != 2 {
			t.Errorf("click at %d,%d switched to %d", c.X, c.Y, a.active)
		}
	}
}

// A store that fails: every screen says so instead of panicking.
func TestRootClosedStore(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootApp(s, true)
	s.Close()
	rootStart(t, a, 100, 30)
	for i := range a.pages {
		a.switchTo(i)
		rootCheckFits(t, a, 100, 30, a.pages[i].Title())
	}
	a.switchTo(0)
	if got := rootScreen(a); !strings.Contains(got, "could not read the database") {
		t.Errorf("dashboard on a closed store:\n%s", got)
	}
}

// rootUpdate is the -update flag: rewrite the golden files. teatest's
// golden package (imported by flows_test.go) already defines a flag of that
// name, and defining it twice panics, so it is looked up and only defined
// when absent.
var rootUpdate = func() flag.Value {
	if f := flag.Lookup("update"); f != nil {
		return f.Value
	}
	flag.Bool("update", false, "rewrite the golden files under testdata/")
	return flag.Lookup("update").Value
}()

func rootUpdating() bool { return rootUpdate.String() == "true" }

// rootTestdata is the package's testdata directory, found before any test
// changes directory.
var rootTestdata = func() string {
	dir, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return filepath.Join(dir, "testdata")
}()

// rootGolden compares got with testdata/name, or rewrites it with -update.
func rootGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(rootTestdata, name)
	if rootUpdating() {
		if err := os.MkdirAll(rootTestdata, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui -run %s -update to create it)", err, t.Name())
	}
	if string(want) == got {
		return
	}
	wl, gl := strings.Split(string(want), "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			t.Errorf("%s differs from line %d:\nwant %q\ngot  %q\n(go test ./ui -run '%s' -update rewrites it; check the diff)", path, i+1, w, g, t.Name())
			return
		}
	}
}

// rootGoldenScreen renders a screen at 80×24 and 160×48 on the demo data,
// on dark and light backgrounds, and compares it with
// testdata/NAME_WxH_THEME.golden (styled, so colour changes show) and
// testdata/NAME_WxH.txt.golden (text only: the same for both themes).
// setup brings the app to the screen.
func rootGoldenScreen(t *testing.T, name string, setup func(t *testing.T, a *App)) {
	rootGoldenSizes(t, name, [][2]int{{80, 24}, {160, 48}}, setup)
}

// rootGoldenSizes is rootGoldenScreen at the sizes given.
func rootGoldenSizes(t *testing.T, name string, sizes [][2]int, setup func(t *testing.T, a *App)) {
	s := rootStore(t, true)
	for _, size := range sizes {
		w, h := size[0], size[1]
		var text string
		for _, dark := range []bool{true, false} {
			theme := map[bool]string{true: "dark", false: "light"}[dark]
			t.Run(fmt.Sprintf("%dx%d_%s", w, h, theme), func(t *testing.T) {
				a := rootStart(t, rootApp(s, dark), w, h)
				setup(t, a)
				styled := a.View().Content
				rootCheckFits(t, a, w, h, name)
				if n := strings.Count(styled, "\n") + 1; n != h {
					t.Errorf("%d lines, want the window's %d", n, h)
				}
				rootGolden(t, fmt.Sprintf("%s_%dx%d_%s.golden", name, w, h, theme), styled+"\n")
				plain := ansi.Strip(styled)
				if text != "" && plain != text {
					t.Errorf("dark and light differ in more than colour")
				}
				text = plain
			})
		}
		t.Run(fmt.Sprintf("%dx%d_text", w, h), func(t *testing.T) {
			rootGolden(t, fmt.Sprintf("%s_%dx%d.txt.golden", name, w, h), text+"\n")
		})
	}
}

// The export screen shows a path in the working directory: the test runs
// in / so that the path is the same on every machine.
func TestGoldenExport(t *testing.T) {
	t.Chdir("/")
	rootGoldenScreen(t, "export", func(t *testing.T, a *App) {
		rootPress(t, a, "6")
	})
}

func TestExportWritesTheFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 120, 40)
	rootPress(t, a, "6")
	ctx := context.Background()
	all, err := s.CountPartnerships(ctx, store.PartnerQuery{})
	if err != nil {
		t.Fatal(err)
	}
	csvPath := filepath.Join(dir, "partners-2026-11-22.csv")
	if got := rootScreen(a); !strings.Contains(got, csvPath) || !strings.Contains(got, common.Grouped(all)+" partnerships") {
		t.Fatalf("export screen:\n%s", got)
	}
	rootPress(t, a, "w")
	if got := rootScreen(a); !strings.Contains(got, "wrote "+common.Grouped(all)+" partnerships to "+csvPath) {
		t.Fatalf("after w:\n%s", got)
	}
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "\uFEFFhandle,") || strings.Count(string(b), "\n") != int(all)+1 {
		t.Errorf("file: %d lines, starts %q", strings.Count(string(b), "\n"), string(b[:min(len(b), 20)]))
	}
	// t narrows to head, f switches to JSON and renames the file.
	head, err := s.CountPartnerships(ctx, store.PartnerQuery{Tier: "head"})
	if err != nil {
		t.Fatal(err)
	}
	rootPress(t, a, "t", "f")
	got := rootScreen(a)
	jsonPath := filepath.Join(dir, "partners-2026-11-22.json")
	if !strings.Contains(got, "head only") || !strings.Contains(got, common.Grouped(head)+" partnerships") || !strings.Contains(got, jsonPath) {
		t.Fatalf("after t and f:\n%s", got)
	}
	rootPress(t, a, "w")
	if _, err := os.Stat(jsonPath); err != nil {
		t.Fatal(err)
	}
	// A path that cannot be written says so.
	rootPress(t, a, "enter", "ctrl+u")
	rootType(t, a, filepath.Join(dir, "no", "such", "dir", "x.csv"))
	rootPress(t, a, "enter", "w")
	if got := rootScreen(a); !strings.Contains(got, "export failed") {
		t.Errorf("write to a missing directory:\n%s", got)
	}
}
func rootIsBatch(msg tea.Msg) bool { return uitest.IsBatch(msg) }
