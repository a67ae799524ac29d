package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"creatordesk/outreach"
)

// PartnerColumns are the export's columns, in order. The CSV header and the
// keys of each JSON object follow it.
var PartnerColumns = []string{
	"handle", "display_name", "tier", "followers", "region", "category", "email",
	"campaign", "stage", "partnered_at", "slot_fee", "currency", "commission_pct",
	"sample_sku", "discount_code", "discount_pct", "profile_url",
}

// Export formats accepted by NewPartnerWriter.
const (
	partnerFormatCSV  = "csv"
	partnerFormatJSON = "json"
)

const (
	// partnerTimeLayout is how partnered_at reads in the CSV: what Excel
	// recognises as a date and time in every locale.
	partnerTimeLayout = "2006-01-02 15:04:05"
	// partnerBOM makes Excel read the CSV as UTF-8 (Chinese names, emoji).
	partnerBOM = "\uFEFF"
	// partnerBufSize bounds the memory held between flushes.
	partnerBufSize = 64 << 10
	// partnerFlushEvery is how many rows go by between explicit flushes, so
	// rows reach the destination steadily and write errors surface early.
	partnerFlushEvery = 512
)

var errPartnerClosed = errors.New("partner export: write after Close")

// PartnerWriter streams partnerships to a CSV or JSON export, one row at a
// time: it never holds more than a buffer's worth of output, so exports of
// any size run in constant memory.
//
// CSV is what a colleague opens in Excel: UTF-8 with a BOM, a header row,
// RFC 4180 quoting with CRLF line ends, and every text cell that starts with
// = + - @, tab or CR prefixed with ' so Excel never evaluates it as a
// formula (CWE-1236). Numbers are written plain, without grouping.
//
// JSON is one array of objects keyed by PartnerColumns, for programs: text
// is written as it is, unknown or unset values are null, amounts are exact
// decimal strings and times are RFC 3339 in UTC.
//
// A PartnerWriter is not safe for concurrent use. Close finishes the
// document but does not close the underlying io.Writer.
type PartnerWriter struct {
	format string
	loc    *time.Location
	bw     *bufio.Writer

	cw  *csv.Writer // CSV only
	rec []string    // CSV only: reused for every row

	buf bytes.Buffer  // JSON only: one encoded object
	enc *json.Encoder // JSON only: writes into buf

	started bool
	closed  bool
	n       int
	err     error // first write error; sticky
}

// NewPartnerWriter writes format "csv" or "json" to w. loc is the time zone
// for partnered_at in CSV; nil means time.Local. JSON times are always UTC.
// Nothing is written until the first Write or Close.
func NewPartnerWriter(w io.Writer, format string, loc *time.Location) (*PartnerWriter, error) {
	if w == nil {
		return nil, errors.New("partner export: no destination")
	}
	f := strings.ToLower(strings.TrimSpace(format))
	if f != partnerFormatCSV && f != partnerFormatJSON {
		return nil, fmt.Errorf("partner export: unknown format %q (allowed: %s, %s)", format, partnerFormatCSV, partnerFormatJSON)
	}
	if loc == nil {
		loc = time.Local
	}
	pw := &PartnerWriter{format: f, loc: loc, bw: bufio.NewWriterSize(w, partnerBufSize)}
	switch f {
	case partnerFormatCSV:
		// csv.NewWriter reuses bw rather than stacking a second buffer.
		pw.cw = csv.NewWriter(pw.bw)
		pw.cw.UseCRLF = true
		pw.rec = make([]string, len(PartnerColumns))
	case partnerFormatJSON:
		pw.enc = json.NewEncoder(&pw.buf)
		pw.enc.SetEscapeHTML(false)
	}
	return pw, nil
}

// IsPartnerExport reports whether head, the first bytes of a file, start
// the way a PartnerWriter starts its output: the BOM and header row of the
// CSV, or the JSON array and its first key (or all of an empty array). An
// export may replace such a file without asking; it was an export too.
func IsPartnerExport(head []byte) bool {
	h := string(head)
	return strings.HasPrefix(h, partnerBOM+strings.Join(PartnerColumns, ",")+"\r\n") ||
		strings.HasPrefix(h, "[\n{\""+PartnerColumns[0]+"\":") || h == "[]\n"
}

