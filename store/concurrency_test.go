package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/transfer"
)

// Several at once: dashboards (Stores) and an import on one file, in one
// process or several. Every write waits its turn (BEGIN IMMEDIATE and the
// busy timeout): none may fail for the lock, and none may be lost.

const (
	movers    = 60 // creators at invited that both dashboards move
	noted     = 2  // creators both dashboards add notes to, so that they collide
	dashNotes = 120
)

// dashboardStage is where dashboard name moves the movers: from invited
// either move is allowed, and so is the other one after it.
func dashboardStage(name string) outreach.Stage {
	if name == "A" {
		return outreach.Replied
	}
	return outreach.Declined
}

// dashboardWork is what a dashboard does: moves every mover to its stage,
// adds notes "NAME-i" round the noted creators, reading a page of
// creators and a funnel between writes. It returns the longest a write
// waited.
func dashboardWork(ctx context.Context, s *store.Store, name string) (time.Duration, error) {
	to := dashboardStage(name)
	var slowest time.Duration
	write := func(fn func() error) error {
		start := time.Now()
		err := fn()
		slowest = max(slowest, time.Since(start))
		return err
	}
	for i := range max(movers, dashNotes) {
		if i < movers {
			h := fmt.Sprintf("m%03d", i)
			if err := write(func() error {
				_, err := s.MoveStage(ctx, store.Move{Handle: h, Campaign: "Glow", To: to, Source: "dashboard " + name})
				return err
			}); err != nil {
				return slowest, fmt.Errorf("%s: move @%s to %s: %w", name, h, to, err)
			}
		}
		if i < dashNotes {
			if err := write(func() error {
				return s.AddNote(ctx, fmt.Sprintf("n%03d", i%noted), fmt.Sprintf("%s-%d", name, i))
			}); err != nil {
				return slowest, fmt.Errorf("%s: note %d: %w", name, i, err)
			}
		}
		if _, err := s.Creators(ctx, store.CreatorQuery{Campaign: "Glow", Limit: 50}); err != nil {
			return slowest, fmt.Errorf("%s: list: %w", name, err)
		}
		if _, err := s.Funnel(ctx, "Glow"); err != nil {
			return slowest, fmt.Errorf("%s: funnel: %w", name, err)
		}
	}
	return slowest, nil
}

// dashboardChild is a dashboard in a process of its own; it says how long
// its slowest write waited.
func dashboardChild(db, name string) error {
	ctx := context.Background()
	s, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	slowest, err := dashboardWork(ctx, s, name)
	fmt.Println(slowest)
	return err
}

// severalSetup makes a database with the movers at invited and the noted
// creators in campaign Glow.
func severalSetup(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("handle,followers,stage\n")
	for i := range movers {
		fmt.Fprintf(&b, "m%03d,%d,invited\n", i, 1000+i)
	}
	for i := range noted {
		fmt.Fprintf(&b, "n%03d,%d,prospect\n", i, 1000+i)
	}
	csv := filepath.Join(dir, "start.csv")
	if err := os.WriteFile(csv, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "several.db")
	s, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sum, err := transfer.ImportCreators(context.Background(), s, []string{csv}, transfer.ImportOptions{Campaign: "Glow"}, nil)
	if err != nil || sum.New != movers+noted {
		t.Fatalf("%s, %v", sum.Line(), err)
	}
	return dir, db
}

// importSeveral imports that many new files into db, one after the other,
// and returns them, for checkImport.
func importSeveral(dir, db string, files int) (map[string]bool, error) {
	ctx := context.Background()
	s, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	done := map[string]bool{}
	for n := range files {
		f, err := makeImportFile(dir, n)
		if err != nil {
			return done, err
		}
		if _, err := transfer.ImportCreators(ctx, s, []string{f}, transfer.ImportOptions{Campaign: "Crash"}, nil); err != nil {
			return done, err
		}
		done[fmt.Sprintf("f%05d", n)] = true
	}
	return done, nil
}

// severalFiles is how many files an import brings while the dashboards work.
const severalFiles = 4

