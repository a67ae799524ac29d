// Package killtest is the crash tests' harness: a test binary runs itself
// again as a child (the re-exec pattern), doing the work a helper test
// picks by $CREATORDESK_CRASH_HELPER, and the parent kills it with SIGKILL
// at random moments it can repeat.
package killtest

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// HelperEnv names the child's work; empty in the parent.
const HelperEnv = "CREATORDESK_CRASH_HELPER"

// Mode is the work this process was started for as a child; "" in the
// parent.
func Mode() string { return os.Getenv(HelperEnv) }

// Command runs this test binary's helper test as a child doing mode, with
// env added to the environment.
func Command(helperTest, mode string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^"+helperTest+"$")
	cmd.Env = append(append(os.Environ(), HelperEnv+"="+mode), env...)
	return cmd
}

// Plan is how many kills to survive ($CREATORDESK_KILLS, 25 unless set)
// and the source of the random moments, seeded from $CREATORDESK_KILL_SEED
// to repeat a run, else from the clock; the seed is logged either way.
func Plan(t testing.TB) (int, *rand.Rand) {
	t.Helper()
	kills := 25
	if v := os.Getenv("CREATORDESK_KILLS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("CREATORDESK_KILLS=%q: want a count", v)
		}
		kills = n
	}
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("CREATORDESK_KILL_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("CREATORDESK_KILL_SEED=%q: want a number", v)
		}
		seed = n
	}
	t.Logf("%d kills, seed %d (CREATORDESK_KILL_SEED=%d repeats the moments)", kills, seed, seed)
	return kills, rand.New(rand.NewPCG(seed, seed>>32))
}

// Result is how a child ended.
type Result struct {
	Killed bool
	Stdout string
	// ToMark is how long the child took to print the mark (0 if it did
	// not), Since how long it ran after it (or after it started).
	ToMark, Since time.Duration
}

// Run starts cmd and, unless delay is negative, kills it delay after it
// printed the line mark ("": after it started), unless it ends first. A
// child that fails on its own fails the test.
func Run(t testing.TB, cmd *exec.Cmd, mark string, delay time.Duration) Result {
	t.Helper()
	out := &markWriter{mark: mark + "\n", seen: make(chan struct{})}
	if mark == "" {
		close(out.seen)
	}
	var errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = out, &errOut
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	marked := start
	select {
	case err = <-done:
	case <-out.seen:
		marked = time.Now()
		if delay < 0 {
			err = <-done
			break
		}
		select {
		case err = <-done:
		case <-time.After(delay):
			cmd.Process.Signal(syscall.SIGKILL)
			err = <-done
		}
	}
	res := Result{Stdout: out.String(), Since: time.Since(marked)}
	if mark != "" && marked != start {
		res.ToMark = marked.Sub(start)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			res.Killed = true
			return res
		}
	}
	if err != nil {
		t.Fatalf("child: %v\nstdout:\n%s\nstderr:\n%s", err, res.Stdout, errOut.String())
	}
	return res
}

// markWriter keeps a child's stdout and closes seen once it holds the
// line mark.
type markWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	mark string
	seen chan struct{}
	once sync.Once
}

func (w *markWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if b := w.buf.String(); strings.HasPrefix(b, w.mark) || strings.Contains(b, "\n"+w.mark) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(p), nil
}

func (w *markWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// Exit ends a child: status 1 with err on stderr, else 0.
func Exit(err error) {
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
	os.Exit(0)
}

// Nobody is the user AsUser runs children as.
const Nobody = 65534

// AsUser makes cmd run as an ordinary user when the test runs as root, who
// may write anything: as Nobody, from a copy of its program that Nobody may
// run, with dirs made Nobody's and every dir above them open to enter.
func AsUser(t testing.TB, cmd *exec.Cmd, dirs ...string) {
	t.Helper()
	if os.Geteuid() != 0 {
		return
	}
	prog, err := os.ReadFile(cmd.Path)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Path = filepath.Join(t.TempDir(), filepath.Base(cmd.Path))
	if err := os.WriteFile(cmd.Path, prog, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, d := range append(dirs, cmd.Path) {
		for d = filepath.Dir(d); d != os.TempDir() && d != "/"; d = filepath.Dir(d) {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, d := range dirs {
		if err := os.Chown(d, Nobody, Nobody); err != nil {
			t.Fatal(err)
		}
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: Nobody, Gid: Nobody}}
}
