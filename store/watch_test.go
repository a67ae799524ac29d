package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/transfer"
)

// watchChild opens the database in a process of its own and reads a page
// of creators, then with write adds a note to @anna.
func watchChild(db string, write bool) error {
	ctx := context.Background()
	s, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.Creators(ctx, store.CreatorQuery{Limit: 10}); err != nil {
		return err
	}
	if write {
		return s.AddNote(ctx, "anna", "from another process")
	}
	return nil
}

func TestWatchSeesOtherCommits(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "watch.db")
	open := func() *store.Store {
		s, err := store.Open(ctx, db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	dash, other := open(), open()
	csv := filepath.Join(t.TempDir(), "anna.csv")
	if err := os.WriteFile(csv, []byte("handle\nanna\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := transfer.ImportCreators(ctx, dash, []string{csv}, transfer.ImportOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	w, err := dash.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	last, err := w.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// step does what and checks whether the version moved.
	step := func(what string, changes bool, do func() error) {
		t.Helper()
		if err := do(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		v, err := w.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if moved := v != last; moved != changes {
			t.Errorf("%s: version %d → %d; want a change: %v", what, last, v, changes)
		}
		last = v
	}
	read := func(s *store.Store) func() error {
		return func() error {
			_, err := s.Creators(ctx, store.CreatorQuery{Limit: 10})
			return err
		}
	}
	note := func(s *store.Store, text string) func() error {
		return func() error { return s.AddNote(ctx, "anna", text) }
	}
	child := func(write bool) func() error {
		return func() error {
			mode := "watch-read"
			if write {
				mode = "watch-write"
			}
			helperRun(t, mode, db)
			return nil
		}
	}
	step("nothing", false, func() error { return nil })
	step("a read on the same Store", false, read(dash))
	step("a read on another Store", false, read(other))
	step("a commit by another Store", true, note(other, "from another Store"))
	step("a commit by the same Store", true, note(dash, "from the dashboard"))
	step("a write rolled back", false, func() error {
		_, err := other.MoveStage(ctx, store.Move{Handle: "nobody", To: outreach.Invited})
		if !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("moving nobody: %v", err)
		}
		return nil
	})
	step("another process reading", false, child(false))
	step("a commit by another process", true, child(true))
}

// helperRun runs a helper child to its end.
func helperRun(t *testing.T, mode, db string) {
	t.Helper()
	cmd := helper(mode, "CRASH_DB="+db)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", mode, err, out)
	}
}

// BenchmarkWatchVersion is what a dashboard pays per poll.
func BenchmarkWatchVersion(b *testing.B) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(b.TempDir(), "watch.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	w, err := s.Watch(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	for b.Loop() {
		if _, err := w.Version(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
