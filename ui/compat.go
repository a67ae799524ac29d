package ui

import (
	tea "charm.land/bubbletea/v2"

	"creatordesk/ui/common"
)

// Notice shows text in the status line (what opening the database made
// private, sent in when the dashboard starts).
func Notice(text string) tea.Msg { return common.StatusMsg{Text: text} }

// Grouped writes n with thousands separators: 1,234,567.
func Grouped(n int64) string { return common.Grouped(n) }
