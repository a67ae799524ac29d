package dashboard

import (
	tea "charm.land/bubbletea/v2"

	"creatordesk/store"
	"creatordesk/ui/common"
)

// What the root's tests and benchmarks read of the screen from outside the
// package (to go once those tests have a harness here, as Creators has).

// Progress says which of the figures have come: overview, funnel, trend.
func Progress(p common.Page) (overview, funnel, trend bool, err error) {
	d := p.(*dashboard)
	return d.overview != nil, d.funnel != nil, d.trend != nil, d.err
}

// StaleAnswers are answers to the load before the latest.
func StaleAnswers(p common.Page) []tea.Msg {
	d := p.(*dashboard)
	return []tea.Msg{overviewMsg{gen: d.gen - 1, v: store.Overview{}}, funnelMsg{gen: d.gen - 1, v: store.TierFunnel{}}, trendMsg{gen: d.gen - 1}}
}

// FunnelView draws f as the funnel panel at width w.
func FunnelView(p common.Page, f *store.TierFunnel, w int) string {
	d := p.(*dashboard)
	d.funnel = f
	return d.funnelView(w)
}
