package creators

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
	"creatordesk/ui/components/filter"
	"creatordesk/ui/components/form"
	"creatordesk/ui/components/window"
)

const (
	creatorPage    = 100 // rows per store call
	creatorBuffer  = 600 // rows kept around the cursor
	detailMinWidth = 110 // wider than this, the detail pane sits beside the table
)

var sortNames = map[store.CreatorSort]string{
	store.ByFollowers: "followers", store.ByLastContact: "last contact", store.ByStage: "stage", store.ByHandle: "handle",
}

// sortKey is a sort and whether S turned it around.
type sortKey struct {
	by   store.CreatorSort
	flip bool
}

// sortOrder says in words which rows come first.
var sortOrder = map[sortKey]string{
	{store.ByFollowers, false}: "(most first)", {store.ByFollowers, true}: "(fewest first)",
	{store.ByHandle, false}: "(a → z)", {store.ByHandle, true}: "(z → a)",
	{store.ByLastContact, false}: "(latest first)", {store.ByLastContact, true}: "(never or longest ago first)",
	{store.ByStage, false}: "(furthest first)", {store.ByStage, true}: "(prospects first)",
}

// creators is screen 2: the table over the whole database, paged from the
// store around the cursor, never loaded whole.
type creators struct {
	common.Size
	ctx   *common.Common
	binds keyMap // the screen's own keys

	// query
	loaded store.CreatorQuery // the query the window holds
	filter filter.Model
	sort   store.CreatorSort
	flip   bool // S: the sort's order turned around
	tier   outreach.Tier
	stage  outreach.Stage
	region string
	// regions present in the database, for the region filter; loaded with
	// the listing.
	regions []string
	// threshold is the head tier's follower threshold (0 until known)
	threshold int64

	// the window over the result, paged from the store around the cursor
	list     *window.Model[row, store.Cursor]
	countErr error // why the count failed

	marked map[string]bool // handles selected with space

	// detail
	detail    *creatorDetail
	detailReq int
	// afterDetail is a dialog key pressed before its creator's detail
	// came, run when it comes (editTarget)
	afterDetail func() tea.Cmd
	showDetail  bool

	// resolveReq is the latest campaign question (m, e, i on one creator);
	// older answers are dropped.
	resolveReq int

	// selectHandle is a creator to select once their row comes (one just
	// added: creator_form.go).
	selectHandle string
}

type creatorDetail struct {
	handle    string
	creator   outreach.Creator
	pipelines []store.Pipeline
	hist      history // paged with [ and ] (history.go)
	err       error
}

// row is one creator of the table with their stage.
type row struct {
	outreach.Creator
	stage outreach.Stage
}

// pageMsg answers the window's page request.
type pageMsg struct{ window.Msg[row, store.Cursor] }

type countMsg struct {
	req   int
	total int64
	err   error
}

// regionsMsg brings the regions for the filter and the head threshold
// (followers near it show exactly).
type regionsMsg struct {
	regions   []string
	threshold int64
}

type detailMsg struct {
	req int
	d   creatorDetail
}

// New builds the screen.
func New(c *common.Common) common.Page {
	m := &creators{ctx: c, binds: newKeys(), marked: map[string]bool{},
		filter: filter.New(common.CreatorsPage, c.Keys, "handle, name, email or tag")}
	m.list = window.New(c.Keys, window.Config[row, store.Cursor]{
		Page: common.CreatorsPage, PageSize: creatorPage, Buffer: creatorBuffer,
		Wrap:   func(w window.Msg[row, store.Cursor]) tea.Msg { return pageMsg{w} },
		Render: m.renderRow,
		More:   func(w int) string { return m.ctx.Styles.Muted.Render(common.Fit("  …", w)) },
	})
	m.list.SetSize(80, 20)
	return m
}

func (m *creators) Title() string { return "Creators" }

