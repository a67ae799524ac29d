package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// started is a creatordesk running in the background.
type started struct {
	cmd            *exec.Cmd
	stdout, stderr *bytes.Buffer
	done           chan error
}

func (e *env) start(args ...string) *started {
	e.t.Helper()
	cmd := e.command(args...)
	p := &started{cmd: cmd, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	e.t.Cleanup(func() { cmd.Process.Kill(); <-p.done })
	return p
}

// wait waits for the process to end, failing the test when it has not
// within limit (a hang, not a timing goal).
func (p *started) wait(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
		p.done <- nil // for the cleanup
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(limit):
		t.Fatalf("%v still running after %s\nstderr: %s", p.cmd.Args[1:], limit, p.stderr)
		return -1
	}
}

// runWithin runs a command and fails the test if it has not ended within
// limit: it would be waiting for a lock that is never released.
func (e *env) runWithin(limit time.Duration, args ...string) result {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := e.command(args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-ctx.Done():
		cmd.Process.Kill()
		<-done
		e.t.Fatalf("creatordesk %s did not end within %s (waiting for a lock?)\nstderr: %s", strings.Join(args, " "), limit, stderr.String())
	}
	return result{stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()}
}

// TestImportFromFIFOHoldsNothing: an import whose input never comes (a FIFO
// with no writer) holds no lock — others read and write meanwhile — and
// SIGINT or SIGTERM ends it, with nothing imported. Process substitution
// still imports.
func TestImportFromFIFOHoldsNothing(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			e := newEnv(t)
			e.create()
			fifo := filepath.Join(e.home, "never.csv")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Fatal(err)
			}
			imp := e.start("import", "creators", "--campaign", "Fifo", fifo)
			time.Sleep(300 * time.Millisecond) // let it block on the FIFO
			if r := e.runWithin(20*time.Second, "campaign", "add", "Meanwhile"); r.code != 0 {
				t.Fatalf("a write while an import waits for its input: exit %d %s", r.code, r.stderr)
			}
			if r := e.runWithin(20*time.Second, "stats", "--json"); r.code != 0 {
				t.Fatalf("a read while an import waits for its input: exit %d %s", r.code, r.stderr)
			}
			imp.cmd.Process.Signal(sig)
			if code := imp.wait(t, 10*time.Second); code == 0 {
				t.Errorf("interrupted import exited 0\nstdout: %s\nstderr: %s", imp.stdout, imp.stderr)
			}
			if !strings.Contains(imp.stderr.String(), "interrupted") {
				t.Errorf("interrupted import says %q", imp.stderr)
			}
			if r := e.must("campaign", "list"); strings.Contains(r.stdout, "Fifo") {
				t.Errorf("the interrupted import left its campaign:\n%s", r.stdout)
			}
		})
	}
	t.Run("process substitution", func(t *testing.T) {
		e := newEnv(t)
		cmd := exec.Command("bash", "-c", fmt.Sprintf("exec %q import creators <(cat %q)", binary, fixture("kalodata_en.csv")))
		cmd.Env = e.command().Env
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "imported ") {
			t.Fatalf("import from <(cat file): %v\n%s", err, out)
		}
		if st := e.stats(); st.Creators.Total == 0 {
			t.Errorf("nothing imported from a pipe: %+v", st.Creators)
		}
	})
}

