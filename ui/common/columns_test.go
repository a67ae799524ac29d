package common

import (
	"slices"
	"testing"
)

func TestWidthsByPriority(t *testing.T) {
	cols := []Column{
		{Min: 2, Want: 2, Rank: 0},               // mark
		{Min: 10, Want: 16, Rank: 0},             // handle
		{Min: 8, Want: 18, Rank: 2, Grow: true},  // name
		{Min: 5, Want: 6, Rank: 4},               // last
		{Min: 10, Want: 14, Rank: 3},             // stage
		{Min: 6, Want: 12, Rank: 5, Spare: true}, // category
	}
	for _, c := range []struct {
		width int
		want  []int
	}{
		// room for every Want (2+16+18+6+14+12 + 5 gaps = 73): the rest to name
		{80, []int{2, 16, 25, 6, 14, 12}},
		// category (spare) shows once the others can have their Want
		{70, []int{2, 16, 18, 6, 14, 9}},
		// else it waits; handle, then name reach Want first, stage and
		// last keep their Min
		{66, []int{2, 16, 24, 6, 14, 0}},
		{50, []int{2, 16, 13, 5, 10, 0}},
		// too narrow for every Min: the least important go
		{30, []int{2, 16, 10, 0, 0, 0}},
		// rank 0 always shows, even cut
		{12, []int{2, 10, 0, 0, 0, 0}},
	} {
		got := Widths(c.width, cols)
		if !slices.Equal(got, c.want) {
			t.Errorf("width %d: %v, want %v", c.width, got, c.want)
		}
		used, n := 0, 0
		for _, w := range got {
			if w > 0 {
				used += w
				n++
			}
		}
		if used+n-1 > c.width && c.width >= 13 {
			t.Errorf("width %d: the columns take %d", c.width, used+n-1)
		}
	}
}

// Ideal widths come after every Want, before the growing columns.
func TestWidthsIdeal(t *testing.T) {
	cols := []Column{
		{Min: 10, Want: 16, Ideal: 22, Rank: 0},
		{Min: 10, Want: 20, Rank: 1, Grow: true},
		{Min: 10, Want: 20, Ideal: 30, Rank: 2},
	}
	for width, want := range map[int][]int{
		50:  {16, 20, 12},
		58:  {16, 20, 20},
		64:  {22, 20, 20},
		100: {22, 46, 30},
	} {
		if got := Widths(width, cols); !slices.Equal(got, want) {
			t.Errorf("width %d: %v, want %v", width, got, want)
		}
	}
}

func TestCellsAndSortedHeader(t *testing.T) {
	got := Cells([]int{3, 0, 5}, []bool{false, false, true}, "abcdef", "hidden", "7")
	if got != "ab… "+"    7" {
		t.Errorf("Cells: %q", got)
	}
	for _, c := range []struct {
		label string
		w     int
		want  string
	}{
		{"FOLLOWERS", 11, "FOLLOWERS ▼"},
		{"FOLLOWERS", 8, "FOLLO… ▼"},
		{"LAST", 9, "LAST ▼"},
		{"LAST", 2, "▼ "},
	} {
		if got := SortedHeader(c.label, SortArrow(true), c.w); got != c.want {
			t.Errorf("SortedHeader(%q, %d) = %q, want %q", c.label, c.w, got, c.want)
		}
	}
}
