package samples

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// / narrows the samples to a creator, SKU or tracking number, as on
// Creators: the groups and the footer count what it keeps, the keys are
// text while typing (s, d, n do nothing else), and esc clears it.
func TestSamplesFilter(t *testing.T) {
	h := smpOpen(t, smpStore(t, true), "")
	all := h.p.list.Total()
	filter := func(text string) {
		t.Helper()
		h.p.Update(smpKey("/"))
		if !h.p.Typing() {
			t.Fatal("/ did not start the filter")
		}
		for _, r := range text { // the input's commands (blink, pause) are not run
			h.p.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		_, cmd := h.p.Update(h.p.filter.Now()) // the pause after typing
		h.run(cmd)
		h.p.Update(smpKey("enter"))
	}
	filter("glow-serum-30")
	if n := h.p.list.Total(); n == 0 || n >= all {
		t.Fatalf("glow-serum-30 keeps %d of %d", n, all)
	}
	lines := h.view(80, 24)
	if !strings.HasPrefix(lines[0], "filter: glow-serum-30") {
		t.Errorf("no filter line: %q", lines[0])
	}
	rows := 0
	for _, l := range lines {
		if strings.Contains(l, " @") {
			rows++
			if !strings.Contains(l, "GLOW-SERUM-30") {
				t.Errorf("a row without the SKU: %q", l)
			}
		}
	}
	if rows == 0 {
		t.Fatalf("no rows:\n%s", strings.Join(lines, "\n"))
	}
	// A tracking number finds its sample alone.
	r, ok := h.p.selected()
	if !ok || r.Tracking == "" {
		t.Fatalf("test is blind: selected %+v", r)
	}
	h.press("esc")
	if h.p.filter.Value() != "" || h.p.list.Total() != all {
		t.Fatalf("esc: filter %q, %d rows of %d", h.p.filter.Value(), h.p.list.Total(), all)
	}
	filter(strings.ToLower(r.Tracking))
	if got, ok := h.p.selected(); h.p.list.Total() != 1 || !ok || got.ID != r.ID {
		t.Errorf("tracking %s: %d rows, selected %d, want %d", r.Tracking, h.p.list.Total(), got.ID, r.ID)
	}
	h.press("esc")
	filter("nobody-at-all")
	if screen := strings.Join(h.view(80, 24), "\n"); !strings.Contains(screen, "no samples match “nobody-at-all”") {
		t.Errorf("no match line:\n%s", screen)
	}
}
