package form

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// handles is a completion source that records what it was asked.
type handles struct {
	mu    sync.Mutex
	all   []string
	asked []string
}

func (h *handles) complete(typed string) []string {
	h.mu.Lock()
	h.asked = append(h.asked, typed)
	h.mu.Unlock()
	var out []string
	for _, s := range h.all {
		if typed != "" && strings.HasPrefix(s, typed) {
			out = append(out, s)
		}
	}
	return out
}

func completingDialog(src *handles) *Dialog {
	var v string
	f := huh.NewForm(huh.NewGroup(Completing("handle", &v, src.complete)))
	return New("Queue a creator", f, true, func() tea.Msg { return answered{[]string{v}} })
}

// What is typed is completed from the source: the first match shows after
// the cursor, ctrl+e takes it, ↓ takes the next one instead.
func TestCompletingTakesTheSuggestion(t *testing.T) {
	src := &handles{all: []string{"anna_1", "annabel", "bob"}}
	dr := newDriver(t, completingDialog(src), 60, 12)
	dr.typeText("ann")
	if s := dr.screen(); !strings.Contains(s, "anna_1") || !strings.Contains(s, "ctrl+e") {
		t.Fatalf("no completion shown for ann:\n%s", s)
	}
	dr.key('e', tea.ModCtrl).key(tea.KeyEnter)
	if got := dr.onlyAnswer(); !reflect.DeepEqual(got, answered{[]string{"anna_1"}}) {
		t.Fatalf("got %#v, want anna_1", got)
	}
	src.mu.Lock()
	asked := src.asked
	src.mu.Unlock()
	if !slices.Contains(asked, "ann") {
		t.Errorf("source asked %q: want what was typed", asked)
	}

	dr = newDriver(t, completingDialog(src), 60, 12)
	dr.typeText("ann").key(tea.KeyDown).key('e', tea.ModCtrl).key(tea.KeyEnter)
	if got := dr.onlyAnswer(); !reflect.DeepEqual(got, answered{[]string{"annabel"}}) {
		t.Fatalf("↓ then ctrl+e: got %#v, want annabel", got)
	}
}

// Without a match the text typed is the value; nothing is invented.
func TestCompletingWithoutMatchKeepsTheText(t *testing.T) {
	src := &handles{all: []string{"anna_1"}}
	dr := newDriver(t, completingDialog(src), 60, 12)
	dr.typeText("zed").key('e', tea.ModCtrl).key(tea.KeyEnter)
	if got := dr.onlyAnswer(); !reflect.DeepEqual(got, answered{[]string{"zed"}}) {
		t.Fatalf("got %#v, want zed", got)
	}
}
