package form

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"creatordesk/ui/components/dialog"
)

// answered is a page's message in these tests.
type answered struct{ values []string }

type cancelled struct{}

// driver plays the root: it sends messages to the dialog, runs the
// commands it returns, feeds the dialog its own messages back and keeps
// the rest (Close, the page's answer) as the root would route them.
type driver struct {
	t    *testing.T
	d    dialog.Dialog
	out  []tea.Msg
	quit bool
}

func newDriver(t *testing.T, d dialog.Dialog, w, h int) *driver {
	t.Helper()
	d.SetSize(w, h)
	return &driver{t: t, d: d}
}

// settle is how long a round of commands may stay quiet before the driver
// stops waiting; the cursor's blink waits far longer and is dropped.
const settle = 40 * time.Millisecond

func (dr *driver) send(msgs ...tea.Msg) *driver {
	dr.t.Helper()
	for _, msg := range msgs {
		var cmd tea.Cmd
		dr.d, cmd = dr.d.Update(msg)
		dr.run(cmd)
	}
	return dr
}

func (dr *driver) run(cmd tea.Cmd) {
	results := make(chan tea.Msg, 64)
	pending := 0
	start := func(c tea.Cmd) {
		if c == nil {
			return
		}
		pending++
		go func() { results <- c() }()
	}
	start(cmd)
	for pending > 0 {
		select {
		case msg := <-results:
			pending--
			switch m := msg.(type) {
			case nil:
			case tea.BatchMsg:
				for _, c := range m {
					start(c)
				}
			case Msg:
				var next tea.Cmd
				dr.d, next = dr.d.Update(m)
				start(next)
			default:
				if _, ok := m.(tea.QuitMsg); ok {
					dr.quit = true
				}
				dr.out = append(dr.out, m)
			}
		case <-time.After(settle):
			return
		}
	}
}

func (dr *driver) typeText(s string) *driver {
	dr.t.Helper()
	for _, r := range s {
		dr.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return dr
}

func (dr *driver) key(code rune, mod ...tea.KeyMod) *driver {
	dr.t.Helper()
	k := tea.KeyPressMsg{Code: code}
	for _, m := range mod {
		k.Mod |= m
	}
	return dr.send(k)
}

// closed reports whether the dialog asked to be closed.
func (dr *driver) closed() bool {
	for _, m := range dr.out {
		if _, ok := m.(dialog.Close); ok {
			return true
		}
	}
	return false
}

// answers are the messages for the page: all but Close.
func (dr *driver) answers() []tea.Msg {
	var out []tea.Msg
	for _, m := range dr.out {
		if _, ok := m.(dialog.Close); !ok {
			out = append(out, m)
		}
	}
	return out
}

func (dr *driver) onlyAnswer() tea.Msg {
	dr.t.Helper()
	a := dr.answers()
	if !dr.closed() || len(a) != 1 {
		dr.t.Fatalf("want Close and one answer, got %#v\nscreen:\n%s", dr.out, dr.screen())
	}
	return a[0]
}

func (dr *driver) screen() string { return ansi.Strip(dr.d.View()) }

// fits fails when the view is wider or taller than w×h.
func fits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("%d lines, room for %d:\n%s", len(lines), h, ansi.Strip(view))
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d wide, room for %d: %q", i, n, w, ansi.Strip(l))
		}
	}
}
