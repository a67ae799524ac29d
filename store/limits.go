package store

import (
	"errors"
	"fmt"
	"path/filepath"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// fileError says in words what SQLite's errors about the database file
// mean, naming it: a full disk, a read-only file or directory. Other
// errors pass as they are.
func fileError(path string, err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch {
	case se.Code()&0xff == sqlite3.SQLITE_FULL:
		return fmt.Errorf("%s: the disk is full (or the database reached its size limit): nothing of this was saved; free some space and try again (%w)", path, err)
	case se.Code() == sqlite3.SQLITE_READONLY_DIRECTORY:
		return fmt.Errorf("%s: its directory %s is read-only, and SQLite writes its -wal and -shm files beside the database (%w)", path, filepath.Dir(path), err)
	case se.Code()&0xff == sqlite3.SQLITE_READONLY:
		return fmt.Errorf("%s is read-only: creatordesk needs to write it; check its permissions (%w)", path, err)
	}
	return err
}
