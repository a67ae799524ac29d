package dashboard

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
)

// trendWeeks is how many weeks the dashboard's trend shows.
const trendWeeks = 12

// dashboard is screen 1: tiles, the funnel per tier and the weekly trend.
// Each part arrives on its own; what is cheap shows first.
type dashboard struct {
	common.Size
	ctx *common.Common
	gen int // the latest load; older answers are dropped

	overview *store.Overview
	funnel   *store.TierFunnel
	trend    []store.WeekTrend
	err      error

	importing *importer // the empty state's import, if running

	explaining bool // ? is on: the figures' explanation shows instead
	scroll     int  // the explanation's first line in view
}

type overviewMsg struct {
	gen int
	v   store.Overview
	err error
}

type funnelMsg struct {
	gen int
	v   store.TierFunnel
	err error
}

type trendMsg struct {
	gen int
	v   []store.WeekTrend
	err error
}

// New builds the screen.
func New(c *common.Common) common.Page { return &dashboard{ctx: c, importing: newImporter(c)} }

func (d *dashboard) Title() string { return "Dashboard" }

// Typing is false: the import's path prompt is a dialog, the root's.
func (d *dashboard) Typing() bool { return false }

func (d *dashboard) Load() tea.Cmd {
	d.gen++
	d.err = nil
	gen, st, camp := d.gen, d.ctx.Store, d.ctx.Campaign
	now := d.ctx.Now().In(d.ctx.Loc)
	week := outreach.WeekStart(now)
	return tea.Batch(
		func() tea.Msg {
			v, err := st.Overview(common.Bg(), camp)
			return overviewMsg{gen, v, err}
		},
		func() tea.Msg {
			v, err := st.Funnel(common.Bg(), camp)
			return funnelMsg{gen, v, err}
		},
		func() tea.Msg {
			v, err := st.Trend(common.Bg(), camp, week, trendWeeks)
			return trendMsg{gen, v, err}
		},
	)
}

func (d *dashboard) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case overviewMsg:
		if msg.gen == d.gen {
			d.overview, d.err = &msg.v, common.FirstErr(d.err, msg.err)
		}
	case funnelMsg:
		if msg.gen == d.gen {
			d.funnel, d.err = &msg.v, common.FirstErr(d.err, msg.err)
		}
	case trendMsg:
		if msg.gen == d.gen {
			d.trend, d.err = msg.v, common.FirstErr(d.err, msg.err)
		}
	case tea.KeyPressMsg:
		if n := d.scrollKey(msg); d.explaining && n != 0 {
			d.scrollBy(n)
			return d, nil
		}
		return d, d.importing.key(msg, d.empty())
	case tea.MouseWheelMsg:
		if d.explaining {
			d.scrollBy(map[tea.MouseButton]int{tea.MouseWheelUp: -3, tea.MouseWheelDown: 3}[msg.Button])
		}
	default:
		return d, d.importing.update(msg)
	}
	return d, nil
}

// empty is true once we know the database has no creators at all.
func (d *dashboard) empty() bool {
	return d.overview != nil && d.ctx.Campaign == "" && d.overview.Creators.Total == 0
}

func (d *dashboard) ShortHelp() []key.Binding {
	k := d.ctx.Keys
	if d.empty() || d.importing.active() {
		return d.importing.help(d.empty())
	}
	return []key.Binding{k.NextTab, k.Campaign}
}

// FullHelp offers the demo only while the database is empty, the only
// time d opens it.
func (d *dashboard) FullHelp() [][]key.Binding {
	keys := []key.Binding{d.ctx.Keys.Campaign, d.importing.keys.Import}
	if d.empty() {
		keys = append(keys, d.importing.keys.Demo)
	}
	if d.explained() {
		return [][]key.Binding{d.scrollHelp(), keys}
	}
	return [][]key.Binding{keys}
}

// View renders the screen into the size last set.
func (d *dashboard) View() string { return d.view(d.Width, d.Height) }

func (d *dashboard) view(w, h int) string {
	st := d.ctx.Styles
	if d.err != nil {
		return st.Bad.Render("could not read the database: " + common.Clean(d.err.Error()))
	}
	if d.importing.running || d.empty() {
		return d.importing.view(w, h, d.empty())
	}
	if d.explained() {
		return d.explainView(w, h)
	}
	var parts []string
	if len(d.importing.result) > 0 { // the last import's result, above the figures it changed
		parts = append(parts, d.importing.view(w, h, false))
	}
	parts = append(parts, d.tilesView(w))
	funnel := d.funnelView(w)
	trend := d.trendView(w)
	if w >= 120 {
		half := (w - 2) / 2
		parts = append(parts, lipgloss.JoinHorizontal(lipgloss.Top,
			lipgloss.NewStyle().Width(half).Render(funnel), "  ", lipgloss.NewStyle().Width(half).Render(trend)))
	} else {
		parts = append(parts, funnel, trend)
	}
	out := strings.Join(parts, "\n")
	if strings.Count(out, "\n") >= h {
		// The blank line under the compact tiles goes before the trend's last line does.
		out = strings.Replace(out, "\n\n", "\n", 1)
	}
	return out
}

