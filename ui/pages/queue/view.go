package queue

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"creatordesk/outreach"
	"creatordesk/ui/common"
)

// View draws a summary line, the list and the selected message: beside the
// list when wide, below it when narrow.
// View renders the screen into the size last set.
func (p *queue) View() string { return p.view(p.Width, p.Height) }

func (p *queue) view(w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	lines := []string{p.topLine(w)}
	if p.filterLines() > 0 {
		lines = append(lines, p.filterLine(w))
	}
	bodyH := h - 2 - p.filterLines() // the summary line and the quota line
	if b := p.banner(w); b != "" {
		lines = append([]string{b}, lines...)
		bodyH -= strings.Count(b, "\n") + 1
	}
	switch {
	case common.FirstErr(p.err, p.list.Err()) != nil:
		err := common.FirstErr(p.err, p.list.Err())
		for _, l := range common.WrapText("could not load invitations: "+err.Error(), w) {
			lines = append(lines, p.ctx.Styles.Bad.Render(l))
		}
	case !p.loaded:
		lines = append(lines, p.ctx.Styles.Muted.Render(common.Fit("loading…", w)))
	case p.list.Total() == 0 && p.search != "":
		lines = append(lines, p.ctx.Styles.Muted.Render(common.Fit("no invitations match “"+common.Clean(p.search)+"” (esc clears the filter)", w)))
	case p.list.Total() == 0:
		lines = append(lines, p.emptyLines(w)...)
	case w > queuePaneMinW:
		listW := max(40, w*2/5)
		list := p.listView(listW, bodyH)
		pane := p.paneView(w-listW-1, bodyH)
		lines = append(lines, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, list, " ", pane), "\n")...)
	default:
		listH := max(3, bodyH/3)
		if p.mode == queueEditing {
			listH = 2 // the editor needs the room
		}
		lines = append(lines, p.listView(w, listH))
		lines = append(lines, p.paneView(w, bodyH-listH))
	}
	return strings.Join(common.FitLines(strings.Join(lines, "\n"), w, h), "\n")
}

func (p *queue) topLine(w int) string {
	st := p.ctx.Styles
	camp := p.ctx.Campaign
	if camp == "" {
		camp = "all campaigns"
	}
	parts := []string{common.Clean(camp)}
	for _, s := range []outreach.InvitationStatus{outreach.InvitationQueued, outreach.InvitationApproved, outreach.InvitationSent} {
		parts = append(parts, fmt.Sprintf("%s %s", common.Grouped(p.counts[s]), s))
	}
	for _, s := range []outreach.InvitationStatus{outreach.InvitationUnknown, outreach.InvitationRetryWait, outreach.InvitationFailed} {
		if n := p.counts[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %s", common.Grouped(n), strings.ReplaceAll(string(s), "_", " ")))
		}
	}
	if p.sender != "" {
		parts = append(parts, "signed “"+common.Clean(p.sender)+"”")
	} else {
		parts = append(parts, "no sender yet (s)")
	}
	line := st.Muted.Render(common.Fit(strings.Join(parts, " · "), w))
	return line + "\n" + p.quotaLine(w)
}

// filterLines is how many lines the filter takes: one while it is typed
// or set.
func (p *queue) filterLines() int {
	if p.filter.Active() {
		return 1
	}
	return 0
}

// filterLine is the filter being typed, or what it keeps.
func (p *queue) filterLine(w int) string {
	if p.filter.Typing() {
		return p.filter.View()
	}
	var n int64
	for _, c := range p.listed() {
		n += c
	}
	return p.ctx.Styles.Muted.Render(common.Fit(fmt.Sprintf("filter: %s · %s invitations · esc clears", common.Clean(p.filter.Value()), common.Grouped(n)), w))
}

// quotaLine says how much of TikTok's weekly ration of new creators is left.
func (p *queue) quotaLine(w int) string {
	st, q := p.ctx.Styles, p.ctx.Quota
	left := q.Left(int(p.quota.week), int(p.quota.today))
	var text string
	switch {
	case left < 0:
		text = fmt.Sprintf("quota: unlimited · %d new creators contacted this week", p.quota.week)
	default:
		text = fmt.Sprintf("quota: %d of %d new creators left this week (resets %s)", left, q.Weekly, q.Reset.String()[:3])
		if q.Weekly == 0 {
			text = fmt.Sprintf("quota: %d new creators left today", left)
		} else if q.Daily > 0 {
			text += fmt.Sprintf(" · %d of %d today", max(0, q.Daily-int(p.quota.today)), q.Daily)
		}
	}
	if goNow, wait := p.quotaSplit(p.ctx.Now().In(p.ctx.Loc)); goNow+wait > 0 && q.Weekly > 0 {
		text = fmt.Sprintf("this week: %s go · %s wait for next week · quota %d of %d left, resets %s",
			common.Grouped(int64(goNow)), common.Grouped(int64(wait)), left, q.Weekly, q.Reset.String()[:3])
		if q.Daily > 0 {
			text += fmt.Sprintf(" · %d of %d today", max(0, q.Daily-int(p.quota.today)), q.Daily)
		}
	}
	style := st.Muted
	if left == 0 {
		style = st.Warning
	}
	return style.Render(common.Fit(text, w))
}

