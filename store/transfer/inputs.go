package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"creatordesk/outreach/csvio"
)

// inputs are the files an import reads. A pipe, FIFO or device (process
// substitution, mkfifo, /dev/stdin) is read to its end before the import
// takes the write lock, into a private temporary file unlinked at once, so
// a writer that is slow or never comes cannot hold the database for
// everyone else, and a kill leaves no copy behind. Regular files are read
// in place.
type inputs map[string]*os.File

// readInputs reads the files that are not regular files, giving up when
// ctx ends (opening a FIFO with no writer blocks in the kernel: that
// goroutine is left behind, and the process is about to end anyway).
func readInputs(ctx context.Context, names []string) (inputs, error) {
	in := inputs{}
	for _, name := range names {
		st, err := os.Stat(name)
		if err != nil || st.Mode().IsRegular() || st.IsDir() || in[name] != nil {
			continue // importFile reports what is wrong with it
		}
		type read struct {
			f   *os.File
			err error
		}
		done := make(chan read, 1)
		go func() {
			f, err := spool(name)
			done <- read{f, err}
		}()
		select {
		case r := <-done:
			if r.err != nil {
				in.close()
				return nil, &InputError{File: name, Err: r.err}
			}
			in[name] = r.f
		case <-ctx.Done():
			in.close()
			go func() { // the dashboard lives on: close what comes late
				if r := <-done; r.f != nil {
					r.f.Close()
				}
			}()
			return nil, ctx.Err()
		}
	}
	return in, nil
}

// InputError is a file an import could not read before it began.
type InputError struct {
	File string
	Err  error
}

func (e *InputError) Error() string { return e.File + ": " + fileErr(e.Err).Error() }
func (e *InputError) Unwrap() error { return e.Err }

// maxSpool is the most an import reads from a pipe: a 10-million-row
// export is about 1 GiB; a device such as /dev/zero never ends.
const maxSpool = 4 << 30

// spool copies name to an unlinked temporary file, positioned at its start,
// refusing what starts like no text file or runs past maxSpool.
func spool(name string) (*os.File, error) {
	src, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	tmp, err := os.CreateTemp("", ".creatordesk-import-*")
	if err != nil {
		return nil, err
	}
	os.Remove(tmp.Name())
	fail := func(err error) (*os.File, error) {
		tmp.Close()
		return nil, err
	}
	head := make([]byte, 4096)
	n, err := io.ReadFull(src, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return fail(err)
	}
	if what := csvio.NotText(head[:n]); what != "" {
		return fail(errors.New("not a CSV file: " + what))
	}
	if _, err := tmp.Write(head[:n]); err != nil {
		return fail(err)
	}
	copied, err := io.Copy(tmp, io.LimitReader(src, maxSpool+1-int64(n)))
	if err != nil {
		return fail(err)
	}
	if int64(n)+copied > maxSpool {
		return fail(fmt.Errorf("more than %d GiB from a pipe: save it to a file and import that", maxSpool>>30))
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		tmp.Close()
		return nil, err
	}
	return tmp, nil
}

// open opens name for reading: its spooled copy when it was spooled.
func (in inputs) open(name string) (io.ReadCloser, error) {
	if f := in[name]; f != nil {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		return io.NopCloser(f), nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, errors.New("is a directory")
	}
	return f, nil
}

func (in inputs) close() {
	for _, f := range in {
		f.Close()
	}
}
