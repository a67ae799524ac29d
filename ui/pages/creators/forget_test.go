package creators

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"creatordesk/store"
	"creatordesk/ui/common"
)

// X on the Creators screen asks before forgetting the creator under the
// cursor; only y forgets, in a command, and every screen reloads.
func TestCreatorsForgetAsksFirst(t *testing.T) {
	t.Parallel()
	s := creatorsStore(t, 5)
	a := rootStart(t, rootApp(s, true), 120, 30)
	rootPress(t, a, "2", "j")
	m := rootCreators(a)
	c, _, _ := m.selected()
	if c.Handle != "c0001" {
		t.Fatalf("cursor on @%s", c.Handle)
	}

	// (q, which kept them too, is no answer to huh's question: below.)
	for _, no := range []string{"n", "esc", "enter"} {
		rootPress(t, a, "X")
		got := rootDialogText(a)
		if !strings.Contains(got, "Forget @c0001 and everything tied to them?") || !strings.Contains(got, "Yes") || !strings.Contains(got, "No") ||
			!strings.Contains(got, "Older exports and backups still hold them.") {
			t.Fatalf("X: no question on screen:\n%s", got)
		}
		if !a.typing() {
			t.Error("while asking, global keys (q, digits) still act")
		}
		if quit := rootPress(t, a, no); quit {
			t.Fatalf("%s quit while asking", no)
		}
		if rootDialog(a) {
			t.Fatalf("%s: still asking", no)
		}
		if _, err := s.Creator(common.Bg(), "c0001"); err != nil {
			t.Fatalf("%s forgot the creator: %v", no, err)
		}
		if got := rootScreen(a); !strings.Contains(got, "@c0001 kept") {
			t.Errorf("%s: no word that the creator was kept:\n%s", no, got)
		}
	}

	// q neither quits nor answers: the question stays until answered.
	rootPress(t, a, "X")
	if quit := rootPress(t, a, "q"); quit || !rootDialog(a) {
		t.Fatalf("q while asking: quit %v, still asking %v", quit, rootDialog(a))
	}
	rootPress(t, a, "esc")
	if _, err := s.Creator(common.Bg(), "c0001"); err != nil {
		t.Fatalf("q then esc forgot the creator: %v", err)
	}

	// A backup made earlier may still hold the creator: the result says so.
	if err := s.Backup(common.Bg(), filepath.Join(t.TempDir(), "b.db"), false); err != nil {
		t.Fatal(err)
	}
	rootPress(t, a, "X")
	// y answers with a sequence: the "forgetting" note, then the forget.
	// rootSettle would run its steps at once; the runtime runs them in turn.
	_, cmd := a.Update(rootKey("y"))
	cmd = rootUntil(t, a, cmd, func(msg tea.Msg) bool { _, ok := msg.(forgetMsg); return ok })
	steps := rootExpand(cmd())
	if len(steps) != 2 {
		t.Fatalf("y: %d steps, want a note then the forget", len(steps))
	}
	a.Update(steps[0]())
	if got := rootScreen(a); !strings.Contains(got, "forgetting @c0001…") {
		t.Errorf("no word while forgetting:\n%s", got)
	}
	rootSettle(t, a, steps[1])
	if _, err := s.Creator(common.Bg(), "c0001"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("y did not forget: %v", err)
	}
	got := rootScreen(a)
	if !strings.Contains(got, "forgot @c0001") || !strings.Contains(got, "may still be in b.db") {
		t.Errorf("no result, or no word of the backup, in the status line:\n%s", got)
	}
	if !strings.Contains(got, "of 4") {
		t.Errorf("the listing did not reload to 4 creators:\n%s", got)
	}
	for _, h := range []string{"c0000", "c0002", "c0003", "c0004"} {
		if _, err := s.Creator(common.Bg(), h); err != nil {
			t.Errorf("@%s: %v", h, err)
		}
	}
}

// The question fits a narrow window, where it replaces the table, with its
// choice still readable.
func TestCreatorsForgetQuestionFitsNarrow(t *testing.T) {
	t.Parallel()
	s := creatorsStore(t, 3)
	a := rootStart(t, rootApp(s, true), MinWidth, MinHeight)
	rootPress(t, a, "2", "X")
	rootCheckFits(t, a, MinWidth, MinHeight, "forget question")
	if got := rootScreen(a); !strings.Contains(got, "Yes") || !strings.Contains(got, "No") {
		t.Errorf("the choice is cut off:\n%s", got)
	}
}