func (p *queue) emptyLines(w int) []string {
	st := p.ctx.Styles
	camp := p.ctx.Campaign
	if camp == "" {
		camp = "any campaign"
	}
	return []string{
		"",
		st.Title.Render(common.Fit("No invitations waiting in "+camp, w)),
		st.Muted.Render(common.Fit("n queues a creator by handle, with the built-in message for their tier.", w)),
		st.Muted.Render(common.Fit("Do-not-contact creators and creators already invited are never queued.", w)),
	}
}

// listView is the window's lines, padded to h lines of w cells.
func (p *queue) listView(w, h int) string {
	out := p.list.Lines()
	for len(out) < h {
		out = append(out, strings.Repeat(" ", w))
	}
	return strings.Join(out[:min(len(out), h)], "\n")
}

// renderRow draws one invitation: ▶ and reverse video under the cursor; a
// do-not-contact creator's open message in red, one maybe sent in amber.
func (p *queue) renderRow(inv outreach.Invitation, selected bool, w int) string {
	st := p.ctx.Styles
	mark := ""
	if selected {
		mark = "▶"
	}
	text := p.rowLine(inv, mark, p.when(inv, p.ctx.Now()), w, min(p.whenW, max(6, w/3)))
	switch {
	case selected:
		return st.Selected.Render(text)
	case inv.Status.Open() && inv.Stage == outreach.DoNotContact:
		return st.Bad.Render(text)
	case inv.Status == outreach.InvitationUnknown:
		return st.Warning.Render(text)
	case inv.Status == outreach.InvitationFailed:
		return st.Muted.Render(text)
	case inv.Tier == outreach.Head:
		return st.HeadBadge.Render(text)
	}
	return text
}

// groupTitle heads a group with how many it holds in all.
func (p *queue) groupTitle(s outreach.InvitationStatus) string {
	return fmt.Sprintf("%s (%s)", queueGroupTitles[s], common.Grouped(p.listed()[s]))
}

// paneView shows the selected invitation's message, the editor, or the
// send-by-hand instructions, in a panel of w × h.
func (p *queue) paneView(w, h int) string {
	st := p.ctx.Styles
	inv, ok := p.selected()
	if p.mode == queueSending || p.mode == queueEditing {
		inv, ok = p.pending, true
	}
	if !ok || h < 3 || w < 8 {
		return ""
	}
	inner := w - 4 // border and padding
	innerH := h - 2
	var lines []string
	head := "@" + inv.Handle + " · " + string(inv.Tier) + " · " + inv.CampaignName
	lines = append(lines, st.Title.Render(common.Fit(head, inner)))
	status := queueKind(inv) + " · " + strings.ReplaceAll(string(inv.Status), "_", " ") + " " + queueAgo(inv.CreatedAt, p.ctx.Now()) +
		" · stage " + inv.Stage.Label()
	if inv.Status == outreach.InvitationSent {
		status = queueKind(inv) + " · sent " + inv.SentAt.In(p.ctx.Loc).Format("Jan 2 15:04") + " · stage " + inv.Stage.Label()
	}
	lines = append(lines, st.Muted.Render(common.Fit(status, inner)))
	switch p.mode {
	case queueEditing:
		lines = append(lines, st.Warning.Render(common.Fit("editing: ctrl+s saves, esc cancels", inner)))
		for _, l := range strings.Split(p.editor.View(), "\n") {
			lines = append(lines, common.Clip(l, inner))
		}
		return st.Panel.Width(w).Render(strings.Join(common.FitLines(strings.Join(lines, "\n"), inner, innerH), "\n"))
	case queueSending:
		lines = append(lines,
			st.Warning.Render(common.Fit("Copied to the clipboard. Open the profile, paste it in a message, send it,", inner)),
			st.Warning.Render(common.Fit("then press enter once sent (esc if it did not go).", inner)),
			common.Fit(inv.ProfileURL(), inner))
	default:
		lines = append(lines, p.paneNotes(inv, inner)...)
	}
	if inv.Subject != "" && inv.Channel == outreach.ChannelEmail { // a DM has no subject
		lines = append(lines, common.Fit("subject: "+inv.Subject, inner))
	}
	lines = append(lines, "")
	lines = append(lines, common.WrapText(inv.Body, inner)...)
	if len(lines) > innerH {
		lines = append(lines[:innerH-1], st.Muted.Render(common.Fit("…", inner)))
	}
	return st.Panel.Width(w).Render(strings.Join(common.FitLines(strings.Join(lines, "\n"), inner, innerH), "\n"))
}

// queueAgo is "3d ago", or "just now".
func queueAgo(t, now time.Time) string {
	if a := common.Ago(t, now); a != "now" {
		return a + " ago"
	}
	return "just now"
}

// wrapText cleans each line of a message and wraps it to width cells.
