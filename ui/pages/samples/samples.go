package samples

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
	"creatordesk/ui/components/filter"
	"creatordesk/ui/components/window"
)

const (
	samplePage   = 200  // rows per store call
	sampleBuffer = 1000 // rows kept around the cursor
)

// samples is screen 4: every sample shipment, grouped (overdue first, the
// daily review) and by due date, paged from the store around the cursor.
type samples struct {
	common.Size
	ctx  *common.Common
	keys keyMap

	// the window over the listing, paged from the store around the cursor
	list     *window.Model[store.ShipmentRow, store.ShipmentCursor]
	campaign string
	filter   filter.Model // / narrows to a creator, SKU or tracking number
	search   string       // the filter the window holds
	counts   map[store.ShipmentGroup]int64
	costs    []outreach.Money
	height   int // body lines, set by layout
	countErr error

	saving bool
}

// shipmentsMsg answers the window's page request.
type shipmentsMsg struct {
	window.Msg[store.ShipmentRow, store.ShipmentCursor]
}

type shipmentCountsMsg struct {
	req    int
	counts map[store.ShipmentGroup]int64
	costs  []outreach.Money
	err    error
}

type sampleSavedMsg struct {
	note string
	err  error
}

// New builds the screen.
func New(c *common.Common) common.Page {
	m := &samples{ctx: c, keys: newKeyMap(), height: 10,
		filter: filter.New(common.SamplesPage, c.Keys, "handle, name, email, tag, SKU or tracking")}
	m.list = window.New(c.Keys, window.Config[store.ShipmentRow, store.ShipmentCursor]{
		Page: common.SamplesPage, PageSize: samplePage, Buffer: sampleBuffer, Overlap: 2,
		Wrap: func(w window.Msg[store.ShipmentRow, store.ShipmentCursor]) tea.Msg { return shipmentsMsg{w} },
		Render: func(r store.ShipmentRow, selected bool, w int) string {
			return m.drawRow(r, layoutSamples(w, m.campaign == ""), w, selected, m.ctx.Now())
		},
		More:      func(w int) string { return m.ctx.Styles.Muted.Render(common.Fit("  …", w)) },
		Header:    func(r store.ShipmentRow, w int) string { return m.groupHeader(r.Group, w) },
		SameGroup: func(a, b store.ShipmentRow) bool { return a.Group == b.Group },
		// rows say "due in 3d": drawn again each hour
		Cache: true, Stamp: func() int64 { return m.ctx.Now().Unix() / 3600 },
	})
	return m
}

func (m *samples) Title() string { return "Samples" }

// Typing is true while the filter takes the keys; forms are dialogs,
// which take the keys themselves.
func (m *samples) Typing() bool { return m.filter.Typing() }

// Load lists again from the top, keeping the cursor where it was when it
// is on the first page and the campaign is the same.
// HoldsPlace reports whether a load would lose the place: it brings back
// the first page only.
func (m *samples) HoldsPlace() bool { return m.list.Cursor() >= samplePage }

func (m *samples) Load() tea.Cmd {
	keep := m.ctx.Campaign == m.campaign && m.filter.Value() == m.search && m.list.Cursor() < samplePage
	m.campaign, m.search, m.countErr = m.ctx.Campaign, m.filter.Value(), nil
	q := store.ShipmentQuery{Campaign: m.campaign, Search: m.search}
	load := m.list.Restart(fetch(m.ctx.Store, q), keep)
	req, st := m.list.Req(), m.ctx.Store
	return tea.Batch(
		func() tea.Msg {
			counts, costs, err := st.ShipmentCountsWhere(common.Bg(), q)
			return shipmentCountsMsg{req, counts, costs, err}
		},
		load,
	)
}

