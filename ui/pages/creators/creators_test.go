package creators

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/internal/uitest"
)

// creatorsStore is a database of n creators c0000, c0001, … (uitest.Creators).
func creatorsStore(t *testing.T, n int) *store.Store { return uitest.Creators(t, n) }

// creatorsExpected lists every handle the Creators screen's current query
// matches, in order, paging through the store.
func creatorsExpected(t *testing.T, m *creators) []string {
	t.Helper()
	q := m.query()
	var out []string
	for {
		p, err := m.ctx.Store.Creators(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range p.Creators {
			out = append(out, c.Handle)
		}
		if !p.More {
			return out
		}
		q.After = p.Next
	}
}

// creatorsCheckWindow fails unless the rows held are the query's rows at
// their absolute places, and the cursor is on the row it claims.
func creatorsCheckWindow(t *testing.T, m *creators, all []string, step string) {
	t.Helper()
	if m.list.Start() < 0 || m.list.Start()+len(m.list.Rows()) > len(all) {
		t.Fatalf("%s: window [%d, %d) outside the %d rows", step, m.list.Start(), m.list.Start()+len(m.list.Rows()), len(all))
	}
	for i, c := range m.list.Rows() {
		if want := all[m.list.Start()+i]; c.Handle != want {
			t.Fatalf("%s: row %d is @%s, want @%s (window starts at %d, %d rows)", step, m.list.Start()+i, c.Handle, want, m.list.Start(), len(m.list.Rows()))
		}
	}
	c, _, ok := m.selected()
	if !ok {
		t.Fatalf("%s: cursor %d outside the window [%d, %d)", step, m.list.Cursor(), m.list.Start(), m.list.Start()+len(m.list.Rows()))
	}
	if c.Handle != all[m.list.Cursor()] {
		t.Fatalf("%s: cursor %d on @%s, want @%s", step, m.list.Cursor(), c.Handle, all[m.list.Cursor()])
	}
}

func TestCreatorsScrollDownAndUpThroughTheWindow(t *testing.T) {
	t.Parallel()
	s := creatorsStore(t, 1_310) // more than the 600-row buffer, not a multiple of a page
	a := rootStart(t, rootApp(s, true), 100, 30)
	rootPress(t, a, "2")
	m := rootCreators(a)
	all := creatorsExpected(t, m)
	if len(all) != 1_310 {
		t.Fatalf("%d creators listed", len(all))
	}
	for i := 0; m.list.Cursor() < len(all)-1; i++ {
		rootPress(t, a, "pgdown")
		creatorsCheckWindow(t, m, all, fmt.Sprintf("pgdown %d", i+1))
		if len(m.list.Rows()) > creatorBuffer {
			t.Fatalf("%d rows held, more than the %d buffer", len(m.list.Rows()), creatorBuffer)
		}
	}
	for i := 0; m.list.Cursor() > 0; i++ {
		rootPress(t, a, "pgup")
		creatorsCheckWindow(t, m, all, fmt.Sprintf("pgup %d", i+1))
	}
	if got := rootScreen(a); !strings.Contains(got, "1–") || !strings.Contains(got, "of 1,310") {
		t.Errorf("position line:\n%s", got)
	}
}

// G loads the last page on its own; scrolling up from there must reach the
// first row. With 250 creators the page before the last one is short (50
// rows); merge once placed it at m.start-creatorPage = -50, so rows 0–99
// never showed again (only "…"). Fixed in 6cc7032.
func TestCreatorsScrollUpFromTheEnd(t *testing.T) {
	t.Parallel()
	s := creatorsStore(t, 250)
	a := rootStart(t, rootApp(s, true), 100, 30)
	rootPress(t, a, "2", "G")
	m := rootCreators(a)
	all := creatorsExpected(t, m)
	creatorsCheckWindow(t, m, all, "G")
	if got := rootScreen(a); !strings.Contains(got, "of 250") || !strings.Contains(got, "@c0249") {
		t.Fatalf("G does not show the last creator:\n%s", got)
	}
	for i := 0; m.list.Cursor() > 0; i++ {
		rootPress(t, a, "k")
		creatorsCheckWindow(t, m, all, fmt.Sprintf("G then k ×%d", i+1))
	}
	if got := rootScreen(a); !strings.Contains(got, "▶  @c0000") {
		t.Errorf("back at the top, the first creator is not under the cursor:\n%s", got)
	}
}

// A new query (sort, filter, tier) must replace the window. When the old
// window started exactly one page in, merge once took the new first page
// for the page "before" the old window and kept the old rows after it.
// Fixed in 6cc7032.
func TestCreatorsNewQueryReplacesTheWindow(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 100, 30)
	rootPress(t, a, "2", "G")
	m := rootCreators(a)
	for m.list.Start() != creatorPage && m.list.Cursor() > 0 {
		rootPress(t, a, "k")
	}
	if m.list.Start() != creatorPage {
		t.Fatalf("setup: window starts at %d", m.list.Start())
	}
	rootPress(t, a, "s") // by handle
	all := creatorsExpected(t, m)
	creatorsCheckWindow(t, m, all, "G, k…, then s")
}

