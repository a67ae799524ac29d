package queue

import (
	"creatordesk/ui/common"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"creatordesk/outreach"
)

const (
	queueOpenRows = 200 // queued and approved invitations shown, each
	queueSentRows = 30  // recently sent invitations shown
	queuePaneMinW = 110 // wider than this, the message sits beside the list
)

// queueMode is what the screen is waiting for.
type queueMode int

const (
	queueBrowse  queueMode = iota
	queueSending           // message copied: waiting for "it went"
	queueEditing           // the message in a textarea
)

// queue is screen 3: invitations waiting to go (queued, then approved) and
// those recently sent, for the campaign in view. A message goes by hand:
// copied to the clipboard, pasted into TikTok, then confirmed.
type queue struct {
	common.Size
	ctx  *common.Common
	keys keyMap

	req      int // latest load; older answers are dropped
	campaign string
	rows     []outreach.Invitation // queued, approved, then sent
	counts   map[outreach.InvitationStatus]int64
	sender   string
	quota    quotaUse
	waiting  int    // open first invitations that will spend quota, in every campaign
	paused   string // why sending is paused; "" when it is not
	pausedAt time.Time
	loaded   bool
	err      error

	cursor, offset int // offset: first list line shown
	selID          int64
	selStatus      outreach.InvitationStatus

	mode    queueMode
	pending outreach.Invitation // being sent or edited
	saving  bool
	editor  textarea.Model

	sending bool // S is running
	sendReq int
}

type queueMsg struct {
	req     int
	rows    []outreach.Invitation
	counts  map[outreach.InvitationStatus]int64
	sender  string
	quota   quotaUse
	waiting int
	paused  string
	since   time.Time
	err     error
}

// quotaUse is how many new creators were contacted this quota week and
// today.
type quotaUse struct{ week, today int64 }

// queueDoneMsg answers a write; edit marks a save from the editor, which
// stays open when it fails.
type queueDoneMsg struct {
	note string
	err  error
	edit bool
}

type queueSenderMsg struct {
	name       string
	thenHandle bool // ask for the handle next
	err        error
}

// New builds the screen.
func New(c *common.Common) common.Page {
	ta := textarea.New()
	ta.CharLimit = outreach.MaxMessageBody
	ta.ShowLineNumbers = false
	return &queue{ctx: c, keys: newKeyMap(), editor: ta}
}

func (p *queue) Title() string { return "Queue" }

// Typing is true while the message is in the editor; the prompts are
// dialogs, which take the keys themselves.
func (p *queue) Typing() bool { return p.mode == queueEditing }

// Load reads the three groups, their counts and the sender.
func (p *queue) Load() tea.Cmd {
	p.req++
	req, st, camp := p.req, p.ctx.Store, p.ctx.Campaign
	now, quota := p.ctx.Now().In(p.ctx.Loc), p.ctx.Quota
	if camp != p.campaign {
		p.campaign, p.cursor, p.offset, p.selID = camp, 0, 0, 0
	}
	return func() tea.Msg {
		m := queueMsg{req: req}
		// Sequences nobody answered end here too, not only in 'send'.
		if _, m.err = st.CloseUnanswered(common.Bg()); m.err != nil {
			return m
		}
		for _, q := range queueQueries(camp) {
			page, err := st.Invitations(common.Bg(), q)
			if err != nil {
				m.err = err
				return m
			}
			m.rows = append(m.rows, page.Invitations...)
		}
		if m.counts, m.err = st.CountInvitations(common.Bg(), camp); m.err != nil {
			return m
		}
		if m.sender, m.err = st.Sender(common.Bg()); m.err != nil {
			return m
		}
		if m.paused, m.since, m.err = st.SendingPaused(common.Bg()); m.err != nil {
			return m
		}
		// The quota counts new creators in every campaign, whatever is in view.
		y, mo, d := now.Date()
		if m.quota.week, m.err = st.NewCreatorsInvited(common.Bg(), quota.WeekStart(now)); m.err != nil {
			return m
		}
		if m.quota.today, m.err = st.NewCreatorsInvited(common.Bg(), time.Date(y, mo, d, 0, 0, 0, 0, now.Location())); m.err != nil {
			return m
		}
		m.waiting, m.err = st.QuotaWaiting(common.Bg())
		return m
	}
}

