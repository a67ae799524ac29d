package termtext

import (
	"bytes"
	"io"
)

// byteOrderMark starts a CSV made for Excel.
const byteOrderMark = "\uFEFF"

// Writer passes a document (an export, a template) to a terminal quoted
// as QuoteLines quotes it, a line at a time, so it holds no more than one
// line. A byte-order mark at the very start is dropped: it tells a
// spreadsheet the file's encoding and shows nothing on a screen. Flush
// writes what is left after the last line break.
type Writer struct {
	w       io.Writer
	pending []byte
	started bool // past the byte-order mark, if any
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

func (t *Writer) Write(p []byte) (int, error) {
	t.pending = append(t.pending, p...)
	if !t.started {
		if len(t.pending) < len(byteOrderMark) && bytes.HasPrefix([]byte(byteOrderMark), t.pending) {
			return len(p), nil // maybe a mark: wait for the rest
		}
		t.pending = bytes.TrimPrefix(t.pending, []byte(byteOrderMark))
		t.started = true
	}
	i := bytes.LastIndexByte(t.pending, '\n')
	if i < 0 {
		return len(p), nil
	}
	_, err := io.WriteString(t.w, QuoteLines(string(t.pending[:i+1])))
	t.pending = t.pending[:copy(t.pending, t.pending[i+1:])]
	return len(p), err
}

// Flush writes the rest, a last line without a line break.
func (t *Writer) Flush() error {
	t.started = true
	if len(t.pending) == 0 {
		return nil
	}
	_, err := io.WriteString(t.w, QuoteLines(string(t.pending)))
	t.pending = t.pending[:0]
	return err
}
