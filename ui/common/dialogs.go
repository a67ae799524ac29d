package common

import (
	tea "charm.land/bubbletea/v2"

	"creatordesk/ui/components/dialog"
)

// Dialogs is how a page opens a dialog. A dialog opens through a message,
// after the keys already typed; the root holds those keys while one is on
// its way and gives them to the dialog once it is open, so "m", then a
// fast "↓ enter note enter", answers the move and never acts on the rows
// under it. Its methods work on a nil *Dialogs (a page tested alone).
type Dialogs struct{ pending bool }

// Open opens d, holding the keys typed after the one that asked for it.
func (ds *Dialogs) Open(d dialog.Dialog) tea.Cmd {
	ds.Expect()
	return dialog.OpenCmd(d)
}

// Expect says a dialog will follow an answer the page waits for (which
// campaign, say): the keys typed meanwhile wait for it too.
func (ds *Dialogs) Expect() {
	if ds != nil {
		ds.pending = true
	}
}

// Cancel says the dialog expected will not come (the answer was an
// error): the keys held go to the page.
func (ds *Dialogs) Cancel() {
	if ds != nil {
		ds.pending = false
	}
}

// Pending reports whether a dialog is on its way.
func (ds *Dialogs) Pending() bool { return ds != nil && ds.pending }
