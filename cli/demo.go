package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"creatordesk/internal/privfile"
	"creatordesk/internal/process"
	"creatordesk/internal/termtext"
	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/demo"
	"creatordesk/ui"
)

// demoFilling keeps two fills in one process (the dashboard's demo key
// pressed twice) from sharing the temporary file named after the process.
var demoFilling sync.Mutex

// openDemo opens the demo database, filling it on first use.
func (a *app) openDemo(ctx context.Context) (*store.Store, error) {
	return a.openDemoWith(ctx, demo.Options{}, nil)
}

// openDemoWith opens the demo database, filling it first if there is
// none; progress notes go to say unless it is nil (inside the dashboard,
// stderr would scribble on the screen). The demo is filled in a temporary
// file beside it and put in place only when complete, so a fill cut short
// (killed, out of memory) leaves no demo.db, and the next demo removes its
// temporary file.
func (a *app) openDemoWith(ctx context.Context, opt demo.Options, say io.Writer) (*store.Store, error) {
	demoFilling.Lock()
	defer demoFilling.Unlock()
	path := a.resolveDB("demo.db")
	removeDeadFills(path)
	if s, err := a.openFinishedDemo(ctx, path, say); s != nil || err != nil {
		return s, err
	}
	if say != nil {
		fmt.Fprintf(say, "creating demo data in %s…\n", termtext.Quote(path))
	}
	start := time.Now()
	fill := fillName(path, os.Getpid())
	sum, err := a.fillDemo(ctx, fill, opt)
	if err == nil {
		err = placeDemo(fill, path)
	}
	if err != nil {
		removeDatabase(fill)
		return nil, fmt.Errorf("creating demo data: %w", err)
	}
	if say != nil {
		fmt.Fprintf(say, "%d creators, %d pipelines, %d samples in %.1f s\n", sum.Creators, sum.Pipelines, sum.Samples, time.Since(start).Seconds())
	}
	return a.open(ctx, path, false)
}

// openFinishedDemo opens the demo database at path if the demo finished
// filling it; nil and no error when there is none. One it never finished
// (an older creatordesk filled it in place, and may have been killed) is
// removed, saying so, unless it was named with --db and holds data: that
// file may be the user's own, and is refused.
func (a *app) openFinishedDemo(ctx context.Context, path string, say io.Writer) (*store.Store, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	s, err := a.open(ctx, path, false)
	if err != nil {
		return nil, err
	}
	finished, err := s.DemoFinished(ctx)
	if err == nil && finished {
		return s, nil
	}
	empty := false
	if err == nil {
		empty, err = emptyDatabase(ctx, s)
	}
	s.Close()
	switch {
	case err != nil:
		return nil, err
	case empty:
	case a.dbPath != "":
		return nil, fmt.Errorf("%s holds data that is not a finished demo: open it with 'creatordesk --db %s', or name a new file for the demo", path, path)
	case say != nil:
		fmt.Fprintf(say, "%s is a demo that was never finished (or one from an older creatordesk): making it again\n", termtext.Quote(path))
	}
	return nil, removeDatabase(path)
}

// emptyDatabase reports whether s holds no creators and no campaign but
// the default one.
func emptyDatabase(ctx context.Context, s *store.Store) (bool, error) {
	n, err := s.CountCreators(ctx)
	if err != nil || n.Total > 0 {
		return false, err
	}
	camps, err := s.Campaigns(ctx)
	if err != nil {
		return false, err
	}
	for _, c := range camps {
		if c.Name != outreach.DefaultCampaign {
			return false, nil
		}
	}
	return true, nil
}

// fillDemo fills a new database at fill and closes it: synced to disk and
// all in the one file, ready to be put in place.
func (a *app) fillDemo(ctx context.Context, fill string, opt demo.Options) (demo.Summary, error) {
	// One with this name was left by an earlier process with our pid.
	if err := removeDatabase(fill); err != nil {
		return demo.Summary{}, err
	}
	s, err := a.open(ctx, fill, true)
	if err != nil {
		return demo.Summary{}, err
	}
	run := demo.Generate
	if opt.Creators > demo.ScaleThreshold {
		run = demo.Scale
	}
	sum, err := run(ctx, s, opt)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return sum, err
	}
	// Closing the last connection copies the WAL into the file and deletes
	// it; a -wal left behind would hold part of the demo, lost on renaming.
	if _, err := os.Stat(fill + "-wal"); err == nil {
		return sum, fmt.Errorf("%s-wal is still there after closing the database", fill)
	}
	f, err := os.OpenFile(fill, os.O_RDWR, 0)
	if err != nil {
		return sum, err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return sum, err
}

