package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"creatordesk/internal/privfile"
	"creatordesk/outreach"
)

// Restoring a backup must not send anything twice: the backup still has
// as ready to go the messages that left after it was made. Restore carries
// over from the database it replaces every message that left (sent,
// unknown, sending) or was closed there (skipped, failed) into the
// backup's copy of it, matched by what its
// Message-ID is made of (the row id and its creation time) and its
// creator's handle.

// RestoreResult says what Restore did.
type RestoreResult struct {
	// Kept is where the database that was replaced now is; "" when there
	// was none.
	Kept string
	// Missing says there was no database to replace.
	Missing bool
	// Unreadable says why the replaced database could not be read; ""
	// when it could (or there was none).
	Unreadable string
	// UpgradedFrom is the backup's schema version when it was older than
	// this build's, 0 otherwise.
	UpgradedFrom int
	// Sent and MaybeSent count the backup's messages now recorded sent,
	// or maybe sent, because they had left in the replaced database.
	Sent, MaybeSent int
	// Closed counts the backup's messages waiting to go that the replaced
	// database had skipped or given up on (a reply, do-not-contact, by
	// hand): they are closed the same way.
	Closed int
	// After counts the messages that left the replaced database and are
	// not in the backup (queued after it was made).
	After int
	// Absent counts the backup's creators the replaced database did not
	// have (forgotten since?), AbsentHandles names a few; their messages
	// waiting to go, AbsentMessages, are marked maybe sent.
	Absent         int
	AbsentHandles  []string
	AbsentMessages int
	// Unsure counts the messages ready to go marked maybe sent because the
	// replaced database could not be read.
	Unsure int
	// Due is how many emails the next send would hand over.
	Due int
}

// InUseError is returned when another program has the database open.
type InUseError struct{ Path string }

func (e *InUseError) Error() string {
	return e.Path + " is open in another creatordesk (the dashboard, a send or an import?): quit it, then restore again"
}

// Restore puts the backup in place of the database at path, keeping the
// database it replaces beside it (path.before-restore-DATE), and returns
// what it carried over. The backup must pass PRAGMA integrity_check and
// come from a creatordesk no newer than this one; an older one is brought
// up to date. The backup itself is only read.
//
// The work is done on a private copy of the backup beside the database.
// A readable database is then held exclusively (Restore refuses while
// another program has it open, or a sender on another host holds the send
// queue) and overwritten in one transaction through SQLite's backup API,
// so a crash at any moment leaves it old or new, whole. A database that
// cannot be read is set aside with its -wal and the copy renamed in its
// place; every message the backup has ready to go is then marked maybe
// sent, for the staffer to confirm.
func Restore(ctx context.Context, path, backup string, opt Options, alive func(owner string) bool) (RestoreResult, error) {
	var res RestoreResult
	if err := checkRestorePaths(path, backup); err != nil {
		return res, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return res, fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	// Every temporary file a restore writes is named after the database
	// (privfile.CreateFor), so what a killed one left is found here, and by
	// the next export, backup or forget.
	privfile.RemoveStale(path)
	tmp, err := privfile.Create(path)
	if err != nil {
		return res, fmt.Errorf("cannot write beside %s: %w", path, unwrapPath(err))
	}
	defer func() {
		tmp.Abort()
		os.Remove(tmp.Name() + "-wal")
		os.Remove(tmp.Name() + "-shm")
	}()
	from, err := copyBackup(ctx, backup, tmp.Name())
	if err != nil {
		return res, err
	}
	if from < SchemaVersion() {
		res.UpgradedFrom = from
	}
	opt.Upgrading = nil
	restored, err := Open(ctx, tmp.Name(), opt)
	if err != nil {
		return res, fmt.Errorf("bring %s up to date: %w", backup, err)
	}
	defer restored.Close()

	cur, ls, err := restored.lockCurrent(ctx, path, alive)
	var unreadable *unreadableError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		res.Missing = true
	case errors.As(err, &unreadable):
		res.Unreadable = unreadable.Error()
		if res.Unsure, err = restored.markUnsure(ctx); err != nil {
			return res, err
		}
	case err != nil:
		return res, err
	default:
		defer cur.Close()
		defer announce(path, "a restore")() // released before cur closes
		if err := restored.sameDatabase(ctx, cur, from, backup); err != nil {
			return res, err
		}
		if err := restored.carryOver(ctx, ls, cur, &res); err != nil {
			return res, err
		}
	}
	if res.Due, err = restored.finishRestored(ctx); err != nil {
		return res, err
	}
	if err := restored.Close(); err != nil {
		return res, err
	}
	if _, err := os.Stat(tmp.Name() + "-wal"); !errors.Is(err, fs.ErrNotExist) {
		return res, fmt.Errorf("the restored copy of %s kept its write-ahead log: nothing was restored", backup)
	}
	if res.Kept, err = keptName(path, restored.now()); err != nil {
		return res, err
	}
	// What is kept holds everyone, as a backup does: forget names it.
	if !res.Missing {
		if err := noteCopy(copiesPath(path), CopyBackup, res.Kept, restored.now()); err != nil {
			return res, err
		}
	}
	if cur != nil {
		if err := cur.absent(ctx, tmp.Name(), &res); err != nil {
			return res, err
		}
		return res, cur.replace(ctx, tmp.Name(), res.Kept)
	}
	if res.Kept, err = setAside(path, res.Kept); err != nil {
		return res, err
	}
	if err := tmp.Commit(); err != nil {
		return res, fmt.Errorf("restore %s to %s: %w", backup, path, unwrapPath(err))
	}
	return res, nil
}

