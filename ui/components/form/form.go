// Package form shows huh forms, prompts and confirmations as dialogs: a
// titled, bordered box on the root's dialog stack. A page builds the form
// (with the constructors here, or with huh fields bound to its own
// variables), and gives the message to send when it is submitted; the
// dialog closes itself and delivers that message.
//
// huh moves between fields with messages of its own (returned as commands),
// so the root must give the dialog on top every message it does not handle
// itself, not only keys; they arrive wrapped in Msg.
package form

import (
	"strings"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"creatordesk/ui/components/dialog"
)

// MaxWidth is the widest a dialog's box grows, however wide the window.
const MaxWidth = 72

// Msg carries one of huh's own messages back to the dialog that asked for
// it; a dialog drops the ones of another.
type Msg struct {
	dialog int64
	msg    tea.Msg
}

var lastID atomic.Int64

// Dialog is a huh form in a titled box. It implements dialog.Dialog.
type Dialog struct {
	id     int64
	title  string
	form   *huh.Form
	keys   *huh.KeyMap
	answer func() tea.Msg
	cancel func() tea.Msg
	st     styles
	help   help.Model
	width  int // of the box, border included
	height int // the most lines the box may take
	// pending holds what huh asked for while being sized, sent with the
	// next Update (a path field's first listing).
	pending tea.Cmd
	// moving is set from a key that moves the focus (enter, tab,
	// shift+tab) until huh's message that moves it comes back; keys that
	// arrive meanwhile (typed fast, pasted, sent by a script) wait in held
	// and are replayed in order, so they reach the field they were typed
	// for, not the one being left.
	moving int // the move's number, for its time limit; 0 when none
	moves  int
	held   []tea.KeyPressMsg
}

// moveLimit is how long keys wait for a focus move that never comes (a
// select's enter that only closes its filter, say) before they go to the
// field that has the focus.
const moveLimit = 100 * time.Millisecond

// moveDone ends the wait for move n when huh never moved the focus.
type moveDone struct{ n int }

// New wraps form in a dialog titled title. When the form is submitted,
// answer is called once (in Update) to build the page's message from the
// values the form's fields are bound to; a nil answer only closes. The
// form's theme, keys and help are replaced by the dialog's own: esc
// cancels, enter moves on and submits on the last field, shift+tab goes
// back.
func New(title string, form *huh.Form, isDark bool, answer func() tea.Msg) *Dialog {
	d := &Dialog{
		id:     lastID.Add(1),
		title:  title,
		form:   form,
		keys:   keys(),
		answer: answer,
		st:     newStyles(isDark),
		help:   help.New(),
	}
	d.help.Styles = d.st.theme.Help
	form.SubmitCmd, form.CancelCmd = nil, nil
	form.WithTheme(huh.ThemeFunc(func(bool) *huh.Styles { return d.st.theme })).
		WithKeyMap(d.keys).
		WithShowHelp(false).
		WithShowErrors(true)
	// Init focuses the first field; its commands (cursor blink, a window
	// size request) are not needed: the size comes from SetSize.
	form.Init()
	d.SetSize(MaxWidth, 24)
	return d
}

// OnCancel sets the message sent when the dialog is cancelled (esc), for a
// page that must know; without it a cancel only closes.
func (d *Dialog) OnCancel(cancel func() tea.Msg) *Dialog {
	d.cancel = cancel
	return d
}

// Finished reports whether the form was submitted or cancelled: its Close
// is on the way.
func (d *Dialog) Finished() bool { return d.form.State != huh.StateNormal }

// TakeKeys hands over the keys typed after the form finished, or held
// while the focus moved to the submit: they are for the next dialog or the
// page, not lost with this one.
func (d *Dialog) TakeKeys() []tea.KeyPressMsg {
	if !d.Finished() {
		return nil
	}
	k := d.held
	d.held = nil
	return k
}

// Form is the huh form inside, for a page that reads results by key.
func (d *Dialog) Form() *huh.Form { return d.form }

// keys is the key map every dialog's form uses: huh's own, with esc as the
// way out instead of ctrl+c (which stays the app's quit), and no external
// editor from a text area.
func keys() *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	k.Quit = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
	k.Text.Editor.SetEnabled(false)
	return k
}

