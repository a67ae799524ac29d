// Package common is what every page of the dashboard shares: the store,
// the clock, sizes, styles, global keys, the text cleaner and the messages
// pages send the root.
package common

import (
	"context"
	"time"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/send"
)

// Common is what every page shares, like soft-serve's common.Common: the
// store, the clock, sizes, styles, keys and the campaign in view. The root
// owns it and pages read it; only the root changes it.
type Common struct {
	Store *store.Store
	Now   func() time.Time
	Loc   *time.Location

	Width, Height int
	Styles        Styles
	Keys          KeyMap

	// Campaign narrows every screen; "" is all campaigns.
	Campaign string
	// ContentDueDays is the posting window after a sample arrives.
	ContentDueDays int
	// Currency is assumed for amounts typed or imported without one.
	Currency string
	// Quota is TikTok's weekly ration of new creators (and a daily cap).
	Quota outreach.Quota

	// OpenDemo opens (creating on first use) the demo database.
	OpenDemo func(context.Context) (*store.Store, error)
	// Send hands the email that is due to the mail server; nil when email
	// is not set up.
	Send func(context.Context, *store.Store) (send.Report, error)

	// Dialogs opens dialogs; the root reads whether one is on its way.
	Dialogs *Dialogs

	// session is the context of the writes a person makes in this
	// dashboard, and tracker collects their changes for u (undo). See
	// NewSession.
	session context.Context
	tracker *store.Tracker
}

// Bg is the context for store calls made by commands: reads, and writes
// nobody asked for by a key (closing unanswered pipelines, the sending
// engine's), which undo leaves alone.
func Bg() context.Context { return bg }

// NewSession starts tracking the writes made with Bg, for undo: the app
// calls it at start and when it opens another database.
func (c *Common) NewSession() {
	c.session, c.tracker = store.Track(bg)
}

// Bg is the context for the writes a person makes (a move, a skip, a
// delivered mark, terms, tags): the history says they are the
// dashboard's, and the session keeps their changes for undo. A Common
// without a session (a page tested alone) gives the package's Bg.
func (c *Common) Bg() context.Context {
	if c == nil || c.session == nil {
		return bg
	}
	return c.session
}

// Changes are the changes the session's writes committed, oldest first.
func (c *Common) Changes() []int64 {
	if c == nil || c.tracker == nil {
		return nil
	}
	return c.tracker.Changes()
}

// bg names the dashboard as the author of its changes in the history.
var bg = store.By(context.Background(), store.ByDashboard)

// FirstErr is a or, when a is nil, b.
func FirstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
