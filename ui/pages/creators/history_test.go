package creators

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"creatordesk/internal/termtext/termtexttest"
	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
)

// creatorsHistory gives @c0000 n more changes to their followers (staying
// the most followed, first in the list), and returns their whole history,
// newest first.
func creatorsHistory(t *testing.T, s *store.Store, n int) []store.Entry {
	t.Helper()
	for i := range n {
		if _, _, err := s.UpdateCreator(common.Bg(), "c0000", store.CreatorEdit{Followers: store.Str(strconv.Itoa(20_000_000 + i))}); err != nil {
			t.Fatal(err)
		}
	}
	var all []store.Entry
	for before := int64(0); ; {
		es, more, err := s.History(common.Bg(), store.HistoryQuery{Handle: "c0000", Before: before, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, es...)
		if !more {
			return all
		}
		before = es[len(es)-1].ID
	}
}

var historyRange = regexp.MustCompile(`history ([0-9,]+)–([0-9,]+)`)

// shownRange is the range the pane's history title shows.
func shownRange(t *testing.T, screen string) (int, int) {
	t.Helper()
	m := historyRange.FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no history range on screen:\n%s", screen)
	}
	a, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	b, _ := strconv.Atoi(strings.ReplaceAll(m[2], ",", ""))
	return a, b
}

// ] pages the detail's history older, screen by screen, to its first
// entry, reading the store a page at a time and holding a few pages; [
// pages back to the newest. Every entry shows once each way, in order.
func TestCreatorsHistoryPagesThroughTheStore(t *testing.T) {
	t.Parallel()
	s := creatorsStore(t, 2)
	all := creatorsHistory(t, s, 220)
	if len(all) <= historyKeep*historyPage {
		t.Fatalf("%d entries: too few to page past what the pane holds", len(all))
	}
	a := rootStart(t, rootApp(s, true), 80, 40)
	rootPress(t, a, "2", "]") // narrow: ] shows the detail first
	m := rootCreators(a)
	if !m.showDetail {
		t.Fatal("] did not show the detail")
	}
	check := func(step string) (int, int) {
		t.Helper()
		screen := rootScreen(a)
		first, last := shownRange(t, screen)
		h := &m.detail.hist
		if held := len(h.entries()); held > historyKeep*historyPage {
			t.Fatalf("%s: %d entries held", step, held)
		}
		if got := h.entries()[h.top]; got.ID != all[first-1].ID {
			t.Fatalf("%s: shows %d–%d from entry %d, want entry %d", step, first, last, got.ID, all[first-1].ID)
		}
		rootCheckFits(t, a, 80, 40, step)
		return first, last
	}
	first, last := check("first screen")
	if first != 1 || !strings.Contains(rootScreen(a), "] older") || strings.Contains(rootScreen(a), "[ newer") {
		t.Fatalf("first screen:\n%s", rootScreen(a))
	}
	dropped := false
	for i := 0; last < len(all); i++ {
		rootPress(t, a, "]")
		f, l := check(fmt.Sprintf("] %d", i+1))
		if f != last+1 || l <= f-1 {
			t.Fatalf("] %d: %d–%d after %d–%d", i+1, f, l, first, last)
		}
		first, last = f, l
		dropped = dropped || len(m.detail.hist.dropped) > 0
	}
	if !dropped {
		t.Error("the pane never let a page go")
	}
	screen := rootScreen(a)
	if strings.Contains(screen, "] older") || !strings.Contains(screen, "followers 10000000 → 20000000") {
		t.Errorf("the last screen does not end at the first change:\n%s", screen)
	}
	rootPress(t, a, "]") // nothing older: stays
	if f, l := check("] at the end"); f != first || l != last {
		t.Fatalf("] at the end moved to %d–%d", f, l)
	}
	for i := 0; first > 1; i++ {
		rootPress(t, a, "[")
		f, l := check(fmt.Sprintf("[ %d", i+1))
		if l != first-1 {
			t.Fatalf("[ %d: %d–%d before %d–%d", i+1, f, l, first, last)
		}
		first, last = f, l
	}
	if m.detail.hist.base != 0 || strings.Contains(rootScreen(a), "[ newer") {
		t.Errorf("back at the newest: base %d\n%s", m.detail.hist.base, rootScreen(a))
	}
	// The history read again (another creator, and back) starts at the
	// newest.
	rootPress(t, a, "]", "]")
	rootPress(t, a, "esc", "j", "k", "enter")
	if c, _, _ := m.selected(); c.Handle != "c0000" {
		t.Fatalf("@%s selected", c.Handle)
	}
	if f, _ := shownRange(t, rootScreen(a)); f != 1 {
		t.Errorf("@c0000's history read again starts at %d", f)
	}
}

