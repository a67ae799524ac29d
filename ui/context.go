package ui

import (
	"context"
	"time"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/send"
)

// Context is what every page shares, like soft-serve's common.Common: the
// store, the clock, sizes, styles, keys and the campaign in view. The root
// owns it and pages read it; only the root changes it.
type Context struct {
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
}

// bg is the context for store calls made by commands.
func bg() context.Context { return context.Background() }
