package queue

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
	"creatordesk/ui/components/filter"
	"creatordesk/ui/components/window"
)

const (
	queuePageRows = 100 // rows per store call
	queueBuffer   = 600 // rows kept around the cursor
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

	// the window over the queue, group after group, paged from the store
	// around the cursor; its Req is the latest load's
	list     *window.Model[outreach.Invitation, store.QueueKey]
	whenW    int // the when column's width for the rows in view
	campaign string
	counts   map[outreach.InvitationStatus]int64
	// filter narrows the list to the creators it matches (/); matched
	// counts what it keeps by status, for the group headers
	filter   filter.Model
	search   string // the filter the window holds
	matched  map[outreach.InvitationStatus]int64
	sender   string
	quota    quotaUse
	waiting  int    // open first invitations that will spend quota, in every campaign
	paused   string // why sending is paused; "" when it is not
	pausedAt time.Time
	loaded   bool
	err      error

	mode    queueMode
	pending outreach.Invitation // being sent or edited
	saving  bool
	editor  textarea.Model

	sending bool // S is running
	sendReq int
}

// queueMsg answers the figures heading the screen, and under a filter
// the counts of what it keeps.
type queueMsg struct {
	req     int
	fig     store.QueueFigures
	matched map[outreach.InvitationStatus]int64
	err     error
}

// queueRowsMsg answers the window's page request.
type queueRowsMsg struct {
	window.Msg[outreach.Invitation, store.QueueKey]
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
	p := &queue{ctx: c, keys: newKeyMap(), editor: ta, filter: filter.New(common.QueuePage, c.Keys, "handle, name, email or tag")}
	p.list = window.New(c.Keys, window.Config[outreach.Invitation, store.QueueKey]{
		Page: common.QueuePage, PageSize: queuePageRows, Buffer: queueBuffer,
		Wrap:   func(w window.Msg[outreach.Invitation, store.QueueKey]) tea.Msg { return queueRowsMsg{w} },
		Render: p.renderRow,
		More:   func(w int) string { return p.ctx.Styles.Muted.Render(common.Fit("  …", w)) },
		Header: func(inv outreach.Invitation, w int) string {
			return p.ctx.Styles.Header.Render(common.Fit(p.groupTitle(inv.Status), w))
		},
		SameGroup: func(a, b outreach.Invitation) bool { return a.Status == b.Status },
	})
	return p
}

func (p *queue) Title() string { return "Queue" }

// Typing is true while the message is in the editor or the filter takes
// the keys; the prompts are dialogs, which take the keys themselves.
func (p *queue) Typing() bool { return p.mode == queueEditing || p.filter.Typing() }

// Load reads the figures in one read and the queue's first page, or, when
// only the data changed, the page around the selected invitation: it stays
// selected while it stays in its group, and one that moved on (sent,
// skipped) leaves the cursor where it was, on the next in line. Nothing is
// written: unanswered sequences close on the root's timer and when sending.
func (p *queue) Load() tea.Cmd {
	st, camp, search := p.ctx.Store, p.ctx.Campaign, p.filter.Value()
	now, quota := p.ctx.Now().In(p.ctx.Loc), p.ctx.Quota
	var load tea.Cmd
	if camp != p.campaign || search != p.search {
		p.campaign, p.search = camp, search
		load = p.list.Restart(fetch(st, camp, search), false)
	} else {
		load = p.list.Reload(fetch(st, camp, search))
	}
	req := p.list.Req()
	y, mo, d := now.Date()
	week, today := quota.WeekStart(now), time.Date(y, mo, d, 0, 0, 0, 0, now.Location())
	return tea.Batch(func() tea.Msg {
		f, err := st.QueueFigures(common.Bg(), camp, week, today)
		var matched map[outreach.InvitationStatus]int64
		if err == nil && search != "" {
			matched, err = st.QueueMatches(common.Bg(), store.QueueQuery{Campaign: camp, Search: search})
		}
		return queueMsg{req: req, fig: f, matched: matched, err: err}
	}, load)
}

// fetch reads pages of a campaign's queue, narrowed by the filter, for the
// window.
func fetch(st *store.Store, camp, search string) window.Fetch[outreach.Invitation, store.QueueKey] {
	return func(ctx context.Context, r window.Request[store.QueueKey]) (window.Page[outreach.Invitation, store.QueueKey], error) {
		pg, err := st.QueueList(ctx, store.QueueQuery{Campaign: camp, Search: search, After: r.After, Reverse: r.Reverse, Limit: r.Limit})
		return window.Page[outreach.Invitation, store.QueueKey]{Rows: pg.Invitations, Keys: pg.Keys, More: pg.More}, err
	}
}

// Update handles msg, then settles the layout for the next View.
func (p *queue) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	pg, cmd := p.update(msg)
	p.layout()
	return pg, cmd
}

