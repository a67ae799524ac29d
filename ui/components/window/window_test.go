package window

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"creatordesk/ui/common"
)

// key is a row's place: its sort value, then its id (ties broken by id).
type rowKey struct{ V, ID int }

type row struct {
	V, ID int
	Group string
}

// source is an in-memory listing paged by key, the way the store pages.
type source struct {
	rows  []row // in listing order
	calls int
}

func newSource(n int, v func(i int) int) *source {
	s := &source{}
	for i := range n {
		s.rows = append(s.rows, row{V: v(i), ID: i + 1})
	}
	s.sort()
	return s
}

func (s *source) sort() {
	slices.SortFunc(s.rows, func(a, b row) int {
		if a.V != b.V {
			return a.V - b.V
		}
		return a.ID - b.ID
	})
}

func keyOf(r row) rowKey { return rowKey{r.V, r.ID} }

func less(a, b rowKey) bool { return a.V < b.V || (a.V == b.V && a.ID < b.ID) }

func (s *source) fetch(_ context.Context, r Request[rowKey]) (Page[row, rowKey], error) {
	s.calls++
	var sel []row
	if !r.Reverse {
		for _, x := range s.rows {
			if r.After == (rowKey{}) || less(r.After, keyOf(x)) {
				sel = append(sel, x)
			}
		}
	} else {
		for _, x := range s.rows {
			if r.After == (rowKey{}) || less(keyOf(x), r.After) {
				sel = append(sel, x)
			}
		}
	}
	var p Page[row, rowKey]
	if len(sel) > r.Limit {
		p.More = true
		if r.Reverse {
			sel = sel[len(sel)-r.Limit:]
		} else {
			sel = sel[:r.Limit]
		}
	}
	p.Rows = sel
	for _, x := range sel {
		p.Keys = append(p.Keys, keyOf(x))
	}
	return p, nil
}

func (s *source) handles() []int {
	var out []int
	for _, r := range s.rows {
		out = append(out, r.ID)
	}
	return out
}

func render(r row, selected bool, w int) string {
	mark := " "
	if selected {
		mark = ">"
	}
	return common.Fit(fmt.Sprintf("%s %d/%d", mark, r.V, r.ID), w)
}

func newWindow(pageSize, buffer int) *Model[row, rowKey] {
	return New(common.DefaultKeys(), Config[row, rowKey]{
		Page: common.CreatorsPage, PageSize: pageSize, Buffer: buffer,
		Render: render,
		More:   func(w int) string { return common.Fit("  …", w) },
	})
}

// run executes cmd and feeds the window its answers until it settles.
func run(t testing.TB, w *Model[row, rowKey], cmd tea.Cmd) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			t.Fatal("commands never settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case Msg[row, rowKey]:
			queue = append(queue, w.Update(msg))
		}
	}
}

func press(t testing.TB, w *Model[row, rowKey], k string) {
	t.Helper()
	run(t, w, w.Update(keyMsg(k)))
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	}
	return tea.KeyPressMsg{Code: rune(k[0]), Text: k}
}

// open loads s into a new window of height h and gives it the total.
func open(t testing.TB, s *source, pageSize, buffer, h int) *Model[row, rowKey] {
	t.Helper()
	w := newWindow(pageSize, buffer)
	w.SetSize(40, h)
	run(t, w, w.Restart(s.fetch, false))
	run(t, w, w.SetTotal(int64(len(s.rows))))
	return w
}

// check fails unless the rows held are the listing's at their places, the
// cursor is on row want, and that row is drawn selected.
func check(t *testing.T, w *Model[row, rowKey], s *source, want int, step string) {
	t.Helper()
	all := s.handles()
	if w.Start() < 0 || w.Start()+len(w.Rows()) > len(all) {
		t.Fatalf("%s: window [%d, %d) outside %d rows", step, w.Start(), w.Start()+len(w.Rows()), len(all))
	}
	for i, r := range w.Rows() {
		if r.ID != all[w.Start()+i] {
			t.Fatalf("%s: row %d is %d, want %d", step, w.Start()+i, r.ID, all[w.Start()+i])
		}
	}
	r, ok := w.Selected()
	if !ok || w.Cursor() != want || r.ID != all[want] {
		t.Fatalf("%s: cursor %d on %d (%v), want row %d (%d)", step, w.Cursor(), r.ID, ok, want, all[want])
	}
	drawn := false
	for _, l := range w.Lines() {
		drawn = drawn || strings.HasPrefix(l, fmt.Sprintf("> %d/%d", r.V, r.ID))
	}
	if !drawn {
		t.Fatalf("%s: the cursor's row is not drawn:\n%s", step, w.View())
	}
	if len(w.Lines()) > w.Height() {
		t.Fatalf("%s: %d lines in a height of %d", step, len(w.Lines()), w.Height())
	}
}