// A filter that matches nothing must leave no rows: merge once took the
// empty page for one "before" the window and kept the old rows, so the
// screen listed creators under "no creators match" and m moved one. Fixed
// in 6cc7032.
func TestCreatorsFilterMatchingNothing(t *testing.T) {
	t.Parallel()
	for _, w := range []int{80, 160} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			s := rootStore(t, true)
			a := rootStart(t, rootApp(s, true), w, 30)
			rootPress(t, a, "2", "/")
			rootType(t, a, "zzzz")
			rootPress(t, a, "enter")
			m := rootCreators(a)
			got := rootScreen(a)
			if !strings.Contains(got, "no creators match: “zzzz”") {
				t.Errorf("no message:\n%s", got)
			}
			if c, _, ok := m.selected(); ok || strings.Contains(got, "▶") {
				t.Errorf("a creator (@%s) is still listed and selected:\n%s", c.Handle, got)
			}
			if !strings.Contains(got, "0 creators") {
				t.Errorf("no \"0 creators\" position line:\n%s", got)
			}
			rootPress(t, a, "m")
			if rootDialog(a) {
				t.Errorf("m opened the mover with nothing listed")
			}
		})
	}
}

// The no-match line carries the filter, up to 100 characters: it must be
// cut to the table, not wrapped (at 160 columns lipgloss wrapped it and
// pushed the position line off the screen; fixed in 6cc7032).
func TestCreatorsLongFilterMatchingNothing(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 160, 30)
	rootPress(t, a, "2", "/")
	rootType(t, a, strings.Repeat("zq", 45))
	rootPress(t, a, "enter")
	lines := strings.Split(rootScreen(a), "\n")
	if !strings.HasPrefix(lines[3], "no creators match") {
		t.Fatalf("line 3 is %q", lines[3])
	}
	if strings.HasPrefix(lines[4], "“") {
		t.Errorf("the no-match line wraps onto the next line:\n%s", strings.Join(lines, "\n"))
	}
}

func TestCreatorsFilterIsDebouncedAndNarrows(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 100, 30)
	rootPress(t, a, "2", "/")
	m := rootCreators(a)
	before := m.list.Req()
	rootType(t, a, "siqi_")
	if m.list.Req() != before+1 {
		t.Errorf("typing 5 letters quickly loaded %d times, want once after the debounce", m.list.Req()-before)
	}
	got := rootScreen(a)
	if !strings.Contains(got, "@siqi_lin") || !strings.Contains(got, "1–1 of 1") {
		t.Fatalf("filter siqi_:\n%s", got)
	}
	// By display name, in Chinese; backspace widens again.
	rootBurst(t, a, "backspace", "backspace", "backspace", "backspace", "backspace")
	rootType(t, a, "林思")
	if got := rootScreen(a); !strings.Contains(got, "@siqi_lin") || !strings.Contains(got, "1–1 of 1") {
		t.Fatalf("filter 林思:\n%s", got)
	}
	// esc in the filter clears it.
	rootPress(t, a, "esc")
	if m.Typing() || m.filter.Value() != "" || m.list.Total() != 300 {
		t.Errorf("esc: typing %v, filter %q, %d rows", m.Typing(), m.filter.Value(), m.list.Total())
	}
}

