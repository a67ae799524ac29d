// Package privfile writes files as creatordesk promises to (exports,
// backups): readable by their owner alone whatever the umask, and in
// place only when complete, so a failure never leaves a partial file or
// damages the one there before. A process killed mid-write leaves its
// temporary file behind; the next writer removes it (RemoveStale).
package privfile

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"creatordesk/internal/process"
)

// Mode is the owner's alone: the mode of the database, its -wal and -shm,
// backups and exports.
const Mode = 0o600

// File is a 0600 temporary file beside its destination. Write to it (or
// have another program write to Name()), then Commit; Abort, deferred,
// removes it if Commit was not reached.
type File struct {
	*os.File
	dest string
	done bool
}

// Create makes the temporary file in dest's directory (which also checks
// that the directory can be written). Its name, .DEST.PID-HOST-N.tmp, says
// which process writes it, so that RemoveStale can tell the leftover of a
// killed process from the file of one still writing.
func Create(dest string) (*File, error) { return CreateFor(dest, dest) }

// CreateFor is Create with the temporary file named after owner instead
// of dest (both in dest's directory), so that RemoveStale(owner) finds it:
// for a destination whose name is not known ahead, such as a restore's
// dated copy of the database it replaces.
func CreateFor(dest, owner string) (*File, error) {
	f, err := os.CreateTemp(filepath.Dir(dest), fmt.Sprintf("%s%d-%s-*.tmp", tempPrefix(owner), os.Getpid(), hostTag()))
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(Mode); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &File{File: f, dest: dest}, nil
}

// Commit puts the file's contents on disk, renames it over the
// destination and syncs the directory, so that the rename too survives a
// power cut. On failure the temporary file is removed.
func (f *File) Commit() error {
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), f.dest)
	}
	if err != nil {
		os.Remove(f.Name())
		f.done = true
		return err
	}
	f.done = true
	if d, err := os.Open(filepath.Dir(f.dest)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Abort removes the temporary file, unless Commit already ran.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.Close()
	os.Remove(f.Name())
}

// tempPrefix starts the names of dest's temporary files.
func tempPrefix(dest string) string { return "." + filepath.Base(dest) + "." }

// hostTag stands for this host in temporary names: a process on another
// host sharing the directory cannot be checked, so its files are left.
func hostTag() string {
	host, _ := os.Hostname()
	h := fnv.New32a()
	h.Write([]byte(host))
	return fmt.Sprintf("%08x", h.Sum32())
}

// companions are what SQLite adds beside a database it writes (a backup's
// temporary file is one, for VACUUM INTO).
var companions = []string{"-journal", "-wal", "-shm"}

// RemoveStale removes the temporary files that writes to the dests left
// behind when their process was killed, with SQLite's -journal, -wal and
// -shm beside them, and returns their paths. The files of a process still
// running, and of other hosts, stay; so do those of versions that did not
// name their process (.DEST.N.tmp), which cannot be told apart.
func RemoveStale(dests ...string) ([]string, error) {
	prefixes := map[string][]string{} // by directory
	for _, d := range dests {
		dir := filepath.Dir(d)
		prefixes[dir] = append(prefixes[dir], tempPrefix(d))
	}
	var removed []string
	var errs []error
	for dir, ps := range prefixes {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, e := range entries {
			if !slices.ContainsFunc(ps, func(p string) bool {
				rest, ok := strings.CutPrefix(e.Name(), p)
				return ok && stale(rest)
			}) {
				continue
			}
			p := filepath.Join(dir, e.Name())
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
				continue
			}
			removed = append(removed, p)
		}
	}
	return removed, errors.Join(errs...)
}

// stale reports whether rest, a temporary name after .DEST., is
// PID-HOST-N.tmp (or its -journal, -wal, -shm) of a process on this host
// that no longer runs.
func stale(rest string) bool {
	for _, c := range companions {
		if r, ok := strings.CutSuffix(rest, c); ok {
			rest = r
			break
		}
	}
	mid, ok := strings.CutSuffix(rest, ".tmp")
	if !ok {
		return false
	}
	parts := strings.Split(mid, "-")
	if len(parts) != 3 || parts[1] != hostTag() {
		return false
	}
	pid, err := strconv.Atoi(parts[0])
	if err != nil || pid <= 0 {
		return false
	}
	if _, err := strconv.ParseUint(parts[2], 10, 64); err != nil {
		return false
	}
	return !process.Running(pid)
}

// Same reports whether a and b are one file: the same device and inode,
// symlinks followed, so another name, a symlink or a hard link is caught.
// When neither exists, they are one if they would be: the same name in the
// same directory.
func Same(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	switch {
	case errA == nil && errB == nil:
		return os.SameFile(sa, sb)
	case errA == nil || errB == nil:
		return false
	}
	if filepath.Base(a) != filepath.Base(b) {
		return false
	}
	da, errA := os.Stat(filepath.Dir(a))
	db, errB := os.Stat(filepath.Dir(b))
	return errA == nil && errB == nil && os.SameFile(da, db)
}
