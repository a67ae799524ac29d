package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"creatordesk/internal/killtest"
	"creatordesk/internal/privfile"
	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/transfer"
)

// copyChild starts an export or a backup to dest as creatordesk does (on
// the list, then a temporary file beside dest holding creator rows; a
// backup's with SQLite's -journal too), says "writing" and waits to be
// killed.
func copyChild(db, kind, dest string) error {
	s, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		return err
	}
	if err := s.NoteCopy(kind, dest); err != nil {
		return err
	}
	tmp, err := privfile.Create(dest)
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(strings.Repeat("copied_creator,Copied Creator,copied@example.com\r\n", 1000)); err != nil {
		return err
	}
	if kind == store.CopyBackup {
		if err := os.WriteFile(tmp.Name()+"-journal", []byte("journal of copied_creator"), 0o600); err != nil {
			return err
		}
	}
	fmt.Println("writing")
	time.Sleep(time.Hour)
	return errors.New("not killed")
}

// killedCopy runs copyChild to dest and kills it with SIGKILL mid-write;
// it returns the files it left.
func killedCopy(t *testing.T, db, kind, dest string) []string {
	t.Helper()
	res := killtest.Run(t, helper("copy", "CRASH_DB="+db, "CRASH_KIND="+kind, "CRASH_DEST="+dest), "writing", 0)
	if !res.Killed {
		t.Fatalf("the %s was not killed", kind)
	}
	left, err := filepath.Glob(filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".*"))
	if err != nil {
		t.Fatal(err)
	}
	want := 1
	if kind == store.CopyBackup {
		want = 2
	}
	if len(left) != want {
		t.Fatalf("test is blind: the killed %s left %q", kind, left)
	}
	return left
}

