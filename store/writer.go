package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"

	"modernc.org/sqlite" // also registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"creatordesk/internal/privfile"
	"creatordesk/internal/process"
)

// busyTimeoutMS is SQLite's busy timeout: how long one try to take the
// write lock waits before begin tries again. It is short so that a write
// that must wait is reported at once, and a cancelled one stops within
// it; begin itself keeps trying for as long as its context allows.
const busyTimeoutMS = 200

// A long write (an import, a demo fill, a schema upgrade, a forget) says
// who it is in a small file beside the database while it holds the write
// lock, so that a write waiting for it can say what it waits for. The
// file holds "pid N on HOST" and a description; no creator data.
func writerFile(path string) string { return path + "-writer" }

// announce records that this process holds the write lock for what, until
// the returned function is called.
func (s *Store) announce(what string) (release func()) { return announce(s.path, what) }

// announce is Store.announce for the database at path.
func announce(path, what string) (release func()) {
	body := process.Owner() + "\n" + what + "\n"
	name := writerFile(path)
	// A file of its own renamed into place: writing through whatever is
	// there would follow a symlink, or block on a named pipe while holding
	// the write lock. Its temporary name is the database's, so the sweep
	// of stale temporaries (privfile.RemoveStale(path)) finds it.
	f, err := privfile.CreateFor(name, path)
	if err != nil {
		return func() {} // only a courtesy to other writers
	}
	if _, err := f.WriteString(body); err != nil || f.Commit() != nil {
		f.Abort()
		return func() {}
	}
	return func() {
		if b, err := readWriterFile(name); err == nil && string(b) == body {
			os.Remove(name)
		}
	}
}

// readWriterFile reads the -writer file if it is a file: never waiting on
// a named pipe or reading a device, and at most a few KiB.
func readWriterFile(name string) ([]byte, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a file", name)
	}
	return io.ReadAll(io.LimitReader(f, 4096))
}

// holder describes the process that announced it holds the write lock,
// such as "an import (pid 4242)", or "" when none did or it is gone.
func holder(path string) string {
	b, err := readWriterFile(writerFile(path))
	if err != nil {
		return ""
	}
	owner, what, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	var pid int
	if _, err := fmt.Sscanf(owner, "pid %d on ", &pid); err != nil || what == "" || !process.Alive(owner) {
		return ""
	}
	return what + " (pid " + strconv.Itoa(pid) + ")"
}

// begin starts a write transaction (BEGIN IMMEDIATE), waiting for another
// writer as long as ctx allows: an import holds the database for one
// transaction per file, which may outlast any busy timeout.
func (s *Store) begin(ctx context.Context) (*sql.Tx, error) { return s.beginOn(ctx, s.db) }

// beginOn is begin on a pool or on one connection held apart.
func (s *Store) beginOn(ctx context.Context, db interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}) (*sql.Tx, error) {
	var tx *sql.Tx
	err := s.whileBusy(ctx, func() (err error) {
		tx, err = db.BeginTx(ctx, nil)
		return err
	})
	return tx, err
}

// whileBusy runs fn until it does not fail for another writer holding the
// database, or ctx ends. The first time it waits it tells Options.Waiting.
func (s *Store) whileBusy(ctx context.Context, fn func() error) error {
	told := false
	for {
		err := fn()
		var se *sqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !told && s.waiting != nil {
			told = true
			s.waiting(holder(s.path))
		}
	}
}