// checkRestorePaths refuses a backup that does not exist or is the
// database itself, and a database path that is not a file.
func checkRestorePaths(path, backup string) error {
	st, err := os.Stat(backup)
	if err != nil {
		return fmt.Errorf("cannot read the backup %s: %w", backup, unwrapPath(err))
	}
	if st.IsDir() {
		return fmt.Errorf("%s is a directory: name the backup file", backup)
	}
	if err := databaseFile(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if own, err := os.Stat(path + suffix); err == nil && os.SameFile(st, own) {
			return fmt.Errorf("%s is the database itself: name a backup", backup)
		}
	}
	return nil
}

// copyBackup checks the backup, read-only, and copies it into dest (an
// empty file); it returns the backup's schema version.
func copyBackup(ctx context.Context, backup, dest string) (int, error) {
	db, err := sql.Open("sqlite", fileURI(backup)+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, fmt.Errorf("%s cannot be read as a database: %w", backup, err)
	}
	if version == 0 {
		return 0, fmt.Errorf("%s is not a creatordesk database: nothing restored", backup)
	}
	if version > SchemaVersion() {
		return 0, fmt.Errorf("%s was made by a newer creatordesk (schema %d, this one knows up to %d): restore it with that version",
			backup, version, SchemaVersion())
	}
	problems, err := integrityProblems(ctx, db)
	if err != nil {
		problems = err.Error() // too damaged to check
	}
	if problems != "" {
		return 0, fmt.Errorf("%s is damaged (integrity check: %s): nothing restored; try an older backup", backup, problems)
	}
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		return 0, fmt.Errorf("copy %s: %w", backup, err)
	}
	return version, nil
}

// integrityProblems runs PRAGMA integrity_check: "" when it says ok, else
// its first findings.
func integrityProblems(ctx context.Context, q querier) (string, error) {
	rows, err := q.QueryContext(ctx, "PRAGMA integrity_check(3)")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		if line != "ok" {
			found = append(found, line)
		}
	}
	return strings.Join(found, "; "), rows.Err()
}

func fileURI(path string) string { return "file:" + (&url.URL{Path: path}).EscapedPath() }

// unreadableError is a database that exists but cannot be read.
// OtherDatabaseError is Restore's refusal of a backup made from another
// database than the one it would replace.
type OtherDatabaseError struct{ Path, Backup string }

func (e *OtherDatabaseError) Error() string {
	return e.Backup + " is a backup of another database, not of " + e.Path +
		": their messages cannot be matched, so nothing was restored (restore it to a new file with --db NEW.db restore BACKUP)"
}

// settingDatabaseID names a database (migration 13); its backups carry it.
const settingDatabaseID = "database_id"

// sameDatabase refuses a backup whose database is not cur's. A backup made
// before databases had an identity (schema from < 13) got one only now,
// when it was brought up to date, and cannot be told: it is let through.
func (s *Store) sameDatabase(ctx context.Context, cur *current, from int, backup string) error {
	if from < 13 {
		return nil
	}
	mine, err := s.setting(ctx, s.db, settingDatabaseID)
	if err != nil {
		return err
	}
	theirs, err := s.setting(ctx, cur.conn, settingDatabaseID)
	if err != nil || theirs == "" || mine == theirs {
		return err // a current database from before migration 13 has none
	}
	return &OtherDatabaseError{Path: cur.path, Backup: backup}
}

