package store

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"creatordesk/internal/privfile"
)

// Exports and backups carry creators' details out of the database. The
// store keeps a list of the ones it writes, so that forget can name them
// and the next writer can clear what a killed one left behind. The list is
// a file beside the database (DB-copies), not a table: recording in the
// database would take its write lock, which exports and backups, being
// readers, must never wait for. One JSON line is appended per copy with
// O_APPEND, so two processes writing at once never lose each other's line.

// Kinds of Copy.
const (
	CopyExport = "export"
	CopyBackup = "backup"
)

// Copy is an export or a backup written from this database.
type Copy struct {
	Path string    `json:"path"` // absolute
	Kind string    `json:"kind"` // CopyExport or CopyBackup
	At   time.Time `json:"at"`   // when it was started
}

// copiesPath is the list of copies beside the database.
func (s *Store) copiesPath() string { return copiesPath(s.path) }

// copiesPath is the list of copies of the database at path.
func copiesPath(path string) string { return path + "-copies" }

// OwnFile says what path is when it is a file of the store's own, which
// no export or backup may be written over even when told to replace: "the
// database itself", its -wal, -shm or -journal, the configuration file,
// the list of copies or the -writer file. It is "" for any other path. Files are compared by
// device and inode, symlinks followed, so another name for one of them is
// caught too (see privfile.Same).
func (s *Store) OwnFile(path string) string {
	own := []struct{ path, what string }{
		{s.path, "the database itself"},
		{s.path + "-wal", "the database's -wal file"},
		{s.path + "-shm", "the database's -shm file"},
		{s.path + "-journal", "the database's -journal file"},
		{s.copiesPath(), "creatordesk's list of exports and backups"},
		{writerFile(s.path), "the database's -writer file"},
	}
	if s.config != "" {
		own = append(own, struct{ path, what string }{s.config, "the configuration file"})
	}
	for _, o := range own {
		if privfile.Same(path, o.path) {
			return o.what
		}
	}
	return ""
}

// NoteCopy adds path to the list of copies before the copy's first byte
// is written, so that one cut off by a crash is on the list too and its
// temporary file is found.
func (s *Store) NoteCopy(kind, path string) error {
	return noteCopy(s.copiesPath(), kind, path, s.now())
}

// noteCopy adds path, a copy of kind started at, to the list of copies
// at list.
func noteCopy(list, kind, path string, at time.Time) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	line, err := json.Marshal(Copy{Path: abs, Kind: kind, At: at.UTC().Truncate(time.Second)})
	if err != nil {
		return err
	}
	f, err := openList(list, os.O_WRONLY|os.O_APPEND|os.O_CREATE)
	if err == nil {
		err = f.Chmod(privateMode)
		if _, werr := f.Write(append(line, '\n')); err == nil {
			err = werr
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	switch {
	case errors.Is(err, errListNotPlain):
		return err
	case err != nil:
		return fmt.Errorf("cannot add the %s to %s, the list forget reads: %w", kind, list, unwrapPath(err))
	}
	return nil
}

// noted reads the list of copies: the latest entry for each path, newest
// first. A line cut short by a crash, or too long to be one, is skipped.
func (s *Store) noted() ([]Copy, error) {
	f, err := openList(s.copiesPath(), os.O_RDONLY)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	latest := map[string]Copy{}
	r := bufio.NewReader(f)
	for {
		line, err := readLine(r, maxListLine)
		var c Copy
		if json.Unmarshal(line, &c) == nil && c.Path != "" {
			if old, ok := latest[c.Path]; !ok || !c.At.Before(old.At) {
				latest[c.Path] = c
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	copies := make([]Copy, 0, len(latest))
	for _, c := range latest {
		copies = append(copies, c)
	}
	sort.Slice(copies, func(i, j int) bool {
		if !copies[i].At.Equal(copies[j].At) {
			return copies[i].At.After(copies[j].At)
		}
		return copies[i].Path < copies[j].Path
	})
	return copies, nil
}

// maxListLine is longer than any line NoteCopy writes (a path is at most
// 4 KiB on Linux).
const maxListLine = 64 << 10

// readLine returns the next line of r without its newline, or nil for a
// line longer than max, which is read past: never a list entry, only
// what a crash can leave (a run of zeros).
func readLine(r *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	long := false
	for {
		part, err := r.ReadSlice('\n')
		if !long {
			line = append(line, part...)
			long = len(line) > max
		}
		if err != bufio.ErrBufferFull {
			if long {
				return nil, err
			}
			return bytes.TrimSuffix(line, []byte("\n")), err
		}
	}
}

// openList opens the list of copies only if it is a plain file: never
// following a symlink planted in its place (which would append to, and
// chmod, whatever it points at) or waiting on a named pipe.
func openList(path string, flag int) (*os.File, error) {
	f, err := os.OpenFile(path, flag|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, privateMode)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.ENXIO) {
			return nil, notPlainList(path)
		}
		return nil, err
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, notPlainList(path)
	}
	return f, nil
}

var errListNotPlain = errors.New("not a plain file (a link, a pipe or a device): move it away, and creatordesk makes it again")

func notPlainList(path string) error { return fmt.Errorf("%s is %w", path, errListNotPlain) }

// Copies lists the exports and backups written from this database that
// are still there, newest first: each may hold any creator who was in the
// database then.
func (s *Store) Copies() ([]Copy, error) {
	noted, err := s.noted()
	var there []Copy
	for _, c := range noted {
		if st, err := os.Stat(c.Path); err == nil && st.Mode().IsRegular() {
			there = append(there, c)
		}
	}
	return there, err
}

// RemoveStaleTemps removes the temporary files that exports, backups and
// restores killed mid-way left beside the copies on the list, the
// database, and also (the copy about to be written), and returns their
// paths. Those of a process
// still running are left alone (privfile.RemoveStale).
func (s *Store) RemoveStaleTemps(also ...string) ([]string, error) {
	noted, err := s.noted()
	paths := map[string]bool{s.path: true} // a restore's temporaries

	for _, c := range noted {
		paths[c.Path] = true
	}
	for _, p := range also {
		if abs, err := filepath.Abs(p); err == nil {
			paths[abs] = true
		}
	}
	dests := make([]string, 0, len(paths))
	for p := range paths {
		dests = append(dests, p)
	}
	removed, rerr := privfile.RemoveStale(dests...)
	sort.Strings(removed)
	return removed, errors.Join(err, rerr)
}

// CreateCopy starts a copy of kind (an export, a backup) at path: it puts
// path on the list of copies before a byte is written, removes what killed
// copies left (best effort: forget reports what could not be removed), and
// returns the 0600 temporary file to write and Commit.
func (s *Store) CreateCopy(kind, path string) (*privfile.File, error) {
	if err := s.NoteCopy(kind, path); err != nil {
		return nil, err
	}
	s.RemoveStaleTemps(path)
	return privfile.Create(path)
}
