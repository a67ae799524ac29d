package creators

import (
	tea "charm.land/bubbletea/v2"

	"creatordesk/ui/common"
)

// What the root's tests and benchmarks read of the screen from outside the
// package.

// DetailMinWidth is the narrowest window that shows the detail pane.
const DetailMinWidth = detailMinWidth

// Filter is the filter's text.
func Filter(p common.Page) string { return p.(*creators).filter.Value() }

// Err is why the listing failed, if it did.
func Err(p common.Page) error {
	m := p.(*creators)
	return common.FirstErr(m.list.Err(), m.countErr)
}

// DebounceNow is the message the filter's debounce sends for the latest
// keystroke.
func DebounceNow(p common.Page) tea.Msg { return p.(*creators).filter.Now() }

// Total is how many creators match (-1 until counted).
func Total(p common.Page) int64 { return p.(*creators).list.Total() }
