package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"

	"creatordesk/internal/termtext/termtexttest"
	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
	"creatordesk/ui/pages/creators"
)

// End-to-end flows: the real program (teatest) writes to a virtual terminal
// (x/vt) of the same size, and the tests read the terminal's screen, as a
// person would, never the raw bytes of v2's cell-diff renderer.

// flowWait bounds every wait for the screen.
const flowWait = 5 * time.Second

type flowTerm struct {
	t      *testing.T
	tm     *teatest.TestModel
	emu    *vt.Emulator
	raw    bytes.Buffer // every byte the program wrote
	titles []string     // window titles the terminal was asked to show
}

// flowStart runs a on a w×h terminal.
func flowStart(t *testing.T, a *App, w, h int) *flowTerm {
	t.Helper()
	f := &flowTerm{t: t, emu: vt.NewEmulator(w, h)}
	f.emu.SetCallbacks(vt.Callbacks{Title: func(s string) { f.titles = append(f.titles, s) }})
	// The terminal answers the program's queries on its input pipe, which
	// nobody reads here: drain it so that writes never block.
	drained := make(chan struct{})
	go func() {
		io.Copy(io.Discard, f.emu) //nolint:errcheck
		close(drained)
	}()
	f.tm = teatest.NewTestModel(t, a, teatest.WithInitialTermSize(w, h))
	t.Cleanup(func() {
		f.tm.Quit()
		f.tm.WaitFinished(t, teatest.WithFinalTimeout(2*time.Second))
		// Closing the pipe, not the emulator: Emulator.Close races with Read.
		if c, ok := f.emu.InputPipe().(io.Closer); ok {
			c.Close()
			<-drained
		}
	})
	return f
}