type unreadableError struct{ err error }

func (e *unreadableError) Error() string { return e.err.Error() }

// current is the database being replaced, held exclusively: no other
// connection may read or write it until Close.
type current struct {
	db   *sql.DB
	conn *sql.Conn
	path string
	// creators says whether it has any: an empty database says nothing
	// about who was forgotten.
	creators bool
}

// lockCurrent opens the database at path, which s is to replace,
// exclusively and reads the messages that left it or were closed there.
// fs.ErrNotExist when there is none; an *unreadableError when it cannot be
// read (it is closed again then).
func (s *Store) lockCurrent(ctx context.Context, path string, alive func(string) bool) (*current, []carried, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, nil, err
	}
	// In exclusive locking mode a WAL database keeps its index in this
	// process's memory and the first read takes an exclusive lock, which
	// fails while any other connection has the file open.
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(2000)")
	q.Add("_pragma", "locking_mode(EXCLUSIVE)")
	q.Add("_pragma", "synchronous(FULL)")
	db, err := sql.Open("sqlite", fileURI(path)+"?"+q.Encode())
	if err != nil {
		return nil, nil, err
	}
	db.SetMaxOpenConns(1)
	c := &current{db: db, path: path}
	ls, err := c.read(ctx, s, alive)
	if err != nil {
		c.Close()
		var se *sqlite.Error
		if errors.As(err, &se) {
			switch se.Code() & 0xff {
			case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
				return nil, nil, &InUseError{Path: path}
			case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_ERROR:
				return nil, nil, &unreadableError{err}
			}
			return nil, nil, fmt.Errorf("read %s: %w", path, fileError(path, err))
		}
		return nil, nil, err
	}
	return c, ls, nil
}

// pipelinesVersion is the schema that named the pipelines table so
// (migration 15); before it was collabs, with collab_id pointing at it.
const pipelinesVersion = 15

