package common

import "strings"

// Column is one column of a table whose widths follow priorities: the
// lists give the room first to what identifies a row (handle, name), then
// to what the screen is about, and take it first from what matters least.
type Column struct {
	Min  int // the narrowest it is useful at
	Want int // the width most of its values need
	// Ideal is the width all of its values need (the longest handles):
	// given once every column has Want. 0 is Want.
	Ideal int
	// Rank orders the columns by importance, 0 first: they reach Want in
	// this order, and the last are hidden first when even their Min does
	// not fit. Columns of rank 0 always show.
	Rank int
	Grow bool // takes a share of the room left once every column has Want
	// Spare columns show only when every other shown column has its Want:
	// a narrow table hides them rather than narrow the names.
	Spare bool
}

// Widths lays out cols in width cells with one space between shown
// columns: each gets at least Min, then Want in Rank order, then Ideal in
// Rank order, and what is left goes to the Grow columns (to the first by
// Rank when none grows). A
// column that does not fit at its Min is hidden, least important first:
// its width is 0.
func Widths(width int, cols []Column) []int {
	w := make([]int, len(cols))
	shown := make([]bool, len(cols))
	for i, c := range cols {
		shown[i] = c.Want > 0 // a column without a Want is left out
	}
	// need is the room the shown columns take at their Min, with gaps.
	need := func() int {
		n, total := 0, 0
		for i, c := range cols {
			if shown[i] {
				n++
				total += c.Min
			}
		}
		return total + max(0, n-1)
	}
	byRank := make([]int, len(cols))
	for i := range byRank {
		byRank[i] = i
	}
	// stable: equal ranks keep their order on screen
	for i := 1; i < len(byRank); i++ {
		for j := i; j > 0 && cols[byRank[j]].Rank < cols[byRank[j-1]].Rank; j-- {
			byRank[j], byRank[j-1] = byRank[j-1], byRank[j]
		}
	}
	for k := len(byRank) - 1; k >= 0 && cols[byRank[k]].Rank > 0 && need() > width; k-- {
		shown[byRank[k]] = false
	}
	// A spare column stays only if, with the others at their Want, it
	// still fits at its Min.
	wants := func() int {
		n, total := 0, 0
		for i, c := range cols {
			if shown[i] {
				n++
				total += map[bool]int{true: c.Min, false: c.Want}[c.Spare]
			}
		}
		return total + max(0, n-1)
	}
	for k := len(byRank) - 1; k >= 0; k-- {
		if i := byRank[k]; shown[i] && cols[i].Spare && wants() > width {
			shown[i] = false
		}
	}
	left := width - need()
	for i, c := range cols {
		if shown[i] {
			w[i] = c.Min
		}
	}
	for _, want := range []func(Column) int{
		func(c Column) int { return c.Want },
		func(c Column) int { return max(c.Want, c.Ideal) },
	} {
		for _, i := range byRank {
			if shown[i] && left > 0 {
				more := min(left, max(0, want(cols[i])-w[i]))
				w[i] += more
				left -= more
			}
		}
	}
	if left <= 0 {
		return w
	}
	var grow []int
	for _, i := range byRank {
		if shown[i] && cols[i].Grow {
			grow = append(grow, i)
		}
	}
	if len(grow) == 0 {
		for _, i := range byRank {
			if shown[i] {
				grow = []int{i}
				break
			}
		}
	}
	// the first by rank takes the odd cells
	for k, i := range grow {
		share := left / len(grow)
		if k < left%len(grow) {
			share++
		}
		w[i] += share
	}
	return w
}

// Cells fits each value to its column's width (right-aligned where right
// says so) and joins the shown columns with one space; hidden columns
// (width 0) are left out.
func Cells(widths []int, right []bool, values ...string) string {
	var cols []string
	for i, v := range values {
		if i >= len(widths) || widths[i] <= 0 {
			continue
		}
		if i < len(right) && right[i] {
			cols = append(cols, FitRight(v, widths[i]))
		} else {
			cols = append(cols, Fit(v, widths[i]))
		}
	}
	return strings.Join(cols, " ")
}

// SortArrow is the direction mark a sorted column's header carries: ▼
// when the largest (or latest, or furthest) comes first, ▲ for the
// smallest first (a → z).
func SortArrow(descending bool) string {
	if descending {
		return "▼"
	}
	return "▲"
}

// SortedHeader is a column header with the sort's arrow, cut so that the
// arrow always shows: "FOLLOWERS ▼", "FOLLOW… ▼".
func SortedHeader(label, arrow string, width int) string {
	if width < 3 {
		return Fit(arrow, width)
	}
	return Fit(label, min(CellWidth(label), width-2)) + " " + arrow
}