func TestCreatorsTierStageAndSort(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 120, 40)
	rootPress(t, a, "2")
	m := rootCreators(a)
	ctx := context.Background()
	counts, err := s.CountCreators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		tier outreach.Tier
		want int64
	}{{outreach.Head, counts.Head}, {outreach.Micro, counts.Micro}, {"", counts.Total}} {
		rootPress(t, a, "t")
		if m.tier != tc.tier || m.list.Total() != tc.want {
			t.Errorf("tier %q: %d rows, want %d", m.tier, m.list.Total(), tc.want)
		}
		for _, c := range m.list.Rows() {
			if tc.tier != "" && c.Tier != tc.tier {
				t.Errorf("tier %q lists @%s (%s)", tc.tier, c.Handle, c.Tier)
			}
		}
	}
	// The stage filter cycles every stage; rows show that stage.
	for _, st := range outreach.Stages {
		rootPress(t, a, "f")
		if m.stage != st {
			t.Fatalf("f: stage %q, want %q", m.stage, st)
		}
		want, err := s.CountCreatorsWhere(ctx, store.CreatorQuery{Stage: st})
		if err != nil {
			t.Fatal(err)
		}
		if m.list.Total() != want {
			t.Errorf("stage %s: %d rows, store counts %d", st, m.list.Total(), want)
		}
		// (Across all campaigns a row shows its latest pipeline's stage,
		// which may not be the stage filtered on: see the report.)
		if got := rootScreen(a); !strings.Contains(got, "stage: "+st.Label()) {
			t.Errorf("top line does not say the stage %s:\n%s", st.Label(), strings.SplitN(got, "\n", 3)[1])
		}
	}
	rootPress(t, a, "f")
	if m.stage != "" || m.list.Total() != counts.Total {
		t.Errorf("after the last stage: stage %q, %d rows", m.stage, m.list.Total())
	}
	// s cycles the sort; by handle the rows are in order.
	for _, want := range []string{"handle", "last contact", "stage", "followers"} {
		rootPress(t, a, "s")
		if got := rootScreen(a); !strings.Contains(got, "sort: "+want) {
			t.Errorf("s: top line does not say sort: %s", want)
		}
		if want == "handle" {
			for i := 1; i < len(m.list.Rows()); i++ {
				if m.list.Rows()[i-1].Handle > m.list.Rows()[i].Handle {
					t.Fatalf("by handle: @%s before @%s", m.list.Rows()[i-1].Handle, m.list.Rows()[i].Handle)
				}
			}
		}
	}
}

// creatorsFind filters the Creators screen down to one handle and waits
// for its detail.
func creatorsFind(t *testing.T, a *App, handle string) *creators {
	t.Helper()
	rootPress(t, a, "2", "/")
	rootType(t, a, handle)
	rootPress(t, a, "enter")
	m := rootCreators(a)
	c, _, ok := m.selected()
	if !ok || c.Handle != handle {
		t.Fatalf("filter %s: selected @%s", handle, c.Handle)
	}
	if m.detail == nil || m.detail.handle != handle {
		t.Fatalf("no detail for @%s", handle)
	}
	return m
}

// creatorsPipeline is handle's only pipeline (the test checks the demo
// data still gives it one).
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

