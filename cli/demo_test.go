package cli

import (
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"creatordesk/internal/killtest"
)

// demoClock fixes the present, so that two fills from one seed are the
// same.
const demoClock = "CREATORDESK_NOW=2026-12-08T10:00:00Z"

// demoArgs fill a small demo: Generate's move-by-move history, many
// transactions long.
var demoArgs = []string{"demo", "--creators", "150", "--seed", "7", "--no-open"}

// demoDir is where the demo database goes by default.
func (e *env) demoDir() string { return filepath.Join(e.home, "data", "creatordesk") }

// demoCounts is how many rows a demo database holds, table by table.
type demoCounts struct {
	Creators, Campaigns, Pipelines, Events, Samples, Invitations int
}

func countDemo(t *testing.T, path string) demoCounts {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var c demoCounts
	for _, q := range []struct {
		table string
		n     *int
	}{{"creators", &c.Creators}, {"campaigns", &c.Campaigns}, {"pipelines", &c.Pipelines},
		{"history", &c.Events}, {"samples", &c.Samples}, {"invitations", &c.Invitations}} {
		if err := db.QueryRow("SELECT COUNT(*) FROM " + q.table).Scan(q.n); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	return c
}

// files lists dir's entries, sorted.
func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, en := range entries {
		names = append(names, en.Name())
	}
	slices.Sort(names)
	return names
}

// demoHome is a home for the test with the demo's clock, with what a
// fill of demoArgs nobody interrupts holds and how long it took (made in a
// home of its own).
func demoHome(t *testing.T) (*env, demoCounts, time.Duration) {
	t.Helper()
	ref := newEnv(t)
	ref.extra = []string{demoClock}
	start := time.Now()
	ref.must(demoArgs...)
	took := time.Since(start)
	want := countDemo(t, filepath.Join(ref.demoDir(), "demo.db"))
	if want.Pipelines == 0 || want.Samples == 0 || want.Creators != 150 {
		t.Fatalf("an uninterrupted demo holds %+v", want)
	}
	e := newEnv(t)
	e.extra = ref.extra
	return e, want, took
}

