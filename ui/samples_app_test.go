package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestSamplesFitTheApp is the Samples screen through the whole app, with
// the tab bar, status and help around it.
func TestSamplesFitTheApp(t *testing.T) {
	s := rootStore(t, true)
	for _, sz := range [][2]int{{60, 16}, {80, 24}, {160, 48}} {
		a := rootStart(t, rootApp(s, true), sz[0], sz[1])
		rootPress(t, a, "5")
		out := a.View().Content
		if !strings.Contains(ansi.Strip(out), "OVERDUE") {
			t.Errorf("app at %d×%d does not show the samples:\n%s", sz[0], sz[1], ansi.Strip(out))
		}
		for i, l := range strings.Split(out, "\n") {
			if w := ansi.StringWidth(l); w > sz[0] {
				t.Errorf("app at %d×%d: line %d is %d wide", sz[0], sz[1], i, w)
			}
		}
	}
}
