package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

// A restore carries over from the database it replaces what became of
// each message the backup has waiting: sent (with its time, the pipeline
// moved and no second follow-up), maybe sent, skipped; it counts what
// left after the backup was made, and holds back messages to creators
// forgotten since.
func TestRestoreCarriesOverWhatLeft(t *testing.T) { restoreCarriesOver(t, false) }

// The database a restore replaces may be one the previous release wrote,
// with the tables as it named them (collabs, collab_id before migration
// 15): it is read as it is, not taken for unreadable.
func TestRestoreCarriesOverFromAnOlderDatabase(t *testing.T) { restoreCarriesOver(t, true) }

func restoreCarriesOver(t *testing.T, older bool) {
	ctx := context.Background()
	handles := []string{"ann", "bo", "cy", "dee", "eve", "fay"}
	var creators []outreach.Creator
	for _, h := range handles {
		creators = append(creators, sndCreator(h, h+"@example.com"))
	}
	s, c := sndSetup(t, Options{Email: true}, creators...)
	sndQueue(t, s, QueueRequest{Handles: handles, Approve: true})
	backup := filepath.Join(t.TempDir(), "b.db")
	if err := s.Backup(ctx, backup, false); err != nil {
		t.Fatal(err)
	}

	// After the backup: ann sent, bo cut off mid-hand-over (sending), cy
	// unknown, dee skipped, eve forgotten, fay left waiting; gus arrives
	// and is sent an invitation the backup never had.
	c.t = t0.Add(time.Hour)
	run, _, err := s.StartSendRun(ctx, "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct {
		handle  string
		outcome Outcome
	}{{"ann", OutcomeSent}, {"bo", ""}, {"cy", OutcomeUnknown}} {
		o, err := run.Claim(ctx, outreach.Quota{})
		if err != nil || o.Handle != want.handle {
			t.Fatalf("claimed @%s, %v; want @%s", o.Handle, err, want.handle)
		}
		if want.outcome != "" {
			if err := run.Finish(ctx, o.ID, want.outcome, "cut off"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := run.End(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.SetInvitationStatus(ctx, sndLast(t, s, "dee").ID, outreach.InvitationSkipped); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Forget(ctx, "eve"); err != nil {
		t.Fatal(err)
	}
	importRows(t, s, ImportOptions{}, outreach.CreatorRow{Line: 2, Creator: sndCreator("gus", "gus@example.com")})
	sndQueue(t, s, QueueRequest{Handles: []string{"gus"}, Approve: true})
	if err := s.MarkSent(ctx, sndLast(t, s, "gus").ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if older {
		db, err := sql.Open("sqlite", dsn(s.Path(), ""))
		if err != nil {
			t.Fatal(err)
		}
		undoQueuePaging(t, db)
		if _, err := db.Exec("PRAGMA user_version = 13"); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}

	c.t = t0.Add(2 * time.Hour)
	res, err := Restore(ctx, s.Path(), backup, Options{Now: c.now, Email: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Sent != 1 || res.MaybeSent != 2 || res.Closed != 1 || res.After != 1 || res.Due != 1 ||
		res.Absent != 1 || strings.Join(res.AbsentHandles, ",") != "eve" || res.AbsentMessages != 1 || res.Missing || res.Unreadable != "" {
		t.Errorf("result %+v", res)
	}
	r, err := Open(ctx, s.Path(), Options{Now: c.now, Email: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	invs := sndInvs(t, r, "ann")
	if len(invs) != 1 || invs[0].Status != outreach.InvitationSent || !invs[0].SentAt.Equal(t0.Add(time.Hour)) || invs[0].Stage != outreach.Invited {
		t.Errorf("ann: %+v; want one invitation, sent at %v, the pipeline at invited", invs, t0.Add(time.Hour))
	}
	for h, want := range map[string]struct {
		status outreach.InvitationStatus
		reason string
	}{
		"bo":  {outreach.InvitationUnknown, reasonRestoredSending},
		"cy":  {outreach.InvitationUnknown, "cut off"},
		"dee": {outreach.InvitationSkipped, "skipped by hand"},
		"eve": {outreach.InvitationUnknown, "@eve was not in the database the restore replaced"},
		"fay": {outreach.InvitationApproved, ""},
	} {
		if inv := sndLast(t, r, h); inv.Status != want.status || !strings.HasPrefix(inv.Reason, want.reason) {
			t.Errorf("%s: %s %q; want %s %q", h, inv.Status, inv.Reason, want.status, want.reason)
		}
	}
	due, _, err := r.EmailDue(ctx, outreach.Quota{}, c.t, 10)
	if err != nil || len(due) != 1 || due[0].Handle != "fay" {
		t.Errorf("due after the restore: %+v, %v; want fay's alone", due, err)
	}
	if _, err := r.Creator(ctx, "gus"); !errors.Is(err, ErrNotFound) {
		t.Errorf("gus, who is not in the backup: %v", err)
	}
	kept, err := Open(ctx, res.Kept, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer kept.Close()
	if inv := sndInvs(t, kept, "gus")[0]; inv.Status != outreach.InvitationSent {
		t.Errorf("the kept database: gus's invitation %s, want sent", inv.Status)
	}
	wantMode(t, res.Kept, 0o600)
}

// Restore refuses while another connection has the database open, or a
// sender another host runs holds the send queue; nothing changes.
func TestRestoreRefusesWhileInUse(t *testing.T) {
	ctx := context.Background()
	s, c := sndSetup(t, Options{}, sndCreator("ann", "ann@example.com"))
	backup := filepath.Join(t.TempDir(), "b.db")
	if err := s.Backup(ctx, backup, false); err != nil {
		t.Fatal(err)
	}
	_, err := Restore(ctx, s.Path(), backup, Options{Now: c.now}, nil)
	var inUse *InUseError
	if !errors.As(err, &inUse) || !strings.Contains(err.Error(), "quit it") {
		t.Fatalf("restore with the database open: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(s.Path()))
	for _, e := range entries {
		switch strings.TrimPrefix(e.Name(), filepath.Base(s.Path())) {
		case "", "-wal", "-shm", "-copies": // -copies lists the backup made above
		default:
			t.Errorf("the database's directory holds %s after a refused restore", e.Name())
		}
	}
	if _, err := s.db.Exec("INSERT INTO settings (key, value) VALUES (?, ?)",
		settingSendRun, "pid 1 on elsewhere\n"+strconv.FormatInt(c.t.Unix(), 10)); err != nil {
		t.Fatalf("the database after a refused restore: %v", err)
	}
	s.Close()
	_, err = Restore(ctx, s.Path(), backup, Options{Now: c.now}, func(string) bool { return true })
	var running *ErrSendRunning
	if !errors.As(err, &running) || running.Owner != "pid 1 on elsewhere" {
		t.Fatalf("restore while a sender holds the queue: %v", err)
	}
	if _, err := Restore(ctx, s.Path(), backup, Options{Now: c.now}, func(string) bool { return false }); err != nil {
		t.Fatalf("restore once the sender is gone: %v", err)
	}
}

// A backup that is damaged, from a newer creatordesk or no database is
// refused; an older one is brought up to date; with no database to replace
// a stray -wal is set aside, not replayed onto the backup.
func TestRestoreChecksTheBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "data", "c.db")
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	old := filepath.Join(dir, "old.db")
	if err := prepareFile(old); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", dsn(old, ""))
	if err != nil {
		t.Fatal(err)
	}
	if err := (&Store{db: db, now: time.Now}).migrateTo(ctx, 9); err != nil {
		t.Fatal(err)
	}
	db.Exec("PRAGMA journal_mode = DELETE")
	db.Close()
	good, err := os.ReadFile(old)
	if err != nil {
		t.Fatal(err)
	}
	damaged := append([]byte(nil), good...)
	for i := 4096; i < len(damaged); i += 7 { // every page after the first
		damaged[i] = 0xA5
	}
	newer := filepath.Join(dir, "newer.db")
	nd, _ := sql.Open("sqlite", newer)
	nd.Exec("CREATE TABLE t (x); PRAGMA user_version = 999")
	nd.Close()
	for _, tc := range []struct{ backup, want string }{
		{write("damaged.db", damaged), "is damaged (integrity check: "},
		{newer, "was made by a newer creatordesk (schema 999"},
		{write("notes.txt", []byte("not a database, only some text that is long enough to have a header")), "cannot be read as a database"},
		{filepath.Join(dir, "missing.db"), "cannot read the backup"},
	} {
		if _, err := Restore(ctx, path, tc.backup, Options{}, nil); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v; want an error saying %q", filepath.Base(tc.backup), err, tc.want)
		}
		if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 0 {
			t.Errorf("%s: the database's directory holds %d files after a refused restore", filepath.Base(tc.backup), len(entries))
		}
	}

	write(filepath.Join("data", "c.db-wal"), []byte("a log left by a database deleted by hand"))
	res, err := Restore(ctx, path, old, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Missing || res.UpgradedFrom != 9 || !strings.HasSuffix(res.Kept, "-wal") {
		t.Errorf("result %+v", res)
	}
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the stray -wal is still beside the database: %v", err)
	}
	r, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if v, err := schemaVersion(ctx, r.db); err != nil || v != SchemaVersion() {
		t.Errorf("restored schema %d, %v; want %d", v, err, SchemaVersion())
	}
	if got, err := os.ReadFile(old); err != nil || string(got) != string(good) {
		t.Errorf("the backup itself changed (%v)", err)
	}
}

// Restore refuses a backup of another database: two databases that import
// the same list and queue in the same second give their messages the same
// ids and Message-IDs, so carrying over would mark the wrong ones sent.
func TestRestoreRefusesAnotherDatabasesBackup(t *testing.T) {
	ctx := context.Background()
	a, c := sndSetup(t, Options{}, sndCreator("ann", "ann@example.com"))
	b, _ := sndSetup(t, Options{}, sndCreator("ann", "ann@example.com"))
	backup := filepath.Join(t.TempDir(), "a-backup.db")
	if err := a.Backup(ctx, backup, false); err != nil {
		t.Fatal(err)
	}
	same := filepath.Join(t.TempDir(), "b-backup.db")
	if err := b.Backup(ctx, same, false); err != nil {
		t.Fatal(err)
	}
	path := b.Path()
	b.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Restore(ctx, path, backup, Options{Now: c.now}, nil)
	var other *OtherDatabaseError
	if !errors.As(err, &other) {
		t.Fatalf("restoring another database's backup: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the refused restore changed the database")
	}
	if _, err := Restore(ctx, path, same, Options{Now: c.now}, nil); err != nil {
		t.Fatalf("restoring the database's own backup: %v", err)
	}
}
