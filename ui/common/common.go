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
}

// Bg is the context for store calls made by commands.
func Bg() context.Context { return bg }

// bg names the dashboard as the author of its changes in the history.
var bg = store.By(context.Background(), store.ByDashboard)

// FirstErr is a or, when a is nil, b.
func FirstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
