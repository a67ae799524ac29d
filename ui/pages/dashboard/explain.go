package dashboard

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"creatordesk/outreach"
	"creatordesk/ui/common"
)

// ? on the Dashboard explains each figure in place of the screen: what it
// counts, over which period, for the campaign in view, and whether the
// campaigns' figures add up to all campaigns'. It scrolls when it does not
// fit.

// Explain turns the explanation on with the full help and off with it
// (common.Explainer).
func (d *dashboard) Explain(on bool) {
	d.explaining = on
	d.scroll = 0
}

// explained is true while the explanation is in view: the empty state
// and a running import show instead.
func (d *dashboard) explained() bool {
	return d.explaining && !d.importing.running && !d.empty()
}

// scrollHelp is the scroll keys for the help, in pairs.
func (d *dashboard) scrollHelp() []key.Binding {
	k := d.ctx.Keys
	pair := func(a, b key.Binding, h, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(append(a.Keys(), b.Keys()...)...), key.WithHelp(h, desc))
	}
	return []key.Binding{pair(k.Up, k.Down, "↑/↓", "scroll"), pair(k.PageUp, k.PageDown, "pgup/pgdn", "page"),
		pair(k.Top, k.Bottom, "g/G", "top/bottom")}
}

// scrollKey is how many lines a key scrolls the explanation by.
func (d *dashboard) scrollKey(msg tea.KeyPressMsg) int {
	k, page := d.ctx.Keys, max(1, d.Height-2)
	switch {
	case key.Matches(msg, k.Up):
		return -1
	case key.Matches(msg, k.Down):
		return 1
	case key.Matches(msg, k.PageUp):
		return -page
	case key.Matches(msg, k.PageDown):
		return page
	case key.Matches(msg, k.Top):
		return -1 << 30
	case key.Matches(msg, k.Bottom):
		return 1 << 30
	}
	return 0
}

// scrollBy moves the explanation by n lines, within its length.
func (d *dashboard) scrollBy(n int) {
	last := max(0, len(d.explanation(d.Width))-(d.Height-1))
	d.scroll = min(max(0, d.scroll+n), last)
}

// explainView draws the part of the explanation in view, with a last line
// saying where it is when it does not all fit.
func (d *dashboard) explainView(w, h int) string {
	lines := d.explanation(w)
	if len(lines) <= h {
		return strings.Join(lines, "\n")
	}
	body := h - 1
	from := min(d.scroll, len(lines)-body)
	to := from + body
	more := "↓/j more"
	if to == len(lines) {
		more = "↑/k back"
	}
	where := d.ctx.Styles.Muted.Render(common.Fit("lines "+common.Grouped(int64(from+1))+"–"+common.Grouped(int64(to))+
		" of "+common.Grouped(int64(len(lines)))+" · "+more, w))
	return strings.Join(append(lines[from:to:to], where), "\n")
}

// explanation is the whole explanation at width w, one figure after the
// other.
func (d *dashboard) explanation(w int) []string {
	st := d.ctx.Styles
	camp := d.ctx.Campaign
	scope := "all campaigns"
	if camp != "" {
		scope = "campaign " + camp
	}
	lines := []string{common.Clip(st.Title.Render("What each figure counts")+st.Muted.Render(" · "+common.Clean(scope)+" · ? or esc closes"), w)}
	values := d.values(w)
	wrap := func(s string) {
		for _, l := range common.WrapText(s, max(1, w-2)) {
			lines = append(lines, "  "+strings.TrimRight(l, " "))
		}
	}
	for _, f := range outreach.Figures {
		head := st.TileLabel.Render(f.Label)
		if v := values[f.Label]; v != "" {
			head += "  " + st.TileValue.Render(v)
		}
		lines = append(lines, "", common.Clip(head, w))
		wrap(f.Counts)
		when := "Period: " + f.Period + ". "
		switch {
		case camp != "":
			wrap(when + "This campaign: " + f.Campaign)
		case f.Adds:
			wrap(when + "All campaigns: the campaigns' figures added up.")
		default:
			wrap(when + "All campaigns: not the campaigns' sum: " + f.NotAdded)
		}
	}
	return lines
}

// values are the figures as the screen shows them, by label, for the
// explanation's headings; "" for what has not loaded.
func (d *dashboard) values(w int) map[string]string {
	out := map[string]string{}
	for _, t := range d.tiles() {
		if v := t.value(max(1, w-common.CellWidth(t.fig.Label)-2)); v != "…" {
			out[t.fig.Label] = v
		}
	}
	if f := d.funnel; f != nil {
		out[outreach.FigureFunnel.Label] = "invited " + common.Grouped(f.All.Invited) + " · replied " + common.Grouped(f.All.Replied) +
			" · partnered " + common.Grouped(f.All.Partnered) + " · posted " + common.Grouped(f.All.ContentPosted)
		out[outreach.FigureImported.Label] = common.Grouped(f.Imported.Total)
	}
	if n := len(d.trend); n > 0 {
		out[outreach.FigureTrend.Label] = "this week " + plural(d.trend[n-1].Invited, "invitation") + ", " + plural(d.trend[n-1].Partnered, "partnership")
	}
	return out
}
