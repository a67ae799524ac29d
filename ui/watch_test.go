package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/pages/samples"
)

// watchRun runs one of the watch's commands and feeds its message back.
func watchRun(t *testing.T, a *App, cmd tea.Cmd) tea.Cmd {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command")
	}
	_, next := a.Update(cmd())
	return next
}

// TestDashboardSeesOtherWriters: a commit by another store on the same file
// (another dashboard, an import) reloads the screen in view at the next
// check; a check with nothing new reloads nothing; a change seen while the
// staffer types waits until they stop.
func TestDashboardSeesOtherWriters(t *testing.T) {
	s := rootStore(t, false)
	a := rootStart(t, rootApp(s, true), 120, 40)
	defer a.Close()
	a.watcher.tick = func(*store.Watch) tea.Cmd { return nil } // the test checks by hand
	rootPress(t, a, "2")
	// Start the watch and take its first reading.
	next := watchRun(t, a, startWatch(s))
	if a.watcher.watch == nil {
		t.Fatal("the watch did not start")
	}
	watchRun(t, a, next) // version read; a tick is scheduled
	// Nothing changed: a check reloads nothing.
	_, cmd := a.Update(watchVersion(a.watcher.watch)())
	if got := lazyMessages(cmd); got["creators.pageMsg"] != 0 {
		t.Fatalf("reloaded with nothing new: %v", got)
	}
	// Another writer commits.
	other, err := store.Open(context.Background(), s.Path(), store.Options{Now: rootNow})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	im, err := other.BeginImport(context.Background(), store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := im.NextFile("elsewhere.csv"); err != nil {
		t.Fatal(err)
	}
	f := int64(1234)
	if err := im.Add(outreach.CreatorRow{Line: 2, Creator: outreach.Creator{Handle: "from_elsewhere", Followers: &f}}); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	_, cmd = a.Update(watchVersion(a.watcher.watch)())
	rootSettle(t, a, cmd)
	if v := rootScreen(a); !strings.Contains(v, "from_elsewhere") {
		t.Fatalf("the other writer's creator is not on screen after the check:\n%s", v)
	}
	// A change while typing waits.
	a.Update(tea.KeyPressMsg{Code: '/', Text: "/"})
	if !a.pages[a.active].Typing() {
		t.Skip("the filter key does not focus an input here")
	}
	if _, err := other.SetHeadThreshold(context.Background(), 1000); err != nil {
		t.Fatal(err)
	}
	_, cmd = a.Update(watchVersion(a.watcher.watch)())
	if got := lazyMessages(cmd); got["creators.pageMsg"] != 0 || !a.watcher.pending {
		t.Fatalf("reloaded under the staffer's typing: %v (pending %v)", got, a.watcher.pending)
	}
}

// TestWatchSkipsOwnChanges: after this dashboard's own change (which
// reloads at once) the watch does not reload a second time for it; a
// page that would lose the staffer's place waits.
func TestWatchSkipsOwnChanges(t *testing.T) {
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 120, 40)
	defer a.Close()
	a.watcher.tick = func(*store.Watch) tea.Cmd { return nil }
	rootPress(t, a, "2")
	watchRun(t, a, watchRun(t, a, startWatch(s)))
	pg, err := s.Creators(context.Background(), store.CreatorQuery{Limit: 1})
	if err != nil || len(pg.Creators) == 0 {
		t.Fatalf("no creator in the demo: %v", err)
	}
	h := pg.Creators[0].Handle
	if err := s.AddNote(context.Background(), h, "own change"); err != nil {
		t.Fatal(err)
	}
	a.Update(a.watchSync()()) // what changedMsg batches after its reload
	_, cmd := a.Update(watchVersion(a.watcher.watch)())
	if got := lazyMessages(cmd); got["creators.pageMsg"] != 0 {
		t.Fatalf("reloaded again for its own change: %v", got)
	}
	// Samples scrolled past its first page holds its place.
	rootPress(t, a, "5")
	sm := a.pages[a.active]
	samples.SetCursor(sm, samples.PageRows)
	other, err := store.Open(context.Background(), s.Path(), store.Options{Now: rootNow})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.AddNote(context.Background(), h, "someone else"); err != nil {
		t.Fatal(err)
	}
	_, cmd = a.Update(watchVersion(a.watcher.watch)())
	if got := lazyMessages(cmd); got["samples.shipmentsMsg"] != 0 || !a.watcher.pending {
		t.Fatalf("a deep Samples list reloaded under the staffer: %v (pending %v)", got, a.watcher.pending)
	}
	samples.SetCursor(sm, 0)
	_, cmd = a.Update(watchVersion(a.watcher.watch)())
	if got := lazyMessages(cmd); got["samples.shipmentsMsg"] != 1 {
		t.Fatalf("the waiting change did not reload once back at the top: %v", got)
	}
}
