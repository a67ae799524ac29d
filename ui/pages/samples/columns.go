package samples

import (
	"strings"

	"creatordesk/ui/common"
)

// The Samples table's columns, in screen order. They share the width by
// priority: the handle and where the sample stands (due) first, then the
// SKU, the tracking number (without its carrier when narrow) and the cost;
// name and campaign, and the dates, show only when those have their room.
const (
	colMark = iota
	colHandle
	colName
	colSKU
	colTrack
	colShipped
	colDelivered
	colDue
	colCost
	nCols
)

// dueW is the width of the DUE column: "26d late", "due in 3d", "queued 2w".
const dueW = 10

// DueW is the width of the DUE column (the hostile-text tests read it).
const DueW = dueW

// sampleLayout is the width of each column at one screen width; 0 hides
// a column.
type sampleLayout []int

// layoutSamples lays the columns out in w cells; with every campaign in
// view the name column also names the campaign, and wants more room.
func layoutSamples(w int, allCampaigns bool) sampleLayout {
	nameW := 24
	if allCampaigns {
		nameW = 40
	}
	return common.Widths(w, []common.Column{
		colMark:      {Min: 1, Want: 1, Rank: 0},
		colHandle:    {Min: 10, Want: 15, Ideal: 22, Rank: 0},
		colName:      {Min: 20, Want: nameW, Rank: 5, Spare: true, Grow: true},
		colSKU:       {Min: 10, Want: 18, Ideal: 24, Rank: 2},
		colTrack:     {Min: 12, Want: 28, Ideal: 34, Rank: 3},
		colShipped:   {Min: 7, Want: 7, Rank: 6, Spare: true},
		colDelivered: {Min: 9, Want: 9, Rank: 7, Spare: true},
		colDue:       {Min: dueW, Want: dueW, Rank: 1},
		colCost:      {Min: 9, Want: 11, Rank: 4},
	})
}

// row fits each value to its column, cost to the right, and joins the
// columns shown; dueStyle styles the due cell once fitted.
func (l sampleLayout) row(dueStyle func(string) string, values ...string) string {
	var cells []string
	for i, v := range values {
		switch {
		case l[i] <= 0:
		case i == colCost:
			cells = append(cells, common.FitRight(v, l[i]))
		case i == colDue:
			cells = append(cells, dueStyle(common.Fit(v, l[i])))
		default:
			cells = append(cells, common.Fit(v, l[i]))
		}
	}
	return strings.Join(cells, " ")
}

// header is the column heads at width w.
func (m *samples) header(w int) string {
	l := layoutSamples(w, m.campaign == "")
	name, track := "NAME", "CARRIER · TRACKING"
	if m.campaign == "" {
		name = "NAME · CAMPAIGN"
	}
	if l[colTrack] < common.CellWidth(track) {
		track = "TRACKING"
	}
	plain := func(s string) string { return s }
	return common.Clip(l.row(plain, "", "HANDLE", name, "SKU", track, "SHIPPED", "DELIVERED", "DUE", "COST"), w)
}

// filterLines is how many lines the filter takes: one while it is typed
// or set.
func (m *samples) filterLines() int {
	if m.filter.Active() {
		return 1
	}
	return 0
}

// filterLine is the filter being typed, or what it narrows to.
func (m *samples) filterLine(w int) string {
	if m.filter.Typing() {
		return m.filter.View()
	}
	return m.ctx.Styles.Muted.Render(common.Fit("filter: "+common.Clean(m.filter.Value())+" · esc clears", w))
}