// funnelView draws invited → replied → partnered → posted as bars per tier.
func (d *dashboard) funnelView(w int) string {
	st := d.ctx.Styles
	if d.funnel == nil {
		return st.Muted.Render("funnel …")
	}
	if w >= 120 {
		w = (w - 2) / 2
	}
	var b strings.Builder
	b.WriteString(st.Title.Render("Funnel") + st.Muted.Render("  invited → replied → partnered → posted") + "\n")
	// Counts get a column as wide as the widest, with a space before it:
	// at a million creators "759,979" would touch " partnered".
	labelW, numW, pctW := 10, 7, 7
	for _, f := range d.funnel.ByTier {
		for _, step := range outreach.FunnelSteps {
			numW = max(numW, 1+lipgloss.Width(common.Grouped(f.Count(step))))
		}
	}
	barW := max(4, w-labelW-numW-pctW-3)
	for _, tier := range outreach.Tiers {
		f := d.funnel.ByTier[tier]
		badge := st.MicroBadge
		if tier == outreach.Head {
			badge = st.HeadBadge
		}
		b.WriteString(badge.Render(string(tier)) + "\n")
		for _, step := range outreach.FunnelSteps {
			n := f.Count(step)
			ratio := 0.0
			if f.Invited > 0 {
				ratio = float64(n) / float64(f.Invited)
			}
			filled := int(ratio*float64(barW) + 0.5)
			bar := badge.Render(strings.Repeat("█", filled)) + st.Muted.Render(strings.Repeat("·", barW-filled))
			label := step.Label()
			if step == outreach.ContentPosted {
				label = "posted"
			}
			b.WriteString(common.Fit(" "+label, labelW) + common.FitRight(common.Grouped(n), numW) + " " + bar + common.FitRight(common.Percent(ratio), pctW) + "\n")
		}
		if n := d.funnel.Imported.Of(tier); n > 0 {
			// Beside the funnel, not in it: ? says why (outreach.FigureImported).
			b.WriteString(common.Fit(" imported", labelW) + common.FitRight(common.Grouped(n), numW) + " " +
				st.Muted.Render(common.Fit("outcome came with the file: not counted  ?", max(0, w-labelW-numW-1))) + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// sparkBlocks draw a sparkline from low to high.
var sparkBlocks = []rune("▁▂▃▄▅▆▇█")

func spark(vals []int64) string {
	var top int64
	for _, v := range vals {
		top = max(top, v)
	}
	var b strings.Builder
	for _, v := range vals {
		i := 0
		if top > 0 {
			i = int(v * int64(len(sparkBlocks)-1) / top)
		}
		if v == 0 {
			b.WriteRune(' ')
			continue
		}
		b.WriteRune(sparkBlocks[i])
	}
	return b.String()
}

// trendView draws 12 weeks of invitations and new partnerships.
func (d *dashboard) trendView(w int) string {
	st := d.ctx.Styles
	if d.trend == nil {
		return st.Muted.Render("trend …")
	}
	inv := make([]int64, len(d.trend))
	par := make([]int64, len(d.trend))
	var sumI, sumP int64
	for i, t := range d.trend {
		inv[i], par[i] = t.Invited, t.Partnered
		sumI += t.Invited
		sumP += t.Partnered
	}
	// Each week gets a column two cells wide when there is room.
	stretch := func(s string) string {
		if w < 60 {
			return s
		}
		var b strings.Builder
		for _, r := range s {
			b.WriteRune(r)
			b.WriteRune(r)
		}
		return b.String()
	}
	first := d.trend[0].Week.Format("Jan 2")
	last := d.trend[len(d.trend)-1].Week.Format("Jan 2")
	lines := []string{
		st.Title.Render(fmt.Sprintf("Last %d weeks", len(d.trend))) + st.Muted.Render("  "+first+" – "+last),
		common.Fit("invitations", 13) + st.MicroBadge.Render(stretch(spark(inv))) + "  " + common.Grouped(sumI),
		common.Fit("partnerships", 13) + st.HeadBadge.Render(stretch(spark(par))) + "  " + common.Grouped(sumP),
		st.Muted.Render(common.Fit("this week", 13) + plural(inv[len(inv)-1], "invitation") + ", " + plural(par[len(par)-1], "partnership")),
	}
	return strings.Join(lines, "\n")
}

// plural is "1 invitation", "2 invitations".
func plural(n int64, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return common.Grouped(n) + " " + one + "s"
}
