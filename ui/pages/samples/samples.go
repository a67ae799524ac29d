package samples

import (
	"creatordesk/ui/common"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"creatordesk/outreach"
	"creatordesk/store"
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

	// window over the listing: rows [start, start+len(rows)) of total
	req            int // latest load; older answers are dropped
	win            int // latest jump (G): pages asked for before it are dropped
	campaign       string
	rows           []store.ShipmentRow
	start          int
	atStart, atEnd bool
	loading        bool
	pending        bool  // a jump to the end waiting for the count
	total          int64 // -1 until counted
	counts         map[store.ShipmentGroup]int64
	costs          []outreach.Money
	cursor, offset int // absolute row indexes
	height         int // body lines, from the last View
	err            error

	saving bool

	// rendered rows (unselected) by sample id, for one width and hour
	cache      map[int64]string
	cacheW     int
	cacheStamp int64
	lineRows   []int // the row under each line of the last View, -1 for none
}

type shipmentsMsg struct {
	req     int
	win     int
	at      int // forward: index of the first row; backward: index after the last, -1 the end
	reverse bool
	fresh   bool // the first page of a load: replaces the window
	limit   int
	rows    []store.ShipmentRow
	err     error
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
	return &samples{ctx: c, keys: newKeyMap(), total: -1, height: 10, cache: map[int64]string{}}
}

func (m *samples) Title() string { return "Samples" }

// Typing is false: forms are dialogs, which take the keys themselves.
func (m *samples) Typing() bool { return false }

// Load lists again from the top, keeping the cursor where it was when it
// is on the first page and the campaign is the same.
// HoldsPlace reports whether a load would lose the place: it brings back
// the first page only.
func (m *samples) HoldsPlace() bool { return m.cursor >= samplePage }

func (m *samples) Load() tea.Cmd {
	m.req++
	if m.ctx.Campaign != m.campaign || m.cursor >= samplePage {
		m.cursor, m.offset = 0, 0
	}
	m.campaign = m.ctx.Campaign
	m.loading, m.pending = true, false
	req, st, camp := m.req, m.ctx.Store, m.ctx.Campaign
	return tea.Batch(
		func() tea.Msg {
			counts, costs, err := st.ShipmentCounts(common.Bg(), camp)
			return shipmentCountsMsg{req, counts, costs, err}
		},
		m.fetch(store.ShipmentQuery{}, 0, true),
	)
}

// fetch loads one page from q's cursor; at places it (see shipmentsMsg).
func (m *samples) fetch(q store.ShipmentQuery, at int, fresh bool) tea.Cmd {
	q.Campaign, q.Limit = m.campaign, samplePage
	req, win, st := m.req, m.win, m.ctx.Store
	m.loading = true
	return func() tea.Msg {
		rows, err := st.Shipments(common.Bg(), q)
		return shipmentsMsg{req: req, win: win, at: at, reverse: q.Reverse, fresh: fresh, limit: q.Limit, rows: rows, err: err}
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
		if msg.req != m.req {
			return m, nil
		}
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		m.counts, m.costs, m.total = msg.counts, msg.costs, 0
		for _, n := range msg.counts {
			m.total += n
		}
		if m.pending {
			m.pending = false
			return m, m.jumpEnd()
		}
		return m, m.afterMove()
	case shipmentsMsg:
		if msg.req != m.req || msg.win != m.win {
			return m, nil
		}
		m.loading = false
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		m.err = nil
		m.merge(msg)
		return m, m.afterMove()
	case writeMsg:
		return m, m.write(msg)
	case newSampleMsg:
		return m, m.recordSample(msg)
	case askCampaignMsg:
		return m, m.askCampaign(msg)
	case sampleSavedMsg:
		m.saving = false
		if msg.err != nil {
			return m, func() tea.Msg { return common.StatusMsg{Text: msg.err.Error(), Err: true} }
		}
		return m, func() tea.Msg { return common.ChangedMsg{Note: msg.note} }
	case tea.KeyPressMsg:
		return m, m.key(msg)
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			return m, m.moveBy(-3)
		case tea.MouseWheelDown:
			return m, m.moveBy(3)
		}
	case tea.MouseClickMsg:
		// the page starts below the tab bar; its first line is the column header
		if j := msg.Y - 2; j >= 0 && j < len(m.lineRows) && m.lineRows[j] >= 0 {
			m.cursor = m.lineRows[j]
			return m, m.afterMove()
		}
	}
	return m, nil
}

