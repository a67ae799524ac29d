// Package store keeps creatordesk's data in SQLite through modernc.org/sqlite.
// It is the only package that writes SQL. Reads are paged and filtered in
// SQL; every write runs in one BEGIN IMMEDIATE transaction.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"creatordesk/outreach"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Options tune how a database is opened.
type Options struct {
	// Now is the clock; nil means time.Now. Tests and the demo fix it.
	Now func() time.Time
	// Terms are the default terms per tier, frozen into a collaboration
	// when it becomes a partnership. Zero means outreach.StandardTerms.
	Terms *outreach.DefaultTerms
	// Synchronous is SQLite's synchronous mode; "" means NORMAL (committed
	// transactions survive a crash of the process; a power cut may lose the
	// last few).
	Synchronous string
	// Upgrading, when set, hears that an existing database is about to be
	// brought from schema version from to to: on a large database that can
	// take a minute (building counters or an index), worth saying.
	Upgrading func(from, to int)
	// Email says the email channel is set up: invitations to creators
	// with an address go by email, the rest as DMs.
	Email bool
	// FollowUps chase unanswered invitations; nil means
	// outreach.DefaultFollowUps.
	FollowUps *outreach.FollowUps
	// MustExist refuses a path with no database (NoDatabaseError) instead
	// of creating one there, so that a mistyped path given to a command
	// makes no file and no directory.
	MustExist bool
	// Waiting, when set, hears once per write that has to wait for
	// another writer, naming it when it said who it is ("an import (pid
	// 4242)"), else "". The write goes on waiting until its context ends.
	Waiting func(holder string)
	// Config is the configuration file, which no export or backup may
	// be written over (see OwnFile).
	Config string
}

// NoDatabaseError is Open's error for a database that does not exist, with
// Options.MustExist.
type NoDatabaseError struct{ Path string }

func (e *NoDatabaseError) Error() string { return "no database at " + e.Path }

// Store is an open creatordesk database.
type Store struct {
	db    *sql.DB
	path  string
	now   func() time.Time
	terms outreach.DefaultTerms
	email bool
	fu    outreach.FollowUps
	batch *sql.Tx // set inside Batch: every write joins it
	// tightened says which files Open made private (see Tightened).
	tightened string
	upgrading func(from, to int)  // Options.Upgrading
	waiting   func(holder string) // Options.Waiting
	config    string              // Options.Config
}

// ErrNotFound is returned when a creator or campaign does not exist.
var ErrNotFound = errors.New("not found")

// Open opens (creating if needed) the database at path, with its directory
// 0700 and its file 0600 (an existing file others could read is made 0600:
// see Tightened), and brings the schema up to date.
func Open(ctx context.Context, path string, opt Options) (*Store, error) {
	if err := databaseFile(path); errors.Is(err, fs.ErrNotExist) {
		if opt.MustExist {
			return nil, &NoDatabaseError{Path: path}
		}
	} else if err != nil {
		return nil, err
	}
	if err := prepareFile(path); err != nil {
		return nil, err
	}
	tightened, err := tighten(path)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(path, opt.Synchronous))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, fileError(path, err))
	}
	s := &Store{db: db, path: path, now: opt.Now, terms: outreach.StandardTerms(), email: opt.Email, fu: outreach.DefaultFollowUps(),
		tightened: tightened, config: opt.Config}
	if opt.FollowUps != nil {
		s.fu = *opt.FollowUps
	}
	if s.now == nil {
		s.now = time.Now
	}
	if opt.Terms != nil {
		s.terms = *opt.Terms
	}
	// The dashboard loads several screens at once; with database/sql's
	// default of two idle connections the others were closed after each
	// use and reopened with a cold page cache.
	db.SetMaxIdleConns(8)
	s.upgrading, s.waiting = opt.Upgrading, opt.Waiting
	// Connecting reads the file (the DSN's pragmas): it waits out a
	// restore, which holds the database exclusively for a few seconds,
	// instead of failing as "locked".
	if err := s.whileBusy(ctx, func() error { return db.PingContext(ctx) }); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, fileError(path, err))
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, fileError(path, err))
	}
	return s, nil
}

// databaseFile refuses a path that is not a file (a directory, a pipe, a
// device): Open would make it 0600 and SQLite fail with a riddle. It
// returns fs.ErrNotExist when there is nothing there, and leaves other
// errors to the open that follows.
func databaseFile(path string) error {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err != nil || st.Mode().IsRegular() {
		return nil
	}
	kind := "special file"
	switch m := st.Mode(); {
	case m.IsDir():
		kind = "directory"
	case m&fs.ModeNamedPipe != 0:
		kind = "named pipe"
	case m&fs.ModeDevice != 0:
		kind = "device"
	case m&fs.ModeSocket != 0:
		kind = "socket"
	}
	return fmt.Errorf("%s is a %s, not a database file: check --db", path, kind)
}

