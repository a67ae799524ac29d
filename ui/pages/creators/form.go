package creators

import (
	"creatordesk/ui/common"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// formField is one labelled input of a form; check returns a reason when
// the value is refused.
type formField struct {
	label string
	input textinput.Model
	check func(string) error
}

// form is a small stack of text inputs: tab and shift+tab (or arrows) move
// between fields, enter on the last field submits, esc cancels. A refused
// value keeps the form open on that field with the reason.
type form struct {
	ctx    *common.Common
	title  string
	fields []formField
	focus  int
	err    string
	submit func(values []string) tea.Cmd
}

var (
	formNext = key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field"))
	formPrev = key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "previous"))
	formSave = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next/save"))
)

func newForm(c *common.Common, title string, submit func([]string) tea.Cmd) *form {
	return &form{ctx: c, title: title, submit: submit}
}

// add appends a field with an initial value.
func (f *form) add(label, value string, check func(string) error) *form {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 500
	in.SetValue(value)
	f.fields = append(f.fields, formField{label: label, input: in, check: check})
	return f
}

func (f *form) start() tea.Cmd { return f.fields[f.focus].input.Focus() }

func (f *form) help() []key.Binding {
	return []key.Binding{formSave, formNext, f.ctx.Keys.Clear}
}

// key handles a key; done reports that the form closed (saved or cancelled).
func (f *form) key(msg tea.KeyPressMsg) (cmd tea.Cmd, done bool) {
	switch {
	case key.Matches(msg, f.ctx.Keys.Clear):
		return nil, true
	case key.Matches(msg, formNext):
		return f.move(1), false
	case key.Matches(msg, formPrev):
		return f.move(-1), false
	case key.Matches(msg, formSave):
		if f.focus < len(f.fields)-1 {
			return f.move(1), false
		}
		values := make([]string, len(f.fields))
		for i, fl := range f.fields {
			values[i] = strings.TrimSpace(fl.input.Value())
			if fl.check != nil {
				if err := fl.check(values[i]); err != nil {
					f.err = fl.label + ": " + err.Error()
					return f.moveTo(i), false
				}
			}
		}
		return f.submit(values), true
	}
	var c tea.Cmd
	f.fields[f.focus].input, c = f.fields[f.focus].input.Update(msg)
	return c, false
}

func (f *form) move(d int) tea.Cmd {
	return f.moveTo((f.focus + d + len(f.fields)) % len(f.fields))
}

func (f *form) moveTo(i int) tea.Cmd {
	f.fields[f.focus].input.Blur()
	f.focus = i
	return f.fields[i].input.Focus()
}

func (f *form) view(w, h int) string {
	st := f.ctx.Styles
	inner := max(10, w-4)
	labelW := 0
	for _, fl := range f.fields {
		labelW = max(labelW, len(fl.label)+1)
	}
	lines := []string{st.Title.Render(common.Fit(f.title, inner)), ""}
	for i := range f.fields {
		fl := &f.fields[i]
		fl.input.SetWidth(max(4, inner-labelW-1))
		label := st.Muted.Render(common.Fit(fl.label, labelW))
		if i == f.focus {
			label = st.Bold.Render(common.Fit(fl.label, labelW))
		}
		lines = append(lines, label+" "+fl.input.View())
	}
	if f.err != "" {
		lines = append(lines, "", st.Bad.Render(common.Fit(f.err, inner)))
	}
	if len(lines) > h-2 {
		lines = lines[:max(1, h-2)]
	}
	return st.Panel.Width(w).Render(strings.Join(lines, "\n"))
}
