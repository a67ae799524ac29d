// Package dialog is the box the root draws over the page in view: forms,
// prompts and confirmations. A page opens one by returning a command that
// yields Open; the root keeps a stack, sends every key to the dialog on
// top, and pops it on Close. A dialog reports its answer to the page that
// opened it through a message of that page's own, so the page never reads
// a dialog's fields.
package dialog

import tea "charm.land/bubbletea/v2"

// Dialog is one box on the stack.
type Dialog interface {
	// Update handles a message while the dialog is on top. A finished
	// dialog returns a command that yields Close (and, batched with it,
	// the answer for its page).
	Update(msg tea.Msg) (Dialog, tea.Cmd)
	// View renders the box, border included, within the size last given.
	View() string
	// SetSize gives the most room the box may take: the window, less a
	// margin the root keeps.
	SetSize(width, height int)
}

// Finisher is a dialog that may be finished (answered, its Close on the
// way) while still on the stack, holding the keys typed after its last
// one: they belong to what comes next, the next dialog or the page.
type Finisher interface {
	Finished() bool
	// TakeKeys hands over, once finished, the keys it held.
	TakeKeys() []tea.KeyPressMsg
}

// Open asks the root to push D on top of the stack.
type Open struct{ D Dialog }

// Close asks the root to close D, or with D nil the dialog on top. A
// dialog that closes itself names itself: its answer may open another
// dialog, and the two messages arrive in either order.
type Close struct{ D Dialog }

// OpenCmd is a command that opens d.
func OpenCmd(d Dialog) tea.Cmd { return func() tea.Msg { return Open{D: d} } }

// CloseThis is a command that closes d, wherever it is on the stack.
func CloseThis(d Dialog) tea.Cmd { return func() tea.Msg { return Close{D: d} } }