func TestCreatorsMoveStage(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	const handle = "khanhcatlady"
	p := creatorsPipeline(t, s, handle)
	if p.Position.Stage != outreach.Invited {
		t.Fatalf("demo data changed: @%s is %s, the test wants invited", handle, p.Position.Stage)
	}
	a := rootStart(t, rootApp(s, true), 120, 40)
	m := creatorsFind(t, a, handle)

	// esc closes the dialog without moving.
	rootPress(t, a, "m")
	if !rootDialog(a) {
		t.Fatal("m: no dialog")
	}
	got := rootScreen(a)
	for _, want := range []string{"Move @" + handle, "in " + p.Campaign + ", now invited", "> replied", "no response", "declined"} {
		if !strings.Contains(got, want) {
			t.Errorf("dialog lacks %q:\n%s", want, got)
		}
	}
	for _, st := range p.Position.AllowedMoves() {
		if !strings.Contains(got, st.Label()) {
			t.Errorf("dialog does not offer %s", st.Label())
		}
	}
	rootPress(t, a, "esc")
	if rootDialog(a) || creatorsPipeline(t, s, handle).Position.Stage != outreach.Invited {
		t.Fatal("esc did not close the dialog, or moved")
	}

	// While the note has focus, q and digits are text.
	rootPress(t, a, "m", "enter")
	if !a.typing() || rootFocused(a) != "note" {
		t.Fatalf("enter on a stage does not ask for a note (focus on %q)", rootFocused(a))
	}
	rootType(t, a, "q1 said yes")
	rootPress(t, a, "enter")
	if rootDialog(a) {
		t.Fatal("dialog still open after the note")
	}
	after := creatorsPipeline(t, s, handle)
	if after.Position.Stage != outreach.Replied {
		t.Fatalf("@%s is %s after the move, want replied", handle, after.Position.Stage)
	}
	ev, _, err := s.Events(context.Background(), handle, 0, 1)
	if err != nil || len(ev) != 1 || ev[0].Note != "q1 said yes" || ev[0].To != outreach.Replied {
		t.Fatalf("event log: %+v %v", ev, err)
	}
	got = rootScreen(a)
	if !strings.Contains(got, "@"+handle+" → replied in "+p.Campaign) {
		t.Errorf("status does not report the move:\n%s", got)
	}
	// The row and the pane show the new stage (reloaded after the move).
	if _, st, _ := m.selected(); st != outreach.Replied {
		t.Errorf("row shows %s", st)
	}
	got = rootScreen(a)
	if !strings.Contains(got, "stage     replied since") || !strings.Contains(got, "invited → replied  q1 said yes") {
		t.Errorf("the detail pane is stale after the move (fixed once in fec7dd1):\n%s", got)
	}
	// A second m offers the moves from replied, not from invited again.
	rootPress(t, a, "m")
	if got := rootScreen(a); !rootDialog(a) || !strings.Contains(got, "in "+p.Campaign+", now replied") {
		t.Errorf("the second move does not start from replied (stale detail):\n%s", got)
	}
}

func TestCreatorsDoNotContactNeedsAReason(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	const handle = "khanhcatlady"
	a := rootStart(t, rootApp(s, true), 120, 40)
	creatorsFind(t, a, handle)
	rootPress(t, a, "x")
	if got := rootScreen(a); !strings.Contains(got, "reason") || !strings.Contains(got, "do not contact: stops every campaign") {
		t.Fatalf("x:\n%s", got)
	}
	rootPress(t, a, "enter")
	if got := rootScreen(a); !strings.Contains(got, "do not contact needs a reason") {
		t.Errorf("empty reason accepted:\n%s", got)
	}
	rootType(t, a, "asked us to stop")
	rootPress(t, a, "enter")
	c, err := s.Creator(context.Background(), handle)
	if err != nil {
		t.Fatal(err)
	}
	if !c.DoNotContact || c.DNCReason != "asked us to stop" {
		t.Errorf("creator: dnc %v, reason %q", c.DoNotContact, c.DNCReason)
	}
}

func TestCreatorsSelectSeveral(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 120, 40)
	rootPress(t, a, "2", "space", "space")
	m := rootCreators(a)
	if len(m.marked) != 2 || m.list.Cursor() != 2 {
		t.Fatalf("space twice: %d marked, cursor %d", len(m.marked), m.list.Cursor())
	}
	if got := rootScreen(a); !strings.Contains(got, "2 selected") || strings.Count(got, "●") != 2 {
		t.Errorf("marks not shown:\n%s", got)
	}
	rootPress(t, a, "m")
	got := rootScreen(a)
	if !strings.Contains(got, "Move 2 creators") {
		t.Errorf("dialog for two:\n%s", got)
	}
	for _, st := range outreach.Stages {
		if !strings.Contains(got, st.Label()) {
			t.Errorf("dialog for several does not offer %s", st.Label())
		}
	}
	rootPress(t, a, "esc", "esc")
	if len(m.marked) != 0 {
		t.Errorf("esc did not clear the selection")
	}
}