// The history names the campaign, who and the field of each change; text
// from outside (escape sequences, bidi overrides, CJK, emoji, very long
// values) is cleaned and cut to the pane.
func TestCreatorsHistoryCleansAndFits(t *testing.T) {
	t.Parallel()
	s := creatorsStore(t, 1)
	creatorsCampaign(t, s, "Spring \u202Egnirps\u202C 林")
	long := strings.Repeat("林思琪🌸", 25) // 100 characters, 250 cells
	if _, _, err := s.UpdateCreator(common.Bg(), "c0000", store.CreatorEdit{Category: store.Str(long), Email: store.Str("c@example.com")}); err != nil {
		t.Fatal(err)
	}
	note := "call \x1b]0;pwned-title\x07 back \x1b[2J\x1b]52;c;cHduZWQ=\x07 later"
	if _, err := s.MoveStage(context.Background(), store.Move{Handle: "c0000", Campaign: "Spring \u202Egnirps\u202C 林", To: outreach.Invited, Note: note}); err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		w, h := size[0], size[1]
		a := rootStart(t, rootApp(s, true), w, h)
		rootPress(t, a, "2")
		if w < detailMinWidth {
			rootPress(t, a, "enter")
		}
		rootCheckFits(t, a, w, h, fmt.Sprintf("history at %d×%d", w, h))
		content := a.View().Content
		if leaks := termtexttest.ViewLeaks(content, "pwned", "cHduZWQ", "\u202e"); len(leaks) > 0 {
			t.Errorf("%d×%d: leaked %q", w, h, leaks)
		}
		screen := ansi.Strip(content)
		for _, want := range []string{"Spring gnirps 林 · cli", "stage prospect → invited  call", "category 林思琪🌸林思琪", "email c@example.com"} {
			if !strings.Contains(screen, want) {
				t.Errorf("%d×%d: no %q:\n%s", w, h, want, screen)
			}
		}
		if strings.Contains(screen, long) {
			t.Errorf("%d×%d: the long category is not cut", w, h)
		}
	}
}

// describe writes each kind of change in the user's words.
func TestHistoryDescribe(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		e    store.Entry
		want string
	}{
		{store.Entry{Field: "stage", New: "prospect"}, "stage start → prospect"},
		{store.Entry{Field: "stage", Old: "negotiating", New: "no_response", Note: "ghosted"}, "stage negotiating → no response  ghosted"},
		{store.Entry{Field: "display_name", Old: "Ann", New: "Anna"}, "name Ann → Anna"},
		{store.Entry{Field: "email", Old: "a@x.com"}, "email a@x.com → (none)"},
		{store.Entry{Field: "phone", New: "+84901234567"}, "phone +84901234567"},
		{store.Entry{Field: "tier", Old: "micro (auto)", New: "head"}, "tier micro (auto) → head"},
		{store.Entry{Field: "tag", New: "vip"}, "tag +vip"},
		{store.Entry{Field: "tag", Old: "vip"}, "tag −vip"},
		{store.Entry{Field: "commission_bp", Old: "1000", New: "1250"}, "commission 10% → 12.5%"},
		{store.Entry{Field: "creator", New: "anna", Note: "added"}, "added @anna"},
		{store.Entry{Field: "sample", Old: "to_ship", New: "in_transit"}, "sample to ship → in transit"},
	} {
		c.e.At = at
		if got := describe(c.e); got != c.want {
			t.Errorf("%+v: %q, want %q", c.e, got, c.want)
		}
	}
}