// pump moves what the program wrote into the terminal. A tty's line
// discipline turns "\n" into "\r\n" (ONLCR) and the renderer counts on it;
// the virtual terminal, like a real one, does not do it itself.
func (f *flowTerm) pump() {
	b, _ := io.ReadAll(f.tm.Output())
	f.raw.Write(b)
	f.emu.Write(bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")))
}

// screen is the terminal's text now.
func (f *flowTerm) screen() string {
	f.pump()
	return f.emu.String()
}

// waitFor polls the screen until it holds every one of want.
func (f *flowTerm) waitFor(want ...string) string {
	f.t.Helper()
	deadline := time.Now().Add(flowWait)
	for {
		s := f.screen()
		missing := ""
		for _, w := range want {
			if !strings.Contains(s, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return s
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("after %v the screen has no %q:\n%s", flowWait, missing, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitUntil polls the screen until ok holds.
func (f *flowTerm) waitUntil(what string, ok func(screen string) bool) string {
	f.t.Helper()
	deadline := time.Now().Add(flowWait)
	for {
		s := f.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("after %v, not %s:\n%s", flowWait, what, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// press sends keys (see rootKey).
func (f *flowTerm) press(keys ...string) {
	for _, k := range keys {
		f.tm.Send(rootKey(k))
	}
}

// lineWith is the first screen line holding s.
func lineWith(screen, s string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// Demo data → Creators → filter → move a creator's stage → the Dashboard's
// funnel and reply rate show the move.
func TestFlowMoveShowsOnTheDashboard(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	ctx := context.Background()
	const handle = "khanhcatlady"
	p := creatorsPipeline(t, s, handle)
	if p.Position.Stage != outreach.Invited || p.Position.Tier != outreach.Head {
		t.Fatalf("demo data changed: @%s is %s %s, the flow wants head, invited", handle, p.Position.Tier, p.Position.Stage)
	}
	before, err := s.Funnel(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	f := flowStart(t, rootApp(s, true), 120, 40)
	f.waitFor("1 Dashboard", "reply rate", dashboardFunnelLine("replied", before.ByTier[outreach.Head].Replied))

	f.press("2")
	f.waitFor("HANDLE", "1–")
	f.press("/")
	f.tm.Type("khanh")
	f.waitFor("/khanh", "of 3")
	f.press("enter")
	screen := f.waitFor("filter: khanh", "▶  @"+handle, "stage     invited since")

	f.press("m")
	screen = f.waitFor("Move @"+handle, "in "+p.Campaign+", now invited", "> replied")
	f.press("enter")
	f.waitFor("┃ note")
	f.tm.Type("said yes on a call")
	f.waitFor("> said yes on a call")
	f.press("enter")
	f.waitFor("@" + handle + " → replied in " + p.Campaign)
	// The row and the pane follow the move once the list reloads.
	f.waitUntil("the selected row shows replied", func(screen string) bool {
		return strings.Contains(lineWith(screen, "▶  @"+handle), "replied")
	})
	f.waitFor("stage     replied since", "invited → replied  said yes on a c…")

	after, err := s.Funnel(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	headBefore, headAfter := before.ByTier[outreach.Head], after.ByTier[outreach.Head]
	if headAfter.Replied != headBefore.Replied+1 || after.All.ReplyRate() == before.All.ReplyRate() {
		t.Fatalf("the move did not change the funnel: head replied %d → %d", headBefore.Replied, headAfter.Replied)
	}
	f.press("1")
	screen = f.waitFor(dashboardFunnelLine("replied", headAfter.Replied), common.Percent(after.All.ReplyRate()))
	if strings.Contains(screen, dashboardFunnelLine("replied", headBefore.Replied)) {
		t.Errorf("the dashboard still shows %d head creators replied:\n%s", headBefore.Replied, screen)
	}
}

// An empty database: i, the path of a CSV, enter; the creators arrive.
func TestFlowImportFromTheEmptyState(t *testing.T) {
	t.Parallel()
	s := rootStore(t, false)
	f := flowStart(t, rootApp(s, true), 100, 30)
	f.waitFor("No creators yet.", "i  import a CSV file or an .xlsx workbook")
	f.press("i")
	f.waitFor("┃ CSV file")
	path := filepath.Join("..", "testdata", "csv", "kalodata_en.csv")
	f.tm.Type(path)
	f.waitFor("> " + path)
	f.press("enter")
	// The result shows above the figures it changed.
	f.waitFor("imported 7 new, updated 0, skipped 0", "7  3 head · 4 micro", "Funnel")
	f.press("esc")
	f.waitUntil("esc clears the result", func(screen string) bool {
		return strings.Count(screen, "imported 7 new") == 1 // the status line keeps it
	})
	f.press("2")
	f.waitFor("@anna_1", "Anna 🌸", "@tech.tom", "1–7 of 7")
}

// flowHostile is outside text that tries to steer the terminal. Each
// payload holds a marker that must never reach it.
var flowHostile = []struct {
	handle, name, notes, category string
}{
	{"osc52", "Clip\x1b]52;c;cHduZWQtY2xpcA==\x07 Board", "paste \x1b]52;c;cHduZWQtbm90ZQ==\x1b\\me", "Beauty"},
	{"osc8", "\x1b]8;;https://evil.example/\x1b\\Link Lady\x1b]8;;\x1b\\", "see \x1b]8;id=x;https://evil.example/n\x07here\x1b]8;;\x07", "Home"},
	{"title", "Title\x1b]0;pwned-title\x07 Tom", "\x1b]2;pwned-title2\x1b\\ok", "Tech"},
	{"clear", "Wipe\x1b[2J\x1b[H\x1b[31m Out", "\x1b[10;10Hmoved\x1b[K", "Food\x1b[2J"},
	// A C1 control as a character is dropped; what follows it is plain text.
	{"c1", "Eight\x9b2J Bit", "c1 \u009b2J\u009d0;c1-title\u009c", "Pets"},
	{"bidi", "\u202Egnp.exe\u202C Bidi", "\u2066iso\u2069late \u200Fmark", "Fashion"},
	{"crbs", "safe\rEVIL\b\b\b\b Name", "tab\there\nnewline", "Baby"},
	{"zw", "zero\u200Bwidth\uFEFF\u2060", "soft\u00ADhyphen", "Beauty"},
	{"family", "👩\u200d👩\u200d👧 Family", "林思琪 🌸 notes", "Beauty"},
	{"cjk", "林思琪 🌸", "Quỳnh 🛍️", "Fitness"},
	{"nul", "nul\x00byte\x7f", "bell\x07bell", "Home"},
}

// flowMarkers must not appear anywhere in what the program writes.
var flowMarkers = []string{"cHduZWQ", "evil.example", "pwned"}

// flowHostileStore imports the hostile creators (with pipelines in a
// campaign whose name is hostile too, and a hostile note in the log).
func flowHostileStore(t *testing.T) *store.Store {
	t.Helper()
	s := rootStore(t, false)
	ctx := context.Background()
	// The store refuses control characters in campaign names, not bidi
	// overrides.
	im, err := s.BeginImport(ctx, store.ImportOptions{Campaign: "Spring \u202Egnirps\u202C Drop"})
	if err != nil {
		t.Fatal(err)
	}
	if err := im.NextFile("hostile.csv"); err != nil {
		t.Fatal(err)
	}
	for i, h := range flowHostile {
		followers := int64(900_000 - i*1000)
		row := outreach.CreatorRow{Line: i + 2, Stage: outreach.Invited, Creator: outreach.Creator{Handle: h.handle,
			DisplayName: h.name, Notes: h.notes, Category: h.category, Region: "US", Followers: &followers,
			Email: h.handle + "@example.com", Tags: []string{"tag\x1b]0;pwned-tag\x07"}}}
		if err := im.Add(row); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	cs, err := s.Campaigns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	camp := ""
	for _, c := range cs {
		if strings.HasPrefix(c.Name, "Spring") {
			camp = c.Name
		}
	}
	if _, err := s.MoveStage(ctx, store.Move{Handle: "osc52", Campaign: camp, To: outreach.Replied,
		Note: "ok\x1b]52;c;cHduZWQtZXZlbnQ=\x07\u202Edone", Source: "test"}); err != nil {
		t.Fatal(err)
	}
	return s
}

// flowLeaks lists what, in the bytes the program wrote, the outside text
// could have put there: an OSC other than the app's own title, a screen
// clear other than the renderer's own (CSI H then CSI 2J), DCS/APC/PM/SOS
// strings, C1 controls, bidi controls, NUL, BEL or DEL outside a sequence,
// invalid UTF-8, or a marker from the payloads.
func flowLeaks(raw []byte) []string {
	var out []string
	for _, m := range flowMarkers {
		if i := bytes.Index(raw, []byte(m)); i >= 0 {
			out = append(out, fmt.Sprintf("%q reached the terminal: …%q…", m, raw[max(0, i-40):min(len(raw), i+40)]))
		}
	}
	if n, own := bytes.Count(raw, []byte("\x1b[2J")), bytes.Count(raw, []byte("\x1b[H\x1b[2J")); n != own {
		out = append(out, fmt.Sprintf("%d screen clears, %d of them the renderer's", n, own))
	}
	var state byte
	p := ansi.NewParser()
	for b := raw; len(b) > 0; {
		seq, _, n, newState := ansi.DecodeSequence(b, state, p)
		state = newState
		b = b[n:]
		switch {
		case len(seq) == 0:
		case bytes.HasPrefix(seq, []byte("\x1b]")) || seq[0] == 0x9d:
			// the app's title, and the renderer clearing it on the way out
			if string(seq) != "\x1b]2;creatordesk\x07" && string(seq) != "\x1b]2;\x07" {
				out = append(out, fmt.Sprintf("OSC written: %q", seq))
			}
		case bytes.HasPrefix(seq, []byte("\x1bP")), bytes.HasPrefix(seq, []byte("\x1b_")),
			bytes.HasPrefix(seq, []byte("\x1b^")), bytes.HasPrefix(seq, []byte("\x1bX")),
			seq[0] == 0x90, seq[0] == 0x9f, seq[0] == 0x9e, seq[0] == 0x98:
			out = append(out, fmt.Sprintf("string sequence written: %q", seq))
		case seq[0] == 0x1b:
		case seq[0] >= 0x80 && seq[0] < 0xa0:
			out = append(out, fmt.Sprintf("C1 control written: %q", seq))
		default:
			if !utf8.Valid(seq) {
				out = append(out, fmt.Sprintf("invalid UTF-8 written: %q", seq))
				continue
			}
			for _, r := range string(seq) {
				if why := unsafeRune(r); why != "" && r >= 0x20 {
					out = append(out, fmt.Sprintf("%s U+%04X written in %q", why, r, seq))
				}
				if r == 0 || r == 0x07 || r == 0x7f {
					out = append(out, fmt.Sprintf("control %q written", r))
				}
			}
		}
	}
	return out
}

// The checks above do catch what they look for.
func TestFlowLeaksCatchesLeaks(t *testing.T) {
	t.Parallel()
	clean := []byte("\x1b[?1049h\x1b]2;creatordesk\x07\x1b[H\x1b[2J\x1b[1;31mAnna 林 🌸\x1b[m\r\n\x1b[3;4H▶ ok\x1b]2;\x07")
	if got := flowLeaks(clean); len(got) != 0 {
		t.Fatalf("clean output flagged: %q", got)
	}
	for _, leak := range []string{
		"\x1b]52;c;eA==\x07", "\x1b]8;;https://x/\x1b\\", "\x1b]0;hi\x07", "\x1b[2J", "\x9b2J", "\u009b2J",
		"a\u202eb", "a\u2066b", "\x07", "\x00", "\x7f", "\xff", "\x1bP+q\x1b\\", "\x1b_G\x1b\\", "pwned",
	} {
		if got := flowLeaks(append(append([]byte{}, clean...), leak...)); len(got) == 0 {
			t.Errorf("%q not caught", leak)
		}
		if got := viewLeaks("ok\n" + leak); len(got) == 0 {
			t.Errorf("%q not caught in a view", leak)
		}
	}
	if got := viewLeaks("\x1b[1;38;2;1;2;3mAnna\x1b[m\n林 🌸 👩\u200d👩\u200d👧"); len(got) != 0 {
		t.Errorf("clean view flagged: %q", got)
	}
}

// flowCheckAligned fails unless the table's columns line up on the
// terminal's cells: every row's TIER value starts where the header's does,
// and the detail pane's left border is in one column on every line it has.
func flowCheckAligned(t *testing.T, emu *vt.Emulator, rows int) {
	t.Helper()
	cellsFrom := func(x, y, n int) string {
		var b strings.Builder
		for i := x; i < x+n && i < emu.Width(); i++ {
			if c := emu.CellAt(i, y); c != nil {
				b.WriteString(c.Content)
			}
		}
		return b.String()
	}
	header, tierX := -1, -1
	for y := 0; y < emu.Height() && header < 0; y++ {
		for x := 0; x < emu.Width(); x++ {
			if cellsFrom(x, y, 4) == "TIER" {
				header, tierX = y, x
				break
			}
		}
	}
	if header < 0 {
		t.Fatalf("no TIER header on the screen:\n%s", emu.String())
	}
	for i := 1; i <= rows; i++ {
		y := header + i
		if got := cellsFrom(tierX, y, 5); got != "head " && got != "micro" {
			t.Errorf("row %d: the TIER column (x=%d) holds %q, not head/micro: columns shifted:\n%s", i, tierX, got, emu.String())
		}
	}
	borderX := -1
	for y := header - 1; y <= header+rows; y++ {
		x := -1
		for i := tierX; i < emu.Width(); i++ {
			if c := emu.CellAt(i, y); c != nil && (c.Content == "│" || c.Content == "╭" || c.Content == "╰") {
				x = i
				break
			}
		}
		if x < 0 {
			continue // below the pane
		}
		if borderX < 0 {
			borderX = x
		} else if x != borderX {
			t.Errorf("line %d: the pane's border is at x=%d, above it at x=%d:\n%s", y, x, borderX, emu.String())
		}
	}
	if borderX < 0 {
		t.Errorf("no detail pane on the screen")
	}
}

// Names, notes, categories, tags, a campaign name and a log note that carry
// escape sequences, C1 controls and bidi overrides are drawn on the Creators
// screen with its detail pane: nothing but the app's own styling reaches
// the terminal, and the columns stay aligned.
func TestFlowHostileTextIsInert(t *testing.T) {
	t.Parallel()
	s := flowHostileStore(t)
	const w, h = 160, 30
	f := flowStart(t, rootApp(s, true), w, h)
	f.waitFor("1 Dashboard", "11  11 head · 0 micro")
	f.press("2")
	f.waitFor("HANDLE", "1–11 of 11", "@osc52", "Clip Board", "history 1–")
	// Walk down every row so that each creator's detail is drawn.
	for i, c := range flowHostile {
		if i > 0 {
			f.press("j")
		}
		f.waitFor("▶  @"+c.handle, "│ @"+c.handle)
		flowCheckAligned(t, f.emu, len(flowHostile))
	}
	f.press("g")
	screen := f.waitFor("▶  @osc52", "invited → replied  okdone")
	for _, want := range []string{"Clip Board", "Link Lady", "Title Tom", "Wipe Out", "gnp.exe Bidi", "safe EVIL Name",
		"zerowidth", "👩👩👧 Family", "林思琪 🌸", "nulbyte", "Spring gnirps Drop"} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks the cleaned text %q:\n%s", want, screen)
		}
	}
	f.tm.Quit()
	f.tm.WaitFinished(t, teatest.WithFinalTimeout(2*time.Second))
	f.pump()
	for _, leak := range flowLeaks(f.raw.Bytes()) {
		t.Error(leak)
	}
	for _, title := range f.titles {
		if title != "creatordesk" && title != "" {
			t.Errorf("the window title was set to %q", title)
		}
	}
	if len(f.titles) == 0 {
		t.Errorf("the app's own title never arrived: the check saw nothing")
	}
}

// The same screens, rendered by Update/View: the app's own output (before
// the renderer) holds no escape sequence but SGR styling, no control
// character but newlines, and no bidi or invisible format character; every
// body line is as wide as the window.
func TestHostileTextInTheView(t *testing.T) {
	t.Parallel()
	s := flowHostileStore(t)
	for _, w := range []int{80, 160} {
		a := rootStart(t, rootApp(s, true), w, 30)
		for _, keys := range [][]string{{"1"}, {"2"}, {"c"}, {"enter"}, {"m"}} {
			rootPress(t, a, keys...)
			for i := range flowHostile {
				content := a.View().Content
				for _, leak := range viewLeaks(content) {
					t.Errorf("%d cols, %v, row %d: %s", w, keys, i, leak)
				}
				if a.active == 1 && a.dialogs.Len() == 0 {
					lines := strings.Split(content, "\n")
					for j, l := range lines[1 : len(lines)-2] {
						if lw := ansi.StringWidth(l); lw != w && !(w < creators.DetailMinWidth && lw < w) {
							t.Errorf("%d cols, %v, row %d: line %d is %d wide: %q", w, keys, i, j+1, lw, ansi.Strip(l))
						}
					}
				}
				rootPress(t, a, "j")
			}
			rootPress(t, a, "esc", "g")
		}
	}
}

// viewLeaks lists what, in a rendered view, is not text, an SGR sequence
// or a newline, or is a marker from the payloads.
func viewLeaks(content string) []string { return termtexttest.ViewLeaks(content, flowMarkers...) }

// The app lays text out with grapheme widths (ansi.StringWidth, lipgloss),
// while Bubble Tea's renderer measures with wcwidth until the terminal
// reports mode 2027. For "👩\u200d👩\u200d👧" that was 2 cells against 6, and
// the renderer dropped the detail pane's right border on that row. Clean
// drops ZWJ, variation selectors and skin tones so both agree.
func TestFlowWideGraphemesKeepThePaneBorder(t *testing.T) {
	t.Parallel()
	s := flowHostileStore(t)
	const w, h = 160, 30
	f := flowStart(t, rootApp(s, true), w, h)
	f.press("2")
	screen := f.waitFor("1–11 of 11", "@family", "history 1–")
	for y, l := range strings.Split(screen, "\n")[1:17] {
		if !strings.HasSuffix(l, "│") && !strings.HasSuffix(l, "╮") && !strings.HasSuffix(l, "╯") {
			t.Errorf("line %d has lost the pane's right border: %q", y+1, l)
		}
	}
}

// creatorsPipeline is the pipeline of handle (the only one it has).
func creatorsPipeline(t *testing.T, s *store.Store, handle string) store.Pipeline {
	t.Helper()
	ps, err := s.Pipelines(context.Background(), handle)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 {
		t.Fatalf("demo data changed: @%s has %d pipelines, the test wants one", handle, len(ps))
	}
	return ps[0]
}