func (p *queue) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case queueMsg:
		if msg.req != p.req {
			return p, nil
		}
		p.loaded, p.err = true, msg.err
		if msg.err == nil {
			p.rows, p.counts, p.sender, p.quota, p.waiting = msg.rows, msg.counts, msg.sender, msg.quota, msg.waiting
			p.paused, p.pausedAt = msg.paused, msg.since
			p.reselect()
		}
		return p, nil
	case queueDoneMsg:
		p.saving = false
		if msg.err != nil { // an editor stays open with the text
			return p, common.Status(msg.err.Error(), true)
		}
		if msg.edit {
			p.editor.Blur()
			p.mode = queueBrowse
		}
		return p, func() tea.Msg { return common.ChangedMsg{Note: msg.note} }
	case queueSenderMsg:
		p.saving = false
		if msg.err != nil {
			return p, common.Status(msg.err.Error(), true)
		}
		p.sender = msg.name
		if msg.thenHandle {
			return p, p.askHandle()
		}
		return p, common.Status("invitations are signed “"+common.Clean(msg.name)+"”", false)
	case senderMsg:
		return p, p.saveSender(msg)
	case handleMsg:
		return p, p.queueHandle(msg.handle)
	case queueSendMsg:
		return p, p.sendDone(msg)
	case tea.KeyPressMsg:
		return p, p.key(msg)
	case tea.PasteMsg:
		if p.mode == queueEditing {
			var cmd tea.Cmd
			p.editor, cmd = p.editor.Update(msg)
			return p, cmd
		}
	}
	if p.mode == queueEditing {
		var cmd tea.Cmd
		p.editor, cmd = p.editor.Update(msg) // cursor blinks
		return p, cmd
	}
	return p, nil
}

// reselect keeps the cursor on the invitation it was on while that one
// stays in its group; one that moved on (sent, skipped) leaves the cursor
// where it was, on the next in line.
func (p *queue) reselect() {
	for i, inv := range p.rows {
		if inv.ID == p.selID && inv.Status == p.selStatus {
			p.cursor = i
			break
		}
	}
	p.cursor = max(0, min(p.cursor, len(p.rows)-1))
	p.remember()
}

func (p *queue) remember() {
	if inv, ok := p.selected(); ok {
		p.selID, p.selStatus = inv.ID, inv.Status
	}
}

func (p *queue) selected() (outreach.Invitation, bool) {
	if p.cursor < 0 || p.cursor >= len(p.rows) {
		return outreach.Invitation{}, false
	}
	return p.rows[p.cursor], true
}

func (p *queue) moveBy(n int) {
	p.cursor = max(0, min(len(p.rows)-1, p.cursor+n))
	p.remember()
}

func (p *queue) key(msg tea.KeyPressMsg) tea.Cmd {
	k := p.keys
	switch p.mode {
	case queueEditing:
		switch {
		case key.Matches(msg, k.Cancel):
			p.editor.Blur()
			p.mode = queueBrowse
			return nil
		case key.Matches(msg, k.Save):
			return p.saveEdit()
		}
		var cmd tea.Cmd
		p.editor, cmd = p.editor.Update(msg)
		return cmd
	case queueSending:
		switch {
		case key.Matches(msg, k.Sent):
			return p.markSent()
		case key.Matches(msg, k.Copy):
			return tea.SetClipboard(p.pending.Body)
		case key.Matches(msg, k.Cancel):
			p.mode = queueBrowse
		}
		return nil
	}
	g := p.ctx.Keys
	switch {
	case key.Matches(msg, g.Down):
		p.moveBy(1)
	case key.Matches(msg, g.Up):
		p.moveBy(-1)
	case key.Matches(msg, g.PageDown):
		p.moveBy(10)
	case key.Matches(msg, g.PageUp):
		p.moveBy(-10)
	case key.Matches(msg, g.Top):
		p.moveBy(-len(p.rows))
	case key.Matches(msg, g.Bottom):
		p.moveBy(len(p.rows))
	case p.saving && key.Matches(msg, k.New, k.Sender):
		return nil
	case key.Matches(msg, k.New):
		if p.sender == "" {
			return p.askSender(true)
		}
		return p.askHandle()
	case key.Matches(msg, k.Sender):
		return p.askSender(false)
	case key.Matches(msg, k.SendEmail):
		return p.sendEmail()
	default:
		return p.act(msg)
	}
	return nil
}

