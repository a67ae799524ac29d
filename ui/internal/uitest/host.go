package uitest

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"creatordesk/ui/common"
	"creatordesk/ui/components/dialog"
)

// Host runs one page as the root does, for a page's own tests: dialogs the
// page opens go on a stack drawn over it and take the keys while open; a
// ChangedMsg reloads the page; status lines and change notes are kept.
// Drive it with Press, Type and Settle.
type Host struct {
	Page    common.Page
	Dialogs dialog.Stack
	Status  common.StatusMsg
	Notes   []string // of every ChangedMsg, in order
	w, h    int
}

// NewHost sizes page (and its dialogs) to w × h.
func NewHost(page common.Page, w, h int) *Host {
	hs := &Host{Page: page}
	hs.SetSize(w, h)
	return hs
}

// SetSize gives the page and its dialogs w × h.
func (hs *Host) SetSize(w, h int) {
	hs.w, hs.h = w, h
	hs.Page.SetSize(w, h)
	hs.Dialogs.SetSize(w, h)
}

func (hs *Host) Init() tea.Cmd { return nil }

// Update routes msg as the root does.
func (hs *Host) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case dialog.Open, dialog.Close:
		cmd, _ = hs.Dialogs.Update(msg)
		return hs, cmd
	case common.StatusMsg:
		hs.Status = msg
		return hs, nil
	case common.ChangedMsg:
		hs.Notes = append(hs.Notes, msg.Note)
		return hs, hs.Page.Load()
	case common.Answer:
		hs.Page, cmd = hs.Page.Update(msg)
		return hs, cmd
	case tea.KeyPressMsg, tea.PasteMsg:
		if hs.Dialogs.Len() > 0 {
			cmd, _ = hs.Dialogs.Update(msg)
			return hs, cmd
		}
		hs.Page, cmd = hs.Page.Update(msg)
		return hs, cmd
	}
	var cmds []tea.Cmd
	if hs.Dialogs.Len() > 0 {
		cmd, _ = hs.Dialogs.Update(msg)
		cmds = append(cmds, cmd)
	}
	hs.Page, cmd = hs.Page.Update(msg)
	return hs, tea.Batch(append(cmds, cmd)...)
}

// View draws the page with the dialog on top over it.
func (hs *Host) View() tea.View {
	return tea.NewView(hs.Dialogs.Overlay(hs.Page.View(), hs.w, hs.h))
}

// Screen is the view's text without styling.
func (hs *Host) Screen() string { return ansi.Strip(hs.View().Content) }

// DialogOpen reports whether a dialog is open (keys are then its text).
func (hs *Host) DialogOpen() bool { return hs.Dialogs.Len() > 0 }

// DialogView is the dialog on top, unstyled, or "".
func (hs *Host) DialogView() string {
	if d := hs.Dialogs.Top(); d != nil {
		return ansi.Strip(d.View())
	}
	return ""
}
