package queue

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"creatordesk/outreach"
	"creatordesk/store/send"
	"creatordesk/ui/common"
)

// Email on the Queue: S hands what is due to the mail server, and the list
// shows what the sending engine left for the staffer: messages it may or
// may not have delivered (unknown), messages waiting to be tried again,
// recent failures, and when each open message goes.

// queueGroupTitles head the list's groups.
var queueGroupTitles = map[outreach.InvitationStatus]string{
	outreach.InvitationUnknown:   "MAYBE SENT: check, then confirm or send again",
	outreach.InvitationQueued:    "QUEUED: review, then send",
	outreach.InvitationApproved:  "APPROVED: ready to send",
	outreach.InvitationSending:   "SENDING: with the mail server now",
	outreach.InvitationRetryWait: "RETRY: the mail server could not take it yet",
	outreach.InvitationFailed:    "FAILED: newest first",
	outreach.InvitationSent:      "SENT: newest first",
}

// queueSendMsg answers S.
type queueSendMsg struct {
	req int
	rep send.Report
	err error
}

// sendEmail runs the sending engine in a command; a second S while it runs
// is ignored.
func (p *queue) sendEmail() tea.Cmd {
	if p.ctx.Send == nil {
		return common.Status("email is not set up: add an [smtp] section to config.toml (see README)", true)
	}
	if p.sending {
		return nil
	}
	p.sending = true
	p.sendReq++
	req, run, st := p.sendReq, p.ctx.Send, p.ctx.Store
	return tea.Batch(common.Status("sending…", false), func() tea.Msg {
		rep, err := run(common.Bg(), st)
		return queueSendMsg{req: req, rep: rep, err: err}
	})
}

// sendDone reports a run and reloads every screen.
func (p *queue) sendDone(msg queueSendMsg) tea.Cmd {
	if msg.req != p.sendReq {
		return nil
	}
	p.sending = false
	reload := func() tea.Msg { return common.ChangedMsg{} }
	switch {
	case msg.err != nil:
		return tea.Batch(reload, common.Status("sending stopped: "+msg.err.Error()+" ("+queueReport(msg.rep)+")", true))
	case msg.rep.Paused != "":
		return tea.Batch(reload, common.Status("sending paused: "+msg.rep.Paused+" — fix it, then press S", true))
	}
	return func() tea.Msg { return common.ChangedMsg{Note: queueReport(msg.rep)} }
}

// queueReport says what a run did.
func queueReport(r send.Report) string {
	s := fmt.Sprintf("sent %d · retry %d · failed %d · unknown %d · waiting for quota %d", r.Sent, r.Retry, r.Failed, r.Unknown, r.WaitingQuota)
	if r.Recovered > 0 {
		s += fmt.Sprintf(" · %d left by an earlier run now unknown", r.Recovered)
	}
	if r.NoResponse > 0 {
		s += fmt.Sprintf(" · %d closed as no response", r.NoResponse)
	}
	return s
}

// banner is the line (two when narrow) above the summary while sending
// runs or is paused; "" when neither.
func (p *queue) banner(w int) string {
	st := p.ctx.Styles
	switch {
	case p.sending:
		return st.Warning.Render(common.Fit("sending… (S again waits until this run ends)", w))
	case p.paused != "":
		now := p.ctx.Now().In(p.ctx.Loc)
		at := p.pausedAt.In(p.ctx.Loc)
		since := at.Format("15:04")
		if y, m, d := at.Date(); y != now.Year() || m != now.Month() || d != now.Day() {
			since = at.Format("Jan 2 15:04")
		}
		if line := "sending paused since " + since + ": " + common.Clean(p.paused) + " — fix it, then press S"; common.CellWidth(line) <= w {
			return st.Bad.Render(common.Fit(line, w))
		}
		return st.Bad.Render(common.Fit("sending paused since "+since+" — fix it, then press S:", w)) + "\n" + st.Bad.Render(common.Fit(p.paused, w))
	}
	return ""
}

// decide runs the staffer's word on a message whose delivery is unknown.
func (p *queue) decide(msg tea.KeyPressMsg, inv outreach.Invitation, write func(string, func() error) tea.Cmd) tea.Cmd {
	k, st, ctx, id, who := p.keys, p.ctx.Store, p.ctx.Bg(), inv.ID, "@"+inv.Handle
	switch {
	case key.Matches(msg, k.Sent):
		return write(who+": it went, marked sent", func() error { return st.MarkSent(ctx, id, time.Time{}) })
	case key.Matches(msg, k.Again):
		return write(who+": goes again with the next S", func() error {
			return st.SetInvitationStatus(ctx, id, outreach.InvitationApproved)
		})
	case key.Matches(msg, k.Skip):
		return write(who+": skipped", func() error { return st.SetInvitationStatus(ctx, id, outreach.InvitationSkipped) })
	}
	return nil
}

