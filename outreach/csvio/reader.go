// Package csvio reads and writes the files creatordesk exchanges with
// spreadsheets and discovery tools.
package csvio

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"creatordesk/outreach"
)

const (
	// sniffSize is how much of the file decides its encoding and delimiter.
	sniffSize = 64 << 10
	// maxRecordBytes bounds one record, so a missing newline or an open
	// quote cannot make the reader hold a whole file in memory.
	maxRecordBytes = 1 << 20
	// maxHeaderSearch is how many non-blank rows may come before the header:
	// exports often start with a title row ("Kalodata · Creators · 2024-05").
	maxHeaderSearch = 5

	maxDisplayName = 200               // runes
	maxCategory    = 100               // runes
	maxNotes       = outreach.MaxNotes // runes
	maxSampleSKU   = 100               // runes
)

// Encoding names reported by CreatorReader.Encoding.
const (
	encUTF8        = "utf-8"
	encUTF8BOM     = "utf-8 (BOM)"
	encUTF16LE     = "utf-16le"
	encUTF16BE     = "utf-16be"
	encGB18030     = "gb18030"
	encWindows1252 = "windows-1252"
)

// Options tune a CreatorReader.
type Options struct {
	// DefaultCurrency is the currency of GMV and slot fee cells that name
	// none, when the file has no currency column and the header names
	// none; "" is USD.
	DefaultCurrency string
	// Location is the time zone of partnered_at cells that name none (the
	// export writes local time); nil is time.Local.
	Location *time.Location
}

// Field indexes into CreatorFields.
const (
	cfHandle = iota
	cfURL
	cfDisplayName
	cfFollowers
	cfAvgViews
	cfEngagement
	cfGMV
	cfCurrency
	cfRegion
	cfCategory
	cfEmail
	cfPhone
	cfStage
	cfTier
	cfTags
	cfNotes
	cfCampaign
	cfPartneredAt
	cfSlotFee
	cfCommission
	cfSampleSKU
	cfDiscountCode
	cfDiscountPct
	cfCount
)

// creatorFieldIndex maps a field name to its index in CreatorFields.
var creatorFieldIndex = func() map[string]int {
	m := make(map[string]int, len(CreatorFields))
	for i, f := range CreatorFields {
		m[f] = i
	}
	return m
}()

// CreatorReader streams creators out of a CSV or tab-separated file, one
// row at a time, in constant memory.
type CreatorReader struct {
	records
	currency string         // for GMV and slot fee cells without one
	loc      *time.Location // for partnered_at cells without a zone

	col        [cfCount]int // column of each field, -1 when absent
	info       [cfCount]creatorColumn
	width      int // columns up to the last named header cell
	fields     []string
	ignored    []string
	approxN    int      // counts given as approximate ("10万+") in rows read
	approxEx   []string // the first few of them, as written
	headerLine int

	err error // sticky: io.EOF or a fatal error
}

// NewCreatorReader sniffs encoding and delimiter and reads the header; an
// .xlsx workbook is read from its first worksheet instead, each row a
// record whose line is its row number. name
// is the file name used in messages. It fails with a *FileError when the
// file cannot be read or its header has neither a handle nor a profile-URL
// column.
func NewCreatorReader(r io.Reader, name string, opt Options) (*CreatorReader, error) {
	cr := &CreatorReader{currency: strings.ToUpper(strings.TrimSpace(opt.DefaultCurrency)), loc: opt.Location}
	if cr.currency == "" {
		cr.currency = "USD"
	}
	if cr.loc == nil {
		cr.loc = time.Local
	}
	var err error
	if cr.records, err = openRecords(r, name); err != nil {
		return nil, err
	}
	if err := cr.readHeader(); err != nil {
		cr.Close()
		return nil, err
	}
	return cr, nil
}

// Fields lists the recognised fields in header order, e.g. ["handle",
// "followers"].
func (r *CreatorReader) Fields() []string { return append([]string(nil), r.fields...) }

// Ignored lists the header cells that name no field, or a field an earlier
// (or stronger) column already supplies, as written in the file: sanitise
// them before showing them on a terminal.
func (r *CreatorReader) Ignored() []string { return append([]string(nil), r.ignored...) }

// Approximate counts the counts, in the rows read so far, that the file
// gives as approximate ("10万+", "约5万"), read as the number given, with
// the first few as written: sanitise them before showing them.
func (r *CreatorReader) Approximate() (n int, examples []string) {
	return r.approxN, append([]string(nil), r.approxEx...)
}

