package privfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"syscall"
	"testing"
)

func TestCommitReplacesAndAbortLeavesNothing(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	dir := t.TempDir()
	dest := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(dest, []byte("before"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Aborted: the file there before is untouched and no temporary is left.
	f, err := Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("half")
	f.Abort()
	f.Abort() // twice is fine
	if b, _ := os.ReadFile(dest); string(b) != "before" {
		t.Fatalf("after Abort: %q", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("after Abort the directory holds %d files", len(ents))
	}
	// Committed: replaced whole, 0600 whatever the umask, nothing else.
	f, err = Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort() // a no-op after Commit
	f.WriteString("after")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(dest)
	if err != nil || st.Mode().Perm() != Mode {
		t.Fatalf("dest %v, %v", st.Mode(), err)
	}
	if b, _ := os.ReadFile(dest); string(b) != "after" {
		t.Fatalf("after Commit: %q", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("after Commit the directory holds %d files", len(ents))
	}
	// A directory that is not there: Create says so, nothing is made.
	if _, err := Create(filepath.Join(dir, "missing", "x.csv")); err == nil {
		t.Fatal("created in a missing directory")
	}
}

// deadPID is the pid of a process that has ended and been reaped.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// A write killed mid-way leaves its temporary file (and, for a backup,
// SQLite's -journal beside it); the next RemoveStale removes those of
// dead processes only.
func TestRemoveStaleLeavesLiveWriters(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "e.csv")
	live, err := Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Abort()
	dead := filepath.Join(dir, fmt.Sprintf(".e.csv.%d-%s-4242.tmp", deadPID(t), hostTag()))
	keep := []string{
		live.Name(),
		filepath.Join(dir, "e.csv"),
		filepath.Join(dir, ".e.csv.4242.tmp"), // an older version's: no process named
		filepath.Join(dir, fmt.Sprintf(".e.csv.%d-0badc0de-7.tmp", deadPID(t))),          // another host's
		filepath.Join(dir, fmt.Sprintf(".other.csv.%d-%s-7.tmp", deadPID(t), hostTag())), // another file's
	}
	gone := []string{dead, dead + "-journal"}
	for _, p := range append(keep[1:], gone...) {
		if err := os.WriteFile(p, []byte("creator rows"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	removed, err := RemoveStale(dest)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(removed)
	if !slices.Equal(removed, gone) {
		t.Errorf("removed %q, want %q", removed, gone)
	}
	for _, p := range gone {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is still there: %v", filepath.Base(p), err)
		}
	}
	for _, p := range keep {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(p), err)
		}
	}
	if _, err := RemoveStale(filepath.Join(dir, "missing", "x.csv")); err != nil {
		t.Errorf("a missing directory: %v", err)
	}
}

// Same follows symlinks and knows a hard link; files not there yet are one
// when their names and directories are.
func TestSame(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	if err := os.WriteFile(db, []byte("db"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "g.db")
	os.WriteFile(other, []byte("db"), 0o600)
	link := filepath.Join(dir, "link")
	hard := filepath.Join(dir, "hard")
	if err := os.Symlink("f.db", link); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(db, hard); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o700)
	dirLink := filepath.Join(dir, "dirlink")
	os.Symlink(".", dirLink)
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{db, db, true},
		{link, db, true},
		{hard, db, true},
		{filepath.Join(dirLink, "f.db"), db, true},
		{filepath.Join(sub, "..", "f.db"), db, true},
		{other, db, false},
		{db + "-journal", filepath.Join(dirLink, "f.db-journal"), true},
		{db + "-journal", db + "-wal", false},
		{filepath.Join(sub, "f.db-journal"), db + "-journal", false},
		{db + "-journal", db, false},
	} {
		if got := Same(tt.a, tt.b); got != tt.want {
			t.Errorf("Same(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
