package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"creatordesk/outreach"
)

// oldDatabase makes a database at schema version v.
func oldDatabase(t *testing.T, v int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	if err := prepareFile(path); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", dsn(path, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := &Store{db: db, path: path, now: time.Now}
	if err := s.migrateTo(context.Background(), v); err != nil {
		t.Fatalf("to %d: %v", v, err)
	}
	return path
}

// TestOpenOlderDatabaseAtOnce: several connections opening an older
// database at the same moment all succeed, and each migration runs once
// (before, the loser failed with "table creators_search already exists").
func TestOpenOlderDatabaseAtOnce(t *testing.T) {
	ctx := context.Background()
	for _, from := range []int{1, 6, 8} {
		for round := range 5 {
			path := oldDatabase(t, from)
			var wg sync.WaitGroup
			start := make(chan struct{})
			errs := make(chan error, 6)
			for range 6 {
				wg.Go(func() {
					<-start
					s, err := Open(ctx, path, Options{})
					if err != nil {
						errs <- err
						return
					}
					s.Close()
				})
			}
			close(start)
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Errorf("from version %d, round %d: %v", from, round, err)
			}
			s, err := Open(ctx, path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if v, _ := schemaVersion(ctx, s.db); v != SchemaVersion() {
				t.Errorf("from %d: version %d, want %d", from, v, SchemaVersion())
			}
			var n int
			s.db.QueryRow("SELECT COUNT(*) FROM campaigns WHERE name_key = 'default'").Scan(&n)
			if n != 1 {
				t.Errorf("from %d: %d default campaigns", from, n)
			}
			s.Close()
		}
	}
}

// TestOpenWritesNothing: opening a database that is up to date takes no
// write lock, so it succeeds while another connection holds it.
func TestOpenWritesNothing(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	path := s.Path()
	im, err := s.BeginImport(ctx, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer im.Rollback()
	opened := make(chan error, 1)
	go func() {
		r, err := Open(ctx, path, Options{})
		if err == nil {
			_, err = r.CountCreators(ctx)
			r.Close()
		}
		opened <- err
	}()
	select {
	case err := <-opened:
		if err != nil {
			t.Fatalf("open and read while an import holds the database: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("open waited for the import's write lock")
	}
}

// TestDryRunTakesNoWriteLock: a dry-run import counts while another
// import holds the write lock, and what it counts is what the real import
// then does.
func TestDryRunTakesNoWriteLock(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	rows := []outreach.CreatorRow{
		{Line: 2, Creator: outreach.Creator{Handle: "dry_a", Followers: ptr(int64(10))}},
		{Line: 3, Creator: outreach.Creator{Handle: "dry_b", Followers: ptr(int64(900_000))}},
		{Line: 4, Creator: outreach.Creator{Handle: "dry_a", Followers: ptr(int64(12))}},
	}
	holder, err := s.BeginImport(ctx, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	other, err := Open(ctx, s.Path(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	counted := make(chan ImportResult, 1)
	failed := make(chan error, 1)
	go func() {
		im, err := other.BeginImport(ctx, ImportOptions{DryRun: true, Campaign: "Dry"})
		if err != nil {
			failed <- err
			return
		}
		if err := im.NextFile("f.csv"); err != nil {
			failed <- err
			return
		}
		for _, r := range rows {
			if err := im.Add(r); err != nil {
				failed <- err
				return
			}
		}
		res, err := im.Rollback()
		if err != nil {
			failed <- err
			return
		}
		counted <- res
	}()
	var dry ImportResult
	select {
	case dry = <-counted:
	case err := <-failed:
		t.Fatalf("dry run while another import holds the database: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the dry run waited for the write lock")
	}
	holder.Rollback()
	want := ImportResult{New: 2, Duplicates: 1, Pipelines: 2, CreatedCampaigns: []string{"Dry"}}
	if !reflect.DeepEqual(dry, want) {
		t.Errorf("dry run counted %+v, want %+v", dry, want)
	}
	im, err := s.BeginImport(ctx, ImportOptions{Campaign: "Dry"})
	if err != nil {
		t.Fatal(err)
	}
	if err := im.NextFile("f.csv"); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := im.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	real, err := im.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(real, dry) {
		t.Errorf("the import did %+v, its dry run said %+v", real, dry)
	}
}

func ptr[T any](v T) *T { return &v }

// TestOpenWaitsOutAnExclusiveHolder: a reader opening the database while a
// restore holds it exclusively (for a few seconds) waits, and says what it
// waits for, instead of failing with "database is locked".
func TestOpenWaitsOutAnExclusiveHolder(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	path := s.Path()
	s.Close()
	held, err := sql.Open("sqlite", "file:"+path+"?_pragma=locking_mode(EXCLUSIVE)")
	if err != nil {
		t.Fatal(err)
	}
	held.SetMaxOpenConns(1)
	var n int
	if err := held.QueryRow("SELECT COUNT(*) FROM creators").Scan(&n); err != nil {
		t.Fatal(err)
	}
	release := announce(path, "a restore")
	go func() {
		time.Sleep(time.Second) // longer than the busy timeout
		release()
		held.Close()
	}()
	var heard []string
	r, err := Open(ctx, path, Options{Waiting: func(h string) { heard = append(heard, h) }})
	if err != nil {
		t.Fatalf("open while a restore holds the database: %v", err)
	}
	defer r.Close()
	if _, err := r.CountCreators(ctx); err != nil {
		t.Fatal(err)
	}
	if len(heard) != 1 || !strings.HasPrefix(heard[0], "a restore (pid ") {
		t.Errorf("the open heard %q, want one wait for a restore", heard)
	}
}
