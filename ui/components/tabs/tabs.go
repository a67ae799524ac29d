// Package tabs is the dashboard's tab bar: one label per screen, the
// campaign in view on the right, and the hit-test a mouse click needs.
package tabs

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"creatordesk/ui/common"
)

// Labels are the tab bar's cells, in order, one space apart. The campaign
// in view (campaign; "" is all campaigns) shows whole at the right, up to
// campaignMax cells: when the tabs leave no room for it, or do not fit
// width themselves, the inactive tabs show their number only.
func Labels(titles []string, active, width int, campaign string) []string {
	out := make([]string, len(titles))
	total := 0
	for i, t := range titles {
		out[i] = fmt.Sprintf(" %d %s", i+1, t)
		total += lipgloss.Width(out[i])
	}
	if total+1+lipgloss.Width(campaignLabel(campaign)) > width {
		for i := range out {
			if i != active {
				out[i] = fmt.Sprintf(" %d", i+1)
			}
		}
		out[active] += " "
	}
	return out
}

// campaignMax is the most cells the campaign takes in the bar.
const campaignMax = 32

// campaignLabel is the campaign part of the bar, before it is fitted.
func campaignLabel(campaign string) string {
	if campaign == "" {
		campaign = "all campaigns"
	}
	return common.Fit("c "+common.Clean(campaign), min(campaignMax, common.CellWidth("c "+common.Clean(campaign))))
}

// At returns the tab under column x of the tab bar, or -1.
func At(titles []string, active, width int, campaign string, x int) int {
	col := 0
	for i, l := range Labels(titles, active, width, campaign) {
		w := lipgloss.Width(l)
		if x >= col && x < col+w {
			return i
		}
		col += w
	}
	return -1
}

// View draws the bar across width cells: the tabs, and the campaign in
// view ("" is all campaigns) on the right when there is room.
func View(st common.Styles, titles []string, active, width int, campaign string) string {
	var tabs strings.Builder
	for i, l := range Labels(titles, active, width, campaign) {
		if i == active {
			tabs.WriteString(st.TabActive.Render(l))
		} else {
			tabs.WriteString(st.TabInactive.Render(l))
		}
	}
	label := campaignLabel(campaign)
	right := st.Muted.Render(common.Fit(label, min(common.CellWidth(label), max(0, width-lipgloss.Width(tabs.String())-1))))
	bar := tabs.String()
	if gap := width - lipgloss.Width(bar) - lipgloss.Width(right); gap > 0 {
		bar += strings.Repeat(" ", gap) + right
	}
	return common.Clip(bar, width)
}