// prepareFile creates the directory 0700 and an empty database file 0600
// before SQLite does, since SQLite would create it 0644 under a usual umask
// (it gives the -wal and -shm the database file's mode).
func prepareFile(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, privateMode)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	return f.Close()
}

// dsn puts every connection pragma in the DSN: PRAGMA statements run with
// db.Exec reach only one pooled connection.
func dsn(path, sync string) string {
	if sync == "" {
		sync = "NORMAL"
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.Itoa(busyTimeoutMS)+")")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous("+sync+")")
	// A bigger page cache keeps a large import's dirty pages in memory
	// instead of spilling them to the WAL mid-transaction; it is a ceiling,
	// not an allocation.
	q.Add("_pragma", "cache_size(-65536)")
	q.Add("_pragma", "temp_store(MEMORY)")
	// A rewritten or deleted row's old bytes are zeroed where that costs no
	// extra writes, so edits do not leave old copies of a creator in the
	// file (Forget zeroes everything it frees).
	q.Add("_pragma", "secure_delete(FAST)")
	q.Set("_txlock", "immediate")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Batch runs fn on a store whose writes all join one transaction,
// committed when fn returns nil and rolled back otherwise (any error ends
// the whole batch). Bulk writers such as the demo use it: a transaction
// per move rewrites the same pages over and over. Reads outside a write
// see the database as it was before the batch.
func (s *Store) Batch(ctx context.Context, fn func(*Store) error) error {
	if s.batch != nil {
		return fn(s)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		b := *s
		b.batch = tx
		return fn(&b)
	})
}

// DefaultTerms are the per-tier terms the store was opened with.
func (s *Store) DefaultTerms() outreach.DefaultTerms { return s.terms }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// tx runs fn in one write transaction (BEGIN IMMEDIATE, from the DSN) and
// commits it when fn returns nil.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if s.batch != nil {
		return fn(s.batch)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return fileError(s.path, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		endChange(ctx, tx, false)
		return fileError(s.path, err)
	}
	err = tx.Commit()
	endChange(ctx, tx, err == nil)
	return fileError(s.path, err)
}

// migrations returns the embedded migration files in version order.
func migrations() ([]string, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for i, n := range names {
		v, _, _ := strings.Cut(filepath.Base(n), "_")
		if num, err := strconv.Atoi(v); err != nil || num != i+1 {
			return nil, fmt.Errorf("migration %s is out of sequence", n)
		}
	}
	return names, nil
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int {
	names, _ := migrations()
	return len(names)
}

// migrate applies, in order and each in its own transaction, the embedded
// migrations newer than PRAGMA user_version. Migrations only go forward; a
// database from a newer build is refused rather than damaged.
func (s *Store) migrate(ctx context.Context) error {
	return s.migrateTo(ctx, SchemaVersion())
}

func (s *Store) migrateTo(ctx context.Context, target int) error {
	names, err := migrations()
	if err != nil {
		return err
	}
	var have int
	err = s.whileBusy(ctx, func() (err error) {
		have, err = schemaVersion(ctx, s.db)
		return err
	})
	if err != nil {
		return err
	}
	if have > len(names) {
		return fmt.Errorf("database schema version %d is newer than this creatordesk (%d): upgrade creatordesk", have, len(names))
	}
	if have >= target {
		return nil // an open that finds the schema current writes nothing
	}
	// Under the write lock, read the version again: another process may
	// have upgraded the database since, and its migrations must not run
	// twice.
	release := func() {}
	defer func() { release() }() // after the commit
	return s.tx(ctx, func(tx *sql.Tx) error {
		if have, err = schemaVersion(ctx, tx); err != nil || have >= target {
			return err
		}
		if have > 0 { // an upgrade, which may take a minute; a new file's schema takes none
			if s.upgrading != nil {
				s.upgrading(have, target)
			}
			release = s.announce("a schema upgrade")
		}
		for v := have + 1; v <= target; v++ {
			body, err := migrationFS.ReadFile(names[v-1])
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", filepath.Base(names[v-1]), err)
			}
		}
		_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", target))
		return err
	})
}

// schemaVersion reads PRAGMA user_version.
func schemaVersion(ctx context.Context, q querier) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// unix and fromUnix convert times to the stored unix seconds; NULL is zero.
func unix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

func fromUnix(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.Unix(v.Int64, 0)
}

// Setting reads a value from the settings table; "" when unset.
func (s *Store) setting(ctx context.Context, q querier, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func setSetting(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx,
		"INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		key, value)
	return err
}

// querier is what *sql.DB and *sql.Tx share for reads.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
