package cli

import (
	"fmt"
	"io"

	"creatordesk/internal/termtext"
)

// sayf writes one line that a person reads. What came from people and
// files in it (handles, names, emails, cells, header names, a mail
// server's reply) is quoted where it could steer a terminal (ESC shows as
// \x1b, U+202E as \u202e): a value can neither clear the screen nor end
// the line, whether it goes to a terminal or to a log read later.
func sayf(w io.Writer, format string, args ...any) {
	fmt.Fprintln(w, termtext.Quote(fmt.Sprintf(format, args...)))
}

// document returns where a document meant for w goes (an export, a
// template): on a terminal, through a writer that quotes what could steer
// it; to a file or a pipe, w itself, so the bytes stay as stored. flush
// writes what the quoting writer still holds.
func document(w io.Writer) (out io.Writer, flush func() error) {
	if !isTerminal(w) {
		return w, func() error { return nil }
	}
	q := termtext.NewWriter(w)
	return q, q.Flush
}
