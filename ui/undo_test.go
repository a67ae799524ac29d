package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"creatordesk/outreach"
	"creatordesk/store"
)

// rootMove moves the creator under the cursor on Creators to the first
// stage offered, with no note.
func rootMoveFirst(t *testing.T, a *App) {
	t.Helper()
	rootPress(t, a, "m", "enter", "enter")
}

// u takes back the session's changes newest first, says what it put back,
// and when one cannot be undone it says why and goes on to the one before.
func TestUndoTheSessionsChanges(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	const handle = "khanhcatlady"
	p := creatorsPipeline(t, s, handle)
	if p.Position.Stage != outreach.Invited {
		t.Fatalf("demo data changed: @%s is %s", handle, p.Position.Stage)
	}
	a := rootStart(t, rootApp(s, true), 120, 40)
	rootPress(t, a, "u")
	if got := rootScreen(a); !strings.Contains(got, "nothing to undo") {
		t.Errorf("u before any change:\n%s", got)
	}
	rootPress(t, a, "2", "/")
	rootType(t, a, handle)
	rootPress(t, a, "enter")
	rootMoveFirst(t, a) // replied
	rootMoveFirst(t, a) // negotiating
	if st := creatorsPipeline(t, s, handle).Position.Stage; st != outreach.Negotiating {
		t.Fatalf("after two moves: %s", st)
	}
	rootPress(t, a, "u")
	if got := rootScreen(a); !strings.Contains(got, "undone: @"+handle+" in "+p.Campaign+": negotiating → replied") {
		t.Errorf("the status does not say what u undid:\n%s", got)
	}
	if st := creatorsPipeline(t, s, handle).Position.Stage; st != outreach.Replied {
		t.Errorf("after u: %s", st)
	}
	if got := rootScreen(a); !strings.Contains(got, "stage     replied since") {
		t.Errorf("the pane did not reload:\n%s", got)
	}
	rootPress(t, a, "u")
	if st := creatorsPipeline(t, s, handle).Position.Stage; st != outreach.Invited {
		t.Errorf("after u again: %s", st)
	}
	rootPress(t, a, "u")
	if got := rootScreen(a); !strings.Contains(got, "nothing to undo") {
		t.Errorf("u after undoing everything:\n%s", got)
	}
	es, _, _ := s.History(context.Background(), store.HistoryQuery{Handle: handle, Limit: 1})
	if len(es) != 1 || !strings.HasPrefix(es[0].Note, "undo of change ") || es[0].Who != store.ByDashboard {
		t.Errorf("the undo is not in the history as the dashboard's: %+v", es)
	}

	// A change made since by someone else: u says so, and goes on.
	rootMoveFirst(t, a) // replied
	if _, err := s.MoveStage(context.Background(), store.Move{Handle: handle, To: outreach.Negotiating}); err != nil {
		t.Fatal(err)
	}
	rootPress(t, a, "u")
	if got := rootScreen(a); !strings.Contains(got, "it changed since") || !strings.Contains(got, "u again") {
		t.Errorf("a refused undo:\n%s", got)
	}
	if st := creatorsPipeline(t, s, handle).Position.Stage; st != outreach.Negotiating {
		t.Errorf("a refused undo moved: %s", st)
	}
	rootPress(t, a, "u")
	if got := rootScreen(a); !strings.Contains(got, "nothing to undo") {
		t.Errorf("u after the refusal:\n%s", got)
	}

	// Another dashboard on the same database has its own session.
	b := rootStart(t, rootApp(s, true), 120, 40)
	rootPress(t, b, "u")
	if got := rootScreen(b); !strings.Contains(got, "nothing to undo") {
		t.Errorf("another session undid this one's changes:\n%s", got)
	}
}

