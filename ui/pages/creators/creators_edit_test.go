package creators

import (
	"strings"
	"testing"

	"creatordesk/outreach"
	"creatordesk/ui/common"
)

// Editing terms through the form saves them, and the reload that follows
// keeps the cursor on the row it was on rather than jumping to the top.
func TestCreatorsEditTermsKeepsThePlace(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 120, 40)
	rootPress(t, a, "2")
	m := rootCreators(a)
	rootPress(t, a, "j", "j", "j", "j", "j")
	before, _, _ := m.selected()
	if m.list.Cursor() != 5 {
		t.Fatalf("cursor %d after five j", m.list.Cursor())
	}
	rootPress(t, a, "e")
	if !rootDialog(a) || !a.typing() {
		t.Fatal("e: no terms form")
	}
	rootPress(t, a, "tab") // commission
	rootType(t, a, "90%")
	// huh checks a field as it is left: enter stays on the refused value.
	rootPress(t, a, "enter", "enter")
	if !rootDialog(a) {
		t.Fatal("a 90% commission was saved")
	}
	if got := rootScreen(a); !strings.Contains(got, "commission") || !strings.Contains(got, "outside") {
		t.Errorf("no reason shown for the refused commission:\n%s", got)
	}
	if f := rootFocused(a); !strings.HasPrefix(f, "commission") {
		t.Errorf("focus on %q after the refusal, want the commission", f)
	}
	for range 3 {
		rootPress(t, a, "backspace")
	}
	rootType(t, a, "12%")
	rootPress(t, a, "tab")
	rootType(t, a, "SERUM-30")
	rootPress(t, a, "tab", "tab", "tab")
	rootType(t, a, "zz12")
	rootPress(t, a, "enter", "enter") // to the discount %, then save
	if rootDialog(a) {
		t.Fatalf("form still open:\n%s", rootScreen(a))
	}
	ps, err := s.Pipelines(common.Bg(), before.Handle)
	if err != nil || len(ps) == 0 {
		t.Fatal(err)
	}
	var found bool
	for _, p := range ps {
		if p.Terms.Commission == 1200 && p.Terms.SampleSKU == "SERUM-30" && p.Terms.DiscountCode == "ZZ12" {
			found = true
		}
	}
	if !found {
		t.Errorf("terms not saved: %+v", ps)
	}
	after, _, _ := m.selected()
	if m.list.Cursor() != 5 || after.Handle != before.Handle {
		t.Errorf("after saving the cursor is on row %d (@%s), want row 5 (@%s)", m.list.Cursor(), after.Handle, before.Handle)
	}
	if got := rootScreen(a); !strings.Contains(got, "code ZZ12") {
		t.Errorf("detail pane does not show the new terms:\n%s", got)
	}
	// Notes and tags.
	rootPress(t, a, "n")
	rootType(t, a, "prefers DMs")
	rootPress(t, a, "enter", "#")
	rootType(t, a, "priority, -nonexistent")
	rootPress(t, a, "enter")
	c, err := s.Creator(common.Bg(), before.Handle)
	if err != nil || !strings.HasSuffix(c.Notes, "\n2026-11-22 prefers DMs") || !containsTag(c.Tags, "priority") {
		t.Errorf("notes %q tags %v (%v)", c.Notes, c.Tags, err)
	}
}

func containsTag(tags []string, t string) bool {
	for _, x := range tags {
		if x == t {
			return true
		}
	}
	return false
}

