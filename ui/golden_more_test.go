package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"creatordesk/store"
	"creatordesk/ui/common"
)

func TestGoldenSamples(t *testing.T) {
	t.Parallel()
	rootGoldenSizes(t, "samples", listSizes, func(t *testing.T, a *App) {
		rootPress(t, a, "5")
	})
}

// The queue needs invitations: three prospects of the demo are queued with
// the built-in message before the screen is drawn.
func TestGoldenQueue(t *testing.T) {
	t.Parallel()
	rootGoldenSizes(t, "queue", listSizes, func(t *testing.T, a *App) {
		st := a.ctx.Store
		if _, err := st.SetSender(common.Bg(), "Mia from Glow"); err != nil {
			t.Fatal(err)
		}
		// The subtests share the store: the first queues, the others find
		// them queued.
		n, held, err := st.Queue(common.Bg(), store.QueueRequest{Handles: []string{"reviewanh", "xiaowen90", "dimaspup"}})
		if err != nil || n+len(held) != 3 || (n != 3 && n != 0) {
			t.Fatalf("queued %d, held %v: %v", n, held, err)
		}
		rootSettle(t, a, func() tea.Msg { return common.ChangedMsg{} })
		rootPress(t, a, "3", "j")
	})
}

// listSizes are the sizes the lists' goldens are drawn at: the smallest
// supported screen, the old wide one, and a wide one where every column
// shows (their widths follow priorities).
var listSizes = [][2]int{{80, 24}, {160, 48}, {200, 50}}