// Update handles a message while the dialog is on top.
func (d *Dialog) Update(msg tea.Msg) (dialog.Dialog, tea.Cmd) {
	switch m := msg.(type) {
	case Msg:
		if m.dialog != d.id {
			return d, nil
		}
		if done, ok := m.msg.(moveDone); ok {
			if done.n != d.moving {
				return d, nil
			}
			return d, d.replay()
		}
		msg = m.msg
		if msg == huh.NextField() || msg == huh.PrevField() {
			return d, d.moved(msg)
		}
	case tea.WindowSizeMsg:
		// the root sizes dialogs through SetSize
		return d, nil
	case tea.KeyPressMsg:
		if m.String() == "ctrl+c" {
			// never swallow the app's quit
			return d, tea.Quit
		}
		if d.moving != 0 {
			d.held = append(d.held, m)
			return d, nil
		}
		if key.Matches(m, d.keys.Quit) && d.fieldTakes(m) {
			// a select's filter uses esc to leave the filter
			d.keys.Quit.SetEnabled(false)
			defer d.keys.Quit.SetEnabled(true)
		}
	}
	if d.form.State != huh.StateNormal {
		if k, ok := msg.(tea.KeyPressMsg); ok {
			d.held = append(d.held, k) // for what comes next (TakeKeys)
		}
		return d, nil
	}
	_, cmd := d.form.Update(msg)
	cmd, d.pending = tea.Batch(d.pending, cmd), nil
	switch d.form.State {
	case huh.StateCompleted:
		return d, tea.Batch(dialog.CloseThis(d), d.reply(d.answer))
	case huh.StateAborted:
		return d, tea.Batch(dialog.CloseThis(d), d.reply(d.cancel))
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && d.movesFocus(k) {
		d.moves++
		d.moving = d.moves
		n, id := d.moving, d.id
		cmd = tea.Batch(cmd, tea.Tick(moveLimit, func(time.Time) tea.Msg { return Msg{dialog: id, msg: moveDone{n}} }))
	}
	return d, d.wrap(cmd)
}

// movesFocus reports whether k, just handled, asked huh to move the focus:
// enter, tab or shift+tab on a field that took its value (a refused value
// keeps the focus where it is, and its reason on screen).
func (d *Dialog) movesFocus(k tea.KeyPressMsg) bool {
	switch k.String() {
	case "enter", "tab", "shift+tab":
	default:
		return false
	}
	f := d.form.GetFocusedField()
	if kf, ok := f.(interface{ keepsFocus(tea.KeyPressMsg) bool }); ok && kf.keepsFocus(k) {
		return false
	}
	return f != nil && f.Error() == nil
}

// moved hands huh the message that moves the focus, then the keys held
// while it was on its way. The last field's move goes on to submit the
// form with another message of huh's, so the keys wait for that too.
func (d *Dialog) moved(msg tea.Msg) tea.Cmd {
	before := d.form.GetFocusedField()
	_, cmd := d.form.Update(msg)
	switch d.form.State {
	case huh.StateCompleted:
		return tea.Batch(dialog.CloseThis(d), d.reply(d.answer))
	case huh.StateAborted:
		return tea.Batch(dialog.CloseThis(d), d.reply(d.cancel))
	}
	if d.form.GetFocusedField() == before {
		return d.wrap(cmd) // still moving: on to the next group or the end
	}
	return tea.Batch(d.wrap(cmd), d.replay())
}

// replay ends the wait and sends the held keys in order; one that moves
// the focus again holds the rest.
func (d *Dialog) replay() tea.Cmd {
	d.moving = 0
	var cmds []tea.Cmd
	for len(d.held) > 0 && d.moving == 0 && d.form.State == huh.StateNormal {
		k := d.held[0]
		d.held = d.held[1:]
		_, cmd := d.Update(k)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// fieldTakes reports whether the focused field has a key of its own, in
// use, for k.
func (d *Dialog) fieldTakes(k tea.KeyPressMsg) bool {
	for _, b := range d.form.KeyBinds() {
		if b.Enabled() && key.Matches(k, b) {
			return true
		}
	}
	return false
}

// reply builds the page's message now, from the values as they are, so the
// command only delivers it.
func (d *Dialog) reply(build func() tea.Msg) tea.Cmd {
	if build == nil {
		return nil
	}
	msg := build()
	if msg == nil {
		return nil
	}
	return func() tea.Msg { return msg }
}

// wrap tags the messages cmd yields with the dialog's id.
func (d *Dialog) wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		switch msg := cmd().(type) {
		case nil:
			return nil
		case tea.BatchMsg:
			cmds := make(tea.BatchMsg, len(msg))
			for i, c := range msg {
				cmds[i] = d.wrap(c)
			}
			return cmds
		default:
			return Msg{dialog: d.id, msg: msg}
		}
	}
}

// SetSize gives the most room the box may take.
func (d *Dialog) SetSize(width, height int) {
	d.width = max(min(width, MaxWidth), 12)
	d.height = max(height, 5)
	inner := d.innerWidth()
	d.form.WithWidth(inner)
	d.help.SetWidth(inner)
	// The title, a blank line, and the help line under the form; keep two
	// more lines for a validation error under the fields.
	room := d.height - d.st.box.GetVerticalFrameSize() - 3 - 2
	_, cmd := d.form.Update(tea.WindowSizeMsg{Width: inner, Height: max(room, 1)})
	d.pending = tea.Batch(d.pending, cmd)
}

func (d *Dialog) innerWidth() int {
	return max(d.width-d.st.box.GetHorizontalFrameSize(), 1)
}

// View renders the box within the size last given.
func (d *Dialog) View() string {
	inner := d.innerWidth()
	lines := []string{d.st.title.Render(ansi.Truncate(d.title, inner, "…")), ""}
	lines = append(lines, strings.Split(strings.TrimRight(d.form.View(), "\n "), "\n")...)
	var binds []key.Binding
	if !d.fieldTakes(tea.KeyPressMsg{Code: tea.KeyEscape}) {
		binds = append(binds, d.keys.Quit)
	}
	binds = append(binds, d.form.KeyBinds()...)
	help := d.help.ShortHelpView(binds)
	room := d.height - d.st.box.GetVerticalFrameSize()
	if len(lines)+1 > room {
		lines = lines[:max(room-1, 0)]
	}
	lines = append(lines, help)
	for i, l := range lines {
		if ansi.StringWidth(l) > inner {
			lines[i] = ansi.Truncate(l, inner, "…")
		}
	}
	return d.st.box.Width(d.width).Render(strings.Join(lines, "\n"))
}

// ensure the interface is met
var _ dialog.Dialog = (*Dialog)(nil)