func (p *queue) update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case queueMsg:
		if msg.req != p.list.Req() {
			return p, nil
		}
		p.loaded, p.err = true, msg.err
		if msg.err != nil {
			return p, nil
		}
		f := msg.fig
		p.counts, p.sender, p.quota, p.waiting = f.Counts, f.Sender, quotaUse{f.QuotaWeek, f.QuotaToday}, f.Waiting
		p.paused, p.pausedAt, p.matched = f.Paused, f.PausedAt, msg.matched
		var total int64
		for _, s := range store.QueueGroups {
			total += p.listed()[s]
		}
		return p, p.list.SetTotal(total)
	case filter.SettledMsg:
		if p.filter.Settled(msg) {
			return p, p.Load()
		}
		return p, nil
	case queueRowsMsg:
		return p, p.list.Update(msg.Msg)
	case tea.MouseWheelMsg:
		if p.mode == queueBrowse {
			return p, p.list.Update(msg)
		}
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
		// the status replaces any "no sender yet" still showing
		signed := common.Status("invitations are signed “"+common.Clean(msg.name)+"”", false)
		if msg.thenHandle {
			return p, tea.Batch(signed, p.askHandle())
		}
		return p, signed
	case senderMsg:
		return p, p.saveSender(msg)
	case handleMsg:
		return p, p.queueHandle(msg)
	case whichCampaignMsg:
		return p, p.askCampaign(msg)
	case queueSendMsg:
		return p, p.sendDone(msg)
	case tea.KeyPressMsg:
		return p, p.key(msg)
	}
	if p.mode == queueEditing {
		var cmd tea.Cmd
		p.editor, cmd = p.editor.Update(msg) // a paste, the cursor's blink
		return p, cmd
	}
	return p, p.filter.Update(msg)
}

// listed is what the list holds by status: every message, or under a
// filter those it keeps.
func (p *queue) listed() map[outreach.InvitationStatus]int64 {
	if p.search != "" && p.matched != nil {
		return p.matched
	}
	return p.counts
}

func (p *queue) selected() (outreach.Invitation, bool) { return p.list.Selected() }

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
	if p.filter.Typing() {
		cmd, changed := p.filter.Key(msg)
		if changed {
			return p.Load()
		}
		return cmd
	}
	switch {
	case p.list.Handles(msg):
		return p.list.Update(msg)
	case key.Matches(msg, g.Filter):
		return p.filter.Focus()
	case key.Matches(msg, g.Clear) && p.filter.Value() != "":
		p.filter.SetValue("")
		return p.Load()
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
	}
	return p.act(msg)
}

// act runs a key that needs the selected invitation.
func (p *queue) act(msg tea.KeyPressMsg) tea.Cmd {
	inv, ok := p.selected()
	if !ok || p.saving {
		return nil
	}
	k, st, ctx, id, who := p.keys, p.ctx.Store, p.ctx.Bg(), inv.ID, "@"+inv.Handle
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
			return st.SetInvitationStatus(ctx, id, outreach.InvitationQueued)
		})
	case key.Matches(msg, k.Approve):
		return write(who+": approved", func() error { return st.SetInvitationStatus(ctx, id, outreach.InvitationApproved) })
	case key.Matches(msg, k.Skip):
		return write(who+": skipped", func() error { return st.SetInvitationStatus(ctx, id, outreach.InvitationSkipped) })
	case key.Matches(msg, k.Reply):
		now := p.ctx.Now()
		return write(who+" replied", func() error { return st.MarkReplied(ctx, id, now) })
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
	st, ctx, id, who, now := p.ctx.Store, p.ctx.Bg(), p.pending.ID, "@"+p.pending.Handle, p.ctx.Now()
	return func() tea.Msg {
		return queueDoneMsg{note: who + ": invitation sent, now invited", err: st.MarkSent(ctx, id, now)}
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
	if p.filter.Typing() {
		return p.filter.Help()
	}
	var out []key.Binding
	if inv, ok := p.selected(); ok && len(p.actions(inv)) > 0 {
		out = p.actions(inv) // n, s and / are in the full help: the line is short
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
	if p.filter.Typing() {
		return [][]key.Binding{p.filter.Help()}
	}
	groups := [][]key.Binding{{g.Up, g.Down, g.PageUp, g.PageDown, g.Top, g.Bottom, g.Filter, g.Clear}}
	if inv, ok := p.selected(); ok && len(p.actions(inv)) > 0 {
		groups = append(groups, p.actions(inv))
	}
	return append(groups, []key.Binding{k.New, k.Sender, k.SendEmail})
}

// layout gives the window its room: beside the message when wide, a third
// of the body above it when narrow (two lines while editing). SetSize and
// Update call it, so View only reads.
func (p *queue) layout() {
	w, h := p.Width, p.Height
	if w <= 0 || h <= 0 {
		return
	}
	bodyH := h - 2 - p.filterLines() // the summary line and the quota line
	if b := p.banner(w); b != "" {
		bodyH -= strings.Count(b, "\n") + 1
	}
	listW, listH := w, max(3, bodyH/3)
	if p.mode == queueEditing {
		listH = 2 // the editor needs the room
	}
	paneW, paneH := w, bodyH-listH
	if w > queuePaneMinW {
		listW, listH = max(40, w*2/5), bodyH
		paneW, paneH = w-listW-1, bodyH
	}
	p.list.SetSize(listW, listH)
	// the editor fills the pane inside its border and padding, below the
	// pane's three lines (who, status, how to save)
	p.editor.SetWidth(max(1, paneW-4))
	p.editor.SetHeight(max(1, paneH-2-3))
	p.filter.SetWidth(w)
	// the when column fits the rows in view
	p.whenW = 6
	now := p.ctx.Now()
	for _, inv := range p.list.Visible() {
		p.whenW = max(p.whenW, common.CellWidth(p.when(inv, now)))
	}
}

// SetSize gives the screen its room.
func (p *queue) SetSize(w, h int) {
	p.Size.SetSize(w, h)
	p.layout()
}
