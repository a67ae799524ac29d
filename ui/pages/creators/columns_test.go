package creators

import (
	"slices"
	"strings"
	"testing"

	"creatordesk/store"
)

// S turns the sort around and back; the header names the sorted column
// with its direction, and the rows follow the store's flipped order.
func TestCreatorsReverseSort(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 80, 24)
	rootPress(t, a, "2")
	m := rootCreators(a)
	check := func(step, head, top string, by store.CreatorSort, flip bool) {
		t.Helper()
		lines := strings.Split(rootScreen(a), "\n")
		if !strings.Contains(lines[1], top) || !strings.Contains(lines[2], head) {
			t.Errorf("%s: top line %q, header %q; want %q and %q", step, lines[1], lines[2], top, head)
		}
		if m.sort != by || m.flip != flip {
			t.Fatalf("%s: sort %d flip %v", step, m.sort, flip)
		}
		want := creatorsExpected(t, m)
		var got []string
		for _, r := range m.list.Rows() {
			got = append(got, r.Handle)
		}
		if len(got) == 0 || !slices.Equal(got, want[:len(got)]) {
			t.Errorf("%s: rows %v, want %v", step, got, want[:min(len(want), len(got))])
		}
	}
	check("start", "FOLLOWERS ▼", "sort: followers ▼ (most first)", store.ByFollowers, false)
	first := m.list.Rows()[0].Handle
	rootPress(t, a, "S")
	check("S", "FOLLOWERS ▲", "sort: followers ▲ (fewest first)", store.ByFollowers, true)
	if m.list.Rows()[0].Handle == first {
		t.Errorf("S kept @%s first", first)
	}
	rootPress(t, a, "S")
	check("S S", "FOLLOWERS ▼", "sort: followers ▼", store.ByFollowers, false)
	rootPress(t, a, "S", "s") // a new sort starts in its own order
	check("s", "HANDLE ▲", "sort: handle ▲ (a → z)", store.ByHandle, false)
	rootPress(t, a, "S")
	check("s S", "HANDLE ▼", "sort: handle ▼ (z → a)", store.ByHandle, true)
	rows := m.list.Rows()
	for i := 1; i < len(rows); i++ {
		if rows[i-1].Handle < rows[i].Handle {
			t.Fatalf("z → a: @%s before @%s", rows[i-1].Handle, rows[i].Handle)
		}
	}
	rootPress(t, a, "s")
	check("s S s", "LAST ▼", "sort: last contact ▼", store.ByLastContact, false)
	rootPress(t, a, "s", "S")
	check("stage S", "STAGE ▲", "sort: stage ▲ (prospects first)", store.ByStage, true)
}

// Columns take the width by priority: at 80 columns handle and name get
// their room and stages show whole, region and category wait for a wider
// table; at 60 the last contact goes before the stage; at 200 every
// column shows.
func TestCreatorsColumnsByPriority(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	for _, c := range []struct {
		w          int
		show, hide []string
	}{
		{60, []string{"HANDLE", "NAME", "STAGE", "FOLLOWERS ▼", "TIER"}, []string{"LAST", "REGION", "CATEGORY"}},
		{80, []string{"HANDLE", "NAME", "STAGE", "FOLLOWERS ▼", "TIER", "LAST"}, []string{"REGION", "CATEGORY"}},
		{200, []string{"HANDLE", "NAME", "STAGE", "FOLLOWERS ▼", "TIER", "LAST", "REGION", "CATEGORY"}, nil},
	} {
		a := rootStart(t, rootApp(s, true), c.w, 24)
		rootPress(t, a, "2")
		screen := rootScreen(a)
		header := strings.Split(screen, "\n")[2]
		for _, h := range c.show {
			if !strings.Contains(header, h) {
				t.Errorf("%d columns: no %s in %q", c.w, h, header)
			}
		}
		for _, h := range c.hide {
			if strings.Contains(header, h) {
				t.Errorf("%d columns: %s shows in %q", c.w, h, header)
			}
		}
		// whole names and stages from the demo's first page
		for _, whole := range []string{"@camila.lopez988", "Recetas de Camila", "do not contact", "content posted", "Racun Outfit Nadia"} {
			if !strings.Contains(screen, whole) && c.w >= 80 {
				t.Errorf("%d columns: %q is cut:\n%s", c.w, whole, screen)
			}
		}
	}
}
