package ui

import "testing"

// The forms of the Samples and Export screens, open over their screen.

func TestGoldenSampleFormDialog(t *testing.T) {
	t.Parallel()
	rootGoldenScreen(t, "samples-new-dialog", func(t *testing.T, a *App) {
		rootPress(t, a, "5", "n")
		if a.dialogs.Len() != 1 {
			t.Fatal("n opened no dialog")
		}
	})
}

// Run in / so that the path shown is the same on every machine.
func TestGoldenExportPathDialog(t *testing.T) {
	t.Chdir("/")
	rootGoldenScreen(t, "export-path-dialog", func(t *testing.T, a *App) {
		rootPress(t, a, "6", "enter")
		if a.dialogs.Len() != 1 {
			t.Fatal("enter opened no dialog")
		}
	})
}