// fetch reads pages of the shipments q lists for the window.
func fetch(st *store.Store, q store.ShipmentQuery) window.Fetch[store.ShipmentRow, store.ShipmentCursor] {
	return func(ctx context.Context, r window.Request[store.ShipmentCursor]) (window.Page[store.ShipmentRow, store.ShipmentCursor], error) {
		q.After, q.Reverse, q.Limit = r.After, r.Reverse, r.Limit
		rows, err := st.Shipments(ctx, q)
		p := window.Page[store.ShipmentRow, store.ShipmentCursor]{Rows: rows, More: len(rows) == r.Limit}
		for _, x := range rows {
			p.Keys = append(p.Keys, x.Cursor())
		}
		return p, err
	}
}

// Update handles msg, then settles the layout for the next View.
func (m *samples) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	p, cmd := m.update(msg)
	m.layout()
	return p, cmd
}

func (m *samples) update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case shipmentCountsMsg:
		if msg.req != m.list.Req() {
			return m, nil
		}
		if msg.err != nil {
			m.countErr = msg.err
			return m, nil
		}
		m.counts, m.costs = msg.counts, msg.costs
		var total int64
		for _, n := range msg.counts {
			total += n
		}
		return m, m.list.SetTotal(total)
	case shipmentsMsg:
		return m, m.list.Update(msg.Msg)
	case filter.SettledMsg:
		if m.filter.Settled(msg) {
			return m, m.Load()
		}
		return m, nil
	case writeMsg:
		return m, m.write(msg)
	case newSampleMsg:
		return m, m.recordSample(msg)
	case sampleHandleMsg:
		return m, m.checkSample(msg)
	case sampleCheckMsg:
		return m, m.checked(msg)
	case askCampaignMsg:
		return m, m.askCampaign(msg.ask.handle, msg.amb)
	case sampleSavedMsg:
		m.saving = false
		if msg.err != nil {
			return m, func() tea.Msg { return common.StatusMsg{Text: msg.err.Error(), Err: true} }
		}
		return m, func() tea.Msg { return common.ChangedMsg{Note: msg.note} }
	case tea.KeyPressMsg:
		return m, m.key(msg)
	case tea.MouseWheelMsg:
		return m, m.list.Update(msg)
	case tea.MouseClickMsg:
		// the page starts below the tab bar; its first line is the column
		// header, then what says why there are no rows
		if cmd, ok := m.list.Click(msg.Y - 2 - m.filterLines() - len(m.notice())); ok {
			return m, cmd
		}
	}
	return m, m.filter.Update(msg)
}

func (m *samples) selected() (store.ShipmentRow, bool) { return m.list.Selected() }

func (m *samples) key(msg tea.KeyPressMsg) tea.Cmd {
	sk, g := m.keys, m.ctx.Keys
	if m.filter.Typing() {
		cmd, changed := m.filter.Key(msg)
		if changed {
			return m.Load()
		}
		return cmd
	}
	switch {
	case m.list.Handles(msg):
		return m.list.Update(msg)
	case key.Matches(msg, g.Filter):
		return m.filter.Focus()
	case key.Matches(msg, g.Clear) && m.filter.Value() != "":
		m.filter.SetValue("")
		return m.Load()
	case key.Matches(msg, sk.New):
		return m.openNew()
	}
	if m.saving {
		return nil
	}
	r, ok := m.selected()
	if !ok {
		return nil
	}
	who := "@" + r.Handle + "'s sample"
	refuse := func(what string) tea.Cmd {
		text := fmt.Sprintf("%s is %s: %s", who, r.Group.Label(), what)
		return func() tea.Msg { return common.StatusMsg{Text: text, Err: true} }
	}
	switch {
	case key.Matches(msg, sk.Ship):
		if r.Status != outreach.SampleToShip {
			return refuse("already shipped")
		}
		return m.openShipping(r, true)
	case key.Matches(msg, sk.Tracking):
		return m.openShipping(r, false)
	case key.Matches(msg, sk.Deliver):
		if r.Status != outreach.SampleInTransit {
			return refuse("only a sample in transit can be delivered")
		}
		return m.openDelivered(r)
	case key.Matches(msg, sk.Post):
		if r.Status != outreach.SampleInTransit && r.Status != outreach.SampleArrived {
			return refuse("only a shipped or delivered sample can be posted")
		}
		return m.openPosted(r)
	}
	return nil
}

