package ui

import (
	tea "charm.land/bubbletea/v2"

	"creatordesk/ui/common"
	"creatordesk/ui/pages/creators"
)

// Notice shows text in the status line (what opening the database made
// private, sent in when the dashboard starts).
func Notice(text string) tea.Msg { return common.StatusMsg{Text: text} }

// ForgetQuestion is what forgetting a creator asks first, on the
// dashboard and on the command line alike.
func ForgetQuestion(handle string) string { return creators.ForgetQuestion(handle) }

// Grouped writes n with thousands separators: 1,234,567.
func Grouped(n int64) string { return common.Grouped(n) }