// Typing reports whether the filter has focus; the dialogs are the
// root's.
func (m *creators) Typing() bool { return m.filter.Typing() }

func (m *creators) query() store.CreatorQuery {
	return store.CreatorQuery{Search: m.filter.Value(), Tier: m.tier, Stage: m.stage, Region: m.region, Campaign: m.ctx.Campaign,
		Sort: m.sort, Flip: m.flip, Limit: creatorPage}
}

// Load refreshes the listing: in place, keeping the cursor's row and
// position, when only the data changed; from the top when the query did
// (a campaign switch).
func (m *creators) Load() tea.Cmd {
	return tea.Batch(m.loadFilterData(), m.reload())
}

// loadFilterData reads the regions for the region picker and the head
// threshold for the counts near it: when data may have changed, not on
// every filter keystroke.
func (m *creators) loadFilterData() tea.Cmd {
	st := m.ctx.Store
	return func() tea.Msg {
		rs, _ := st.Regions(common.Bg()) // on error the filter simply offers none
		th, err := st.HeadThreshold(common.Bg())
		if err != nil {
			th = 0 // counts then show as ever, compact
		}
		return regionsMsg{rs, th}
	}
}

func (m *creators) reload() tea.Cmd {
	q := m.query()
	if q != m.loaded || len(m.list.Rows()) == 0 {
		return m.restart()
	}
	m.list.SetTotal(-1)
	m.countErr, m.detail = nil, nil // the data changed: the detail reloads too
	cmd := m.list.Reload(fetch(m.ctx.Store, q))
	return tea.Batch(m.count(m.list.Req(), q), cmd)
}

// restart runs the query from the top: count and first page.
func (m *creators) restart() tea.Cmd {
	m.list.SetTotal(-1)
	m.countErr, m.detail = nil, nil
	q := m.query()
	m.loaded = q
	cmd := m.list.Restart(fetch(m.ctx.Store, q), false)
	return tea.Batch(m.count(m.list.Req(), q), cmd)
}

func (m *creators) count(req int, q store.CreatorQuery) tea.Cmd {
	st := m.ctx.Store
	return func() tea.Msg {
		n, err := st.CountCreatorsWhere(common.Bg(), q)
		return countMsg{req, n, err}
	}
}

// fetch reads pages of the query q for the window.
func fetch(st *store.Store, q store.CreatorQuery) window.Fetch[row, store.Cursor] {
	return func(ctx context.Context, r window.Request[store.Cursor]) (window.Page[row, store.Cursor], error) {
		q.After, q.Reverse, q.Limit = r.After, r.Reverse, r.Limit
		p, err := st.Creators(ctx, q)
		out := window.Page[row, store.Cursor]{Keys: p.Keys, More: p.More}
		for i, c := range p.Creators {
			out.Rows = append(out.Rows, row{c, p.Stages[i]})
		}
		return out, err
	}
}

