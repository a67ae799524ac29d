package dashboard

import (
	"strings"

	"charm.land/lipgloss/v2"

	"creatordesk/outreach"
	"creatordesk/ui/common"
)

// tile is one figure on screen: its definition (outreach.Figures: the
// label and what ? says of it) and its value, longest form first, shorter
// ones for narrow tiles.
type tile struct {
	fig    outreach.Figure
	values []string
	style  lipgloss.Style
}

// value is the longest form of the value that fits width cells, cut only
// when none does.
func (t tile) value(width int) string {
	for _, v := range t.values {
		if common.CellWidth(v) <= width {
			return v
		}
	}
	return common.Fit(t.values[len(t.values)-1], width)
}

// boxedHeight is the least height that shows the tiles as boxes (a window
// of 30 lines); less gets the compact list.
const boxedHeight = 27

// compactColumn is the width of one "label value" column of the compact
// list; narrower windows get one column.
const compactColumn = 38

// tiles are the dashboard's tiles in order, "…" for what has not loaded.
func (d *dashboard) tiles() []tile {
	st := d.ctx.Styles
	loading := func(f outreach.Figure) tile { return tile{fig: f, values: []string{"…"}, style: st.Muted} }
	var ts []tile
	if o := d.overview; o != nil {
		c := o.Creators
		ts = append(ts, tile{fig: outreach.FigureCreators, style: st.TileValue, values: []string{
			common.Grouped(c.Total) + "  " + common.Grouped(c.Head) + " head · " + common.Grouped(c.Micro) + " micro",
			common.Compact(c.Total) + "  " + common.Compact(c.Head) + " head · " + common.Compact(c.Micro) + " micro",
			common.Compact(c.Total) + " · " + common.Compact(c.Head) + " h · " + common.Compact(c.Micro) + " m",
			common.Compact(c.Total),
		}})
	} else {
		ts = append(ts, loading(outreach.FigureCreators))
	}
	if len(d.trend) > 0 {
		n := d.trend[len(d.trend)-1].Invited
		ts = append(ts, tile{fig: outreach.FigureInvitedThisWeek, style: st.TileValue, values: []string{common.Grouped(n), common.Compact(n)}})
	} else {
		ts = append(ts, loading(outreach.FigureInvitedThisWeek))
	}
	if f := d.funnel; f != nil {
		head, micro := common.Percent(f.ByTier[outreach.Head].Conversion()), common.Percent(f.ByTier[outreach.Micro].Conversion())
		ts = append(ts,
			tile{fig: outreach.FigureReplyRate, style: st.TileValue, values: []string{common.Percent(f.All.ReplyRate())}},
			tile{fig: outreach.FigureConversion, style: st.TileValue, values: []string{head + " · " + micro}},
		)
	} else {
		ts = append(ts, loading(outreach.FigureReplyRate), loading(outreach.FigureConversion))
	}
	if o := d.overview; o != nil {
		overdue := st.TileValue
		if o.Samples.Overdue > 0 {
			overdue = st.Warning
		}
		spend := []string{"none"}
		if len(o.Spend) > 0 {
			var ss []string
			for _, m := range o.Spend {
				ss = append(ss, m.String())
			}
			spend = []string{strings.Join(ss, " + ")}
			if len(ss) > 1 {
				spend = append(spend, ss[0]+" + "+common.Grouped(int64(len(ss)-1))+" more")
			}
		}
		ts = append(ts,
			tile{fig: outreach.FigureInTransit, style: st.TileValue, values: []string{common.Grouped(o.Samples.InTransit), common.Compact(o.Samples.InTransit)}},
			tile{fig: outreach.FigureOverdue, style: overdue, values: []string{common.Grouped(o.Samples.Overdue), common.Compact(o.Samples.Overdue)}},
			tile{fig: outreach.FigureSpend, style: st.TileValue, values: spend},
		)
	} else {
		ts = append(ts, loading(outreach.FigureInTransit), loading(outreach.FigureOverdue), loading(outreach.FigureSpend))
	}
	return ts
}

// tilesView lays the tiles out: boxes in two rows when the window is tall
// enough and every box holds its whole label, else a compact list of
// "short label  value" in as many columns as fit. A label is never cut:
// a narrow window gets the Short labels, which are made to fit.
func (d *dashboard) tilesView(w int) string {
	st := d.ctx.Styles
	ts := d.tiles()
	perRow := (len(ts) + 1) / 2
	width := w / perRow
	labelW := 0
	for _, t := range ts {
		labelW = max(labelW, common.CellWidth(t.fig.Label))
	}
	if d.Height >= boxedHeight && width-4 >= labelW {
		inner := width - 4 // the border and the padding
		var rows []string
		for i := 0; i < len(ts); i += perRow {
			var cells []string
			for _, t := range ts[i:min(i+perRow, len(ts))] {
				cells = append(cells, st.Tile.Width(width).Render(st.TileLabel.Render(t.fig.Label)+"\n"+t.style.Render(t.value(inner))))
			}
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, cells...))
		}
		return strings.Join(rows, "\n")
	}
	cols := max(1, min(2, w/compactColumn))
	colW := w / cols
	shortW := outreach.ShortLabelWidth + 1
	var lines []string
	for i := 0; i < len(ts); i += cols {
		var line string
		for _, t := range ts[i:min(i+cols, len(ts))] {
			line += st.TileLabel.Render(common.Fit(t.fig.Short, shortW)) + t.style.Render(common.Fit(t.value(colW-shortW-1), colW-shortW-1)) + " "
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n") + "\n"
}