func TestPagesForwardAndBack(t *testing.T) {
	s := newSource(537, func(i int) int { return i * 3 })
	w := open(t, s, 20, 60, 7)
	for i := 1; i < 537; i++ {
		press(t, w, "j")
		check(t, w, s, i, fmt.Sprintf("j ×%d", i))
		if len(w.Rows()) > 60 {
			t.Fatalf("%d rows held, buffer 60", len(w.Rows()))
		}
	}
	press(t, w, "j") // at the end: stays
	check(t, w, s, 536, "j past the end")
	for i := 535; i >= 0; i-- {
		press(t, w, "k")
		check(t, w, s, i, fmt.Sprintf("k to %d", i))
	}
	for i := 0; w.Cursor() < 536; i++ {
		press(t, w, "pgdown")
		check(t, w, s, min(536, (i+1)*7), "pgdown")
	}
	press(t, w, "pgup")
	check(t, w, s, 529, "pgup")
	if s.calls > 3*27+3 { // a pass reads 27 pages

		t.Errorf("%d fetches to page 537 rows through three times", s.calls)
	}
}

func TestEndThenUp(t *testing.T) {
	s := newSource(250, func(i int) int { return i })
	w := open(t, s, 100, 300, 10)
	press(t, w, "G")
	check(t, w, s, 249, "G")
	if w.Start() != 150 {
		t.Errorf("G holds rows from %d, want the last page alone (150)", w.Start())
	}
	for i := 248; i >= 0; i-- {
		press(t, w, "k")
		check(t, w, s, i, fmt.Sprintf("G then k to %d", i))
	}
	press(t, w, "G")
	press(t, w, "g")
	check(t, w, s, 0, "G then g")
}

// G before the total is known waits for it.
func TestEndWaitsForTheTotal(t *testing.T) {
	s := newSource(90, func(i int) int { return i })
	w := newWindow(20, 60)
	w.SetSize(40, 5)
	run(t, w, w.Restart(s.fetch, false))
	press(t, w, "G")
	if w.Cursor() != 0 {
		t.Fatalf("G moved to %d without a total", w.Cursor())
	}
	run(t, w, w.SetTotal(90))
	check(t, w, s, 89, "G, then the total")
}

// Many rows share a sort value: the key's id keeps each once, in order.
func TestTies(t *testing.T) {
	s := newSource(300, func(i int) int { return (i * 7919) % 4 }) // four values, 75 rows each
	w := open(t, s, 16, 48, 6)
	for i := 1; i < 300; i++ {
		press(t, w, "j")
		check(t, w, s, i, fmt.Sprintf("j ×%d", i))
	}
	press(t, w, "G")
	for i := 298; i >= 0; i-- {
		press(t, w, "k")
		check(t, w, s, i, fmt.Sprintf("k to %d", i))
	}
}

// Reload after the data changed keeps the selected row selected, at its
// place, and rows above it load again as one scrolls up.
func TestReloadKeepsTheSelection(t *testing.T) {
	s := newSource(400, func(i int) int { return i * 2 })
	w := open(t, s, 20, 60, 8)
	for range 130 {
		press(t, w, "j")
	}
	sel, _ := w.Selected()
	s.rows = slices.Delete(s.rows, 200, 210)     // below the cursor
	s.rows = append(s.rows, row{V: 1, ID: 9001}) // above it
	s.sort()
	run(t, w, w.Reload(s.fetch))
	run(t, w, w.SetTotal(int64(len(s.rows))))
	if r, ok := w.Selected(); !ok || r.ID != sel.ID || w.Cursor() != 130 {
		t.Fatalf("after reload the cursor is on %d at %d, want %d at 130", r.ID, w.Cursor(), sel.ID)
	}
	// The row added above is met on the way up: 130 rows up is the second
	// row, the one added (V 1 lists after V 0), and one more is the top.
	for range 130 {
		press(t, w, "k")
	}
	if r, _ := w.Selected(); w.Cursor() != 1 || r.ID != 9001 {
		t.Fatalf("130 up: cursor %d on %d, want 1 on the row added (9001)", w.Cursor(), r.ID)
	}
	press(t, w, "k")
	if r, _ := w.Selected(); w.Cursor() != 0 || r.ID != 1 || !w.atStart {
		t.Fatalf("back up: cursor %d on %d (at the start: %v)", w.Cursor(), r.ID, w.atStart)
	}
	// When the selected row's place is gone, the window starts over.
	s2 := newSource(50, func(i int) int { return i })
	w2 := open(t, s2, 20, 60, 8)
	for range 30 {
		press(t, w2, "j")
	}
	s2.rows = s2.rows[:10]
	run(t, w2, w2.Reload(s2.fetch))
	run(t, w2, w2.SetTotal(10))
	check(t, w2, s2, 0, "reload after the rows went")
}