// A kill -9 during an export or a backup leaves its temporary file (and a
// backup's -journal) full of creator data. The next export, backup or
// forget removes them, wherever they were written, while the temporary
// file of an export still running is left alone.
func TestKilledCopiesAreRemovedNextTime(t *testing.T) {
	ctx := context.Background()
	for _, next := range []string{"export", "backup", "forget"} {
		t.Run(next, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "data", "c.db")
			s, err := store.Open(ctx, db, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			im, err := s.BeginImport(ctx, store.ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if err := im.NextFile("t.csv"); err != nil {
				t.Fatal(err)
			}
			for i, h := range []string{"someone", "someone_else"} {
				if err := im.Add(outreach.CreatorRow{Line: i + 2, Creator: outreach.Creator{Handle: h}}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := im.Commit(); err != nil {
				t.Fatal(err)
			}
			exports, backups := filepath.Join(dir, "exports"), filepath.Join(dir, "backups")
			os.Mkdir(exports, 0o700)
			os.Mkdir(backups, 0o700)
			left := append(killedCopy(t, db, store.CopyExport, filepath.Join(exports, "e.csv")),
				killedCopy(t, db, store.CopyBackup, filepath.Join(backups, "b.db"))...)
			slices.Sort(left)
			// An export still running, in this process, to the same file.
			live, err := privfile.Create(filepath.Join(exports, "e.csv"))
			if err != nil {
				t.Fatal(err)
			}
			defer live.Abort()

			var removed []string
			switch next {
			case "export":
				_, err = transfer.ExportPartnersFile(ctx, s, store.PartnerQuery{}, "csv", filepath.Join(dir, "other.csv"), time.UTC, false)
			case "backup":
				err = s.Backup(ctx, filepath.Join(dir, "other.db"), false)
			case "forget":
				var res store.ForgetResult
				res, err = s.Forget(ctx, "someone")
				removed = res.Removed
				if !slices.Equal(removed, left) {
					t.Errorf("forget says it removed %q, want %q", removed, left)
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range left {
				if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("%s is still there after the next %s: %v", p, next, err)
				}
			}
			if _, err := os.Stat(live.Name()); err != nil {
				t.Errorf("the running export's temporary file was removed: %v", err)
			}
		})
	}
}

// Exports and backups go on the list beside the database (0600, one JSON
// line each), and Copies names those still there, newest first, once per
// path.
func TestCopiesList(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	s, err := store.Open(ctx, filepath.Join(dir, "c.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	export := filepath.Join(dir, "e.csv")
	backup := filepath.Join(dir, "b.db")
	if _, err := transfer.ExportPartnersFile(ctx, s, store.PartnerQuery{}, "csv", export, time.UTC, false); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	if err := s.Backup(ctx, backup, false); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	if _, err := transfer.ExportPartnersFile(ctx, s, store.PartnerQuery{}, "csv", filepath.Join(dir, "gone.csv"), time.UTC, false); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "gone.csv"))
	now = now.Add(time.Hour)
	// Again to the same file: one entry, the later time.
	if _, err := transfer.ExportPartnersFile(ctx, s, store.PartnerQuery{}, "json", export, time.UTC, false); err != nil {
		t.Fatal(err)
	}
	copies, err := s.Copies()
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Copy{
		{Path: export, Kind: store.CopyExport, At: now},
		{Path: backup, Kind: store.CopyBackup, At: now.Add(-2 * time.Hour)},
	}
	if !slices.EqualFunc(copies, want, func(a, b store.Copy) bool { return a.Path == b.Path && a.Kind == b.Kind && a.At.Equal(b.At) }) {
		t.Errorf("copies %+v\nwant %+v", copies, want)
	}
	list := filepath.Join(dir, "c.db-copies")
	st, err := os.Stat(list)
	if err != nil || st.Mode().Perm() != privfile.Mode {
		t.Fatalf("list of copies: %v, %v", st, err)
	}
	data, _ := os.ReadFile(list)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	for _, l := range lines {
		var c store.Copy
		if err := json.Unmarshal([]byte(l), &c); err != nil || c.Path == "" {
			t.Errorf("line %q: %v", l, err)
		}
	}
	if len(lines) != 4 {
		t.Errorf("%d lines, want 4:\n%s", len(lines), data)
	}
	// A line cut short by a crash is skipped.
	f, _ := os.OpenFile(list, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"path":"/half`)
	f.Close()
	if again, err := s.Copies(); err != nil || len(again) != 2 {
		t.Errorf("after a torn line: %+v, %v", again, err)
	}
}

// No export or backup is written over the database, its -wal, -shm or
// -journal, the configuration or the list of copies, under any name that
// reaches the same file (a symlink, a hard link, a symlinked directory),
// and not even when told to replace.
func TestCopiesNeverOverwriteOwnFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	config := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(config, []byte("currency = \"USD\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(ctx, db, store.Options{Config: config})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Backup(ctx, filepath.Join(dir, "first.db"), false); err != nil { // makes the list
		t.Fatal(err)
	}
	link := func(old, name string, hard bool) string {
		p := filepath.Join(dir, name)
		mk := os.Symlink
		if hard {
			mk = os.Link
		}
		if err := mk(old, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sub := link(".", "same-dir", false)
	targets := map[string]string{
		db:                                     "the database itself",
		db + "-wal":                            "the database's -wal file",
		db + "-shm":                            "the database's -shm file",
		db + "-journal":                        "the database's -journal file",
		db + "-copies":                         "creatordesk's list of exports and backups",
		db + "-writer":                         "the database's -writer file",
		config:                                 "the configuration file",
		link(db, "symlink.csv", false):         "the database itself",
		link(db, "hardlink.csv", true):         "the database itself",
		link(config, "config-link", false):     "the configuration file",
		filepath.Join(sub, "f.db"):             "the database itself",
		filepath.Join(sub, "f.db-journal"):     "the database's -journal file",
		filepath.Join(dir, ".", "config.toml"): "the configuration file",
	}
	before, _ := os.ReadFile(config)
	for path, what := range targets {
		for _, replace := range []bool{false, true} {
			_, err := transfer.ExportPartnersFile(ctx, s, store.PartnerQuery{}, "csv", path, time.UTC, replace)
			if err == nil || !strings.Contains(err.Error(), path+" is "+what) {
				t.Errorf("export to %s (replace %v): %v, want %q", path, replace, err, what)
			}
			err = s.Backup(ctx, path, replace)
			if err == nil || !strings.Contains(err.Error(), path+" is "+what) {
				t.Errorf("backup to %s (replace %v): %v, want %q", path, replace, err, what)
			}
		}
	}
	if _, err := os.Stat(db + "-journal"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a -journal was made beside the database: %v", err)
	}
	if after, _ := os.ReadFile(config); string(after) != string(before) {
		t.Errorf("configuration changed: %q", after)
	}
	if err := s.Backup(ctx, filepath.Join(dir, "second.db"), false); err != nil {
		t.Errorf("the database after the refusals: %v", err)
	}
	if n, err := s.CountCreators(ctx); err != nil || n.Total != 0 {
		t.Errorf("the database after the refusals: %+v, %v", n, err)
	}
	if other := s.OwnFile(filepath.Join(dir, "first.db")); other != "" {
		t.Errorf("a backup taken for %s", other)
	}
}

// The list of copies is read and written only as a file of its own: a
// symlink planted in its place is not written through (nor its target's
// mode changed), and a named pipe neither blocks an export or forget nor
// receives a line.
func TestCopiesListIsOnlyAFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	s, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list := db + "-copies"
	export := filepath.Join(dir, "e.csv")

	victim := filepath.Join(dir, "victim.txt")
	if err := os.WriteFile(victim, []byte("precious\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(victim, 0o644)
	if err := os.Symlink(victim, list); err != nil {
		t.Fatal(err)
	}
	_, err = transfer.ExportPartnersFile(ctx, s, store.PartnerQuery{}, "csv", export, time.UTC, false)
	if err == nil || !strings.Contains(err.Error(), list+" is not a plain file") {
		t.Errorf("export with the list a symlink: %v", err)
	}
	if err := s.Backup(ctx, filepath.Join(dir, "b.db"), false); err == nil {
		t.Errorf("backup with the list a symlink: no error")
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious\n" {
		t.Errorf("written through the symlink: %q", b)
	}
	if st, _ := os.Stat(victim); st.Mode().Perm() != 0o644 {
		t.Errorf("the symlink's target is now %v", st.Mode().Perm())
	}
	if _, err := s.Copies(); err == nil {
		t.Errorf("Copies read the list through a symlink")
	}

	os.Remove(list)
	if err := syscall.Mkfifo(list, 0o600); err != nil {
		t.Fatal(err)
	}
	// A reader on the pipe, so that writing to it would not block: a line
	// written through is then seen here.
	pipe, err := os.OpenFile(list, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer pipe.Close()
	// Each call must return: the list is read and written on this
	// goroutine's behalf, and a hang fails the test instead of stalling it.
	returns := func(what string, fn func() error) error {
		done := make(chan error, 1)
		go func() { done <- fn() }()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			t.Fatalf("%s is still waiting on the named pipe after 10 s", what)
			return nil
		}
	}
	err = returns("export", func() error {
		_, err := transfer.ExportPartnersFile(ctx, s, store.PartnerQuery{}, "csv", export, time.UTC, false)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), list+" is not a plain file") {
		t.Errorf("export with the list a named pipe: %v", err)
	}
	if n, _ := pipe.Read(make([]byte, 4096)); n > 0 {
		t.Errorf("an export wrote %d bytes into the named pipe", n)
	}
	err = returns("Copies", func() error { _, err := s.Copies(); return err })
	if err == nil || !strings.Contains(err.Error(), list+" is not a plain file") {
		t.Errorf("Copies with the list a named pipe: %v", err)
	}

}

// A line of the list too long to be one (the zeros a crash can leave) is
// skipped like a torn line: the copies after it are still named.
func TestCopiesListSkipsAnOverlongLine(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	s, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list := db + "-copies"
	export := filepath.Join(dir, "e.csv")
	if _, err := transfer.ExportPartnersFile(ctx, s, store.PartnerQuery{}, "csv", export, time.UTC, false); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(list, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(make([]byte, 2<<20))
	f.WriteString("\n")
	f.Close()
	if err := s.Backup(ctx, filepath.Join(dir, "b.db"), false); err != nil {
		t.Fatal(err)
	}
	copies, err := s.Copies()
	if err != nil || len(copies) != 2 {
		t.Errorf("after a 2 MiB line: %+v, %v", copies, err)
	}
}

// The database a restore replaces is kept beside it with every creator
// in it, as a backup is: forget names it among the copies that may still
// hold the creator, whether the replaced database could be read or not.
func TestForgetNamesWhatRestoreKept(t *testing.T) {
	ctx := context.Background()
	for _, replaced := range []string{"readable", "unreadable"} {
		t.Run(replaced, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "c.db")
			s, err := store.Open(ctx, db, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			im, err := s.BeginImport(ctx, store.ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if err := im.NextFile("t.csv"); err != nil {
				t.Fatal(err)
			}
			if err := im.Add(outreach.CreatorRow{Line: 2, Creator: outreach.Creator{Handle: "someone"}}); err != nil {
				t.Fatal(err)
			}
			if _, err := im.Commit(); err != nil {
				t.Fatal(err)
			}
			backup := filepath.Join(dir, "b.db")
			if err := s.Backup(ctx, backup, false); err != nil {
				t.Fatal(err)
			}
			s.Close()
			if replaced == "unreadable" {
				os.Remove(db + "-wal")
				os.Remove(db + "-shm")
				if err := os.WriteFile(db, []byte(strings.Repeat("someone's details, not a database\n", 200)), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			res, err := store.Restore(ctx, db, backup, store.Options{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(res.Kept); err != nil {
				t.Fatalf("test is blind: restore kept %q: %v", res.Kept, err)
			}
			s, err = store.Open(ctx, db, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			got, err := s.Forget(ctx, "someone")
			if err != nil {
				t.Fatal(err)
			}
			var named []string
			for _, c := range got.Copies {
				named = append(named, c.Path)
			}
			if !slices.Contains(named, res.Kept) {
				t.Errorf("forget names %q, not the database restore kept, %s", named, res.Kept)
			}
		})
	}
}
