package dialog

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// Stack is the dialogs open over the page, the last on top. The root
// pushes on Open, pops on Close, and while one is open sends it every key.
type Stack struct {
	dialogs       []Dialog
	width, height int
}

// Len is how many dialogs are open.
func (s *Stack) Len() int { return len(s.dialogs) }

// Top is the dialog on top, or nil.
func (s *Stack) Top() Dialog {
	if len(s.dialogs) == 0 {
		return nil
	}
	return s.dialogs[len(s.dialogs)-1]
}

// Push opens d on top, sized to the room the stack has.
func (s *Stack) Push(d Dialog) {
	d.SetSize(s.width, s.height)
	s.dialogs = append(s.dialogs, d)
}

// Pop closes the dialog on top; with none open it does nothing.
func (s *Stack) Pop() {
	if len(s.dialogs) > 0 {
		s.dialogs[len(s.dialogs)-1] = nil
		s.dialogs = s.dialogs[:len(s.dialogs)-1]
	}
}

// Remove closes d wherever it is on the stack; a dialog not open is
// ignored.
func (s *Stack) Remove(d Dialog) {
	for i := len(s.dialogs) - 1; i >= 0; i-- {
		if s.dialogs[i] == d {
			s.dialogs = append(s.dialogs[:i], s.dialogs[i+1:]...)
			return
		}
	}
}

// TopFinished reports whether the dialog on top has its answer and waits
// only for its Close: keys typed now are for what comes next.
func (s *Stack) TopFinished() bool {
	f, ok := s.Top().(Finisher)
	return ok && f.Finished()
}

// TakeKeys collects, in order, the keys finished dialogs held for what
// comes after them.
func (s *Stack) TakeKeys() []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for _, d := range s.dialogs {
		if f, ok := d.(Finisher); ok && f.Finished() {
			out = append(out, f.TakeKeys()...)
		}
	}
	return out
}

// SetSize gives every dialog the most room it may take.
func (s *Stack) SetSize(width, height int) {
	s.width, s.height = width, height
	for _, d := range s.dialogs {
		d.SetSize(width, height)
	}
}

// Update handles Open and Close and hands any other message to the
// dialog on top. It reports whether the stack took msg: Open and Close
// always, anything else when a dialog is open.
func (s *Stack) Update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case Open:
		if msg.D != nil {
			s.Push(msg.D)
		}
		return nil, true
	case Close:
		if msg.D == nil {
			s.Pop()
		} else {
			s.Remove(msg.D)
		}
		return nil, true
	}
	top := s.Top()
	if top == nil {
		return nil, false
	}
	d, cmd := top.Update(msg)
	s.dialogs[len(s.dialogs)-1] = d
	return cmd, true
}

// Overlay draws the dialog on top centred over page, which is width ×
// height cells; with none open it returns page as it is.
func (s *Stack) Overlay(page string, width, height int) string {
	top := s.Top()
	if top == nil {
		return page
	}
	return Place(top.View(), page, width, height)
}

// Place draws box centred over base (width × height cells), keeping the
// base's cells left and right of the box.
func Place(box, base string, width, height int) string {
	lines := strings.Split(base, "\n")
	for len(lines) < height {
		lines = append(lines, "")
	}
	boxLines := strings.Split(box, "\n")
	if len(boxLines) > height {
		boxLines = boxLines[:height]
	}
	boxW := 0
	for _, l := range boxLines {
		boxW = max(boxW, ansi.StringWidth(l))
	}
	boxW = min(boxW, width)
	x, y := (width-boxW)/2, (height-len(boxLines))/2
	for i, bl := range boxLines {
		under := lines[y+i]
		left := ansi.Truncate(under, x, "")
		if pad := x - ansi.StringWidth(left); pad > 0 {
			left += strings.Repeat(" ", pad)
		}
		bl = ansi.Truncate(bl, boxW, "")
		if pad := boxW - ansi.StringWidth(bl); pad > 0 {
			bl += strings.Repeat(" ", pad)
		}
		right := ansi.TruncateLeft(under, x+boxW, "")
		// A wide character cut by the box's right edge is kept whole by
		// TruncateLeft: put a space where its visible half was.
		if want := ansi.StringWidth(under) - x - boxW; ansi.StringWidth(right) > max(want, 0) {
			right = ""
			if want > 0 {
				right = " " + ansi.TruncateLeft(under, x+boxW+1, "")
			}
		}
		lines[y+i] = left + "\x1b[m" + bl + "\x1b[m" + right
	}
	return strings.Join(lines, "\n")
}
