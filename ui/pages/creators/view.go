package creators

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
)

// View draws the filter line, the table and, when wide, the detail pane,
// into the size last set.
func (m *creators) View() string { return m.view(m.Width, m.Height) }

func (m *creators) view(w, h int) string {
	st := m.ctx.Styles
	tableW := tableWidth(w)
	showPane := w >= detailMinWidth
	if m.showDetail && !showPane {
		return m.detailView(w, h)
	}
	var lines []string
	lines = append(lines, m.topLine(tableW))
	lines = append(lines, st.Header.Render(m.header(tableW)))
	lines = append(lines, m.notice()...)
	lines = append(lines, m.list.Lines()...)
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	lines = append(lines[:h-1], st.Muted.Render(common.Fit(m.position(), tableW)))
	table := strings.Join(lines, "\n")
	if !showPane {
		return table
	}
	pane := m.detailView(w-tableW-1, h)
	return lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(tableW).Render(table), " ", pane)
}

// notice says why no rows show: the listing failed, or nothing matches.
func (m *creators) notice() []string {
	st, w := m.ctx.Styles, m.list.Width()
	switch err := common.FirstErr(m.list.Err(), m.countErr); {
	case err != nil:
		var lines []string
		for _, l := range common.WrapText("could not load creators: "+err.Error(), w) {
			lines = append(lines, st.Bad.Render(l))
		}
		return lines
	case m.list.Total() == 0:
		return []string{st.Muted.Render(common.Fit("no creators match"+m.filterSummary(), w))}
	}
	return nil
}

// renderRow draws one creator: ▶ and reverse video under the cursor, ● for
// the rows selected with space.
func (m *creators) renderRow(c row, selected bool, w int) string {
	st := m.ctx.Styles
	mark := " "
	if m.marked[c.Handle] {
		mark = "●"
	}
	if selected {
		mark = "▶"
	}
	line := m.row(w, mark, "@"+c.Handle, c.DisplayName, string(c.Tier), common.FollowersBy(c.Followers, m.threshold), c.Region, c.Category,
		c.stage.Label(), lastContact(c.LastContactAt, m.ctx.Now()))
	switch {
	case selected:
		return st.Selected.Render(line)
	case m.marked[c.Handle]:
		return st.Marked.Render(line)
	}
	return line
}

func (m *creators) filterSummary() string {
	var parts []string
	if v := m.filter.Value(); v != "" {
		parts = append(parts, "“"+common.Clean(v)+"”")
	}
	if m.tier != "" {
		parts = append(parts, string(m.tier))
	}
	if m.stage != "" {
		parts = append(parts, m.stage.Label())
	}
	if m.region != "" {
		parts = append(parts, m.region)
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, ", ")
}

// topLine is the filter input or a summary of filter and sort.
func (m *creators) topLine(w int) string {
	st := m.ctx.Styles
	if m.filter.Typing() {
		return m.filter.View()
	}
	parts := []string{"sort: " + sortNames[m.sort] + " " + common.SortArrow(m.descending()) + " " + sortOrder[sortKey{m.sort, m.flip}]}
	if v := m.filter.Value(); v != "" {
		parts = append(parts, "filter: "+common.Clean(v))
	}
	if m.tier != "" {
		parts = append(parts, "tier: "+string(m.tier))
	}
	if m.stage != "" {
		parts = append(parts, "stage: "+m.stage.Label())
	}
	if m.region != "" {
		parts = append(parts, "region: "+m.region)
	}
	if len(m.marked) > 0 {
		parts = append(parts, fmt.Sprintf("%d selected", len(m.marked)))
	}
	return st.Muted.Render(common.Fit(strings.Join(parts, " · "), w))
}

// position is "1,241–1,280 of 98,112".
func (m *creators) position() string {
	total, offset := m.list.Total(), m.list.Offset()
	if total < 0 {
		return "counting…"
	}
	if total == 0 {
		return "0 creators"
	}
	last := min(int64(offset+m.list.Height()), total)
	s := fmt.Sprintf("%s–%s of %s", common.Grouped(int64(offset+1)), common.Grouped(last), common.Grouped(total))
	if m.list.Loading() {
		s += "  loading…"
	}
	return s
}

// The table's columns, in screen order, and how they share the width:
// handle and name first, then the stage (what the screen moves), followers
// and tier; region and category show only when the rest have their room.
const (
	colMark = iota
	colHandle
	colName
	colTier
	colFollowers
	colRegion
	colCategory
	colStage
	colLast
	nCols
)

var (
	columnHeads = [nCols]string{"", "HANDLE", "NAME", "TIER", "FOLLOWERS", "REGION", "CATEGORY", "STAGE", "LAST"}
	columnRight = []bool{colFollowers: true, colLast: true}
	sortColumn  = map[store.CreatorSort]int{store.ByFollowers: colFollowers, store.ByHandle: colHandle,
		store.ByLastContact: colLast, store.ByStage: colStage}
)

// columnWidths lays the columns out in w cells; the sorted column keeps
// its whole header and arrow.
func (m *creators) columnWidths(w int) []int {
	cols := [nCols]common.Column{
		colMark:      {Min: 2, Want: 2, Rank: 0},
		colHandle:    {Min: 12, Want: 17, Ideal: 25, Rank: 0},
		colName:      {Min: 10, Want: 18, Rank: 2, Grow: true},
		colStage:     {Min: 14, Want: 16, Rank: 3},
		colFollowers: {Min: 7, Want: 9, Rank: 4},
		colTier:      {Min: 5, Want: 5, Rank: 5},
		colLast:      {Min: 5, Want: 7, Rank: 6},
		colRegion:    {Min: 6, Want: 6, Rank: 7, Spare: true},
		colCategory:  {Min: 8, Want: 14, Rank: 8, Spare: true, Grow: true},
	}
	s := &cols[sortColumn[m.sort]]
	s.Min = max(s.Min, common.CellWidth(columnHeads[sortColumn[m.sort]])+2)
	s.Want = max(s.Want, s.Min)
	return common.Widths(w, cols[:])
}