// The selection is for one bulk action: after i queues the invitations,
// "2 selected" is gone (issue 13: it outlived the action).
func TestCreatorsSelectionEndsWithTheInvitation(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	if _, err := s.SetSender(context.Background(), "Mia"); err != nil {
		t.Fatal(err)
	}
	a := rootStart(t, rootApp(s, true), 120, 40)
	rootPress(t, a, "2", "space", "space", "i")
	if got := rootScreen(a); strings.Contains(got, "selected") || strings.Count(got, "●") != 0 || !strings.Contains(got, "queued") {
		t.Errorf("after queueing the two selected:\n%s", got)
	}
}

func TestCreatorsMouse(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 120, 40)
	rootPress(t, a, "2")
	m := rootCreators(a)
	// Rows start on line 3: tab bar, filter line, header.
	_, cmd := a.Update(tea.MouseClickMsg{X: 10, Y: 3 + 4, Button: tea.MouseLeft})
	rootSettle(t, a, cmd)
	if m.list.Cursor() != 4 {
		t.Errorf("click on the fifth row: cursor %d", m.list.Cursor())
	}
	lines := strings.Split(rootScreen(a), "\n")
	if !strings.HasPrefix(lines[3+4], "▶") {
		t.Errorf("clicked row not marked: %q", lines[3+4])
	}
	_, cmd = a.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	rootSettle(t, a, cmd)
	if m.list.Cursor() != 7 {
		t.Errorf("wheel down: cursor %d, want 7", m.list.Cursor())
	}
	_, cmd = a.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	rootSettle(t, a, cmd)
	if m.list.Cursor() != 4 {
		t.Errorf("wheel up: cursor %d, want 4", m.list.Cursor())
	}
}

// Answers to an older request are dropped.
func TestCreatorsDropsStaleAnswers(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 120, 40)
	rootPress(t, a, "2")
	m := rootCreators(a)
	// A page of another query (by handle), asked for before the load
	// that follows it, answers last.
	stale := m.list.Restart(fetch(s, store.CreatorQuery{Sort: store.ByHandle}), false)
	rootSettle(t, a, m.Load())
	first := m.list.Rows()[0].Handle
	staleMsg := stale()
	if staleMsg.(pageMsg).Rows().Rows[0].Handle == first {
		t.Fatalf("setup: the stale page starts with @%s too", first)
	}
	a.Update(staleMsg)
	a.Update(countMsg{req: m.list.Req() - 1, total: 1})
	if m.list.Rows()[0].Handle != first || m.list.Total() != 300 {
		t.Errorf("stale answer applied: first row @%s, total %d", m.list.Rows()[0].Handle, m.list.Total())
	}
	a.Update(detailMsg{req: m.detailReq - 1, d: creatorDetail{handle: "stale"}})
	if m.detail == nil || m.detail.handle == "stale" {
		t.Errorf("stale detail applied")
	}
}

// Every table line of the Creators screen is as wide as the others, with
// the demo's CJK, Vietnamese and emoji names.
func TestCreatorsColumnsAlign(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	for _, w := range []int{60, 80, 109, 110, 160, 200} {
		a := rootStart(t, rootApp(s, true), w, 60)
		rootPress(t, a, "2")
		lines := strings.Split(a.View().Content, "\n")
		body := lines[2 : len(lines)-3] // header to the last row
		want := ansi.StringWidth(body[0])
		for i, l := range body {
			if got := ansi.StringWidth(l); got != want {
				t.Errorf("width %d: line %d is %d cells, the header %d: %q", w, i+2, got, want, ansi.Strip(l))
			}
		}
	}
}
