// Package statusbar is the lines under the page that say what just
// happened, in red when it failed. A long message wraps instead of being
// cut: an error's last words are usually what to do about it.
package statusbar

import (
	"strings"

	"creatordesk/ui/common"
)

// MaxLines bounds the status: a message longer than this many lines ends
// in "…" on the last.
const MaxLines = 4

// Model is the status line's text.
type Model struct {
	Text string
	Err  bool
}

// Set shows msg.
func (m *Model) Set(msg common.StatusMsg) { m.Text, m.Err = msg.Text, msg.Err }

// Height is how many lines the status takes at width cells: one, empty or
// not, up to MaxLines when the text wraps.
func (m Model) Height(width int) int { return len(m.lines(width)) }

// lines is the text cleaned and wrapped to width, at most MaxLines.
func (m Model) lines(width int) []string {
	if m.Text == "" || width <= 0 {
		return []string{""}
	}
	lines := common.WrapText(strings.TrimSpace(m.Text), width)
	if len(lines) > MaxLines {
		lines = lines[:MaxLines]
		last := strings.TrimRight(lines[MaxLines-1], " ")
		lines[MaxLines-1] = common.Fit(last+" …", width)
	}
	return lines
}

// View draws the status within width cells, Height lines; empty when
// there is nothing to say.
func (m Model) View(st common.Styles, width int) string {
	style := st.Status
	if m.Err {
		style = st.Bad
	}
	lines := m.lines(width)
	if m.Text == "" {
		return ""
	}
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return strings.Join(lines, "\n")
}