// header is the column heads, the sorted one with its direction.
func (m *creators) header(w int) string {
	widths := m.columnWidths(w)
	heads := columnHeads
	i := sortColumn[m.sort]
	heads[i] = common.SortedHeader(heads[i], common.SortArrow(m.descending()), widths[i])
	return common.Clip(common.Cells(widths, columnRight, heads[:]...), w)
}

// descending reports whether the sort runs largest first: every sort but
// by handle (a → z) does, unless S turned it around.
func (m *creators) descending() bool { return (m.sort == store.ByHandle) == m.flip }

// row draws one creator's cells in w cells.
func (m *creators) row(w int, values ...string) string {
	return common.Clip(common.Cells(m.columnWidths(w), columnRight, values...), w)
}

// lastContact is when the creator was last contacted: "3d", "never", or,
// past four months, the month ("2026-07"), which fits the column whole.
func lastContact(t, now time.Time) string {
	if a := common.Ago(t, now); len(a) <= 5 || a == "never" {
		return a
	}
	return t.Format("2006-01")
}

func (m *creators) detailView(w, h int) string {
	st := m.ctx.Styles
	d := m.detail
	c, _, ok := m.selected()
	if !ok {
		return ""
	}
	if d == nil || d.handle != c.Handle {
		return st.Muted.Render(common.Fit("loading @"+c.Handle+"…", w))
	}
	if d.err != nil {
		return st.Bad.Render(common.Fit(d.err.Error(), w))
	}
	inner := max(10, w-4)
	// the history takes what the head leaves, and at least a few lines
	room := m.historyRoom(d)
	lines := m.detailHead(d, inner)
	lines = lines[:min(len(lines), max(0, h-2-2-room))]
	if hist := m.historyView(d, inner, room); len(hist) > 0 {
		lines = append(append(lines, ""), hist...)
	}
	if len(lines) > h-2 {
		lines = lines[:max(0, h-2)]
	}
	return st.Panel.Width(w).Render(strings.Join(lines, "\n"))
}

// detailHead is the pane above the history: the creator's fields, then
// each campaign's stage, terms and samples, a line each, inner cells wide.
func (m *creators) detailHead(d *creatorDetail, inner int) []string {
	st := m.ctx.Styles
	cr := d.creator
	var lines []string
	add := func(label, value string) {
		if value != "" {
			lines = append(lines, st.Muted.Render(common.Fit(label, 10))+common.Fit(value, inner-10))
		}
	}
	lines = append(lines, st.Title.Render(common.Fit("@"+cr.Handle, inner)))
	if cr.DisplayName != "" {
		lines = append(lines, common.Fit(cr.DisplayName, inner))
	}
	tier := string(cr.Tier)
	if cr.TierManual {
		tier += " (set by hand)"
	}
	add("tier", tier)
	add("followers", common.FollowersExact(cr.Followers))
	add("region", cr.Region)
	add("category", cr.Category)
	add("email", cr.Email)
	add("phone", cr.Phone)
	// Outside text is cleaned before it is joined to anything: a lone ESC
	// at its end would otherwise take the next character with it.
	tags := make([]string, len(cr.Tags))
	for i, t := range cr.Tags {
		tags[i] = common.Clean(t)
	}
	add("tags", strings.Join(tags, ", "))
	add("notes", cr.Notes)
	add("profile", cr.ProfileURL())
	if cr.DoNotContact {
		lines = append(lines, st.Bad.Render(common.Fit("do not contact: "+cr.DNCReason, inner)))
	}
	for _, p := range d.pipelines {
		lines = append(lines, "", st.Bold.Render(common.Fit(p.Campaign, inner)))
		add("stage", p.Position.Stage.Label()+" since "+p.StageAt.In(m.ctx.Loc).Format("Jan 2"))
		for i, part := range termsParts(p.Terms) { // one part a line: panes are narrow
			label := ""
			if i == 0 {
				label = "terms"
			}
			lines = append(lines, st.Muted.Render(common.Fit(label, 10))+common.Fit(part, inner-10))
		}
		for _, s := range p.Samples {
			line := fmt.Sprintf("%s ×%d %s", common.Clean(s.SKU), s.Qty, strings.ReplaceAll(string(s.Status), "_", " "))
			if s.Overdue(m.ctx.Now()) {
				line += " — OVERDUE"
			}
			add("sample", line)
		}
	}
	return lines
}

// termsParts lists the terms that are set, each as a short phrase.
func termsParts(t outreach.Terms) []string {
	var parts []string
	if t.SlotFee.Minor > 0 {
		parts = append(parts, "fee "+t.SlotFee.String())
	}
	if t.Commission > 0 {
		parts = append(parts, t.Commission.String()+" commission")
	}
	if t.SampleSKU != "" {
		parts = append(parts, fmt.Sprintf("sample %s ×%d", common.Clean(t.SampleSKU), max(1, t.SampleQty)))
	}
	if t.SampleUnitCost.Minor > 0 {
		parts = append(parts, "sample cost "+t.SampleUnitCost.String())
	}
	if t.DiscountCode != "" {
		parts = append(parts, "code "+t.DiscountCode)
	}
	if t.DiscountPct > 0 {
		parts = append(parts, fmt.Sprintf("%d%% off", t.DiscountPct))
	}
	return parts
}
