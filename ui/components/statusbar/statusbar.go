// Package statusbar is the line under the page that says what just
// happened, in red when it failed.
package statusbar

import "creatordesk/ui/common"

// Model is the status line's text.
type Model struct {
	Text string
	Err  bool
}

// Set shows msg.
func (m *Model) Set(msg common.StatusMsg) { m.Text, m.Err = msg.Text, msg.Err }

// View draws the line within width cells; empty when there is nothing to
// say.
func (m Model) View(st common.Styles, width int) string {
	if m.Text == "" {
		return ""
	}
	style := st.Status
	if m.Err {
		style = st.Bad
	}
	return style.Render(common.Fit(m.Text, width))
}
