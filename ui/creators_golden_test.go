package ui

import (
	"testing"
)

// At 160 columns the detail pane of the creator under the cursor sits beside
// the table; at 80 it replaces the table after enter (creators-detail).
func TestGoldenCreators(t *testing.T) {
	t.Parallel()
	rootGoldenSizes(t, "creators", listSizes, func(t *testing.T, a *App) {
		rootPress(t, a, "2")
	})
}

func TestGoldenCreatorsDetail(t *testing.T) {
	t.Parallel()
	rootGoldenScreen(t, "creators-detail", func(t *testing.T, a *App) {
		rootPress(t, a, "2", "j", "j", "enter")
	})
}

// The move dialog over Creators: the stages the pipeline allows, then the
// note.
func TestGoldenCreatorsMove(t *testing.T) {
	t.Parallel()
	rootGoldenScreen(t, "creators-move", func(t *testing.T, a *App) {
		rootPress(t, a, "2", "/")
		rootType(t, a, "khanh")
		rootPress(t, a, "enter", "m")
		if a.dialogs.Len() != 1 {
			t.Fatal("m: no move dialog")
		}
	})
}

// The terms dialog over Creators: every field shows the value set, greyed.
func TestGoldenCreatorsTerms(t *testing.T) {
	t.Parallel()
	rootGoldenScreen(t, "creators-terms", func(t *testing.T, a *App) {
		rootPress(t, a, "2", "/")
		rootType(t, a, "khanh")
		rootPress(t, a, "enter", "e")
		if a.dialogs.Len() != 1 {
			t.Fatal("e: no terms dialog")
		}
	})
}
