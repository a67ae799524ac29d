package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// fullHelp lays every key of groups out in as many columns as width
// holds, filled top to bottom, so the whole help fits the window instead
// of ending in "…" (bubbles' FullHelpView puts each group in one column
// and cuts what does not fit). A key offered twice shows once.
func fullHelp(groups [][]key.Binding, width int, st help.Styles) string {
	type item struct{ k, d string }
	var items []item
	seen := map[string]bool{}
	keyW := 0
	for _, g := range groups {
		for _, b := range g {
			h := b.Help()
			if !b.Enabled() || h.Key == "" || seen[h.Key+"\x00"+h.Desc] {
				continue
			}
			seen[h.Key+"\x00"+h.Desc] = true
			items = append(items, item{h.Key, h.Desc})
			keyW = max(keyW, ansi.StringWidth(h.Key))
		}
	}
	if len(items) == 0 {
		return ""
	}
	const gap = 3
	itemW := 0
	for _, it := range items {
		itemW = max(itemW, keyW+1+ansi.StringWidth(it.d))
	}
	cols := max(1, min(len(items), (width+gap)/(itemW+gap)))
	rows := (len(items) + cols - 1) / cols
	lines := make([]string, rows)
	for i, it := range items {
		r, c := i%rows, i/rows
		cell := st.FullKey.Render(it.k+strings.Repeat(" ", keyW-ansi.StringWidth(it.k))) + " " + st.FullDesc.Render(it.d)
		if c > 0 {
			cell = strings.Repeat(" ", gap) + cell
		}
		if i+rows < len(items) { // not the last column: pad to the column's width
			cell += strings.Repeat(" ", max(0, itemW-keyW-1-ansi.StringWidth(it.d)))
		}
		lines[r] += cell
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(strings.TrimRight(l, " "), width, "…")
	}
	return strings.Join(lines, "\n")
}
