package csvio

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
)

// encXLSX is what CreatorReader.Encoding reports for a workbook.
const encXLSX = "xlsx"

// workbookHint ends the message refusing a workbook.
const workbookHint = " (save it from the spreadsheet as CSV UTF-8 or .xlsx)"

// zipMagic starts every ZIP archive, so every .xlsx (and .ods) workbook.
const zipMagic = "PK\x03\x04"

// Limits on a workbook, checked on its ZIP directory before excelize reads
// any of it: a zip bomb or a hostile part fails here, not in memory.
const (
	// maxUnzip bounds all parts unpacked: a million creators fill a sheet
	// of about 300 MB.
	maxUnzip = 512 << 20
	// maxInMemoryXML is the largest sheet or shared-strings part excelize
	// keeps in memory; bigger ones go to a temporary file and are streamed.
	maxInMemoryXML = 16 << 20
	// maxSharedStrings bounds the shared-strings table: excelize keeps an
	// index entry (about 50 bytes) per string, so this bounds its memory.
	maxSharedStrings = 128 << 20
	// maxOtherParts bounds the parts other than worksheets and shared
	// strings (styles, workbook, themes, images), which excelize reads
	// into memory whole.
	maxOtherParts = 64 << 20
)

// sheetRows streams the rows of a workbook's first worksheet as records;
// a record's line is its row number in the sheet.
type sheetRows struct {
	book *excelize.File
	rows *excelize.Rows
	line int
}

// openWorkbook opens the workbook r holds (raw reads it from its start,
// head is its first bytes). A file on disk is opened in place; anything
// else is first copied to a temporary file, up to maxUnzip, so memory
// stays flat either way.
func openWorkbook(r io.Reader, raw io.Reader, head []byte) (*sheetRows, error) {
	if err := checkFirstPart(head); err != nil {
		return nil, err
	}
	path := ""
	if f, ok := r.(*os.File); ok && f.Name() != "" {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			if err := checkWorkbook(f, st.Size()); err != nil {
				return nil, err
			}
			path = f.Name()
		}
	}
	if path == "" {
		tmp, err := os.CreateTemp("", ".creatordesk-xlsx-*")
		if err != nil {
			return nil, err
		}
		defer os.Remove(tmp.Name())
		defer tmp.Close()
		n, err := io.Copy(tmp, io.LimitReader(raw, maxUnzip+1))
		if err != nil {
			return nil, fmt.Errorf("read: %w", err)
		}
		if n > maxUnzip {
			return nil, fmt.Errorf("the workbook is over %d MiB", maxUnzip>>20)
		}
		if err := checkWorkbook(tmp, n); err != nil {
			return nil, err
		}
		path = tmp.Name()
	}
	// OpenFile unpacks what it needs (big sheets to its own temporary
	// files) and closes path before it returns.
	book, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: maxUnzip, UnzipXMLSizeLimit: maxInMemoryXML})
	if err != nil {
		return nil, workbookError(err)
	}
	sheets := book.GetSheetList()
	if len(sheets) == 0 {
		book.Close()
		return nil, errors.New("the workbook has no worksheet")
	}
	rows, err := book.Rows(sheets[0])
	if err != nil {
		book.Close()
		return nil, workbookError(err)
	}
	return &sheetRows{book: book, rows: rows}, nil
}

// encryptedWorkbook reports whether head starts an OLE file holding an
// encrypted OOXML package: what Excel saves for a workbook with a password,
// under the same magic as an Excel 97-2003 .xls.
func encryptedWorkbook(head []byte) bool {
	const ole = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
	if !bytes.HasPrefix(head, []byte(ole)) {
		return false
	}
	var name []byte
	for _, c := range "EncryptedPackage" {
		name = append(name, byte(c), 0)
	}
	return bytes.Contains(head, name)
}

// checkFirstPart looks at the first part's local header: random bytes
// after "PK\x03\x04" are refused at once, before the rest is read.
func checkFirstPart(head []byte) error {
	if len(head) < 30 {
		return errors.New("it starts like a ZIP archive but is damaged or cut short")
	}
	method := binary.LittleEndian.Uint16(head[8:])
	nameLen := int(binary.LittleEndian.Uint16(head[26:]))
	if method != 0 && method != 8 || nameLen == 0 || 30+nameLen > len(head) {
		return errors.New("it starts like a ZIP archive but is damaged or cut short")
	}
	for _, c := range head[30 : 30+nameLen] {
		if c < 0x20 || c == 0x7f {
			return errors.New("it starts like a ZIP archive but is damaged or cut short")
		}
	}
	return nil
}

// checkWorkbook reads the ZIP directory: it must be an Excel workbook, and
// its parts must unpack within the limits above. archive/zip refuses a
// part that unpacks to more than its directory entry says.
func checkWorkbook(r io.ReaderAt, size int64) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return errors.New("it starts like a ZIP archive but is damaged or cut short")
	}
	var total, other uint64
	var types, workbook, ods bool
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		n := f.UncompressedSize64
		total += n
		switch {
		case name == "[content_types].xml":
			types = true
			other += n
		case name == "xl/workbook.xml":
			workbook = true
			other += n
		case name == "mimetype" || name == "content.xml":
			ods = true
		case name == "xl/sharedstrings.xml":
			if n > maxSharedStrings {
				return fmt.Errorf("its shared-strings table unpacks to over %d MiB", maxSharedStrings>>20)
			}
		case strings.HasPrefix(name, "xl/worksheets/sheet"):
		default:
			other += n
		}
	}
	switch {
	case !types || !workbook:
		if ods {
			return errors.New("it is an OpenDocument (.ods) spreadsheet, not an Excel .xlsx workbook")
		}
		return errors.New("it is a ZIP archive, not an Excel .xlsx workbook")
	case total > maxUnzip:
		return fmt.Errorf("it unpacks to over %d MiB", maxUnzip>>20)
	case other > maxOtherParts:
		return fmt.Errorf("its parts other than the sheets unpack to over %d MiB", maxOtherParts>>20)
	}
	return nil
}

// workbookError says what excelize's error means for the user.
func workbookError(err error) error {
	switch {
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
		return errors.New("the workbook is password-protected or encrypted")
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum):
		return fmt.Errorf("the workbook is damaged: %v", err)
	}
	return fmt.Errorf("the workbook cannot be read: %v", err)
}

// next returns the next row that has cells and its row number; io.EOF at
// the end of the sheet.
func (s *sheetRows) next() ([]string, int, error) {
	for s.rows.Next() {
		s.line++
		rec, err := s.rows.Columns()
		if err != nil {
			return nil, s.line, workbookError(err)
		}
		if len(rec) == 0 {
			continue
		}
		size := 0
		for _, c := range rec {
			size += len(c)
		}
		if size > maxRecordBytes {
			return nil, s.line, fmt.Errorf("a row longer than %d MiB", maxRecordBytes>>20)
		}
		return rec, s.line, nil
	}
	if err := s.rows.Error(); err != nil {
		return nil, s.line, workbookError(err)
	}
	return nil, 0, io.EOF
}

// close releases the workbook and its temporary files.
func (s *sheetRows) close() error {
	err := s.rows.Close()
	if cerr := s.book.Close(); err == nil {
		err = cerr
	}
	return err
}