// merge places a page into the window: after it, before it, or as a new
// window.
func (m *samples) merge(msg shipmentsMsg) {
	more := len(msg.rows) == msg.limit
	where := msg.at
	if msg.reverse {
		if where < 0 {
			where = int(max(0, m.total))
		}
		where -= len(msg.rows)
		if where < 0 || !more {
			where = 0 // the first rows, whatever the count said
		}
	}
	switch {
	case msg.fresh:
		m.rows, m.start, m.atStart, m.atEnd = msg.rows, 0, true, !more
		clear(m.cache)
	case !msg.reverse && where == m.start+len(m.rows):
		m.rows = append(m.rows, msg.rows...)
		m.atEnd = !more
	case msg.reverse && msg.at == m.start && msg.at >= 0:
		m.rows = append(append([]store.ShipmentRow{}, msg.rows...), m.rows...)
		m.start, m.atStart = where, !more
	default:
		m.rows, m.start = msg.rows, where
		m.atStart = where == 0
		m.atEnd = msg.at < 0 || (!msg.reverse && !more)
	}
	for len(m.rows) > sampleBuffer { // drop a page far from the cursor
		if m.cursor-m.start > len(m.rows)/2 {
			m.rows, m.start, m.atStart = m.rows[samplePage:], m.start+samplePage, false
		} else {
			m.rows, m.atEnd = m.rows[:len(m.rows)-samplePage], false
		}
	}
}

// afterMove keeps the cursor on a loaded row and fetches more rows when it
// nears the edge of the window.
func (m *samples) afterMove() tea.Cmd {
	end := m.start + len(m.rows)
	if m.total >= 0 && m.cursor >= int(m.total) {
		m.cursor = max(0, int(m.total)-1)
	}
	if m.cursor >= end && end > 0 && m.atEnd {
		m.cursor = end - 1
	}
	m.cursor = max(m.cursor, 0)
	if m.loading || len(m.rows) == 0 {
		return nil
	}
	switch {
	case !m.atEnd && end-m.cursor < samplePage/2:
		return m.fetch(store.ShipmentQuery{After: m.rows[len(m.rows)-1].Cursor()}, end, false)
	case !m.atStart && m.cursor-m.start < samplePage/2:
		return m.fetch(store.ShipmentQuery{After: m.rows[0].Cursor(), Reverse: true}, m.start, false)
	}
	return nil
}

func (m *samples) moveBy(n int) tea.Cmd {
	m.cursor = max(0, m.cursor+n)
	if m.cursor > m.start+len(m.rows)-1 && !m.atEnd && len(m.rows) > 0 {
		m.cursor = m.start + len(m.rows) - 1 // wait at the edge for the next page
	}
	if m.cursor < m.start {
		m.cursor = m.start
	}
	return m.afterMove()
}

// jumpEnd loads the last page (G).
func (m *samples) jumpEnd() tea.Cmd {
	if m.total < 0 {
		m.pending = true
		return nil
	}
	m.cursor = max(0, int(m.total)-1)
	if m.atEnd {
		return m.afterMove()
	}
	m.win++
	return m.fetch(store.ShipmentQuery{Reverse: true}, -1, false)
}

func (m *samples) selected() (store.ShipmentRow, bool) {
	i := m.cursor - m.start
	if i < 0 || i >= len(m.rows) {
		return store.ShipmentRow{}, false
	}
	return m.rows[i], true
}

func (m *samples) key(msg tea.KeyPressMsg) tea.Cmd {
	k, sk := m.ctx.Keys, m.keys
	switch {
	case key.Matches(msg, k.Down):
		return m.moveBy(1)
	case key.Matches(msg, k.Up):
		return m.moveBy(-1)
	case key.Matches(msg, k.PageDown):
		return m.moveBy(max(1, m.height-2))
	case key.Matches(msg, k.PageUp):
		return m.moveBy(-max(1, m.height-2))
	case key.Matches(msg, k.Top):
		m.offset = 0
		if m.start == 0 {
			m.cursor = 0
			return m.afterMove()
		}
		m.cursor = 0
		return m.Load()
	case key.Matches(msg, k.Bottom):
		return m.jumpEnd()
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
		m.saving = true
		st, id, now, days := m.ctx.Store, r.ID, m.ctx.Now(), m.ctx.ContentDueDays
		note := fmt.Sprintf("@%s: %s delivered, content due %s", r.Handle, r.SKU,
			outreach.ContentDue(now, days).In(m.ctx.Loc).Format("Jan 2"))
		return func() tea.Msg { return sampleSavedMsg{note, st.MarkDelivered(common.Bg(), id, now, days)} }
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
	return []key.Binding{sk.Ship, sk.Deliver, sk.Post, sk.Tracking, sk.New}
}

func (m *samples) FullHelp() [][]key.Binding {
	k, sk := m.ctx.Keys, m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{sk.Ship, sk.Deliver, sk.Post, sk.Tracking, sk.New},
	}
}

