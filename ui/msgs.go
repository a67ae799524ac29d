package ui

import (
	"creatordesk/store"
)

// Every answer from the store carries the request it answers; a page keeps
// the id of its latest request and drops older answers, so a slow query
// never overwrites a newer one.

// changedMsg tells every page that data changed (a move, an import) and
// what to say about it.
type changedMsg struct{ note string }

// statusMsg shows a line in the status bar; err marks it as a failure.
type statusMsg struct {
	text string
	err  bool
}

// storeMsg swaps the open database (the demo was opened).
type storeMsg struct {
	store *store.Store
	err   error
}

// campaignsMsg lists campaigns for the picker.
type campaignsMsg struct {
	names []string
	err   error
}