func (m *creators) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	if cmd, ok := m.updateForms(msg); ok {
		return m, cmd
	}
	switch msg := msg.(type) {
	case countMsg:
		if msg.req != m.list.Req() {
			return m, nil
		}
		m.countErr = msg.err
		return m, tea.Batch(m.list.SetTotal(msg.total), m.loadDetail())
	case pageMsg:
		cmd := m.list.Update(msg.Msg)
		m.selectShown()
		return m, tea.Batch(cmd, m.loadDetail())
	case regionMsg:
		m.region = msg.region
		return m, m.restart()
	case regionsMsg:
		m.regions, m.threshold = msg.regions, msg.threshold
		return m, nil
	case filter.SettledMsg:
		if m.filter.Settled(msg) {
			return m, m.restart()
		}
		return m, nil
	case detailMsg:
		if msg.req != m.detailReq {
			return m, nil
		}
		d := msg.d
		m.detail = &d
		if again := m.afterDetail; again != nil {
			// a dialog key came before the detail: open it now, for the
			// creator it was pressed on
			m.afterDetail = nil
			m.ctx.Dialogs.Cancel()
			if c, _, ok := m.selected(); ok && c.Handle == d.handle {
				return m, again()
			}
		}
		return m, nil
	case moveDoneMsg:
		clear(m.marked)
		var cmds []tea.Cmd
		if msg.moved > 0 { // some moved: every screen reloads, even if others were refused
			cmds = append(cmds, func() tea.Msg { return common.ChangedMsg{Note: msg.note} })
		}
		if msg.err != nil {
			cmds = append(cmds, func() tea.Msg { return common.StatusMsg{Text: msg.err.Error(), Err: true} })
		}
		return m, tea.Sequence(cmds...)
	case campaignMsg:
		return m, m.resolved(msg)
	case moveMsg:
		return m, m.onMove(msg)
	case editMsg:
		return m, m.runEdit(msg)
	case forgetMsg:
		return m, m.runForget(msg)
	case tea.KeyPressMsg:
		return m, m.key(msg)
	case tea.MouseWheelMsg:
		return m, tea.Batch(m.list.Update(msg), m.loadDetail())
	case tea.MouseClickMsg:
		// rows start two lines below the tab bar (filter line, header),
		// after the line saying why there are none
		if cmd, ok := m.list.Click(msg.Y - 3 - len(m.notice())); ok {
			return m, tea.Batch(cmd, m.loadDetail())
		}
	}
	return m, m.filter.Update(msg)
}

func (m *creators) selected() (outreach.Creator, outreach.Stage, bool) {
	r, ok := m.list.Selected()
	return r.Creator, r.stage, ok
}

func (m *creators) loadDetail() tea.Cmd {
	c, _, ok := m.selected()
	if !ok || (m.detail != nil && m.detail.handle == c.Handle) {
		return nil
	}
	m.detailReq++
	req, st, h := m.detailReq, m.ctx.Store, c.Handle
	return func() tea.Msg {
		d := creatorDetail{handle: h}
		d.creator, d.err = st.Creator(common.Bg(), h)
		if d.err == nil {
			d.pipelines, d.err = st.Pipelines(common.Bg(), h)
		}
		if d.err == nil {
			d.hist, d.err = loadHistory(st, h)
		}
		return detailMsg{req, d}
	}
}

// moveBy moves the cursor n rows and loads the detail of the row it lands
// on.
func (m *creators) moveBy(n int) tea.Cmd { return tea.Batch(m.list.MoveBy(n), m.loadDetail()) }

func (m *creators) key(msg tea.KeyPressMsg) tea.Cmd {
	k, own := m.ctx.Keys, m.binds
	m.selectHandle = "" // a key says where the cursor goes now
	if m.filter.Typing() {
		cmd, changed := m.filter.Key(msg)
		if changed {
			return m.restart()
		}
		return cmd
	}
	switch {
	case m.list.Handles(msg):
		return tea.Batch(m.list.Update(msg), m.loadDetail())
	case key.Matches(msg, k.Filter):
		return m.filter.Focus()
	case key.Matches(msg, k.Clear):
		if m.showDetail {
			m.showDetail = false
			return nil
		}
		if m.filter.Value() != "" || m.tier != "" || m.stage != "" || m.region != "" {
			m.filter.SetValue("")
			m.tier, m.stage, m.region = "", "", ""
			return m.restart()
		}
		clear(m.marked)
	case key.Matches(msg, own.Sort):
		m.sort, m.flip = (m.sort+1)%4, false // each sort starts in its own order
		return m.restart()
	case key.Matches(msg, own.Flip):
		m.flip = !m.flip
		return m.restart()
	case key.Matches(msg, k.Tier):
		m.tier = map[outreach.Tier]outreach.Tier{"": outreach.Head, outreach.Head: outreach.Micro, outreach.Micro: ""}[m.tier]
		return m.restart()
	case key.Matches(msg, own.Stage):
		m.stage = nextStage(m.stage)
		return m.restart()
	case key.Matches(msg, own.Region):
		return m.askRegion()
	case key.Matches(msg, own.Detail):
		m.showDetail = !m.showDetail
	case key.Matches(msg, own.Select):
		if c, _, ok := m.selected(); ok {
			if m.marked[c.Handle] {
				delete(m.marked, c.Handle)
			} else {
				m.marked[c.Handle] = true
			}
			return m.moveBy(1)
		}
	case key.Matches(msg, own.Move):
		return m.startMove()
	case key.Matches(msg, own.DoNotContact):
		return m.openDoNotContact()
	case key.Matches(msg, own.Invite):
		return m.startInvite()
	case key.Matches(msg, own.Terms):
		return m.startTerms()
	case key.Matches(msg, own.Note):
		return m.editNotes()
	case key.Matches(msg, own.Tags):
		return m.editTags()
	case key.Matches(msg, own.Forget):
		return m.askForget()
	case key.Matches(msg, own.Edit):
		return m.startUpdate()
	case key.Matches(msg, own.Older):
		return m.pageHistory(1)
	case key.Matches(msg, own.Newer):
		return m.pageHistory(-1)
	}
	return nil
}