// sampleLayout is the width of each column at one screen width.
type sampleLayout struct {
	handle, name, sku, track int
	dates                    bool
}

const (
	markW = 2
	dueW  = 10
	costW = 11
	dateW = 9
)

// layoutSamples gives the columns a width: handle, SKU, due and cost
// always; carrier and tracking from 76 cells; name and dates from 110.
func layoutSamples(w int) sampleLayout {
	var l sampleLayout
	switch {
	case w < 76:
		rest := w - markW - dueW - costW - 3
		l.handle = max(6, rest*2/5)
		l.sku = max(4, rest-l.handle)
	case w < 110:
		rest := w - markW - dueW - costW - 4
		l.handle = min(24, rest*3/10)
		l.sku = min(24, rest*35/100)
		l.track = rest - l.handle - l.sku
	default:
		l.dates = true
		rest := w - markW - dueW - costW - 2*dateW - 7
		l.handle = min(24, max(10, rest*22/100))
		l.sku = min(24, max(10, rest*24/100))
		l.track = min(32, max(10, rest*26/100))
		l.name = max(4, rest-l.handle-l.sku-l.track)
	}
	return l
}

func (l sampleLayout) row(mark, handle, name, sku, track, shipped, delivered, due, cost string) string {
	cols := []string{common.Fit(mark, markW-1), common.Fit(handle, l.handle)}
	if l.name > 0 {
		cols = append(cols, common.Fit(name, l.name))
	}
	cols = append(cols, common.Fit(sku, l.sku))
	if l.track > 0 {
		cols = append(cols, common.Fit(track, l.track))
	}
	if l.dates {
		cols = append(cols, common.Fit(shipped, dateW), common.Fit(delivered, dateW))
	}
	return strings.Join(append(cols, due, common.FitRight(cost, costW)), " ")
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

// renderRow draws one shipment; the selected row has the marker and
// reverse video and no inner colours, so it shows without colour too.
// Rows not selected come from the cache that layout fills.
func (m *samples) renderRow(r store.ShipmentRow, l sampleLayout, w int, selected bool, now time.Time) string {
	if s, ok := m.cache[r.ID]; ok && !selected && w == m.cacheW && now.Unix()/3600 == m.cacheStamp {
		return s
	}
	return m.drawRow(r, l, w, selected, now)
}

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
	if track == "" {
		track = "–"
	}
	cost := "–"
	if r.UnitCost.Currency != "" {
		cost = r.Cost().String()
	}
	dueText, warn := m.due(r, now)
	due := common.Fit(dueText, dueW)
	mark := " "
	if selected {
		mark = "▶"
	} else if warn {
		due = st.Warning.Render(due)
	}
	name := common.Clean(r.DisplayName)
	if m.campaign == "" && name != "" { // every campaign in view: say which
		name += " · " + common.Clean(r.Campaign)
	} else if m.campaign == "" {
		name = common.Clean(r.Campaign)
	}
	line := common.Clip(l.row(mark, "@"+r.Handle, name, fmt.Sprintf("%s ×%d", common.Clean(r.SKU), r.Qty), track,
		date(r.ShippedAt), date(r.DeliveredAt), due, cost), w)
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

// headerBefore reports whether row i starts a group on screen.
func (m *samples) headerBefore(i int) bool {
	j := i - m.start
	return i == m.offset || j <= 0 || j >= len(m.rows) || m.rows[j-1].Group != m.rows[j].Group
}

// scroll moves the top row so the cursor's row fits in h lines, group
// headers included.
func (m *samples) scroll(h int) {
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.offset < m.cursor-h+1 {
		m.offset = m.cursor - h + 1
	}
	for m.offset < m.cursor {
		lines := 0
		for i := m.offset; i <= m.cursor; i++ {
			lines++
			if m.headerBefore(i) {
				lines++
			}
		}
		if lines <= h {
			break
		}
		m.offset++
	}
}

// sampleLine is one body line: a message, "…" for rows not loaded yet, a
// group header, or a shipment row.
type sampleLine struct {
	kind int // lineText, lineMore, lineHeader or lineRow
	row  int // the row of a header or shipment line
	text string
}

const (
	lineText = iota
	lineMore
	lineHeader
	lineRow
)

// layout settles what depends on the size and the rows: the body height,
// the top row and the row under each line (for the mouse). SetSize and
// Update call it, so View only reads.
func (m *samples) layout() {
	w, h := m.Width, m.Height
	bodyH := max(1, h-1-len(m.footer(w)))
	m.height = bodyH
	if m.err == nil {
		m.scroll(bodyH)
	}
	now := m.ctx.Now()
	if stamp := now.Unix() / 3600; w != m.cacheW || stamp != m.cacheStamp {
		clear(m.cache)
		m.cacheW, m.cacheStamp = w, stamp
	}
	sl := layoutSamples(w)
	m.lineRows = m.lineRows[:0]
	for _, l := range m.body(bodyH) {
		row := -1
		if l.kind == lineRow {
			row = l.row
			if r, _ := m.rowAt(row); row != m.cursor && m.cache[r.ID] == "" {
				m.cache[r.ID] = m.drawRow(r, sl, w, false, now)
			}
		}
		m.lineRows = append(m.lineRows, row)
	}
}

// SetSize gives the screen its room.
func (m *samples) SetSize(w, h int) {
	m.Size.SetSize(w, h)
	m.layout()
}

// body is what the body's lines show, at most h of them.
func (m *samples) body(h int) []sampleLine {
	var out []sampleLine
	switch {
	case m.err != nil:
		out = append(out, sampleLine{kind: lineText, text: "could not load samples: " + m.err.Error()})
	case m.total == 0 && !m.loading:
		where := ""
		if m.campaign != "" {
			where = " in " + m.campaign
		}
		out = append(out, sampleLine{kind: lineText, text: "no samples" + where + " yet — n records one"})
	case len(m.rows) == 0:
		out = append(out, sampleLine{kind: lineText, text: "loading samples…"})
	}
	if m.err != nil {
		return out
	}
	for i := m.offset; len(out) < h; i++ {
		if _, ok := m.rowAt(i); !ok {
			if m.total > int64(i) {
				out = append(out, sampleLine{kind: lineMore})
				continue
			}
			break
		}
		if m.headerBefore(i) {
			if len(out) >= h-1 {
				break
			}
			out = append(out, sampleLine{kind: lineHeader, row: i})
		}
		out = append(out, sampleLine{kind: lineRow, row: i})
	}
	return out
}

// View draws the column header, the groups and the totals.
func (m *samples) View() string {
	w := m.Width
	st := m.ctx.Styles
	now := m.ctx.Now()
	l := layoutSamples(w)
	foot := m.footer(w)
	bodyH := m.height

	nameHead := "NAME"
	if m.campaign == "" {
		nameHead = "NAME · CAMPAIGN"
	}
	lines := []string{st.Header.Render(common.Clip(l.row("", "HANDLE", nameHead, "SKU", "CARRIER · TRACKING", "SHIPPED", "DELIVERED", common.Fit("DUE", dueW), "COST"), w))}
	for _, bl := range m.body(bodyH) {
		switch bl.kind {
		case lineText:
			style := st.Muted
			if m.err != nil {
				style = st.Bad
			}
			lines = append(lines, style.Render(common.Fit(bl.text, w)))
		case lineMore:
			lines = append(lines, st.Muted.Render(common.Fit("  …", w)))
		case lineHeader:
			r, _ := m.rowAt(bl.row)
			lines = append(lines, m.groupHeader(r.Group, w))
		case lineRow:
			r, _ := m.rowAt(bl.row)
			lines = append(lines, m.renderRow(r, l, w, bl.row == m.cursor, now))
		}
	}
	for len(lines) < 1+bodyH {
		lines = append(lines, "")
	}
	lines = append(lines, foot...)
	return strings.Join(lines, "\n")
}

func (m *samples) rowAt(i int) (store.ShipmentRow, bool) {
	j := i - m.start
	if j < 0 || j >= len(m.rows) {
		return store.ShipmentRow{}, false
	}
	return m.rows[j], true
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
	if m.total > 0 {
		total += fmt.Sprintf("  ·  %s of %s", common.Grouped(int64(m.cursor+1)), common.Grouped(m.total))
	}
	if m.saving {
		total += "  ·  saving…"
	} else if m.loading {
		total += "  ·  loading…"
	}
	return []string{counts, st.Bold.Render(common.Fit(total, w))}
}

// DueW is the width of the DUE column (the hostile-text tests read it).
const DueW = dueW