// TestReadersAndWaitersDuringAnImport: while an import holds the write lock
// (its input arrives slowly through a pipe after the lock is taken, the
// way a large file keeps it), stats answers, and a write waits, says what
// it waits for, and gives up on Ctrl-C without "database is locked".
func TestReadersAndWaitersDuringAnImport(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", fixture("kalodata_en.csv"))
	before := e.stats()
	// A big regular file keeps the import's transaction open for a while.
	big := filepath.Join(e.home, "big.csv")
	var b strings.Builder
	b.WriteString("handle,followers,email\n")
	for i := range 200_000 {
		fmt.Fprintf(&b, "bulk_%d,%d,b%d@example.com\n", i, 1000+i, i)
	}
	if err := os.WriteFile(big, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	imp := e.start("import", "creators", big)
	held := false
	for range 200 { // until the import announces it holds the database
		if _, err := os.Stat(filepath.Join(e.home, "data", "creatordesk", "creatordesk.db-writer")); err == nil {
			held = true
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !held {
		t.Fatalf("the import never said it holds the database\nstderr: %s", imp.stderr)
	}
	st := e.runWithin(20*time.Second, "stats", "--json")
	if st.code != 0 {
		t.Fatalf("stats during an import: exit %d %s", st.code, st.stderr)
	}
	if !strings.Contains(st.stdout, fmt.Sprintf(`"total": %d`, before.Creators.Total)) {
		t.Errorf("stats during an import should show the %d creators from before it:\n%s", before.Creators.Total, st.stdout)
	}
	w := e.start("campaign", "add", "Waiting")
	said := false
	for range 300 {
		if strings.Contains(w.stderr.String(), "waiting for an import (pid ") {
			said = true
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !said {
		t.Errorf("a waiting write did not say what it waits for: %q", w.stderr)
	}
	w.cmd.Process.Signal(syscall.SIGINT)
	code := w.wait(t, 10*time.Second)
	if code == 0 || strings.Contains(w.stderr.String(), "locked") {
		t.Errorf("a cancelled waiting write: exit %d %q", code, w.stderr)
	}
	if code := imp.wait(t, 5*time.Minute); code != 0 {
		t.Fatalf("the import failed: %s", imp.stderr)
	}
	if r := e.must("campaign", "list"); strings.Contains(r.stdout, "Waiting") {
		t.Errorf("the cancelled write was saved:\n%s", r.stdout)
	}
}

// TestWaitingSaysSoOnOneLine: the line a waiting write prints ends its
// line (it used to end in a quoted "\n", two characters, and no line end).
func TestWaitingSaysSoOnOneLine(t *testing.T) {
	var stderr bytes.Buffer
	a := &app{stderr: &stderr}
	a.waiting("an import (pid 42)")
	want := "waiting for an import (pid 42) to finish writing… (Ctrl-C gives up; nothing is lost)\n"
	if stderr.String() != want {
		t.Errorf("waiting says %q, want %q", stderr.String(), want)
	}
}

// TestImportFromADeviceIsRefused: a device that never ends is refused from
// its first bytes, not copied to a temporary file until the disk fills.
func TestImportFromADeviceIsRefused(t *testing.T) {
	e := newEnv(t)
	e.create()
	r := e.runWithin(20*time.Second, "import", "creators", "/dev/zero")
	if r.code != 1 || !strings.Contains(r.stderr, "/dev/zero: not a CSV file") {
		t.Errorf("import from /dev/zero: exit %d %q", r.code, r.stderr)
	}
}

// TestExportNeverAppendsToTheDatabase: standard output redirected onto the
// database (>> DB) is refused before a byte is written: the rows would sit
// in the database file, where forget cannot reach them.
func TestExportNeverAppendsToTheDatabase(t *testing.T) {
	e := newEnv(t)
	db := filepath.Join(e.home, "f.db")
	e.must("--db", db, "import", "creators", "--campaign", "C", fixture("kalodata_en.csv"))
	e.must("--db", db, "stage", "anna_1", "partnered", "--campaign", "C")
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "-c", fmt.Sprintf("exec %q --db %q export partners >> %q", binary, db, db))
	cmd.Env = e.command().Env
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "standard output is the database itself") {
		t.Fatalf("export >> the database: %v\n%s", err, out)
	}
	after, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Errorf("the database grew from %d to %d bytes", len(before), len(after))
	}
	if st := e.stats("--db", db); st.Creators.Total == 0 {
		t.Errorf("creators gone: %+v", st.Creators)
	}
}