// TestDemoKilledWhileFillingIsMadeAgain kills `demo` with SIGKILL at random
// moments of its fill, once or twice in a row: afterwards there is no
// demo.db or a whole one, and the next `demo` leaves the same demo as a
// fill nobody interrupted, and nothing else in the directory.
func TestDemoKilledWhileFillingIsMadeAgain(t *testing.T) {
	kills, rng := killtest.Plan(t)
	e, want, took := demoHome(t)
	db := filepath.Join(e.demoDir(), "demo.db")
	for k := 0; k < kills; {
		for range 1 + rng.IntN(2) {
			at := time.Duration(rng.Int64N(int64(took)))
			res := killtest.Run(t, e.command(demoArgs...), "", at)
			k++
			t.Logf("kill %d, %v in (killed: %v): %q", k, at, res.Killed, files(t, e.demoDir()))
			if _, err := os.Stat(db); err == nil {
				if got := countDemo(t, db); got != want {
					t.Fatalf("kill %d, %v in (killed: %v): demo.db holds %+v, want none or %+v", k, at, res.Killed, got, want)
				}
			}
		}
		e.must(demoArgs...)
		if got := countDemo(t, db); got != want {
			t.Fatalf("after kill %d: demo.db holds %+v, want %+v", k, got, want)
		}
		if got := files(t, e.demoDir()); !slices.Equal(got, []string{"demo.db"}) {
			t.Fatalf("after kill %d: %s holds %q, want only demo.db", k, e.demoDir(), got)
		}
		if err := os.Remove(db); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDemoRefusesImpossibleSizes: a size past the limit, or below one
// creator, is a usage error naming the flag and the limit, and creates no
// file.
func TestDemoRefusesImpossibleSizes(t *testing.T) {
	e := newEnv(t)
	// Fatal at the first miss: unrefused, 5,000,001 would fill for half
	// an hour.
	for _, c := range []struct{ n, says string }{
		{"99999999999", "at most 5,000,000"}, {"0", "at least 1"}, {"-3", "at least 1"}, {"5000001", "at most 5,000,000"},
	} {
		r := e.run("demo", "--creators", c.n, "--no-open")
		if r.code != 2 || !strings.Contains(r.stderr, "--creators "+c.n) || !strings.Contains(r.stderr, c.says) {
			said, _, _ := strings.Cut(r.stderr, "\n\n") // not a whole stack
			t.Fatalf("demo --creators %s: exit %d, stderr %q; want 2 and --creators %s: …%s", c.n, r.code, said, c.n, c.says)
		}
		if got := files(t, e.demoDir()); len(got) > 0 {
			t.Fatalf("demo --creators %s left %q in %s", c.n, got, e.demoDir())
		}
	}
	e.must("demo", "--creators", "1", "--no-open")
	if got := countDemo(t, filepath.Join(e.demoDir(), "demo.db")); got.Creators != 1 {
		t.Errorf("demo --creators 1 made %d creators", got.Creators)
	}
}

// TestDemoUnfinishedByAnOlderBuild: a demo.db without the mark of a
// finished demo (as an older creatordesk left when killed) is made again,
// saying so; a file named with --db that holds other data is refused and
// left as it was.
func TestDemoUnfinishedByAnOlderBuild(t *testing.T) {
	e, want, _ := demoHome(t)
	db := filepath.Join(e.demoDir(), "demo.db")
	// Creators and no pipelines: what a demo killed after its import held.
	e.must("--db", db, "import", "creators", fixture("kalodata_en.csv"))
	r := e.must(demoArgs...)
	if !strings.Contains(r.stderr, "never finished") {
		t.Errorf("stderr %q does not say the old demo is made again", r.stderr)
	}
	if got := countDemo(t, db); got != want {
		t.Errorf("demo.db holds %+v, want %+v", got, want)
	}

	mine := filepath.Join(e.home, "mine.db")
	e.must("--db", mine, "import", "creators", fixture("kalodata_en.csv"))
	before := countDemo(t, mine)
	r = e.run(append([]string{"--db", mine}, demoArgs...)...)
	if r.code != 1 || !strings.Contains(r.stderr, mine) {
		t.Errorf("demo --db %s: exit %d, stderr %q; want 1 and a refusal naming the file", mine, r.code, r.stderr)
	}
	if got := countDemo(t, mine); got != before {
		t.Errorf("%s changed from %+v to %+v", mine, before, got)
	}
}

// TestTwoDemosAtOnce: a demo started while another fills finds a whole
// demo when it ends, and neither removes the other's work.
func TestTwoDemosAtOnce(t *testing.T) {
	e, want, _ := demoHome(t)
	first := e.command(demoArgs...)
	var out strings.Builder
	first.Stderr = &out
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- first.Wait() }()
	// The second starts once the first has a file to fill.
	var err error
	ended := false
	for !ended && len(files(t, e.demoDir())) == 0 {
		select {
		case err = <-done:
			ended = true
		case <-time.After(5 * time.Millisecond):
		}
	}
	t.Logf("the second starts beside %q", files(t, e.demoDir()))
	e.must(demoArgs...)
	if got := countDemo(t, filepath.Join(e.demoDir(), "demo.db")); got != want {
		t.Errorf("the second demo ended with demo.db holding %+v, want %+v", got, want)
	}
	if !ended {
		err = <-done
	}
	if err != nil {
		t.Fatalf("the first demo: %v\n%s", err, out.String())
	}
	if got := countDemo(t, filepath.Join(e.demoDir(), "demo.db")); got != want {
		t.Errorf("after both, demo.db holds %+v, want %+v", got, want)
	}
	if got := files(t, e.demoDir()); !slices.Equal(got, []string{"demo.db"}) {
		t.Errorf("after both, %s holds %q, want only demo.db", e.demoDir(), got)
	}
}