// act runs a key that needs the selected invitation.
func (p *queue) act(msg tea.KeyPressMsg) tea.Cmd {
	inv, ok := p.selected()
	if !ok || p.saving {
		return nil
	}
	k, st, id, who := p.keys, p.ctx.Store, inv.ID, "@"+inv.Handle
	if !slices.ContainsFunc(p.actions(inv), func(b key.Binding) bool { return key.Matches(msg, b) }) {
		if key.Matches(msg, k.Send, k.Approve, k.Skip, k.Edit, k.Reply) {
			return common.Status(fmt.Sprintf("%s: the invitation is %s, the creator %s", who, inv.Status, inv.Stage.Label()), true)
		}
		return nil
	}
	write := func(note string, fn func() error) tea.Cmd {
		p.saving = true
		return func() tea.Msg { return queueDoneMsg{note: note, err: fn()} }
	}
	if inv.Status == outreach.InvitationUnknown {
		return p.decide(msg, inv, write)
	}
	switch {
	case key.Matches(msg, k.Send):
		p.mode, p.pending = queueSending, inv
		return tea.SetClipboard(inv.Body)
	case key.Matches(msg, k.Edit):
		p.mode, p.pending = queueEditing, inv
		p.editor.SetStyles(textarea.DefaultStyles(p.ctx.Styles.IsDark))
		p.editor.SetValue(inv.Body)
		p.editor.MoveToBegin()
		return p.editor.Focus()
	case key.Matches(msg, k.Approve) && inv.Status == outreach.InvitationApproved:
		return write(who+": back to queued", func() error {
			return st.SetInvitationStatus(common.Bg(), id, outreach.InvitationQueued)
		})
	case key.Matches(msg, k.Approve):
		return write(who+": approved", func() error { return st.SetInvitationStatus(common.Bg(), id, outreach.InvitationApproved) })
	case key.Matches(msg, k.Skip):
		return write(who+": skipped", func() error { return st.SetInvitationStatus(common.Bg(), id, outreach.InvitationSkipped) })
	case key.Matches(msg, k.Reply):
		now := p.ctx.Now()
		return write(who+" replied", func() error { return st.MarkReplied(common.Bg(), id, now) })
	}
	return nil
}

// actions are the keys that apply to an invitation in its status.
func (p *queue) actions(inv outreach.Invitation) []key.Binding {
	k := p.keys
	switch {
	case inv.Status == outreach.InvitationQueued:
		return []key.Binding{k.Send, k.Approve, k.Skip, k.Edit, k.Reply}
	case inv.Status == outreach.InvitationApproved:
		return []key.Binding{k.Send, k.Unapprove, k.Skip, k.Edit, k.Reply}
	case inv.Status == outreach.InvitationUnknown:
		return []key.Binding{k.Sent, k.Again, k.Skip}
	case inv.Status == outreach.InvitationRetryWait:
		return []key.Binding{k.Skip}
	case inv.Status == outreach.InvitationSent && inv.Stage == outreach.Invited:
		return []key.Binding{k.Reply}
	}
	return nil
}

func (p *queue) markSent() tea.Cmd {
	if p.saving {
		return nil
	}
	p.saving, p.mode = true, queueBrowse
	st, id, who, now := p.ctx.Store, p.pending.ID, "@"+p.pending.Handle, p.ctx.Now()
	return func() tea.Msg {
		return queueDoneMsg{note: who + ": invitation sent, now invited", err: st.MarkSent(common.Bg(), id, now)}
	}
}

func (p *queue) saveEdit() tea.Cmd {
	if p.saving {
		return nil
	}
	p.saving = true
	st, id, who, body := p.ctx.Store, p.pending.ID, "@"+p.pending.Handle, p.editor.Value()
	return func() tea.Msg {
		return queueDoneMsg{note: who + ": message saved", err: st.EditInvitation(common.Bg(), id, body), edit: true}
	}
}

func (p *queue) ShortHelp() []key.Binding {
	k := p.keys
	switch p.mode {
	case queueEditing:
		return []key.Binding{k.Save, k.Cancel}
	case queueSending:
		return []key.Binding{k.Sent, k.Copy, k.Cancel}
	}
	var out []key.Binding
	if inv, ok := p.selected(); ok && len(p.actions(inv)) > 0 {
		out = p.actions(inv) // n and s are in the full help: the line is short
	} else {
		out = []key.Binding{k.New, k.Sender}
	}
	if p.ctx.Send != nil {
		out = append(out, k.SendEmail)
	}
	return out
}

