package ui

import (
	"testing"
)

// At 160 columns the detail pane of the creator under the cursor sits beside
// the table; at 80 it replaces the table after enter (creators-detail).
func TestGoldenCreators(t *testing.T) {
	t.Parallel()
	rootGoldenScreen(t, "creators", func(t *testing.T, a *App) {
		rootPress(t, a, "2")
	})
}

func TestGoldenCreatorsDetail(t *testing.T) {
	t.Parallel()
	rootGoldenScreen(t, "creators-detail", func(t *testing.T, a *App) {
		rootPress(t, a, "2", "j", "j", "enter")
	})
}
