package form

import (
	"charm.land/bubbles/v2/help"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// styles are a dialog's: the box, its title, and the huh theme inside.
type styles struct {
	box   lipgloss.Style
	title lipgloss.Style
	theme *huh.Styles
}

// newStyles builds the dialog's styles from the dashboard's design tokens
// for a dark or light background. Without colour the focused field keeps
// its bar on the left, the chosen option its "> " and the chosen button its
// brackets.
func newStyles(isDark bool) styles {
	ld := lipgloss.LightDark(isDark)
	var (
		primary = ld(lipgloss.Color("#5A3FD6"), lipgloss.Color("#9D8CFF"))
		fg      = ld(lipgloss.Color("#1F1F28"), lipgloss.Color("#E6E6EF"))
		muted   = ld(lipgloss.Color("#6B6B7B"), lipgloss.Color("#9494A6"))
		subtle  = ld(lipgloss.Color("#D4D4DE"), lipgloss.Color("#3A3A48"))
		success = ld(lipgloss.Color("#1E7F4F"), lipgloss.Color("#5FD79B"))
		errorC  = ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF7A70"))
		onPrim  = ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#1F1F28"))
	)
	base := lipgloss.NewStyle()

	t := huh.ThemeBase(isDark)
	t.FieldSeparator = base.SetString("\n")
	button := base.Padding(0, 1).MarginRight(1)

	f := &t.Focused
	f.Base = f.Base.BorderForeground(primary)
	f.Card = f.Base
	f.Title = base.Foreground(primary).Bold(true)
	f.NoteTitle = f.Title.MarginBottom(1)
	f.Description = base.Foreground(muted)
	f.ErrorIndicator = f.ErrorIndicator.Foreground(errorC)
	f.ErrorMessage = f.ErrorMessage.Foreground(errorC)
	f.SelectSelector = f.SelectSelector.Foreground(primary).Bold(true)
	f.NextIndicator = f.NextIndicator.Foreground(primary)
	f.PrevIndicator = f.PrevIndicator.Foreground(primary)
	f.Option = base.Foreground(fg)
	f.MultiSelectSelector = f.MultiSelectSelector.Foreground(primary)
	f.SelectedOption = base.Foreground(success)
	f.SelectedPrefix = base.Foreground(success).SetString("[x] ")
	f.UnselectedPrefix = base.Foreground(muted).SetString("[ ] ")
	f.UnselectedOption = base.Foreground(fg)
	f.Directory = base.Foreground(primary)
	f.File = base.Foreground(fg)
	f.FocusedButton = button.Foreground(onPrim).Background(primary).Bold(true).
		Transform(func(s string) string { return "[" + s + "]" })
	f.BlurredButton = button.Foreground(fg).Background(subtle).
		Transform(func(s string) string { return " " + s + " " })
	f.Next = f.FocusedButton
	f.TextInput.Cursor = base.Foreground(primary)
	f.TextInput.Placeholder = base.Foreground(muted)
	f.TextInput.Prompt = base.Foreground(primary)
	f.TextInput.Text = base.Foreground(fg)

	t.Blurred = t.Focused
	t.Blurred.Base = t.Focused.Base.BorderStyle(lipgloss.HiddenBorder())
	t.Blurred.Card = t.Blurred.Base
	t.Blurred.Title = base.Foreground(muted).Bold(true)
	t.Blurred.MultiSelectSelector = base.SetString("  ")
	t.Blurred.NextIndicator = base
	t.Blurred.PrevIndicator = base

	t.Group.Title = f.Title
	t.Group.Description = f.Description
	t.Help = help.DefaultStyles(isDark)

	return styles{
		box: base.Border(lipgloss.RoundedBorder()).BorderForeground(primary).
			Padding(0, 1),
		title: base.Bold(true).Foreground(primary),
		theme: t,
	}
}
