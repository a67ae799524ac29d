package common

import (
	tea "charm.land/bubbletea/v2"

	"creatordesk/store"
)

// Every answer from the store carries the request it answers; a page keeps
// the id of its latest request and drops older answers, so a slow query
// never overwrites a newer one. An answer also names the page that asked
// (Answer), and the root delivers it to that page only.

// ChangedMsg tells every page that data changed (a move, an import) and
// what to say about it.
type ChangedMsg struct{ Note string }

// StatusMsg shows a line in the status bar; Err marks it as a failure.
type StatusMsg struct {
	Text string
	Err  bool
}

// StoreMsg swaps the open database (the demo was opened).
type StoreMsg struct {
	Store *store.Store
	Err   error
}

// CampaignsMsg lists campaigns for the picker.
type CampaignsMsg struct {
	Names []string
	Err   error
}

// Status is a command that shows text in the status bar.
func Status(text string, err bool) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: text, Err: err} }
}
