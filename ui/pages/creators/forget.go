package creators

import (
	"creatordesk/ui/common"
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"creatordesk/outreach"
	"creatordesk/store"
)

// ForgetQuestion is what the dashboard and the command line ask before
// forgetting a creator.
func ForgetQuestion(handle string) string {
	return outreach.ForgetQuestion(handle)
}

// forgetAsk is the Creators screen's question before forgetting the
// creator under the cursor; only y goes ahead.
type forgetAsk struct {
	ctx    *common.Common
	handle string
}

var (
	forgetYes = key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "forget"))
	forgetNo  = key.NewBinding(key.WithKeys("n", "N", "esc", "enter"), key.WithHelp("n/esc", "keep"))
)

// askForget opens the question for the creator under the cursor.
func (m *creators) askForget() tea.Cmd {
	c, _, ok := m.selected()
	if !ok {
		return nil
	}
	m.forget = &forgetAsk{ctx: m.ctx, handle: c.Handle}
	return nil
}

// forgetKey answers the question: y forgets in a command, anything else
// keeps the creator.
func (m *creators) forgetKey(msg tea.KeyPressMsg) tea.Cmd {
	f := m.forget
	m.forget = nil
	if !key.Matches(msg, forgetYes) {
		return func() tea.Msg { return common.StatusMsg{Text: "@" + f.handle + " kept"} }
	}
	delete(m.marked, f.handle)
	st, h := m.ctx.Store, f.handle
	// A database with old copies in free space is rebuilt: that can take a
	// while, so say what is happening first.
	working := func() tea.Msg { return common.StatusMsg{Text: "forgetting @" + h + "…"} }
	return tea.Sequence(working, func() tea.Msg {
		res, err := st.Forget(common.Bg(), h)
		if err != nil {
			return common.StatusMsg{Text: fmt.Sprintf("could not forget @%s: %v", h, err), Err: true}
		}
		note := fmt.Sprintf("forgot @%s (%d pipelines, %d messages, %d samples); %s",
			res.Handle, res.Pipelines, res.Messages, res.Samples, copiesNote(res.Copies))
		if res.Compacted {
			note += "; the file was rebuilt to clear old copies"
		}
		if res.Lingering {
			note += "; another program is reading the database, so its -wal keeps them until it closes"
		}
		return common.ChangedMsg{Note: note}
	})
}

func (f *forgetAsk) help() []key.Binding { return []key.Binding{forgetYes, forgetNo} }

// view draws the question, wrapped to the width.
func (f *forgetAsk) view(w, h int) string {
	st := f.ctx.Styles
	inner := max(10, w-4)
	text := lipgloss.NewStyle().Width(inner).Render(common.Clean(ForgetQuestion(f.handle)))
	lines := append([]string{st.Bad.Render(common.Fit("Forget a creator", inner)), ""}, strings.Split(text, "\n")...)
	if len(lines) > h-2 {
		lines = lines[:max(0, h-2)]
	}
	return st.Panel.Width(w).Render(strings.Join(lines, "\n"))
}

// copiesNote names the exports and backups that may still hold a forgotten
// creator, briefly: the status line has one line.
func copiesNote(copies []store.Copy) string {
	if len(copies) == 0 {
		return "copies made by hand or by older versions still hold them"
	}
	var names []string
	for _, c := range copies[:min(len(copies), 2)] {
		names = append(names, filepath.Base(c.Path))
	}
	more := ""
	if n := len(copies) - len(names); n > 0 {
		more = fmt.Sprintf(" and %d more", n)
	}
	return "they may still be in " + strings.Join(names, ", ") + more + ": delete those (the forget command lists them in full)"
}
