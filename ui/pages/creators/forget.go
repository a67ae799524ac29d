package creators

import (
	"fmt"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
	"creatordesk/ui/components/dialog"
	"creatordesk/ui/components/form"
)

// ForgetQuestion is what the dashboard and the command line ask before
// forgetting a creator.
func ForgetQuestion(handle string) string {
	return outreach.ForgetQuestion(handle)
}

// forgetMsg is the question's answer: forget handle when yes.
type forgetMsg struct {
	handle string
	yes    bool
}

// askForget asks before forgetting the creator under the cursor: y (or
// Yes) forgets; n, enter on the No shown first, and esc keep them.
func (m *creators) askForget() tea.Cmd {
	c, _, ok := m.selected()
	if !ok {
		return nil
	}
	return m.ctx.Dialogs.Open(m.forgetDialog(c.Handle))
}

// forgetDialog asks whether to forget h; only Yes goes ahead.
func (m *creators) forgetDialog(h string) dialog.Dialog {
	var yes bool
	f := huh.NewForm(huh.NewGroup(
		huh.NewConfirm().Title(common.Clean(ForgetQuestion(h))).Affirmative("Yes").Negative("No").Value(&yes),
	))
	d := form.New("Forget a creator", f, m.ctx.Styles.IsDark, func() tea.Msg { return forgetMsg{handle: h, yes: yes} }).
		OnCancel(func() tea.Msg { return forgetMsg{handle: h} })
	return d
}

// runForget forgets in a command when the answer was yes.
func (m *creators) runForget(msg forgetMsg) tea.Cmd {
	h := msg.handle
	if !msg.yes {
		return common.Status("@"+h+" kept", false)
	}
	delete(m.marked, h)
	st := m.ctx.Store
	// A database with old copies in free space is rebuilt: that can take a
	// while, so say what is happening first.
	working := func() tea.Msg { return common.StatusMsg{Text: "forgetting @" + h + "…"} }
	return tea.Sequence(working, func() tea.Msg {
		res, err := st.Forget(common.Bg(), h)
		if err != nil {
			return common.StatusMsg{Text: fmt.Sprintf("could not forget @%s: %v", h, err), Err: true}
		}
		note := fmt.Sprintf("forgot @%s (%s, %s, %s); %s", res.Handle, outreach.Count(res.Pipelines, "pipeline", "pipelines"),
			outreach.Count(res.Messages, "message", "messages"), outreach.Count(res.Samples, "sample", "samples"), copiesNote(res.Copies))
		if res.Compacted {
			note += "; the file was rebuilt to clear old copies"
		}
		if res.Lingering {
			note += "; another program is reading the database, so its -wal keeps them until it closes"
		}
		return common.ChangedMsg{Note: note}
	})
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