// Rows added above the cursor, then a reload in place: walking up meets
// every row, and the window knows when it is at the top.
func TestRowsAddedAboveThenUpVisitsEveryRow(t *testing.T) {
	for _, added := range []int{1, 3, 40} {
		s := newSource(400, func(i int) int { return i * 2 })
		w := open(t, s, 20, 60, 8)
		for range 130 {
			press(t, w, "j")
		}
		for i := range added {
			s.rows = append(s.rows, row{V: 1, ID: 9001 + i}) // above the cursor
		}
		s.sort()
		run(t, w, w.Reload(s.fetch))
		run(t, w, w.SetTotal(int64(len(s.rows))))
		seen := map[int]bool{}
		for range 130 + added + 5 {
			r, _ := w.Selected()
			seen[r.ID] = true
			press(t, w, "k")
		}
		sel, _ := w.Selected()
		want := 130 + added + 1 // the rows from the top to the one selected before
		if len(seen) != want || sel.ID != s.rows[0].ID {
			t.Errorf("%d added above: walking up met %d rows, want %d; ended on %d, want %d", added, len(seen), want, sel.ID, s.rows[0].ID)
		}
	}
}

// Answers to an older load, and pages asked for before a jump, are
// dropped.
func TestStaleAnswersDropped(t *testing.T) {
	s := newSource(500, func(i int) int { return i })
	other := newSource(500, func(i int) int { return 10_000 + i })
	w := open(t, s, 20, 60, 8)
	old := w.Restart(other.fetch, false)
	newer := w.Restart(s.fetch, false)
	run(t, w, newer)
	run(t, w, old)
	check(t, w, s, 0, "an older load answered last")

	var stale tea.Cmd
	for range 100 {
		if stale = w.Update(keyMsg("j")); stale != nil {
			break
		}
	}
	if stale == nil {
		t.Fatal("no page asked for")
	}
	jump := w.Update(keyMsg("G"))
	run(t, w, jump)
	run(t, w, stale)
	check(t, w, s, 499, "a page asked for before G answered after it")
	if w.Loading() {
		t.Error("still loading")
	}
}

func TestMouse(t *testing.T) {
	s := newSource(100, func(i int) int { return i })
	w := open(t, s, 20, 60, 10)
	cmd, ok := w.Click(4)
	run(t, w, cmd)
	if !ok || w.Cursor() != 4 {
		t.Fatalf("click on line 4: %v, cursor %d", ok, w.Cursor())
	}
	if _, ok := w.Click(10); ok {
		t.Error("a click below the body took")
	}
	if _, ok := w.Click(-1); ok {
		t.Error("a click above the body took")
	}
	run(t, w, w.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown}))
	check(t, w, s, 7, "wheel down")
	run(t, w, w.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp}))
	check(t, w, s, 4, "wheel up")

	// With group headers, a header line is no row.
	g := New(common.DefaultKeys(), Config[row, rowKey]{PageSize: 20, Buffer: 60, Render: render,
		More:      func(w int) string { return "…" },
		Header:    func(r row, w int) string { return fmt.Sprintf("GROUP %d", r.V/10) },
		SameGroup: func(a, b row) bool { return a.V/10 == b.V/10 }})
	g.SetSize(40, 12)
	run(t, g, g.Restart(s.fetch, false))
	lines := g.Lines()
	// a header at the foot, with no row under it, is left out
	if len(lines) != 11 || lines[0] != "GROUP 0" || strings.HasPrefix(lines[10], "GROUP") {
		t.Fatalf("headers:\n%s", strings.Join(lines, "\n"))
	}
	if _, ok := g.Click(0); ok {
		t.Error("a click on a header took")
	}
	cmd, ok = g.Click(3)
	run(t, g, cmd)
	if !ok || g.Cursor() != 2 {
		t.Errorf("click on line 3 (under the header): cursor %d", g.Cursor())
	}
}