// r cycles the region filter through the regions present, most creators
// first; esc clears it.
func TestCreatorsRegionFilter(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 120, 40)
	rootPress(t, a, "2")
	m := rootCreators(a)
	all := m.list.Total()
	regions, err := s.Regions(common.Bg())
	if err != nil || len(regions) < 2 {
		t.Fatalf("regions %v %v", regions, err)
	}
	// r picks from the regions, the commonest first after "all regions"
	rootPressUntil(t, a, "r", isOpen)
	if got := rootDialogText(a); !strings.Contains(got, "all regions") || !strings.Contains(got, regions[1]) {
		t.Fatalf("r offers no regions:\n%s", got)
	}
	rootPress(t, a, "down")
	rootPressUntil(t, a, "enter", isClose)
	if m.region != regions[0] {
		t.Fatalf("r, down, enter chose %q, want the commonest %q", m.region, regions[0])
	}
	for i := m.list.Start(); i < m.list.Start()+len(m.list.Rows()); i++ {
		if r := m.list.Rows()[i-m.list.Start()].Region; r != regions[0] {
			t.Fatalf("row %d is in %s under the %s filter", i, r, regions[0])
		}
	}
	if m.list.Total() <= 0 || m.list.Total() >= all {
		t.Errorf("%d creators in %s of %d", m.list.Total(), regions[0], all)
	}
	if !strings.Contains(rootScreen(a), "region: "+regions[0]) {
		t.Error("the filter is not shown")
	}
	// the region in use is the one chosen when the picker opens
	rootPressUntil(t, a, "r", isOpen)
	rootPress(t, a, "down")
	rootPressUntil(t, a, "enter", isClose)
	if m.region != regions[1] {
		t.Errorf("second pick: %q, want %q", m.region, regions[1])
	}
	rootPress(t, a, "esc")
	if m.region != "" || m.list.Total() != all {
		t.Errorf("esc left region %q, %d of %d", m.region, m.list.Total(), all)
	}
}

// The review's repro: under a stage filter, at the end of the list, a move
// that takes the last row out of the filter must not leave the window empty.
func TestCreatorsMoveOutOfTheFilterAtTheEnd(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 120, 40)
	rootPress(t, a, "2", "f") // stage filter: prospect
	m := rootCreators(a)
	if m.stage != "prospect" || m.list.Total() < 2 {
		t.Fatalf("stage filter %q, %d rows", m.stage, m.list.Total())
	}
	before := m.list.Total()
	rootPress(t, a, "G")
	rootPress(t, a, "m")
	if !rootDialog(a) {
		t.Fatalf("no move dialog:\n%s", rootScreen(a))
	}
	rootPress(t, a, "enter") // the first allowed move: invited
	rootType(t, a, "sent a DM")
	rootPress(t, a, "enter")
	if m.list.Total() != before-1 {
		t.Fatalf("total %d after the move, want %d", m.list.Total(), before-1)
	}
	if len(m.list.Rows()) == 0 {
		t.Fatalf("the window is empty (start %d, cursor %d):\n%s", m.list.Start(), m.list.Cursor(), rootScreen(a))
	}
	if c, _, ok := m.selected(); !ok || c.Handle == "" {
		t.Errorf("no row under the cursor")
	}
}

// A refused value keeps its dialog open with the reason, and nothing is
// saved: a sample quantity that is not a number, an empty note.
func TestCreatorsValidationBlocksSubmit(t *testing.T) {
	t.Parallel()
	s := campaignRuleStore(t)
	a := rootStart(t, rootApp(s, true), 120, 40)
	creatorsFind(t, a, "c0001")
	rootPressUntil(t, a, "e", isOpen)
	rootPress(t, a, "tab", "tab", "tab") // sample qty
	rootType(t, a, "two")
	for range 4 {
		rootPress(t, a, "enter")
	}
	if !rootDialog(a) || rootFocused(a) != "sample qty" {
		t.Fatalf("a quantity of \"two\" was taken (focus on %q)", rootFocused(a))
	}
	if got := rootDialogText(a); !strings.Contains(got, `"two" is not a whole number`) {
		t.Errorf("no reason shown:\n%s", got)
	}
	rootPress(t, a, "esc")
	ps, err := s.Pipelines(common.Bg(), "c0001")
	if err != nil || len(ps) != 1 || ps[0].Terms != (outreach.Terms{}) {
		t.Fatalf("terms after a refused form: %+v %v", ps, err)
	}
	rootPress(t, a, "n", "enter")
	if got := rootDialogText(a); !rootDialog(a) || !strings.Contains(got, "write the note first") {
		t.Errorf("an empty note was taken:\n%s", got)
	}
	rootPress(t, a, "esc")
	if c, err := s.Creator(common.Bg(), "c0001"); err != nil || c.Notes != "" {
		t.Errorf("notes %q (%v)", c.Notes, err)
	}
	// no tags typed: refused, not "tags saved" with nothing saved
	rootPress(t, a, "#")
	rootType(t, a, " , ")
	rootPress(t, a, "enter")
	if got := rootDialogText(a); !rootDialog(a) || !strings.Contains(got, "type a tag") {
		t.Errorf("empty tags were taken:\n%s", got)
	}
	rootPress(t, a, "esc")
}
