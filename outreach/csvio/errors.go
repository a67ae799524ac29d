package csvio

import "fmt"

// FileError is an error at a place in a file. Every error a CreatorReader
// returns, other than io.EOF, is one (a bad row's is inside its *RowError),
// so callers read the place from its fields, never from the text.
//
// Line is 1-based; 0 when the error is about the file as a whole, such as
// one that could not be opened (the reader itself always knows a line).
// Field is one of CreatorFields, or "row" for the row as a whole, when the
// error is about one row; "" when it is about the file: its header,
// encoding or layout, or reading it.
type FileError struct {
	File  string
	Line  int
	Field string
	Err   error
}

// Error reads "FILE:LINE: FIELD: ERR", leaving out the line and the field
// when they are not known.
func (e *FileError) Error() string {
	switch {
	case e.Line == 0 && e.Field == "":
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	case e.Line == 0:
		return fmt.Sprintf("%s: %s: %v", e.File, e.Field, e.Err)
	case e.Field == "":
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s:%d: %s: %v", e.File, e.Line, e.Field, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// RowError is one bad row: it is reported and skipped; reading continues.
// Any other error from CreatorReader.Next is fatal for the file. Its place
// is a FileError, which errors.As finds through Unwrap.
type RowError struct {
	FileError
}

// Unwrap gives the row's FileError.
func (e *RowError) Unwrap() error { return &e.FileError }