func (p *queue) FullHelp() [][]key.Binding {
	k, g := p.keys, p.ctx.Keys
	if p.mode != queueBrowse {
		return [][]key.Binding{p.ShortHelp()}
	}
	groups := [][]key.Binding{{g.Up, g.Down, g.PageUp, g.PageDown, g.Top, g.Bottom}}
	if inv, ok := p.selected(); ok && len(p.actions(inv)) > 0 {
		groups = append(groups, p.actions(inv))
	}
	return append(groups, []key.Binding{k.New, k.Sender, k.SendEmail})
}

// View draws a summary line, the list and the selected message: beside the
// list when wide, below it when narrow.
// View renders the screen into the size last set.
func (p *queue) View() string { return p.view(p.Width, p.Height) }

func (p *queue) view(w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	lines := []string{p.topLine(w)}
	bodyH := h - 2 // the summary line and the quota line
	if b := p.banner(w); b != "" {
		lines = append([]string{b}, lines...)
		bodyH -= strings.Count(b, "\n") + 1
	}
	switch {
	case p.err != nil:
		lines = append(lines, p.ctx.Styles.Bad.Render(common.Fit("could not load invitations: "+p.err.Error(), w)))
	case !p.loaded:
		lines = append(lines, p.ctx.Styles.Muted.Render(common.Fit("loading…", w)))
	case len(p.rows) == 0:
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
		text = fmt.Sprintf("this week: %d go · %d wait for next week · quota %d of %d left, resets %s", goNow, wait, left, q.Weekly, q.Reset.String()[:3])
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

// listView renders the grouped list into w × h, scrolled to keep the cursor
// in view.
func (p *queue) listView(w, h int) string {
	st := p.ctx.Styles
	type line struct {
		header string
		row    int // index into rows, -1 for a header
	}
	var all []line
	cursorLine := 0
	var last outreach.InvitationStatus
	for i, inv := range p.rows {
		if i == 0 || inv.Status != last {
			last = inv.Status
			all = append(all, line{header: p.groupTitle(inv.Status), row: -1})
		}
		if i == p.cursor {
			cursorLine = len(all)
		}
		all = append(all, line{row: i})
	}
	// keep the cursor and, at the top, its group header in view
	if cursorLine-1 < p.offset {
		p.offset = max(0, cursorLine-1)
	}
	if cursorLine >= p.offset+h {
		p.offset = cursorLine - h + 1
	}
	p.offset = max(0, min(p.offset, len(all)-h))
	now := p.ctx.Now()
	shown := all[p.offset:min(len(all), p.offset+h)]
	whenW := 6
	for _, l := range shown {
		if l.row >= 0 {
			whenW = max(whenW, common.CellWidth(p.when(p.rows[l.row], now)))
		}
	}
	var out []string
	for _, l := range shown {
		if l.row < 0 {
			out = append(out, st.Header.Render(common.Fit(l.header, w)))
			continue
		}
		inv := p.rows[l.row]
		mark := "  "
		if l.row == p.cursor {
			mark = "▶ "
		}
		text := p.rowLine(inv, mark, p.when(inv, now), w, min(whenW, max(6, w/3)))
		switch {
		case l.row == p.cursor:
			text = st.Selected.Render(text)
		case inv.Status.Open() && inv.Stage == outreach.DoNotContact:
			text = st.Bad.Render(text)
		case inv.Status == outreach.InvitationUnknown:
			text = st.Warning.Render(text)
		case inv.Status == outreach.InvitationFailed:
			text = st.Muted.Render(text)
		case inv.Tier == outreach.Head:
			text = st.HeadBadge.Render(text)
		}
		out = append(out, text)
	}
	for len(out) < h {
		out = append(out, strings.Repeat(" ", w))
	}
	return strings.Join(out, "\n")
}

func (p *queue) groupTitle(s outreach.InvitationStatus) string {
	n := p.counts[s]
	title := queueGroupTitles[s]
	shown := 0
	for _, inv := range p.rows {
		if inv.Status == s {
			shown++
		}
	}
	if int64(shown) < n {
		return fmt.Sprintf("%s (%d of %s)", title, shown, common.Grouped(n))
	}
	return fmt.Sprintf("%s (%s)", title, common.Grouped(n))
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
		p.editor.SetWidth(inner)
		p.editor.SetHeight(max(1, innerH-len(lines)))
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
