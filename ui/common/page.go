package common

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// PageID names a screen; it is also the screen's place in the tab bar.
type PageID int

// The screens, in tab order.
const (
	DashboardPage PageID = iota
	CreatorsPage
	QueuePage
	TemplatesPage
	SamplesPage
	ExportPage
)

// Answer is a message a page asked for (the answer of a store call it
// started). The root hands it to that page only.
type Answer interface{ For() PageID }

// Page is one screen.
type Page interface {
	// Title names the tab.
	Title() string
	// Load asks the store for what the page shows (on start, on campaign
	// change, after data changed).
	Load() tea.Cmd
	Update(msg tea.Msg) (Page, tea.Cmd)
	// SetSize gives the page its width × height cells.
	SetSize(width, height int)
	// View renders the page into the size last set; it changes nothing.
	View() string
	// Typing reports whether a text input has focus: global keys such as q
	// and the digits are then text.
	Typing() bool
	help.KeyMap
}

// Size is the room a page has, set by the root; pages embed it.
type Size struct{ Width, Height int }

// SetSize records the page's room.
func (s *Size) SetSize(width, height int) { s.Width, s.Height = width, height }

// Explainer is a page whose ? help also explains what it shows: the root
// turns the explanation on when it opens the full help and off when it
// closes it, and the page draws the explanation in its place meanwhile
// (scrolling it with its own keys).
type Explainer interface {
	Explain(on bool)
}