func (m *samples) ShortHelp() []key.Binding {
	sk := m.keys
	if m.filter.Typing() {
		return m.filter.Help()
	}
	return []key.Binding{sk.Ship, sk.Deliver, sk.Post, sk.Tracking, sk.New}
}

func (m *samples) FullHelp() [][]key.Binding {
	k, sk := m.ctx.Keys, m.keys
	if m.filter.Typing() {
		return [][]key.Binding{m.filter.Help()}
	}
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Filter, k.Clear},
		{sk.Ship, sk.Deliver, sk.Post, sk.Tracking, sk.New},
	}
}

// due says where a sample stands in time: "5d late", "due in 3d".
func (m *samples) due(r store.ShipmentRow, now time.Time) (string, bool) {
	days := func(d time.Duration) string { return strconv.Itoa(int((d+24*time.Hour-1)/(24*time.Hour))) + "d" }
	switch r.Group {
	case store.GroupOverdue:
		return days(now.Sub(r.ContentDueAt)) + " late", true
	case store.GroupAwaiting:
		if r.ContentDueAt.IsZero() {
			return "no due date", false
		}
		return "due in " + days(r.ContentDueAt.Sub(now)), r.ContentDueAt.Sub(now) <= 48*time.Hour
	case store.GroupInTransit:
		return "sent " + common.Ago(r.ShippedAt, now), false
	case store.GroupToShip:
		return "queued " + common.Ago(r.CreatedAt, now), false
	case store.GroupPosted:
		return "posted " + common.Ago(r.ContentPostedAt, now), false
	}
	return "", false
}

// drawRow draws one shipment; the selected row has the marker and reverse
// video and no inner colours, so it shows without colour too. The window
// keeps the rows not selected.
func (m *samples) drawRow(r store.ShipmentRow, l sampleLayout, w int, selected bool, now time.Time) string {
	st := m.ctx.Styles
	date := func(t time.Time) string {
		if t.IsZero() {
			return "–"
		}
		return t.In(m.ctx.Loc).Format("Jan 02")
	}
	// Outside text is cleaned before it is joined to other text: a lone ESC
	// at its end would take the next characters with it.
	track := strings.TrimSpace(common.Clean(r.Carrier) + " " + common.Clean(r.Tracking))
	if r.Tracking != "" && common.CellWidth(track) > l[colTrack] {
		track = common.Clean(r.Tracking) // narrow: the number, which says the carrier too
	}
	if track == "" {
		track = "–"
	}
	cost := "–"
	if r.UnitCost.Currency != "" {
		cost = r.Cost().String()
	}
	dueText, warn := m.due(r, now)
	mark := " "
	dueStyle := func(s string) string { return s }
	if selected {
		mark = "▶"
	} else if warn {
		dueStyle = func(s string) string { return st.Warning.Render(s) }
	}
	name := common.Clean(r.DisplayName)
	if m.campaign == "" && name != "" { // every campaign in view: say which
		name += " · " + common.Clean(r.Campaign)
	} else if m.campaign == "" {
		name = common.Clean(r.Campaign)
	}
	line := common.Clip(l.row(dueStyle, mark, "@"+r.Handle, name, fmt.Sprintf("%s ×%d", common.Clean(r.SKU), r.Qty), track,
		date(r.ShippedAt), date(r.DeliveredAt), dueText, cost), w)
	if selected {
		return st.Selected.Render(line)
	}
	return line
}