func (c *current) read(ctx context.Context, s *Store, alive func(string) bool) ([]carried, error) {
	var err error
	if c.conn, err = c.db.Conn(ctx); err != nil {
		return nil, err
	}
	version, err := schemaVersion(ctx, c.conn)
	if err != nil {
		return nil, err
	}
	if version > SchemaVersion() {
		return nil, fmt.Errorf("%s was written by a newer creatordesk (schema %d, this one knows up to %d): restore with that version",
			c.path, version, SchemaVersion())
	}
	if version == 0 {
		return nil, nil // an empty file: nothing left it
	}
	var check string
	if err := c.conn.QueryRowContext(ctx, "PRAGMA quick_check(1)").Scan(&check); err != nil {
		return nil, err
	}
	if check != "ok" {
		return nil, &unreadableError{fmt.Errorf("damaged: %s", strings.ReplaceAll(check, "\n", " "))}
	}
	run, err := s.setting(ctx, c.conn, settingSendRun)
	if err != nil {
		return nil, err
	}
	if held := liveSendRun(run, s.now(), alive); held != nil {
		return nil, fmt.Errorf("%w: wait for it to end, then restore again", held)
	}
	if err := c.conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM creators)").Scan(&c.creators); err != nil {
		return nil, err
	}
	// Read as it is, never migrated: a database an earlier release wrote
	// names its tables as that release did.
	pipelines, pipelineID := "pipelines", "pipeline_id"
	if version < pipelinesVersion {
		pipelines, pipelineID = "collabs", "collab_id"
	}
	rows, err := c.conn.QueryContext(ctx, `SELECT i.id, i.created_at, COALESCE(i.sent_at, i.updated_at), i.status, i.reason, c.handle
		FROM invitations i JOIN `+pipelines+` k ON k.id = i.`+pipelineID+` JOIN creators c ON c.id = k.creator_id
		WHERE i.status IN ('sent', 'unknown', 'sending', 'skipped', 'failed') ORDER BY i.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []carried
	for rows.Next() {
		var m carried
		var status string
		if err := rows.Scan(&m.id, &m.created, &m.at, &status, &m.reason, &m.handle); err != nil {
			return nil, err
		}
		m.status = outreach.InvitationStatus(status)
		out = append(out, m)
	}
	return out, rows.Err()
}

// has reports whether the creator is in the database being replaced.
func (c *current) has(ctx context.Context, handle string) (bool, error) {
	var n int
	err := c.conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM creators WHERE handle = ?", handle).Scan(&n)
	return n > 0, err
}

// Close lets the database go.
func (c *current) Close() error {
	if c.conn != nil {
		c.conn.Close()
		c.conn = nil
	}
	return c.db.Close()
}

// absent counts the creators of the restored copy that the replaced
// database does not have, naming a few.
func (c *current) absent(ctx context.Context, restored string, res *RestoreResult) error {
	if !c.creators {
		return nil
	}
	// Read-write: this connection's exclusive lock cannot be taken through
	// a read-only file.
	if _, err := c.conn.ExecContext(ctx, "ATTACH ? AS restored", restored); err != nil {
		return err
	}
	defer c.conn.ExecContext(context.Background(), "DETACH restored")
	rows, err := c.conn.QueryContext(ctx, `SELECT r.handle FROM restored.creators r
		WHERE NOT EXISTS (SELECT 1 FROM main.creators m WHERE m.handle = r.handle) ORDER BY r.handle`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return err
		}
		if res.Absent++; len(res.AbsentHandles) < 5 {
			res.AbsentHandles = append(res.AbsentHandles, h)
		}
	}
	return rows.Err()
}

// replace keeps a copy of the database as kept, then overwrites it with
// the restored copy in one transaction (SQLite's backup API), all under
// the exclusive lock.
func (c *current) replace(ctx context.Context, restored, kept string) error {
	f, err := privfile.CreateFor(kept, c.path)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", kept, unwrapPath(err))
	}
	defer f.Abort()
	if _, err := c.conn.ExecContext(ctx, "VACUUM INTO ?", f.Name()); err != nil {
		return fmt.Errorf("keep %s as %s: %w", c.path, kept, fileError(kept, err))
	}
	if err := f.Commit(); err != nil {
		return fmt.Errorf("keep %s as %s: %w", c.path, kept, unwrapPath(err))
	}
	err = c.conn.Raw(func(dc any) error {
		rc, ok := dc.(interface {
			NewRestore(string) (*sqlite.Backup, error)
		})
		if !ok {
			return errors.New("the SQLite driver cannot restore")
		}
		b, err := rc.NewRestore(fileURI(restored) + "?mode=ro")
		if err != nil {
			return err
		}
		_, err = b.Step(-1)
		if ferr := b.Finish(); err == nil {
			err = ferr
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("restore into %s (it is as it was; a copy is in %s): %w", c.path, kept, fileError(c.path, err))
	}
	return c.Close()
}

// keptName is where the database at path is kept by a restore now: a name
// not taken yet, with no -wal of that name either.
func keptName(path string, now time.Time) (string, error) {
	base := path + ".before-restore-" + now.Format("20060102-150405")
	for n := 1; n < 100; n++ {
		name := base
		if n > 1 {
			name = fmt.Sprintf("%s-%d", base, n)
		}
		_, err := os.Lstat(name)
		_, werr := os.Lstat(name + "-wal")
		if errors.Is(err, fs.ErrNotExist) && errors.Is(werr, fs.ErrNotExist) {
			return name, nil
		}
	}
	return "", fmt.Errorf("too many earlier restores beside %s: move some away", path)
}

// setAside keeps the database at path and its -wal under kept (hard
// links, or copies where links are not allowed: no connection of this
// process has them open) and removes its -wal and -shm, so that nothing
// stale is replayed onto the file renamed in next. It returns what it
// kept: kept, kept-wal when the database file was missing, or "".
func setAside(path, kept string) (string, error) {
	what := ""
	for _, suffix := range []string{"", "-wal"} {
		err := os.Link(path+suffix, kept+suffix)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil && !errors.Is(err, fs.ErrExist) {
			err = copyFile(path+suffix, kept+suffix, path)
		}
		if err != nil {
			return "", fmt.Errorf("keep %s as %s: %w", path+suffix, kept+suffix, unwrapPath(err))
		}
		if what == "" {
			what = kept + suffix
		}
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("remove %s: %w", path+suffix, unwrapPath(err))
		}
	}
	return what, nil
}

// copyFile copies from to to, its temporary file named after owner.
func copyFile(from, to, owner string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := privfile.CreateFor(to, owner)
	if err != nil {
		return err
	}
	defer out.Abort()
	if _, err := io.Copy(out, in); err != nil {
		return err
	}
	return out.Commit()
}
