package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// records is a file's stream of records, as the creators and the orders
// readers both read it: a CSV's, its encoding and delimiter sniffed, or an
// .xlsx workbook's first sheet's, each row a record whose line is its row
// number.
type records struct {
	name     string // the file, as messages name it
	encoding string
	utf8Text bool // cells must be valid UTF-8; else they must hold no U+FFFD (a decoding failure)

	csv   *csv.Reader
	guard *recordGuard
	sheet *sheetRows // a workbook's first sheet, in place of csv and guard
}

// openRecords opens src as the records of the file called name. Every
// error is a *FileError.
func openRecords(src io.Reader, name string) (records, error) {
	rs := records{name: name}
	raw := bufio.NewReaderSize(src, sniffSize)
	head, err := raw.Peek(sniffSize)
	if err != nil && err != io.EOF {
		return rs, rs.errAt(1, fmt.Errorf("read: %w", err))
	}
	if bytes.HasPrefix(head, []byte(zipMagic)) {
		sheet, err := openWorkbook(src, raw, head)
		if err != nil {
			return rs, rs.errAt(1, fmt.Errorf("not a CSV file or a readable .xlsx workbook: %w%s", err, workbookHint))
		}
		rs.sheet, rs.encoding, rs.utf8Text = sheet, encXLSX, true
		return rs, nil
	}
	if encryptedWorkbook(head) {
		// Excel's "Save with password" writes an OLE file, the magic of an .xls.
		return rs, rs.errAt(1, errors.New("not a CSV file: it is a password-protected workbook (save a copy without a password, as .xlsx or CSV UTF-8)"))
	}
	var text io.Reader
	text, rs.encoding = decodeText(raw, head)
	rs.utf8Text = rs.encoding == encUTF8 || rs.encoding == encUTF8BOM
	if what := sniffBinary(head, rs.encoding); what != "" {
		return rs, rs.errAt(1, errors.New("not a CSV file: "+what))
	}
	br, ok := text.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(text, sniffSize)
	}
	sample, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF {
		return rs, rs.errAt(1, fmt.Errorf("read: %w", err))
	}
	delim, crOnly := sniffLayout(sample)
	rs.guard = &recordGuard{src: br, delim: delim, crOnly: crOnly, line: 1, recLine: 1}
	rs.csv = csv.NewReader(rs.guard)
	rs.csv.Comma = rune(delim)
	rs.csv.FieldsPerRecord = -1
	rs.csv.LazyQuotes = true
	rs.csv.ReuseRecord = true
	return rs, nil
}

// read returns the next record and its line, checking its text decoded.
func (rs *records) read() ([]string, int, error) {
	if rs.sheet != nil {
		rec, line, err := rs.sheet.next()
		if err != nil && err != io.EOF {
			return nil, 0, rs.errAt(line, err)
		}
		if err == nil && !validCells(rec) {
			return nil, 0, rs.errAt(line, errors.New("invalid UTF-8 text in a cell"))
		}
		return rec, line, err
	}
	if rs.csv == nil {
		return nil, 0, io.EOF // a workbook closed
	}
	for {
		rec, err := rs.csv.Read()
		if err == io.EOF {
			return nil, 0, io.EOF
		}
		if err != nil {
			return nil, 0, rs.streamError(err)
		}
		if len(rec) == 0 {
			continue
		}
		line, _ := rs.csv.FieldPos(0)
		for i, f := range rec {
			if rs.utf8Text && !utf8.ValidString(f) || !rs.utf8Text && strings.ContainsRune(f, utf8.RuneError) {
				at, _ := rs.csv.FieldPos(i)
				return nil, 0, rs.encodingError(at)
			}
		}
		return rec, line, nil
	}
}

// closeSheet removes a workbook's temporary files; it reports whether
// there was one.
func (rs *records) closeSheet() (bool, error) {
	if rs.sheet == nil {
		return false, nil
	}
	err := rs.sheet.close()
	rs.sheet = nil
	return true, err
}

// validCells reports whether a workbook row's cells are valid UTF-8.
func validCells(rec []string) bool {
	for _, f := range rec {
		if !utf8.ValidString(f) {
			return false
		}
	}
	return true
}

func (rs *records) encodingError(line int) error {
	var err error
	switch rs.encoding {
	case encUTF8, encUTF8BOM:
		err = errors.New("invalid UTF-8 text (the start of the file is UTF-8; save the whole file as UTF-8)")
	case encGB18030:
		err = errors.New("text that is neither UTF-8 nor GB18030 (save the file as UTF-8)")
	default:
		err = fmt.Errorf("invalid %s text (save the file as UTF-8)", strings.ToUpper(rs.encoding))
	}
	return rs.errAt(line, err)
}

// errAt is err at line of the file.
func (rs *records) errAt(line int, err error) error {
	return &FileError{File: rs.name, Line: line, Err: err}
}

// streamError names the line of an error met while reading records.
func (rs *records) streamError(err error) error {
	var ge *guardError
	if errors.As(err, &ge) {
		return rs.errAt(ge.line, ge)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return rs.errAt(pe.StartLine, pe.Err)
	}
	return rs.errAt(rs.guard.recLine, err)
}