// placeDemo puts the filled file at path. A hard link does it without
// replacing what is there: if another demo finished first, its demo.db
// (perhaps open already) stays, and this one is dropped. Where hard links
// are not supported, a rename does it.
func placeDemo(fill, path string) error {
	// A -wal or -shm left beside path by a database once there would be
	// read as part of this one.
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if err := removeDatabase(path); err != nil {
			return err
		}
	}
	if err := os.Link(fill, path); err != nil && !errors.Is(err, fs.ErrExist) {
		if err := os.Rename(fill, path); err != nil {
			return err
		}
	}
	if err := removeDatabase(fill); err != nil {
		return err
	}
	// The new name must survive a power cut as well as the data.
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// removeDatabase removes a database with the files SQLite and creatordesk
// keep beside it (-wal, -shm, -journal, -writer, -copies), the database
// first: a -wal that outlives it is removed before anything is put at its
// name (placeDemo). Then the temporary files of dead processes named after
// it (a -writer note cut off mid-write).
func removeDatabase(path string) error {
	var first error
	for _, suffix := range []string{"", "-wal", "-shm", "-journal", "-writer", "-copies"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) && first == nil {
			first = err
		}
	}
	if _, err := privfile.RemoveStale(path); err != nil && first == nil {
		first = err
	}
	return first
}

// fillName is the temporary file a process fills the demo at path in:
// hidden, beside it, and named after the process, so that the next demo
// can tell a dead fill from a running one.
func fillName(path string, pid int) string {
	return filepath.Join(filepath.Dir(path), fillPrefix(path)+strconv.Itoa(pid))
}

func fillPrefix(path string) string { return "." + filepath.Base(path) + ".fill-" }

// removeDeadFills removes the temporary files of fills whose process is
// gone (killed, out of memory), with their -wal and -shm.
func removeDeadFills(path string) {
	dir, prefix := filepath.Dir(path), fillPrefix(path)
	entries, _ := os.ReadDir(dir)
	for _, en := range entries {
		rest, ok := strings.CutPrefix(en.Name(), prefix)
		digits, _, _ := strings.Cut(rest, "-") // a -wal or -shm may outlive its file
		pid, err := strconv.Atoi(digits)
		if !ok || err != nil || pid <= 0 {
			continue
		}
		// No fill of this process is running: one under its pid is stale.
		if pid == os.Getpid() || !process.Running(pid) {
			removeDatabase(fillName(path, pid))
		}
	}
}

func (a *app) demoCmd() *cobra.Command {
	var creators int
	var noOpen bool
	var seed int64
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Open a separate demo database, created with sample data on first use",
		Long: `demo opens demo.db in the XDG data dir (or --db), filling it on first use
with a few hundred made-up creators, three campaigns, pipelines at every stage,
samples in every state and a few months of history. Your own database is not
touched. A demo is made whole or not at all: one cut short is made again by the
next demo.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if creators < 1 || creators > demo.MaxCreators {
				return usageError{fmt.Errorf("--creators %d: a demo has at least 1 creator and at most %s", creators, ui.Grouped(demo.MaxCreators))}
			}
			ctx := cmd.Context()
			s, err := a.openDemoWith(ctx, demo.Options{Creators: creators, Seed: seed}, a.stderr)
			if err != nil {
				return err
			}
			path := s.Path()
			s.Close()
			if noOpen {
				fmt.Fprintln(a.stdout, termtext.Quote(path))
				return nil
			}
			return a.dashboard(ctx, cmd.InOrStdin(), path, false)
		},
	}
	cmd.Flags().BoolVar(&noOpen, "no-open", false, "fill the demo database if needed, then exit without opening the dashboard")
	cmd.Flags().IntVar(&creators, "creators", 300, fmt.Sprintf("how many creators a new demo database gets (1 to %s)", ui.Grouped(demo.MaxCreators)))
	cmd.Flags().Int64Var(&seed, "seed", 1, "random seed of a new demo database")
	return cmd
}
