package dialog

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// box is a dialog that records the keys it gets and closes on esc.
type box struct {
	name string
	keys []string
	w, h int
}

func (b *box) Update(msg tea.Msg) (Dialog, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		b.keys = append(b.keys, k.String())
		if k.String() == "esc" {
			return b, func() tea.Msg { return Close{} }
		}
	}
	return b, nil
}

func (b *box) View() string     { return "+--+\n|" + b.name + "|\n+--+" }
func (b *box) SetSize(w, h int) { b.w, b.h = w, h }

func TestStackPushPopAndKeysToTop(t *testing.T) {
	var s Stack
	s.SetSize(40, 10)
	if cmd, took := s.Update(tea.KeyPressMsg{Code: 'q', Text: "q"}); took || cmd != nil {
		t.Fatal("an empty stack took a key")
	}
	a, b := &box{name: "aa"}, &box{name: "bb"}
	s.Update(Open{D: a})
	s.Update(Open{D: b})
	if s.Len() != 2 || s.Top() != b || b.w != 40 || b.h != 10 {
		t.Fatalf("after two opens: len %d, top %v, size %d×%d", s.Len(), s.Top(), b.w, b.h)
	}
	if _, took := s.Update(tea.KeyPressMsg{Code: 'q', Text: "q"}); !took {
		t.Fatal("the stack did not take a key with dialogs open")
	}
	if len(b.keys) != 1 || len(a.keys) != 0 {
		t.Fatalf("keys went to %v (top) and %v (under)", b.keys, a.keys)
	}
	cmd, _ := s.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if _, ok := cmd().(Close); !ok {
		t.Fatal("esc did not ask to close")
	}
	s.Update(Close{})
	if s.Top() != a {
		t.Fatalf("after close the top is %v, want the first dialog", s.Top())
	}
	s.Update(Close{})
	s.Update(Close{}) // one too many: nothing happens
	if s.Len() != 0 || s.Top() != nil {
		t.Fatalf("stack not empty: %d", s.Len())
	}
}

func TestStackOverlayCentres(t *testing.T) {
	var s Stack
	page := strings.Repeat(strings.Repeat(".", 20)+"\n", 4) + strings.Repeat(".", 20)
	if got := s.Overlay(page, 20, 5); got != page {
		t.Fatal("an empty stack changed the page")
	}
	s.Update(Open{D: &box{name: "ok"}})
	lines := strings.Split(ansi.Strip(s.Overlay(page, 20, 5)), "\n")
	want := []string{"....................", "........+--+........", "........|ok|........", "........+--+........", "...................."}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d", len(lines), len(want))
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d: %q, want %q", i, lines[i], want[i])
		}
	}
}

// A dialog's answer may open the next dialog before its own Close arrives:
// Close names the dialog, so the new one stays open.
func TestStackCloseNamesTheDialog(t *testing.T) {
	var s Stack
	s.SetSize(40, 10)
	first, next := &box{name: "aa"}, &box{name: "bb"}
	s.Update(Open{D: first})
	s.Update(Open{D: next}) // the answer's dialog, ahead of the Close
	s.Update(CloseThis(first)())
	if s.Len() != 1 || s.Top() != next {
		t.Fatalf("after the first closed: len %d, top %v, want the next dialog", s.Len(), s.Top())
	}
	s.Update(CloseThis(first)()) // closed already: nothing happens
	if s.Len() != 1 || s.Top() != next {
		t.Fatalf("a second close of a closed dialog changed the stack: len %d", s.Len())
	}
}

// A wide character under either edge of the box never widens the line.
func TestPlaceCutsWideCharacters(t *testing.T) {
	base := strings.Repeat("界", 10) // 20 cells
	for _, boxW := range []int{3, 4, 5, 6} {
		box := strings.Repeat("x", boxW)
		got := Place(box, base, 20, 1)
		if w := ansi.StringWidth(got); w != 20 {
			t.Errorf("box of %d: line is %d cells: %q", boxW, w, ansi.Strip(got))
		}
		if !strings.Contains(ansi.Strip(got), box) {
			t.Errorf("box of %d not drawn: %q", boxW, ansi.Strip(got))
		}
	}
}
