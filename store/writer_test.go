package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestAnnounceWritesItsOwnFile: the -writer file is replaced, never
// written through. Before, a -writer that was a symlink had its target
// overwritten, and one that was a named pipe blocked the import holding
// the write lock forever (SIGINT and SIGTERM did not stop it).
func TestAnnounceWritesItsOwnFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.db")
	s := &Store{path: path}

	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, writerFile(path)); err != nil {
		t.Fatal(err)
	}
	release := s.announce("an import")
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Errorf("the symlink's target was overwritten: %q", b)
	}
	checkAnnounced(t, path)
	release()

	if err := syscall.Mkfifo(writerFile(path), 0o600); err != nil {
		t.Fatal(err)
	}
	// A reader keeps the old code from blocking, so that it fails instead.
	r, err := os.OpenFile(writerFile(path), os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	release = s.announce("an import")
	checkAnnounced(t, path)
	release()
	if _, err := os.Lstat(writerFile(path)); err == nil {
		t.Error("release left the -writer file")
	}
}

func checkAnnounced(t *testing.T, path string) {
	t.Helper()
	st, err := os.Lstat(writerFile(path))
	if err != nil || !st.Mode().IsRegular() {
		t.Fatalf("-writer is not a file of its own: %v %v", st.Mode(), err)
	}
	if got := holder(path); got != fmt.Sprintf("an import (pid %d)", os.Getpid()) {
		t.Errorf("holder: %q", got)
	}
}

// TestHolderReadsOnlyAFile: a waiting write asks who holds the lock
// without blocking on a named pipe planted as the -writer file (before,
// it waited in open(2) for a writer, out of Ctrl-C's reach, and then
// printed whatever came through the pipe).
func TestHolderReadsOnlyAFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	if err := syscall.Mkfifo(writerFile(path), 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan string)
	go func() { got <- holder(path) }()
	forged := fmt.Sprintf("pid %d on %s\nan import\n", os.Getpid(), hostname(t))
	for {
		select {
		case h := <-got:
			if h != "" {
				t.Errorf("holder read a pipe: %q", h)
			}
			return
		default:
		}
		// Succeeds only while holder has the pipe open for reading.
		if w, err := os.OpenFile(writerFile(path), os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.WriteString(forged)
			w.Close()
			if h := <-got; strings.Contains(h, "an import") {
				t.Errorf("holder read a pipe: %q", h)
			}
			return
		}
	}
}

func hostname(t *testing.T) string {
	h, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	return h
}