func TestEmpty(t *testing.T) {
	s := newSource(0, nil)
	w := open(t, s, 20, 60, 10)
	for _, k := range []string{"j", "k", "G", "g", "pgdown", "pgup"} {
		press(t, w, k)
		if _, ok := w.Selected(); ok || w.Cursor() != 0 || len(w.Lines()) != 0 {
			t.Fatalf("%s on an empty table: cursor %d, %d lines", k, w.Cursor(), len(w.Lines()))
		}
	}
	if _, ok := w.Click(0); ok {
		t.Error("a click on an empty table took")
	}
}

// A window of fewer lines than rows scrolls to keep the cursor in view,
// headers included; one line still shows the row.
func TestSmallerThanTheRows(t *testing.T) {
	s := newSource(60, func(i int) int { return i })
	for _, h := range []int{1, 2, 3} {
		w := open(t, s, 20, 60, h)
		for i := 1; i < 40; i++ {
			press(t, w, "j")
			check(t, w, s, i, fmt.Sprintf("height %d, j ×%d", h, i))
		}
		if w.Offset() != 39-h+1 {
			t.Errorf("height %d: top row %d", h, w.Offset())
		}
	}
	g := New(common.DefaultKeys(), Config[row, rowKey]{PageSize: 20, Buffer: 60, Render: render,
		More:      func(w int) string { return "…" },
		Header:    func(r row, w int) string { return fmt.Sprintf("GROUP %d", r.V/10) },
		SameGroup: func(a, b row) bool { return a.V/10 == b.V/10 }})
	for _, h := range []int{1, 2, 4} {
		g.SetSize(40, h)
		run(t, g, g.Restart(s.fetch, false))
		run(t, g, g.SetTotal(60))
		for i := 1; i < 35; i++ {
			press(t, g, "j")
			if !strings.Contains(g.View(), fmt.Sprintf("> %d/%d", i, i+1)) {
				t.Fatalf("height %d with headers, row %d not drawn:\n%s", h, i, g.View())
			}
			if n := len(g.Lines()); n > h {
				t.Fatalf("height %d: %d lines", h, n)
			}
		}
	}
}

// BenchmarkWindowKey is one j through Update and the body's View, 1,000
// rows a page.
func BenchmarkWindowKey(b *testing.B) {
	s := newSource(50_000, func(i int) int { return i })
	w := open(b, s, 1000, 3000, 40)
	j, top := keyMsg("j"), keyMsg("g")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := w.Update(j)
		if cmd != nil {
			b.StopTimer()
			run(b, w, cmd)
			b.StartTimer()
		}
		if w.Cursor() == 49_999 {
			run(b, w, w.Update(top))
		}
		_ = w.View()
	}
}

// The drawn rows are kept only for the rows held: scrolling through many
// pages does not grow the cache past the buffer.
func TestRowCacheStaysWithTheBuffer(t *testing.T) {
	s := newSource(2000, func(i int) int { return i })
	w := newWindow(20, 60)
	w.cfg.Cache = true
	w.SetSize(40, 8)
	run(t, w, w.Restart(s.fetch, false))
	run(t, w, w.SetTotal(int64(len(s.rows))))
	for range 1500 {
		press(t, w, "j")
	}
	if len(w.cache) > len(w.rows) {
		t.Fatalf("%d rows drawn and kept for %d rows held", len(w.cache), len(w.rows))
	}
}

// Page-downs pressed faster than pages load each count: the cursor ends
// where ten pages down would put it, and walking back up loses none
// either. Before, it stopped at the last row held while a page loaded.
func TestFastPressesAreNotLost(t *testing.T) {
	s := newSource(1000, func(i int) int { return i })
	w := open(t, s, 20, 60, 8)
	step := w.height
	var cmds []tea.Cmd
	for range 10 { // no answer comes between the presses
		cmds = append(cmds, w.Update(keyMsg("pgdown")))
	}
	run(t, w, tea.Batch(cmds...))
	check(t, w, s, 10*step, "ten page-downs at once")
	cmds = cmds[:0]
	for range 7 {
		cmds = append(cmds, w.Update(keyMsg("pgup")))
	}
	run(t, w, tea.Batch(cmds...))
	check(t, w, s, 3*step, "seven page-ups at once")
	press(t, w, "g")
	check(t, w, s, 0, "g after them")
}
