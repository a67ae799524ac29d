// Package privfile writes files as creatordesk promises to (exports,
// backups): readable by their owner alone whatever the umask, and in
// place only when complete, so a failure never leaves a partial file or
// damages the one there before.
package privfile

import (
	"os"
	"path/filepath"
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
// that the directory can be written).
func Create(dest string) (*File, error) {
	f, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".*.tmp")
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