// u takes back a delivered mark on Samples, and a skip on the Queue.
func TestUndoADeliveryAndASkip(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	ctx := context.Background()
	a := rootStart(t, rootApp(s, true), 120, 40)
	rootPress(t, a, "5")
	// The first sample in transit.
	rows, err := s.Shipments(ctx, store.ShipmentQuery{Group: store.GroupInTransit, Limit: 1})
	if err != nil || len(rows) != 1 {
		t.Fatalf("no sample in transit: %v", err)
	}
	r := rows[0]
	for i := 0; i < 200; i++ {
		if strings.Contains(lineWith(rootScreen(a), "▶"), r.SKU) && strings.Contains(lineWith(rootScreen(a), "▶"), "@"+r.Handle) {
			break
		}
		rootPress(t, a, "down")
	}
	rootPress(t, a, "d", "enter")
	got, _ := s.Shipments(ctx, store.ShipmentQuery{Group: store.GroupInTransit, Limit: 1})
	if len(got) > 0 && got[0].ID == r.ID {
		t.Fatalf("d enter did not mark sample %d delivered:\n%s", r.ID, rootScreen(a))
	}
	rootPress(t, a, "u")
	if screen := rootScreen(a); !strings.Contains(screen, "undone: @"+r.Handle) {
		t.Errorf("u after d:\n%s", screen)
	}
	got, _ = s.Shipments(ctx, store.ShipmentQuery{Group: store.GroupInTransit, Limit: 1})
	if len(got) == 0 || got[0].ID != r.ID || !got[0].DeliveredAt.IsZero() {
		t.Errorf("after u the sample is not in transit again: %+v", got)
	}

	if _, err := s.SetSender(ctx, "Mia"); err != nil {
		t.Fatal(err)
	}
	if n, _, err := s.Queue(ctx, store.QueueRequest{Handles: []string{"khanh.bui"}, Campaign: "Always-on Affiliates"}); err != nil || n != 1 {
		t.Fatalf("queue: %d, %v", n, err)
	}
	rootPress(t, a, "3")
	before := rootScreen(a)
	rootPress(t, a, "x")
	if screen := rootScreen(a); !strings.Contains(screen, ": skipped") {
		t.Fatalf("x did not skip the first message:\n%s\nbefore:\n%s", screen, before)
	}
	rootPress(t, a, "u")
	if screen := rootScreen(a); !strings.Contains(screen, "skipped → queued") && !strings.Contains(screen, "skipped → approved") {
		t.Errorf("u after a skip:\n%s", screen)
	}
	if after := rootScreen(a); lineWith(after, "▶") != lineWith(before, "▶") {
		t.Errorf("the message is not back where it was:\n%s\nbefore:\n%s", after, before)
	}
}

// u is in the help, which still fits 80×24.
func TestUndoInTheHelp(t *testing.T) {
	t.Parallel()
	a := rootStart(t, rootApp(rootStore(t, true), true), 80, 24)
	rootPress(t, a, "2", "?")
	screen := rootScreen(a)
	if !strings.Contains(screen, "u ") || !strings.Contains(screen, "undo") {
		t.Errorf("the full help does not offer u:\n%s", screen)
	}
	if !strings.Contains(screen, "quit") || !strings.Contains(screen, "forget creator") {
		t.Errorf("the full help is cut:\n%s", screen)
	}
	rootCheckFits(t, a, 80, 24, "help")
}

// A change whose creator was forgotten since is refused saying so, and u
// again goes on to the change before (it used to retry the same change
// for ever, saying only "not found").
func TestUndoGoesOnPastAForgottenCreator(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 120, 40)
	const kept, forgotten = "khanhcatlady", "siqi_lin" // each in one campaign
	before := creatorsPipeline(t, s, kept).Position.Stage
	for _, h := range []string{kept, forgotten} {
		rootPress(t, a, "2", "esc", "/") // esc clears the filter before
		rootType(t, a, h)
		rootPress(t, a, "enter")
		rootMoveFirst(t, a)
	}
	if st := creatorsPipeline(t, s, kept).Position.Stage; st == before {
		t.Fatalf("@%s did not move:\n%s", kept, rootScreen(a))
	}
	if st := creatorsPipeline(t, s, forgotten).Position.Stage; st == outreach.Declined {
		t.Fatalf("@%s did not move:\n%s", forgotten, rootScreen(a))
	}
	if _, err := s.Forget(context.Background(), forgotten); err != nil {
		t.Fatal(err)
	}
	rootPress(t, a, "u")
	if got := rootScreen(a); !strings.Contains(got, "was forgotten") || !strings.Contains(got, "u again") {
		t.Errorf("u after the creator was forgotten:\n%s", got)
	}
	rootPress(t, a, "u")
	if got := rootScreen(a); !strings.Contains(got, "undone: @"+kept) {
		t.Errorf("u again did not go on to the change before:\n%s", got)
	}
	if st := creatorsPipeline(t, s, kept).Position.Stage; st != before {
		t.Errorf("@%s is %s after u, want %s", kept, st, before)
	}
}