func (m *samples) groupHeader(g store.ShipmentGroup, w int) string {
	st := m.ctx.Styles
	text := strings.ToUpper(g.Label())
	if n, ok := m.counts[g]; ok {
		text += " " + common.Grouped(n)
	}
	if g == store.GroupOverdue {
		return st.Bad.Render(common.Fit(text, w))
	}
	return st.Header.Render(common.Fit(text, w))
}

// layout settles what depends on the size: the form's input, the body's
// height and the window's size. SetSize and Update call it, so View only
// reads.
func (m *samples) layout() {
	w, h := m.Width, m.Height
	m.height = max(1, h-1-m.filterLines()-len(m.footer(w)))
	m.list.SetSize(w, max(1, m.height-len(m.notice())))
	m.filter.SetWidth(w)
}

// SetSize gives the screen its room.
func (m *samples) SetSize(w, h int) {
	m.Size.SetSize(w, h)
	m.layout()
}

// notice says why no rows show, in lines of the screen's width: the
// listing failed (wrapped whole), there are none, or they are on their
// way.
func (m *samples) notice() []string {
	switch {
	case m.err() != nil:
		return common.WrapText("could not load samples: "+m.err().Error(), m.Width)
	case m.list.Total() == 0 && !m.list.Loading() && m.search != "":
		return []string{common.Fit("no samples match “"+common.Clean(m.search)+"” (esc clears the filter)", m.Width)}
	case m.list.Total() == 0 && !m.list.Loading():
		where := ""
		if m.campaign != "" {
			where = " in " + m.campaign
		}
		return []string{common.Fit("no samples"+where+" yet — n records one", m.Width)}
	case len(m.list.Rows()) == 0:
		return []string{common.Fit("loading samples…", m.Width)}
	}
	return nil
}

func (m *samples) err() error { return common.FirstErr(m.list.Err(), m.countErr) }

// View draws the column header, the groups and the totals.
func (m *samples) View() string {
	w := m.Width
	st := m.ctx.Styles
	foot := m.footer(w)
	bodyH := m.height
	var lines []string
	if m.filterLines() > 0 {
		lines = append(lines, m.filterLine(w))
	}
	lines = append(lines, st.Header.Render(m.header(w)))
	style := st.Muted
	if m.err() != nil {
		style = st.Bad
	}
	for _, n := range m.notice() {
		lines = append(lines, style.Render(n))
	}
	if m.err() == nil {
		lines = append(lines, m.list.Lines()...)
	}
	for len(lines) < 1+m.filterLines()+bodyH {
		lines = append(lines, "")
	}
	lines = append(lines, foot...)
	return strings.Join(lines, "\n")
}

// footer is the counts by group and the cost total per currency.
func (m *samples) footer(w int) []string {
	st := m.ctx.Styles
	if m.counts == nil {
		return []string{st.Muted.Render(common.Fit("counting…", w))}
	}
	var parts []string
	for _, g := range store.ShipmentGroups {
		label := g.Label()
		if g == store.GroupAwaiting {
			label = "awaiting"
		} else if g == store.GroupPosted {
			label = "posted"
		}
		parts = append(parts, common.Grouped(m.counts[g])+" "+label)
	}
	line := strings.Join(parts, " · ")
	if common.CellWidth(line) > w {
		line = strings.Join(parts, ", ")
	}
	counts := st.Muted.Render(common.Fit(line, w))
	var costs []string
	for _, c := range m.costs {
		costs = append(costs, c.String())
	}
	total := "sample cost " + strings.Join(costs, " + ")
	if len(costs) == 0 {
		total = "sample cost –"
	}
	if n := m.list.Total(); n > 0 {
		total += fmt.Sprintf("  ·  %s of %s", common.Grouped(int64(m.list.Cursor()+1)), common.Grouped(n))
	}
	if m.saving {
		total += "  ·  saving…"
	} else if m.list.Loading() {
		total += "  ·  loading…"
	}
	return []string{counts, st.Bold.Render(common.Fit(total, w))}
}
