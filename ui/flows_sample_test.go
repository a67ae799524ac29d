package ui

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
)

// flowClock is a clock the test moves forward while the app runs.
type flowClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *flowClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *flowClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// A sample recorded on the Samples screen goes to ship, in transit,
// awaiting content (due in 14 days), and, 15 days after delivery with no
// content, overdue: the staffer's daily review.
func TestFlowSampleUntilOverdue(t *testing.T) {
	t.Parallel()
	clock := &flowClock{t: rootClock}
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "samples.db"), store.Options{Now: clock.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	f := int64(12_000)
	im, err := s.BeginImport(ctx, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := im.NextFile("t.csv"); err != nil {
		t.Fatal(err)
	}
	if err := im.Add(outreach.CreatorRow{Line: 2, Creator: outreach.Creator{Handle: "mai.glow", DisplayName: "Mai", Followers: &f}}); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MoveStage(ctx, store.Move{Handle: "mai.glow", To: outreach.Partnered}); err != nil {
		t.Fatal(err)
	}
	dark := true
	app := New(Options{Store: s, Now: clock.now, Loc: time.UTC, Dark: &dark})
	ft := flowStart(t, app, 120, 30)
	ft.waitFor("creators")
	ft.press("5")
	ft.waitFor("no samples yet", "0 overdue")

	// huh moves to the next field with a command of its own: wait for the
	// field to have focus (┃) before typing into it.
	ft.press("n")
	ft.waitFor("┃ handle")
	ft.tm.Type("@mai.glow")
	ft.press("enter")
	ft.waitFor("┃ SKU")
	ft.tm.Type("SERUM-30")
	ft.press("enter")
	ft.waitFor("┃ quantity")
	ft.press("enter") // quantity 1 as offered
	ft.waitFor("┃ unit cost")
	ft.tm.Type("4.80 USD")
	ft.press("enter")
	ft.waitFor("TO SHIP 1", "@mai.glow", "SERUM-30 ×1", "USD 4.80")

	clock.advance(24 * time.Hour)
	ft.press("s")
	ft.waitFor("┃ carrier")
	ft.tm.Type("UPS")
	ft.press("enter")
	ft.waitFor("┃ tracking")
	ft.tm.Type("1Z999AA10123456784")
	ft.press("enter")
	ft.waitFor("┃ date")
	ft.press("enter") // shipped today, as offered
	ft.waitFor("IN TRANSIT 1", "UPS 1Z999AA1")

	clock.advance(3 * 24 * time.Hour)
	ft.press("d")
	ft.waitFor("┃ date", "content is due 14 days after it")
	ft.press("enter") // delivered today, as offered
	ft.waitFor("AWAITING CONTENT 1", "due in 14d")

	// Fifteen days on, with no content, it is overdue.
	clock.advance(15 * 24 * time.Hour)
	ft.tm.Send(common.ChangedMsg{}) // what any write, or a restart, does
	ft.waitFor("OVERDUE 1", "1d late", "1 overdue")
	ft.press("1")
	ft.waitFor("content overdue", "samples in transit")
	if n, _, err := s.ShipmentCounts(ctx, ""); err != nil || n[store.GroupOverdue] != 1 {
		t.Errorf("store counts %v, %v", n, err)
	}
}
