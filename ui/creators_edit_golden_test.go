package ui

import (
	"testing"

	"creatordesk/store"
	"creatordesk/ui/common"
)

// The add form (a), open over Creators: the handle has the focus.
func TestGoldenCreatorsAdd(t *testing.T) {
	t.Parallel()
	rootGoldenScreen(t, "creators-add", func(t *testing.T, a *App) {
		rootPress(t, a, "2", "a")
		if a.dialogs.Len() != 1 {
			t.Fatal("a: no add form")
		}
	})
}

// The edit form (E) on a creator: their fields as stored.
func TestGoldenCreatorsEdit(t *testing.T) {
	t.Parallel()
	rootGoldenScreen(t, "creators-edit", func(t *testing.T, a *App) {
		rootPress(t, a, "2", "/")
		rootType(t, a, "khanh")
		rootPress(t, a, "enter", "E")
		if a.dialogs.Len() != 1 {
			t.Fatal("E: no edit form")
		}
	})
}

// The detail pane's history after an edit from the dashboard: the edit's
// fields under one line, the stage moves under their campaign's.
func TestGoldenCreatorsHistory(t *testing.T) {
	t.Parallel()
	rootGoldenScreen(t, "creators-history", func(t *testing.T, a *App) {
		// The subtests share the store: the first edit changes the fields,
		// the others change nothing and the history stays the same.
		edit := store.CreatorEdit{Email: store.Str("khanh@example.com"), Phone: store.Str("+84 90 123 4567"), Tier: store.Str("micro")}
		if _, _, err := a.ctx.Store.UpdateCreator(common.Bg(), "khanhcatlady", edit); err != nil {
			t.Fatal(err)
		}
		rootPress(t, a, "2", "/")
		rootType(t, a, "khanhcat")
		rootPress(t, a, "enter", "enter")
	})
}
