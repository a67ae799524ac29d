package csvio

import (
	"fmt"
	"io"
)

// recordGuard sits between the decoded text and encoding/csv. It follows
// csv's quoting rules (with LazyQuotes) byte by byte, so it knows where each
// record starts; that lets it refuse a record over maxRecordBytes before csv
// buffers it, report a quote still open at the end of the file (which csv
// would silently take as a field running to the end), and name the line of
// an I/O error.
type recordGuard struct {
	src       io.Reader
	delim     byte
	crOnly    bool // turn bare CRs into line ends
	line      int  // line of the next byte
	recLine   int  // line the current record starts on
	recLen    int
	quoteLine int // line of the quote that opened the current quoted field
	state     guardState
	err       error
	// cutLine is the line of the last record when the file ends inside it,
	// with no line end after it: a file cut short ends so.
	cutLine int
}

type guardState uint8

const (
	atFieldStart guardState = iota
	inUnquoted
	inQuoted
	afterQuote   // a quote inside a quoted field: closes it, or is doubled
	afterQuoteCR // a quote then CR: "\r\n" ends the record
)

// guardError is a fatal stream error at a line.
type guardError struct {
	line int
	msg  string
	err  error
}

func (e *guardError) Error() string {
	if e.err == nil {
		return e.msg
	}
	return e.msg + ": " + e.err.Error()
}

func (e *guardError) Unwrap() error { return e.err }

func (g *recordGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.src.Read(p)
	for i := 0; i < n; i++ {
		c := p[i]
		if g.crOnly && c == '\r' {
			c, p[i] = '\n', '\n'
		}
		if g.recLen++; g.recLen > maxRecordBytes {
			g.err = &guardError{line: g.recLine, msg: fmt.Sprintf("a row longer than %d MiB (is a quote left open or are the line ends missing?)", maxRecordBytes>>20)}
			return i, g.err
		}
		g.step(c)
	}
	if err == io.EOF && g.recLen > 0 {
		g.cutLine = g.recLine
	}
	switch {
	case err == io.EOF && g.state == inQuoted:
		g.err = &guardError{line: g.quoteLine, msg: `unterminated quoted field: the " opened here is never closed`}
		return n, g.err
	case err != nil && err != io.EOF:
		g.err = &guardError{line: g.recLine, msg: "read error", err: err}
		return n, g.err
	}
	return n, err
}

// step advances the quoting state by one byte.
func (g *recordGuard) step(c byte) {
	endRecord := false
	switch g.state {
	case atFieldStart, inUnquoted:
		switch {
		case c == '"' && g.state == atFieldStart:
			g.state, g.quoteLine = inQuoted, g.line
		case c == g.delim:
			g.state = atFieldStart
		case c == '\n':
			endRecord = true
		default:
			g.state = inUnquoted
		}
	case inQuoted:
		if c == '"' {
			g.state = afterQuote
		}
	case afterQuote:
		switch c {
		case '"':
			g.state = inQuoted
		case g.delim:
			g.state = atFieldStart
		case '\n':
			endRecord = true
		case '\r':
			g.state = afterQuoteCR
		default:
			g.state = inQuoted // a lazy bare quote
		}
	case afterQuoteCR:
		switch c {
		case '\n':
			endRecord = true
		case '"':
			g.state = afterQuote
		default:
			g.state = inQuoted
		}
	}
	if c == '\n' {
		g.line++
	}
	if endRecord {
		g.state, g.recLine, g.recLen = atFieldStart, g.line, 0
	}
}