// queueKind is what a message is and how it goes: "follow-up 1 by email
// to ana@example.com".
func queueKind(inv outreach.Invitation) string {
	s := inv.Purpose.Label() + " by " + queueChannel(inv)
	if inv.Channel == outreach.ChannelEmail && inv.ToAddr != "" {
		s += " to " + inv.ToAddr
	}
	if inv.Attempts > 0 {
		s += fmt.Sprintf(" · tried %d×", inv.Attempts)
	}
	return s
}

func queueChannel(inv outreach.Invitation) string {
	if inv.Channel == outreach.ChannelEmail {
		return "email"
	}
	return "DM"
}

// queuePurpose is a purpose in at most 11 cells.
func queuePurpose(p outreach.Purpose) string {
	if p == outreach.PurposeSampleReminder {
		return "reminder"
	}
	return p.Label()
}

// paneNotes are the selected message's notes under its heading: the
// profile, why it waits, and for an unknown outcome the choices.
func (p *queue) paneNotes(inv outreach.Invitation, inner int) []string {
	st := p.ctx.Styles
	lines := []string{st.Muted.Render(common.Fit(inv.ProfileURL(), inner))}
	reason := common.WrapText(inv.Reason, inner)
	if inv.Reason == "" {
		reason = nil
	}
	if len(reason) > 3 {
		reason = append(reason[:2], common.Fit(strings.TrimSpace(reason[2])+"…", inner))
	}
	style := st.Muted
	if inv.Status == outreach.InvitationUnknown {
		style = st.Warning
		if inv.Reason == "" {
			reason = common.WrapText("The mail server was cut off while taking this message: it may have been delivered.", inner)
		}
		reason = append(reason, common.WrapText("enter: it went, mark sent · a: not delivered, send again · x: skip", inner)...)
	}
	for _, l := range reason {
		lines = append(lines, style.Render(l))
	}
	return lines
}

// when says when an open message goes, or how long ago a closed one went.
func (p *queue) when(inv outreach.Invitation, now time.Time) string {
	loc := p.ctx.Loc
	switch {
	case inv.Status.Open() && inv.Stage == outreach.DoNotContact:
		return "DNC" // marked after it was queued
	case inv.Status == outreach.InvitationSent:
		return common.Ago(inv.SentAt, now)
	case inv.Status == outreach.InvitationFailed:
		return common.Ago(inv.CreatedAt, now)
	case inv.Status == outreach.InvitationUnknown:
		return "maybe sent"
	case inv.Status == outreach.InvitationSending:
		return "sending"
	case inv.Status == outreach.InvitationRetryWait:
		due, today := inv.DueAt.In(loc), now.In(loc)
		if due.YearDay() == today.YearDay() && due.Year() == today.Year() {
			return "retry " + due.Format("15:04")
		}
		return "retry " + due.Format("Mon 15:04")
	case inv.DueAt.After(now):
		return "due " + inv.DueAt.In(loc).Format("Mon 2 Jan")
	case inv.QuotaRank > 0:
		if wk := p.ctx.Quota.Forecast(inv.QuotaRank, int(p.quota.week), int(p.quota.today), now.In(loc)); wk >= 0 {
			return queueWeeks(wk)
		}
	}
	return common.Ago(inv.CreatedAt, now)
}

func queueWeeks(wk int) string {
	switch wk {
	case 0:
		return "this week"
	case 1:
		return "next week"
	}
	return fmt.Sprintf("in %d weeks", wk)
}

// quotaSplit counts the waiting first invitations (in every campaign) that
// go this quota week and those that wait.
func (p *queue) quotaSplit(now time.Time) (goNow, wait int) {
	return p.ctx.Quota.Split(p.waiting, int(p.quota.week), int(p.quota.today), now)
}

// rowLine is one invitation's line of the list: handle, tier, purpose,
// channel, campaign (with every campaign in view) and when. The handle and
// when it goes come first, then the purpose and the campaign; when narrow,
// the channel goes first, then the tier. Room left widens the handle and
// the campaign.
func (p *queue) rowLine(inv outreach.Invitation, mark, when string, w, whenW int) string {
	campaign := common.Column{} // hidden: the campaign is in view
	if p.ctx.Campaign == "" {
		campaign = common.Column{Min: 8, Want: 20, Rank: 3, Grow: true}
	}
	widths := common.Widths(w, []common.Column{
		{Min: 1, Want: 1, Rank: 0},               // mark
		{Min: 10, Want: 20, Rank: 0, Grow: true}, // handle
		{Min: 5, Want: 5, Rank: 4},               // tier
		{Min: 8, Want: 11, Rank: 2},              // purpose
		{Min: 5, Want: 5, Rank: 5},               // channel
		campaign,
		{Min: whenW, Want: whenW, Rank: 1}, // when
	})
	return common.Fit(common.Cells(widths, queueRight, mark, "@"+inv.Handle, string(inv.Tier), queuePurpose(inv.Purpose),
		queueChannel(inv), inv.CampaignName, when), w)
}

// queueRight marks the columns aligned right: when.
var queueRight = []bool{6: true}
