package ui

import (
	"strings"
	"testing"

	"creatordesk/ui/common"
	"creatordesk/ui/pages/creators"
)

// a adds a creator from every screen but the Queue, where it approves;
// the full help says so where it works, and only there. Typed into an
// input, a is text.
func TestAddCreatorKeyWhereItWorks(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 100, 30)
	for _, tab := range []string{"1", "2", "3", "4", "5", "6"} {
		rootPress(t, a, tab, "a")
		opened := a.dialogs.Len() == 1 && strings.Contains(rootScreen(a), "Add a creator")
		if want := tab != "3"; opened != want {
			t.Errorf("screen %s: a opened the add form: %v, want %v\n%s", tab, opened, want, rootScreen(a))
		}
		rootPress(t, a, "esc")
		rootPress(t, a, "?")
		if listed := strings.Contains(rootScreen(a), "add creator"); listed != (tab != "3") {
			t.Errorf("screen %s: ? lists a: %v\n%s", tab, listed, rootScreen(a))
		}
		rootPress(t, a, "?")
	}
	rootPress(t, a, "2", "/", "a")
	if a.dialogs.Len() != 0 || creators.Filter(a.pages[common.CreatorsPage]) != "a" {
		t.Errorf("a typed in the filter: dialog %d, filter %q", a.dialogs.Len(), creators.Filter(a.pages[common.CreatorsPage]))
	}
}

// At 80×24, ? on Creators lists the keys this screen gained.
func TestCreatorsFullHelpHasTheEditKeys(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 80, 24)
	rootPress(t, a, "2", "?")
	screen := rootScreen(a)
	for _, want := range []string{"a         add creator", "E         edit creator", "]         older history", "[         newer history"} {
		if !strings.Contains(screen, want) {
			t.Errorf("? lacks %q:\n%s", want, screen)
		}
	}
}