// checkSeveral fails unless both dashboards' moves of each mover are in
// its log, the second from where the first left it and the pipeline where
// the second put it, and every note of both is there once.
func checkSeveral(t *testing.T, db string) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range movers {
		h := fmt.Sprintf("m%03d", i)
		events, _, err := s.Events(ctx, h, 0, 10) // newest first
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 3 {
			t.Fatalf("@%s has %d events, want the import's and both moves: %+v", h, len(events), events)
		}
		last, first := events[0], events[1]
		if first.From != outreach.Invited || last.From != first.To || first.To == last.To ||
			(first.To != outreach.Replied && first.To != outreach.Declined) || (last.To != outreach.Replied && last.To != outreach.Declined) {
			t.Errorf("@%s moves: %s → %s, then %s → %s", h, first.From, first.To, last.From, last.To)
		}
		page, err := s.Creators(ctx, store.CreatorQuery{Search: h, Campaign: "Glow", Limit: 1})
		if err != nil || len(page.Stages) != 1 {
			t.Fatalf("@%s: %v", h, err)
		}
		if page.Stages[0] != last.To {
			t.Errorf("@%s is at %s; the last move was to %s", h, page.Stages[0], last.To)
		}
	}
	seen := map[string]int{}
	for i := range noted {
		c, err := s.Creator(ctx, fmt.Sprintf("n%03d", i))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(c.Notes, "\n") {
			_, note, _ := strings.Cut(line, " ")
			seen[note]++
		}
	}
	for _, name := range []string{"A", "B"} {
		for i := range dashNotes {
			if n := seen[fmt.Sprintf("%s-%d", name, i)]; n != 1 {
				t.Errorf("note %s-%d is there %d times", name, i, n)
			}
		}
	}
}

// TestSeveralStoresAtOnce runs two dashboards and an import at once in
// this process, each on its own Store.
func TestSeveralStoresAtOnce(t *testing.T) {
	dir, db := severalSetup(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	var slowest [2]time.Duration
	var errs [3]error
	for i, name := range []string{"A", "B"} {
		s, err := store.Open(ctx, db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		wg.Go(func() { slowest[i], errs[i] = dashboardWork(ctx, s, name) })
	}
	var files map[string]bool
	wg.Go(func() { files, errs[2] = importSeveral(dir, db, severalFiles) })
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	t.Logf("the slowest dashboard writes waited %v and %v", slowest[0], slowest[1])
	checkSeveral(t, db)
	checkImport(t, db, files)
}

// TestSeveralProcessesAtOnce runs the two dashboards as processes of
// their own while this one imports.
func TestSeveralProcessesAtOnce(t *testing.T) {
	dir, db := severalSetup(t)
	var wg sync.WaitGroup
	for _, name := range []string{"A", "B"} {
		cmd := helper("dashboard", "CRASH_DB="+db, "CRASH_NAME="+name)
		wg.Go(func() {
			// Not killtest.Run: it would end the test from this goroutine.
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("dashboard %s: %v\n%s", name, err, out)
			}
			t.Logf("dashboard %s: the slowest write waited %s", name, strings.TrimSpace(string(out)))
		})
	}
	files, err := importSeveral(dir, db, severalFiles)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	checkSeveral(t, db)
	checkImport(t, db, files)
}

// TestWriteWaitsOutALongImport: a dashboard's write waits for an import
// however long its transaction holds the database, rather than failing
// with "database is locked" when SQLite's busy timeout runs out. The
// timeout is 10 s and a file of a million creators is one transaction of
// about 45 s; here the dashboard's timeout is cut to 100 ms and the import
// holds the database for 500 ms.
func TestWriteWaitsOutALongImport(t *testing.T) {
	_, db := severalSetup(t)
	ctx := context.Background()
	// The dashboard's connections are the ones with synchronous FULL.
	connPragma(t, db, "synchronous(FULL)", "busy_timeout = 100")
	dash, err := store.Open(ctx, db, store.Options{Synchronous: "FULL"})
	if err != nil {
		t.Fatal(err)
	}
	defer dash.Close()
	s, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	im, err := s.BeginImport(ctx, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- dash.AddNote(ctx, "n000", "while an import runs") }()
	time.Sleep(500 * time.Millisecond)
	if _, err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	err = <-done
	if err != nil {
		t.Fatalf("a write while an import held the database: %v", err)
	}
}