// nextStage cycles the stage filter: none, then every stage.
func nextStage(s outreach.Stage) outreach.Stage {
	if s == "" {
		return outreach.Stages[0]
	}
	for i, x := range outreach.Stages {
		if x == s && i+1 < len(outreach.Stages) {
			return outreach.Stages[i+1]
		}
	}
	return ""
}

func (m *creators) ShortHelp() []key.Binding {
	k, own := m.ctx.Keys, m.binds
	if m.filter.Typing() {
		return m.filter.Help()
	}
	if m.showDetail && m.Width < detailMinWidth { // the detail fills the screen
		return []key.Binding{own.Older, own.Newer, own.Edit, k.Clear}
	}
	return []key.Binding{k.Filter, own.Move, own.Invite, own.Sort, k.Tier, own.Stage, own.Select, own.Edit}
}

func (m *creators) FullHelp() [][]key.Binding {
	k, own := m.ctx.Keys, m.binds
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Filter, k.Clear, own.Sort, own.Flip, k.Tier, own.Stage, own.Region, own.Detail, own.Older, own.Newer},
		{own.Move, own.Invite, own.DoNotContact, own.Select},
		{own.Terms, own.Note, own.Tags, own.Edit, own.Forget},
	}
}

// SetSize gives the screen its room: the table shows all but three lines,
// and the filter input takes the table's width.
func (m *creators) SetSize(w, h int) {
	m.Size.SetSize(w, h)
	tableW := tableWidth(w)
	m.list.SetSize(tableW, max(1, h-3))
	m.filter.SetWidth(tableW)
}

// tableWidth is the table's part of width w: all of it, or three fifths
// beside the detail pane.
func tableWidth(w int) int {
	if w >= detailMinWidth {
		return w * 3 / 5
	}
	return w
}

// regionMsg is the region picker's answer: "" is every region.
type regionMsg struct{ region string }

func (regionMsg) For() common.PageID { return common.CreatorsPage }

// askRegion picks the region filter from the regions the data has (the
// commonest first; / filters them), the one in use chosen.
func (m *creators) askRegion() tea.Cmd {
	opts := []huh.Option[string]{huh.NewOption("all regions", "")}
	for _, r := range m.regions {
		opts = append(opts, huh.NewOption(common.Clean(r), r))
	}
	region := m.region // bound: the picker opens on it
	sel := huh.NewSelect[string]().Title("show creators in").Options(opts...).Value(&region)
	return m.ctx.Dialogs.Open(form.New("Region", huh.NewForm(huh.NewGroup(sel)), m.ctx.Styles.IsDark,
		func() tea.Msg { return regionMsg{region} }))
}
