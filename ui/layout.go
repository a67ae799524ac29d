package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"creatordesk/ui/common"
	"creatordesk/ui/components/tabs"
)

// The screen, top to bottom: the tab bar, the page, the status (a line,
// or a few when a message wraps) and the help (one line, or the full help
// while ? is on).

// titles are the tabs' names.
func (a *App) titles() []string {
	out := make([]string, len(a.pages))
	for i, p := range a.pages {
		out[i] = p.Title()
	}
	return out
}

// helpLines is the help under the status, at most what the tab bar, the
// status and one line of page leave.
func (a *App) helpLines() []string {
	p := a.pages[a.active]
	var view string
	if a.dialogs.Len() > 0 {
		// the page's keys do nothing while a dialog is open; the dialog
		// shows its own keys in its box
		view = a.help.ShortHelpView([]key.Binding{dialogClose, dialogQuit})
	} else if a.showHelp {
		view = fullHelp(append(p.FullHelp(), a.globalHelp()), a.ctx.Width, a.help.Styles)
	} else {
		view = a.help.ShortHelpView(append(p.ShortHelp(), a.shortEnd()...))
	}
	lines := strings.Split(view, "\n")
	if room := a.ctx.Height - 2 - a.status.Height(a.ctx.Width); len(lines) > room {
		lines = lines[:max(0, room)]
	}
	return lines
}

// layout gives the pages and the dialogs their room after anything that
// may change it: a resize, the help opened or closed, a page's keys.
func (a *App) layout() {
	w, h := a.ctx.Width, a.ctx.Height
	if w <= 0 || h <= 0 {
		return
	}
	bodyH := h - 1 - a.status.Height(w) - len(a.helpLines())
	if bodyH == a.bodyH {
		return
	}
	a.bodyH = bodyH
	for _, p := range a.pages {
		p.SetSize(w, bodyH)
	}
	a.dialogs.SetSize(max(1, w-4), max(1, bodyH-2))
}

// View draws the tab bar, the active page, the status line and the help.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "creatordesk"
	return v
}

func (a *App) render() string {
	w, h := a.ctx.Width, a.ctx.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	if w < MinWidth || h < MinHeight {
		msg := fmt.Sprintf("terminal too small: %d×%d, creatordesk needs %d×%d", w, h, MinWidth, MinHeight)
		placed := lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, lipgloss.NewStyle().Width(w).Align(lipgloss.Center).Render(msg))
		return strings.Join(common.FitLines(placed, w, h), "\n")
	}
	st := a.ctx.Styles
	helpLines := a.helpLines()
	bodyH := h - 1 - a.status.Height(w) - len(helpLines)
	body := strings.Join(common.FitLines(a.pages[a.active].View(), w, bodyH), "\n")
	body = a.dialogs.Overlay(body, w, bodyH)
	lines := []string{tabs.View(st, a.titles(), a.active, w, a.ctx.Campaign)}
	lines = append(lines, strings.Split(body, "\n")...)
	lines = append(lines, strings.Split(a.status.View(st, w), "\n")...)
	for _, l := range helpLines {
		lines = append(lines, common.Clip(l, w))
	}
	return strings.Join(lines, "\n")
}

// The keys that act on any dialog, for the help line while one is open.
var (
	dialogClose = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close the dialog"))
	dialogQuit  = key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit"))
)

func (a *App) globalHelp() []key.Binding {
	k := a.ctx.Keys
	out := []key.Binding{k.NextTab, k.PrevTab, k.Tabs[0], k.Campaign, k.Undo}
	if a.addsCreators() {
		out = append(out, k.AddCreator)
	}
	return append(out, k.Help, k.Quit)
}

// shortEnd ends every screen's help line: a where creators are the subject
// (elsewhere it would push ? off a narrow line; ? lists it), help and quit.
func (a *App) shortEnd() []key.Binding {
	k := a.ctx.Keys
	if a.active == int(common.DashboardPage) || a.active == int(common.CreatorsPage) {
		return []key.Binding{k.AddCreator, k.Help, k.Quit}
	}
	return []key.Binding{k.Help, k.Quit}
}
