package privfile

import (
	"os"
	"path/filepath"
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