// Count is the number of rows accepted so far: rows still in the buffer
// count, a row whose Write returned an error does not.
func (pw *PartnerWriter) Count() int { return pw.n }

// Write adds one partnership to the export. After a write error every later
// Write and Close return that same error.
func (pw *PartnerWriter) Write(p outreach.Partnership) error {
	if pw.closed {
		return errPartnerClosed
	}
	if pw.err != nil {
		return pw.err
	}
	if err := pw.start(); err != nil {
		return err
	}
	var err error
	if pw.format == partnerFormatCSV {
		err = pw.writeCSV(p)
	} else {
		err = pw.writeJSON(p)
	}
	if err != nil {
		return err
	}
	pw.n++
	if pw.n%partnerFlushEvery == 0 {
		return pw.flush()
	}
	return nil
}

// Close finishes the document (the CSV header alone when no row was
// written, the JSON closing bracket) and flushes it. It returns the first
// error seen by the writer, and the same again if called twice.
func (pw *PartnerWriter) Close() error {
	if pw.closed {
		return pw.err
	}
	pw.closed = true
	if pw.err != nil {
		return pw.err
	}
	if err := pw.start(); err != nil {
		return err
	}
	if pw.format == partnerFormatJSON {
		end := "\n]\n"
		if pw.n == 0 {
			end = "[]\n"
		}
		if _, err := pw.bw.WriteString(end); err != nil {
			return pw.fail(err)
		}
	}
	return pw.flush()
}

// start writes what comes before the first row.
func (pw *PartnerWriter) start() error {
	if pw.started {
		return nil
	}
	pw.started = true
	if pw.format != partnerFormatCSV {
		return nil // JSON opens its array with the first row
	}
	if _, err := pw.bw.WriteString(partnerBOM); err != nil {
		return pw.fail(err)
	}
	if err := pw.cw.Write(PartnerColumns); err != nil {
		return pw.fail(err)
	}
	return nil
}

// flush pushes buffered output to the destination and reports any error the
// buffers have seen.
func (pw *PartnerWriter) flush() error {
	if pw.cw != nil {
		pw.cw.Flush()
		if err := pw.cw.Error(); err != nil {
			return pw.fail(err)
		}
		return nil
	}
	if err := pw.bw.Flush(); err != nil {
		return pw.fail(err)
	}
	return nil
}

// fail records the first write error; the document is broken from then on.
func (pw *PartnerWriter) fail(err error) error {
	if pw.err == nil {
		pw.err = fmt.Errorf("partner export: %w", err)
	}
	return pw.err
}

func (pw *PartnerWriter) writeCSV(p outreach.Partnership) error {
	t := p.Terms
	r := pw.rec
	r[0] = partnerText(p.Handle)
	r[1] = partnerText(p.DisplayName)
	r[2] = partnerText(string(p.Tier))
	r[3] = ""
	if p.Followers != nil {
		r[3] = strconv.FormatInt(*p.Followers, 10)
	}
	r[4] = partnerText(p.Region)
	r[5] = partnerText(p.Category)
	r[6] = partnerText(p.Email)
	r[7] = partnerText(p.Campaign)
	r[8] = partnerText(string(p.Stage))
	r[9] = ""
	if !p.PartneredAt.IsZero() {
		r[9] = p.PartneredAt.In(pw.loc).Format(partnerTimeLayout)
	}
	r[10] = ""
	if partnerHasFee(t.SlotFee) {
		r[10] = t.SlotFee.Decimal(false)
	}
	r[11] = partnerText(t.SlotFee.Currency)
	r[12] = ""
	if t.Commission != 0 {
		r[12] = partnerPercent(int64(t.Commission))
	}
	r[13] = partnerText(t.SampleSKU)
	r[14] = partnerText(t.DiscountCode)
	r[15] = ""
	if t.DiscountPct != 0 {
		r[15] = strconv.Itoa(t.DiscountPct)
	}
	r[16] = partnerText(p.ProfileURL())
	if err := pw.cw.Write(r); err != nil {
		return pw.fail(err)
	}
	return nil
}