// maxApproxExamples bounds the approximate counts kept to name.
const maxApproxExamples = 3

// Encoding names the text encoding: "utf-8", "utf-8 (BOM)", "utf-16le",
// "utf-16be", "gb18030" or "windows-1252"; "xlsx" for a workbook.
func (r *CreatorReader) Encoding() string { return r.encoding }

// HeaderLine is the line of the header row: 1 unless title rows or an Excel
// "sep=" line come first.
func (r *CreatorReader) HeaderLine() int { return r.headerLine }

// Next returns the next row. At the end it returns io.EOF. A bad row gives a
// *RowError: report it and call Next again. Any other error is a fatal
// *FileError, which names FILE:LINE and is returned again by every later
// call.
func (r *CreatorReader) Next() (outreach.CreatorRow, error) {
	for r.err == nil {
		rec, line, err := r.read()
		if err != nil {
			r.err = err
			r.Close()
			break
		}
		if isBlankRecord(rec) {
			continue
		}
		if r.guard != nil && line == r.guard.cutLine && len(rec) < r.width {
			// An interrupted download or copy leaves a last row with a
			// field cut in two and the rest missing: never take it as data.
			return outreach.CreatorRow{}, &RowError{FileError{File: r.name, Line: line, Field: "row",
				Err: fmt.Errorf("the file ends in the middle of this row (%d of %d fields, no line end): was it cut short? Complete the row, or end its line, to import it", len(rec), r.width)}}
		}
		return r.parseRow(rec, line)
	}
	return outreach.CreatorRow{}, r.err
}

// Close releases what the reader holds: a workbook's temporary files. Next
// calls it at the end of the file; call it when stopping before that.
func (r *CreatorReader) Close() error {
	had, err := r.closeSheet()
	if !had {
		return nil
	}
	if r.err == nil {
		r.err = r.errAt(0, errors.New("read after Close"))
	}
	return err
}

// readHeader finds the header row: the first non-blank row, or one of the
// next few when a title row comes first.
func (r *CreatorReader) readHeader() error {
	var first []string
	firstLine, tries := 0, 0
	for tries < maxHeaderSearch {
		rec, line, err := r.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if line == 1 && tries == 0 && isSepLine(rec) {
			continue
		}
		if isBlankRecord(rec) {
			continue
		}
		tries++
		if isAffiliateOrdersHeader(rec) {
			return r.errAt(line, ErrAffiliateOrders)
		}
		if first == nil {
			first, firstLine = append([]string(nil), rec...), line
		}
		if r.useHeader(rec, line, tries == 1) {
			return nil
		}
		if countNonBlank(rec) > 2 {
			break // a table row, not a title: the header has no handle column
		}
	}
	if first == nil {
		return r.errAt(1, errors.New("header: the file is empty"))
	}
	return r.errAt(firstLine, fmt.Errorf("header: no handle column (looked for %s; the header has %s)",
		handleHint, describeCells(first)))
}

// useHeader adopts rec as the header when it has a handle or a profile-URL
// column. A row after the first must also name a second field, so a data
// row with "TikTok" in it is not taken for a header.
func (r *CreatorReader) useHeader(rec []string, line int, first bool) bool {
	cols := make([]creatorColumn, len(rec))
	var winner [cfCount]int
	for f := range winner {
		winner[f] = -1
	}
	for i, cell := range rec {
		cols[i] = parseHeaderCell(cell)
		if cols[i].field == "" {
			continue
		}
		f := creatorFieldIndex[cols[i].field]
		if w := winner[f]; w < 0 || cols[w].weak && !cols[i].weak {
			winner[f] = i
		}
	}
	if winner[cfHandle] < 0 && winner[cfURL] < 0 {
		return false
	}
	if !first {
		named := 0
		for _, w := range winner {
			if w >= 0 {
				named++
			}
		}
		if named < 2 {
			return false
		}
	}
	r.col = winner
	r.headerLine = line
	for i, cell := range rec {
		text := strings.TrimSpace(cleanHeaderText(cell))
		if text == "" {
			continue
		}
		r.width = i + 1
		c := cols[i]
		if c.field != "" && winner[creatorFieldIndex[c.field]] == i {
			r.fields = append(r.fields, c.field)
			r.info[creatorFieldIndex[c.field]] = c
		} else {
			r.ignored = append(r.ignored, text)
		}
	}
	return true
}
