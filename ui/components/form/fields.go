package form

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// Confirm asks a yes/no question. yes builds the page's message when the
// answer is Yes; No and esc only close. No is chosen until the user moves:
// y or n answer at once, ←/→ switch, enter takes the one shown.
func Confirm(title, question string, isDark bool, yes func() tea.Msg) *Dialog {
	var ok bool
	f := huh.NewForm(huh.NewGroup(
		huh.NewConfirm().Title(question).Affirmative("Yes").Negative("No").Value(&ok),
	))
	return New(title, f, isDark, func() tea.Msg {
		if !ok || yes == nil {
			return nil
		}
		return yes()
	})
}

// Input asks for one line. def is shown greyed and is the value when the
// field is left empty, so the first key typed replaces it (see
// DefaultInput); validate (may be nil) refuses a value with a reason, which
// keeps the dialog open. answer builds the page's message from the value.
func Input(title, label, def string, validate func(string) error, isDark bool, answer func(value string) tea.Msg) *Dialog {
	var value string
	f := huh.NewForm(huh.NewGroup(DefaultInput(label, def, &value, validate)))
	return New(title, f, isDark, func() tea.Msg { return answer(value) })
}

// Select asks to choose one of options (built with huh.NewOption(label,
// value)); the first is chosen until the user moves, unless one is marked
// with Selected(true). "/" filters, esc leaves the filter.
func Select[T comparable](title, label string, options []huh.Option[T], isDark bool, answer func(value T) tea.Msg) *Dialog {
	var value T
	s := huh.NewSelect[T]().Title(label).Options(options...).Value(&value)
	f := huh.NewForm(huh.NewGroup(s))
	return New(title, f, isDark, func() tea.Msg { return answer(value) })
}

// DefaultInput is a text field that shows def until the user types: def is
// its placeholder, and *value holds def while the field is empty, so typing
// "2" over a shown "1" gives "2", not "12". validate (may be nil) sees the
// value as it would be saved, def included.
func DefaultInput(label, def string, value *string, validate func(string) error) *huh.Input {
	a := &defaultAccessor{def: def, value: value}
	*value = def
	in := huh.NewInput().Title(label).Placeholder(def).Accessor(a)
	if validate != nil {
		in.Validate(func(s string) error {
			if s == "" {
				s = def
			}
			return validate(s)
		})
	}
	return in
}

// defaultAccessor keeps what is typed apart from the value: an empty field
// means the default.
type defaultAccessor struct {
	typed string
	def   string
	value *string
}

func (a *defaultAccessor) Get() string { return a.typed }

func (a *defaultAccessor) Set(s string) {
	a.typed = s
	if s == "" {
		s = a.def
	}
	*a.value = s
}
