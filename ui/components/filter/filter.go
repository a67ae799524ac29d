// Package filter is the `/` filter the lists share (Creators, Queue,
// Samples): a one-line input that narrows the list as you type. The list
// asks the store again once typing pauses (a debounce), never on every
// key; enter keeps the filter and leaves the input, esc clears it.
package filter

import (
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"creatordesk/ui/common"
)

// Debounce is the pause in typing after which the list reloads.
const Debounce = 150 * time.Millisecond

// Model is one list's filter.
type Model struct {
	page        common.PageID
	done, clear key.Binding
	input       textinput.Model
	typing      bool
	seq         int // keystrokes that changed the text; a pause answers the latest only
}

// SettledMsg says typing paused; the list reloads if it is the latest
// (Settled).
type SettledMsg struct {
	page common.PageID
	seq  int
}

// For names the page whose filter it is.
func (m SettledMsg) For() common.PageID { return m.page }

// New builds an empty filter for page; placeholder says what it matches.
func New(page common.PageID, keys common.KeyMap, placeholder string) Model {
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = placeholder
	in.CharLimit = 100
	// the list keys enter and esc, with what they do here
	done := key.NewBinding(key.WithKeys(keys.Enter.Keys()...), key.WithHelp(keys.Enter.Help().Key, "keep filter"))
	clear := key.NewBinding(key.WithKeys(keys.Clear.Keys()...), key.WithHelp(keys.Clear.Help().Key, "clear filter"))
	return Model{page: page, done: done, clear: clear, input: in}
}

// Typing reports whether the input has the keys.
func (f *Model) Typing() bool { return f.typing }

// Value is the filter's text.
func (f *Model) Value() string { return f.input.Value() }

// Active reports whether a list shows the filter's line: while typing, or
// while a filter is set.
func (f *Model) Active() bool { return f.typing || f.input.Value() != "" }

// SetValue sets the text (esc on the list clears it with "").
func (f *Model) SetValue(s string) { f.input.SetValue(s) }

// SetWidth gives the input the width of its line, w cells.
func (f *Model) SetWidth(w int) { f.input.SetWidth(max(5, w-3)) }

// Focus starts typing.
func (f *Model) Focus() tea.Cmd {
	f.typing = true
	return f.input.Focus()
}

// Key handles a key while typing. changed says the text changed at once
// (esc cleared it): the list reloads now. Typed text reloads after the
// pause, through SettledMsg.
func (f *Model) Key(msg tea.KeyPressMsg) (cmd tea.Cmd, changed bool) {
	switch {
	case key.Matches(msg, f.clear):
		f.typing = false
		f.input.Blur()
		if f.input.Value() != "" {
			f.input.SetValue("")
			return nil, true
		}
		return nil, false
	case key.Matches(msg, f.done):
		f.typing = false
		f.input.Blur()
		return nil, false
	}
	before := f.input.Value()
	f.input, cmd = f.input.Update(msg)
	if f.input.Value() != before {
		f.seq++
		seq, page := f.seq, f.page
		return tea.Batch(cmd, tea.Tick(Debounce, func(time.Time) tea.Msg { return SettledMsg{page, seq} })), false
	}
	return cmd, false
}

// Settled reports whether msg ends the latest burst of typing: the list
// then reloads.
func (f *Model) Settled(msg SettledMsg) bool { return msg.seq == f.seq }

// Now is the message the pause after the latest keystroke will send (for
// tests and benchmarks that do not wait).
func (f *Model) Now() SettledMsg { return SettledMsg{f.page, f.seq} }

// Update passes any other message (the cursor's blink, a paste) to the
// input while typing; a paste reloads after the pause like typing.
func (f *Model) Update(msg tea.Msg) tea.Cmd {
	if !f.typing {
		return nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		cmd, _ := f.Key(k)
		return cmd
	}
	before := f.input.Value()
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	if f.input.Value() != before {
		f.seq++
		seq, page := f.seq, f.page
		cmd = tea.Batch(cmd, tea.Tick(Debounce, func(time.Time) tea.Msg { return SettledMsg{page, seq} }))
	}
	return cmd
}

// View draws the input.
func (f *Model) View() string { return f.input.View() }

// Help is the keys while typing.
func (f *Model) Help() []key.Binding { return []key.Binding{f.done, f.clear} }