// An import from the dashboard is a change of the session that u does
// not take back: u says so, and u again goes on to the change before (u
// used to pass over the import without a word and undo a move made
// before it).
func TestUndoSaysAnImportIsNotUndone(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 120, 40)
	const handle = "khanhcatlady"
	before := creatorsPipeline(t, s, handle).Position.Stage
	rootPress(t, a, "2", "/")
	rootType(t, a, handle)
	rootPress(t, a, "enter")
	rootMoveFirst(t, a)
	moved := creatorsPipeline(t, s, handle).Position.Stage
	if moved == before {
		t.Fatalf("@%s did not move:\n%s", handle, rootScreen(a))
	}
	file := filepath.Join(t.TempDir(), "update.csv")
	if err := os.WriteFile(file, []byte("handle,followers\n"+handle+",123456\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rootPress(t, a, "1", "i")
	rootType(t, a, file)
	rootPress(t, a, "enter")
	if got := rootScreen(a); !strings.Contains(got, "updated 1") {
		t.Fatalf("the import did not update @%s:\n%s", handle, got)
	}
	es, _, err := s.History(context.Background(), store.HistoryQuery{Handle: handle, Limit: 1})
	if err != nil || len(es) != 1 || es[0].Who != store.ByImport {
		t.Errorf("the import's change is not by import: %+v %v", es, err)
	}
	rootPress(t, a, "u")
	if got := rootScreen(a); !strings.Contains(got, "it is an import") || !strings.Contains(got, "u again") {
		t.Errorf("u after an import:\n%s", got)
	}
	if st := creatorsPipeline(t, s, handle).Position.Stage; st != moved {
		t.Errorf("u after an import undid the move before it: @%s is %s", handle, st)
	}
	rootPress(t, a, "u")
	if st := creatorsPipeline(t, s, handle).Position.Stage; st != before {
		t.Errorf("u again: @%s is %s, want %s", handle, st, before)
	}
}

// A do-not-contact of several selected creators is one action, and u
// takes it back whole (it took back one creator per u).
func TestUndoTakesBackAnActionOnSeveral(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	ctx := context.Background()
	a := rootStart(t, rootApp(s, true), 120, 40)
	handles := []string{"khanhcatlady", "khanhhoang", "khanh.bui"}
	before := map[string][]store.Pipeline{}
	for _, h := range handles {
		ps, err := s.Pipelines(ctx, h)
		if err != nil || len(ps) == 0 {
			t.Fatalf("demo data changed: @%s %v", h, err)
		}
		before[h] = ps
	}
	rootPress(t, a, "2", "/")
	rootType(t, a, "khanh")
	rootPress(t, a, "enter", "space", "space", "space", "x")
	rootType(t, a, "wrong list")
	rootPress(t, a, "enter")
	for _, h := range handles {
		if c, err := s.Creator(ctx, h); err != nil || !c.DoNotContact {
			t.Fatalf("@%s is not do-not-contact after x on three (%v):\n%s", h, err, rootScreen(a))
		}
	}
	rootPress(t, a, "u")
	if got := rootScreen(a); !strings.Contains(got, "undone: ") || !strings.Contains(got, "more)") {
		t.Errorf("u after x on three:\n%s", got)
	}
	for _, h := range handles {
		if c, _ := s.Creator(ctx, h); c.DoNotContact {
			t.Errorf("@%s is still do-not-contact after one u", h)
		}
		after, _ := s.Pipelines(ctx, h)
		for i := range after {
			if i < len(before[h]) && after[i].Position != before[h][i].Position {
				t.Errorf("@%s in %s: %+v after u, was %+v", h, after[i].Campaign, after[i].Position, before[h][i].Position)
			}
		}
	}
}