// partnerJSON is one exported object; its fields follow PartnerColumns.
type partnerJSON struct {
	Handle        string       `json:"handle"`
	DisplayName   string       `json:"display_name"`
	Tier          string       `json:"tier"`
	Followers     *int64       `json:"followers"`
	Region        string       `json:"region"`
	Category      string       `json:"category"`
	Email         string       `json:"email"`
	Campaign      string       `json:"campaign"`
	Stage         string       `json:"stage"`
	PartneredAt   *string      `json:"partnered_at"`
	SlotFee       *string      `json:"slot_fee"`
	Currency      string       `json:"currency"`
	CommissionPct *json.Number `json:"commission_pct"`
	SampleSKU     string       `json:"sample_sku"`
	DiscountCode  string       `json:"discount_code"`
	DiscountPct   *json.Number `json:"discount_pct"`
	ProfileURL    string       `json:"profile_url"`
}

func (pw *PartnerWriter) writeJSON(p outreach.Partnership) error {
	t := p.Terms
	o := partnerJSON{
		Handle:       p.Handle,
		DisplayName:  p.DisplayName,
		Tier:         string(p.Tier),
		Followers:    p.Followers,
		Region:       p.Region,
		Category:     p.Category,
		Email:        p.Email,
		Campaign:     p.Campaign,
		Stage:        string(p.Stage),
		Currency:     t.SlotFee.Currency,
		SampleSKU:    t.SampleSKU,
		DiscountCode: t.DiscountCode,
		ProfileURL:   p.ProfileURL(),
	}
	if !p.PartneredAt.IsZero() {
		s := p.PartneredAt.UTC().Format(time.RFC3339Nano)
		o.PartneredAt = &s
	}
	if partnerHasFee(t.SlotFee) {
		s := t.SlotFee.Decimal(false)
		o.SlotFee = &s
	}
	if t.Commission != 0 {
		n := json.Number(partnerPercent(int64(t.Commission)))
		o.CommissionPct = &n
	}
	if t.DiscountPct != 0 {
		n := json.Number(strconv.Itoa(t.DiscountPct))
		o.DiscountPct = &n
	}
	pw.buf.Reset()
	if err := pw.enc.Encode(&o); err != nil {
		// Nothing of this row reached the output: the document is intact.
		return fmt.Errorf("partner export: %s: %w", p.Handle, err)
	}
	sep := ",\n"
	if pw.n == 0 {
		sep = "[\n"
	}
	if _, err := pw.bw.WriteString(sep); err != nil {
		return pw.fail(err)
	}
	if _, err := pw.bw.Write(bytes.TrimSuffix(pw.buf.Bytes(), []byte("\n"))); err != nil {
		return pw.fail(err)
	}
	return nil
}

// partnerHasFee reports whether a slot fee is set: an amount or at least a
// currency (an explicit zero fee).
func partnerHasFee(m outreach.Money) bool { return m.Minor != 0 || m.Currency != "" }

// partnerPercent formats basis points as a plain percentage number: "15",
// "12.5", "0.05". It matches BasisPoints.Percent for non-negative rates and
// also formats negative ones correctly.
func partnerPercent(bp int64) string {
	sign := ""
	if bp < 0 {
		sign, bp = "-", -bp
	}
	s := strconv.FormatInt(bp/100, 10)
	if f := bp % 100; f != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%02d", f), "0")
	}
	return sign + s
}

// partnerText prepares a text cell for a spreadsheet: invalid UTF-8 becomes
// U+FFFD, a formula trigger is neutralised, and a bare CR becomes a line
// break (encoding/csv drops a bare CR when UseCRLF is set).
func partnerText(s string) string {
	s = neutralizeCell(strings.ToValidUTF8(s, "\uFFFD"))
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return s
}

// neutralizeCell prefixes a cell that Excel, LibreOffice or Google Sheets
// would read as a formula (first character = + - @, tab or CR) with ', which
// makes the spreadsheet treat it as text (CWE-1236). Other cells, including
// those with a "-" further in, are returned unchanged. The creator importer
// drops the ' again (cleanCell), so an export reads back as it was written.
func neutralizeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
