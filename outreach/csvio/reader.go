// Package csvio reads and writes the files creatordesk exchanges with
// spreadsheets and discovery tools.
package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

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

// RowError is one bad row: it is reported and skipped; reading continues.
type RowError struct {
	File   string
	Line   int
	Field  string // one of CreatorFields, or "row"
	Reason string
}

// Error reads "FILE:LINE: field: reason".
func (e *RowError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Reason)
}

// Options tune a CreatorReader.
type Options struct {
	// DefaultCurrency is the currency of GMV cells that name none, when the
	// file has no currency column and the GMV header names none; "" is USD.
	DefaultCurrency string
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
	name     string
	currency string // for GMV cells without one
	encoding string
	utf8Text bool // cells must be valid UTF-8; else they must hold no U+FFFD (a decoding failure)

	csv   *csv.Reader
	guard *recordGuard

	col        [cfCount]int // column of each field, -1 when absent
	info       [cfCount]creatorColumn
	width      int // columns up to the last named header cell
	fields     []string
	ignored    []string
	headerLine int

	err error // sticky: io.EOF or a fatal error
}

// NewCreatorReader sniffs encoding and delimiter and reads the header. name
// is the file name used in messages. It fails when the file cannot be read
// or its header has neither a handle nor a profile-URL column.
func NewCreatorReader(r io.Reader, name string, opt Options) (*CreatorReader, error) {
	cr := &CreatorReader{name: name, currency: strings.ToUpper(strings.TrimSpace(opt.DefaultCurrency))}
	if cr.currency == "" {
		cr.currency = "USD"
	}
	raw := bufio.NewReaderSize(r, sniffSize)
	head, err := raw.Peek(sniffSize)
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("%s:1: read: %w", name, err)
	}
	var text io.Reader
	text, cr.encoding = decodeText(raw, head)
	cr.utf8Text = cr.encoding == encUTF8 || cr.encoding == encUTF8BOM
	if what := sniffBinary(head, cr.encoding); what != "" {
		return nil, fmt.Errorf("%s:1: not a CSV file: %s", name, what)
	}

	var sample []byte
	if br, ok := text.(*bufio.Reader); ok {
		sample, err = br.Peek(sniffSize)
	} else {
		br := bufio.NewReaderSize(text, sniffSize)
		sample, err = br.Peek(sniffSize)
		text = br
	}
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("%s:1: read: %w", name, err)
	}
	delim, crOnly := sniffLayout(sample)

	cr.guard = &recordGuard{src: text, delim: delim, crOnly: crOnly, line: 1, recLine: 1}
	cr.csv = csv.NewReader(cr.guard)
	cr.csv.Comma = rune(delim)
	cr.csv.FieldsPerRecord = -1
	cr.csv.LazyQuotes = true
	cr.csv.ReuseRecord = true
	if err := cr.readHeader(); err != nil {
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

// Encoding names the text encoding: "utf-8", "utf-8 (BOM)", "utf-16le",
// "utf-16be", "gb18030" or "windows-1252".
func (r *CreatorReader) Encoding() string { return r.encoding }

// HeaderLine is the line of the header row: 1 unless title rows or an Excel
// "sep=" line come first.
func (r *CreatorReader) HeaderLine() int { return r.headerLine }

// Next returns the next row. At the end it returns io.EOF. A bad row gives a
// *RowError: report it and call Next again. Any other error is fatal for the
// file, names FILE:LINE, and is returned again by every later call.
func (r *CreatorReader) Next() (outreach.CreatorRow, error) {
	for r.err == nil {
		rec, line, err := r.read()
		if err != nil {
			r.err = err
			break
		}
		if isBlankRecord(rec) {
			continue
		}
		if line == r.guard.cutLine && len(rec) < r.width {
			// An interrupted download or copy leaves a last row with a
			// field cut in two and the rest missing: never take it as data.
			return outreach.CreatorRow{}, &RowError{File: r.name, Line: line, Field: "row",
				Reason: fmt.Sprintf("the file ends in the middle of this row (%d of %d fields, no line end): was it cut short? Complete the row, or end its line, to import it", len(rec), r.width)}
		}
		return r.parseRow(rec, line)
	}
	return outreach.CreatorRow{}, r.err
}

// read returns the next record and the line it starts on, checking that
// its text decoded cleanly.
func (r *CreatorReader) read() ([]string, int, error) {
	for {
		rec, err := r.csv.Read()
		if err == io.EOF {
			return nil, 0, io.EOF
		}
		if err != nil {
			return nil, 0, r.streamError(err)
		}
		if len(rec) == 0 {
			continue
		}
		line, _ := r.csv.FieldPos(0)
		for i, f := range rec {
			if r.utf8Text && !utf8.ValidString(f) || !r.utf8Text && strings.ContainsRune(f, utf8.RuneError) {
				at, _ := r.csv.FieldPos(i)
				return nil, 0, r.encodingError(at)
			}
		}
		return rec, line, nil
	}
}

func (r *CreatorReader) encodingError(line int) error {
	switch r.encoding {
	case encUTF8, encUTF8BOM:
		return fmt.Errorf("%s:%d: invalid UTF-8 text (the start of the file is UTF-8; save the whole file as UTF-8)", r.name, line)
	case encGB18030:
		return fmt.Errorf("%s:%d: text that is neither UTF-8 nor GB18030 (save the file as UTF-8)", r.name, line)
	}
	return fmt.Errorf("%s:%d: invalid %s text (save the file as UTF-8)", r.name, line, strings.ToUpper(r.encoding))
}

// streamError names the line of an error met while reading records.
func (r *CreatorReader) streamError(err error) error {
	var ge *guardError
	if errors.As(err, &ge) {
		return fmt.Errorf("%s:%d: %w", r.name, ge.line, ge)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %w", r.name, pe.StartLine, pe.Err)
	}
	return fmt.Errorf("%s:%d: %w", r.name, r.guard.recLine, err)
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
			return fmt.Errorf("%s:%d: %w", r.name, line, ErrAffiliateOrders)
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
		return fmt.Errorf("%s:1: header: the file is empty", r.name)
	}
	return fmt.Errorf("%s:%d: header: no handle column (looked for %s; the header has %s)",
		r.name, firstLine, handleHint, describeCells(first))
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

// parseRow turns one record into a CreatorRow; the first bad field, in the
// order of CreatorFields, makes it a *RowError.
func (r *CreatorReader) parseRow(rec []string, line int) (outreach.CreatorRow, error) {
	bad := func(field, reason string) (outreach.CreatorRow, error) {
		return outreach.CreatorRow{}, &RowError{File: r.name, Line: line, Field: field, Reason: reason}
	}
	if n := lastNonBlank(rec) + 1; n > r.width {
		return bad("row", fmt.Sprintf("%d fields, the header has %d", n, r.width))
	}
	cell := func(f int) string {
		if i := r.col[f]; i >= 0 && i < len(rec) {
			return cleanCell(rec[i])
		}
		return ""
	}
	// value is a cell that holds data: "-", "N/A" and the like are blanks.
	value := func(f int) string {
		s := cell(f)
		if isPlaceholder(s) {
			return ""
		}
		return s
	}
	row := outreach.CreatorRow{Line: line}

	h, u := cell(cfHandle), value(cfURL)
	var err error
	switch {
	case h != "":
		if looksLikeURL(h) {
			row.Handle, err = outreach.HandleFromURL(h)
		} else {
			row.Handle, err = outreach.NormalizeHandle(h)
		}
		if err != nil {
			return bad("handle", fmt.Sprintf("%s: %v", quoteShort(h), err))
		}
		if u != "" {
			if uh, err := outreach.HandleFromURL(u); err == nil && uh != row.Handle {
				return bad("url", fmt.Sprintf("%s is the profile of @%s, not of @%s", quoteShort(u), uh, row.Handle))
			}
		}
	case u != "":
		if row.Handle, err = outreach.HandleFromURL(u); err != nil {
			return bad("url", fmt.Sprintf("%s: %v", quoteShort(u), err))
		}
	case r.col[cfHandle] >= 0 && r.col[cfURL] >= 0:
		return bad("handle", "blank, and so is the profile URL")
	case r.col[cfHandle] >= 0:
		return bad("handle", "blank")
	default:
		return bad("url", "blank, and the file has no handle column")
	}

	if row.DisplayName, err = limitText(cell(cfDisplayName), maxDisplayName); err != nil {
		return bad("display_name", err.Error())
	}
	if row.Followers, err = parseCountCell(value(cfFollowers), r.info[cfFollowers].exp); err != nil {
		return bad("followers", err.Error())
	}
	if row.AvgViews, err = parseCountCell(value(cfAvgViews), r.info[cfAvgViews].exp); err != nil {
		return bad("avg_views", err.Error())
	}
	if s := value(cfEngagement); s != "" {
		if r.info[cfEngagement].percent && endsWithDigit(s) {
			s += "%"
		}
		bp, err := outreach.ParseRate(s)
		if err != nil && !errors.Is(err, outreach.ErrEmptyRate) {
			return bad("engagement", err.Error())
		}
		if err == nil {
			row.Engagement = &bp
		}
	}
	if s := value(cfGMV); s != "" {
		cur := r.currency
		if r.info[cfGMV].currency != "" {
			cur = r.info[cfGMV].currency
		}
		if c := value(cfCurrency); c != "" {
			code, ok := currencyCode(c)
			if !ok {
				return bad("currency", fmt.Sprintf("%s is not a currency (use a code such as USD)", quoteShort(c)))
			}
			cur = code
		}
		m, err := parseMoneyCell(s, cur, r.info[cfGMV].exp)
		if err != nil && !errors.Is(err, outreach.ErrEmptyCount) {
			return bad("gmv", err.Error())
		}
		if err == nil {
			row.GMV30 = &m
		}
	}
	if row.Region, err = outreach.NormalizeRegion(value(cfRegion)); err != nil {
		return bad("region", err.Error())
	}
	if row.Category, err = limitText(cell(cfCategory), maxCategory); err != nil {
		return bad("category", err.Error())
	}
	if s := value(cfEmail); s != "" {
		if row.Email, err = outreach.NormalizeEmail(s); err != nil {
			return bad("email", err.Error())
		}
	}
	if s := value(cfPhone); s != "" {
		if row.Phone, err = outreach.NormalizePhone(s); err != nil {
			return bad("phone", err.Error())
		}
	}
	if s := value(cfStage); s != "" {
		if row.Stage, err = outreach.ParseStage(s); err != nil {
			return bad("stage", err.Error())
		}
	}
	if s := value(cfTier); s != "" {
		if row.Tier, err = outreach.ParseTier(s); err != nil {
			return bad("tier", err.Error())
		}
		row.TierManual = true
	}
	if s := value(cfTags); s != "" {
		if row.Tags, err = outreach.ParseTags(s); err != nil {
			return bad("tags", err.Error())
		}
	}
	if row.Notes, err = limitText(cell(cfNotes), maxNotes); err != nil {
		return bad("notes", err.Error())
	}
	return row, nil
}

// limitText checks a free-text cell against its length limit.
func limitText(s string, limit int) (string, error) {
	if n := utf8.RuneCountInString(s); n > limit {
		return "", fmt.Errorf("%d characters, the limit is %d", n, limit)
	}
	return s, nil
}

// parseCountCell reads a follower or view count; exp is a unit the header
// puts on bare numbers ("粉丝数(万)"). A blank cell gives nil.
func parseCountCell(s string, exp int) (*int64, error) {
	if s == "" {
		return nil, nil
	}
	if suffix, ok := expSuffix[exp]; ok && endsWithDigit(s) {
		s += suffix
	}
	v, err := outreach.ParseCount(s)
	if errors.Is(err, outreach.ErrEmptyCount) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// moneyCellUnits are the units an amount may carry, longest first so "mn"
// is tried before "m".
var moneyCellUnits = func() []string {
	var u []string
	for k := range countUnits {
		u = append(u, k)
	}
	// Longest first, then alphabetical, so the choice never depends on map order.
	sort.Slice(u, func(i, j int) bool {
		if len(u[i]) != len(u[j]) {
			return len(u[i]) > len(u[j])
		}
		return u[i] < u[j]
	})
	return u
}()

// parseMoneyCell reads a GMV cell with outreach.ParseMoney after writing out
// an abbreviation, as discovery tools print revenue: "$1.2M", "12.5万元",
// "1.5K USD". exp is a unit from the header ("销售额(万元)") for bare numbers.
func parseMoneyCell(s, currency string, exp int) (outreach.Money, error) {
	t := strings.TrimSpace(norm.NFKC.String(s))
	for _, w := range []string{"美元", "人民币", "元"} {
		if rest, ok := strings.CutSuffix(t, w); ok {
			currency, t = currencyWords[w], strings.TrimSpace(rest)
			break
		}
	}
	start := strings.IndexFunc(t, func(r rune) bool { return r >= '0' && r <= '9' || r == '.' })
	if start >= 0 && strings.ContainsAny(t[start:], "-–~") {
		return outreach.Money{}, fmt.Errorf("%q is a range, not an amount", s)
	}
	if start >= 0 {
		end := start
		for end < len(t) && (t[end] >= '0' && t[end] <= '9' || t[end] == '.' || t[end] == ',') {
			end++
		}
		num, rest := t[start:end], t[end:]
		after := strings.TrimLeft(rest, " ")
		unit := ""
		for _, u := range moneyCellUnits {
			if len(after) >= len(u) && strings.EqualFold(after[:len(u)], u) {
				next, _ := utf8.DecodeRuneInString(after[len(u):])
				if len(after) == len(u) || !unicode.IsLetter(next) {
					unit = u
					break
				}
			}
		}
		shift := exp
		if unit != "" {
			shift, rest = countUnits[strings.ToLower(unit)], after[len(unit):]
		}
		if shift > 0 {
			shifted, ok := shiftDecimal(num, shift)
			if !ok {
				return outreach.Money{}, fmt.Errorf("%q is not an amount", s)
			}
			t = t[:start] + shifted + rest
		}
	}
	m, err := outreach.ParseMoney(t, currency)
	if err != nil && !errors.Is(err, outreach.ErrEmptyCount) && t != strings.TrimSpace(norm.NFKC.String(s)) {
		return m, fmt.Errorf("%q: %v", s, err)
	}
	return m, err
}

// shiftDecimal multiplies a decimal string by 10^exp: ("1.25", 3) → "1250",
// ("1,234.5", 3) → "1234500". ok is false for anything but digits with an
// optional point and well-placed thousands separators.
func shiftDecimal(num string, exp int) (string, bool) {
	intPart, frac, _ := strings.Cut(num, ".")
	if strings.ContainsAny(frac, ".,") || intPart == "" && frac == "" {
		return "", false
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		for i, g := range groups {
			if i == 0 && (g == "" || len(g) > 3) || i > 0 && len(g) != 3 {
				return "", false // "1,5K" is a European decimal, not 15K
			}
		}
		intPart = strings.Join(groups, "")
	}
	for len(frac) < exp {
		frac += "0"
	}
	out := intPart + frac[:exp]
	if rest := frac[exp:]; rest != "" {
		out += "." + rest
	}
	return out, true
}

// cleanCell trims a cell and undoes the formula neutralisation of our own
// exports (see neutralizeCell): one ' before = + - @, tab, CR, or the line
// break an export writes for a CR. So an exported value reads back as the
// value itself would: less the blank space around it that every cell loses,
// and a tab or break dropped that way may uncover another ' to drop.
//
// A value that itself starts with ' and one of those is ambiguous: the
// export writes it unchanged, and it reads back without its '. We take the
// ' as a spreadsheet's text marker, which is what it almost always is (a
// person typing '+1 555 0100 into Excel), never as part of the value.
func cleanCell(s string) string {
	for {
		s = strings.TrimLeftFunc(s, isBlankRune)
		if len(s) < 2 || s[0] != '\'' || strings.IndexByte("=+-@\t\r\n", s[1]) < 0 {
			return strings.TrimRightFunc(s, isBlankRune)
		}
		s = s[1:]
	}
}

func isBlankRune(r rune) bool {
	return unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B'
}

// placeholders are what exports and trackers write for "no data".
var placeholders = []string{
	"-", "--", "---", "—", "–", "/", "?", "n/a", "#n/a", "null", "none", "nil",
	"无", "暂无", "無", "暫無",
}

func isPlaceholder(s string) bool {
	if len(s) > 6 || s == "" {
		return false
	}
	if c := s[0]; c < utf8.RuneSelf && !strings.ContainsRune("-/?#nN", rune(c)) {
		return false // the common case: a value
	}
	for _, p := range placeholders {
		if strings.EqualFold(s, p) {
			return true
		}
	}
	return false
}

func countNonBlank(rec []string) int {
	n := 0
	for _, c := range rec {
		if cleanCell(c) != "" {
			n++
		}
	}
	return n
}

func isBlankRecord(rec []string) bool { return lastNonBlank(rec) < 0 }

func lastNonBlank(rec []string) int {
	for i := len(rec) - 1; i >= 0; i-- {
		if cleanCell(rec[i]) != "" {
			return i
		}
	}
	return -1
}

// isSepLine reports Excel's "sep=;" first line, which names the delimiter.
func isSepLine(rec []string) bool {
	return strings.EqualFold(strings.TrimSpace(rec[0]), "sep=") && lastNonBlank(rec) == 0
}

func looksLikeURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.Contains(l, "tiktok.com/")
}

func endsWithDigit(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsDigit(r)
}

// quoteShort quotes a cell for a message, cut to a readable length.
func quoteShort(s string) string {
	const limit = 60
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// describeCells lists header cells for a message.
func describeCells(rec []string) string {
	var parts []string
	for _, c := range rec {
		if c = strings.TrimSpace(cleanHeaderText(c)); c == "" {
			continue
		}
		if len(parts) == 8 {
			parts = append(parts, "...")
			break
		}
		parts = append(parts, quoteShort(c))
	}
	if len(parts) == 0 {
		return "no named columns"
	}
	return strings.Join(parts, ", ")
}

// decodeText picks the encoding from the start of the file and returns a
// reader of UTF-8 text. raw has head buffered.
func decodeText(raw *bufio.Reader, head []byte) (io.Reader, string) {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		raw.Discard(3)
		return raw, encUTF8BOM
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		raw.Discard(2)
		return transform.NewReader(raw, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM).NewDecoder()), encUTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		raw.Discard(2)
		return transform.NewReader(raw, xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM).NewDecoder()), encUTF16BE
	}
	switch enc := sniffEncoding(head); enc {
	case encUTF16LE:
		return transform.NewReader(raw, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM).NewDecoder()), enc
	case encUTF16BE:
		return transform.NewReader(raw, xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM).NewDecoder()), enc
	case encGB18030:
		return transform.NewReader(raw, simplifiedchinese.GB18030.NewDecoder()), enc
	case encWindows1252:
		return transform.NewReader(raw, charmap.Windows1252.NewDecoder()), enc
	}
	return raw, encUTF8
}

// sniffEncoding guesses the encoding of a file without a BOM from its start.
//
// UTF-16 without a BOM shows as NUL bytes on one side of each pair. Text
// that is valid UTF-8 is UTF-8; so is text that is mostly so, where the few
// bad bytes are a mistake the reader will report by line. Otherwise high
// bytes in pairs are GB18030 (Chinese Excel's "CSV"), lone ones Windows-1252
// (Western European Excel's).
func sniffEncoding(b []byte) string {
	if n := len(b) &^ 1; n >= 4 {
		var even, odd int
		for i := 0; i < n; i += 2 {
			if b[i] == 0 {
				even++
			}
			if b[i+1] == 0 {
				odd++
			}
		}
		pairs := n / 2
		switch {
		case odd*4 >= pairs && even*20 <= odd:
			return encUTF16LE
		case even*4 >= pairs && odd*20 <= even:
			return encUTF16BE
		}
	}
	// A rune cut by the end of the sample is not an error.
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				b = b[:i]
			}
			break
		}
	}
	var valid, invalid, lone, runs int
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		j := i
		for j < len(b) && b[j] >= utf8.RuneSelf {
			j++
		}
		if j-i == 1 {
			lone++
		} else {
			runs++
		}
		for k := i; k < j; {
			r, n := utf8.DecodeRune(b[k:j])
			if r == utf8.RuneError && n == 1 {
				invalid++
			} else {
				valid++
			}
			k += n
		}
		i = j
	}
	if invalid == 0 || valid >= 4*invalid {
		return encUTF8
	}
	if lone > runs {
		return encWindows1252
	}
	return encGB18030
}

// fileMagic are the first bytes of the files most often picked by mistake
// in place of a CSV, what to say about each, and what to do instead.
var fileMagic = []struct{ magic, what, hint string }{
	{"PK\x03\x04", "it is a ZIP archive, as an Excel .xlsx or an .ods workbook is", " (save it from the spreadsheet as CSV UTF-8)"},
	{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "it is an Excel 97-2003 workbook", " (save it from Excel as CSV UTF-8)"},
	{"\x89PNG\r\n\x1a\n", "it is a PNG image", ""},
	{"\xFF\xD8\xFF", "it is a JPEG image", ""},
	{"GIF87a", "it is a GIF image", ""},
	{"GIF89a", "it is a GIF image", ""},
	{"%PDF-", "it is a PDF document", ""},
	{"\x1F\x8B", "it is a gzip archive", " (unpack it first)"},
	{"SQLite format 3\x00", "it is an SQLite database", ""},
	{"\x7FELF", "it is a program, not text", ""},
}

// FileKind names the kind of file head, its first bytes, starts like
// ("it is an SQLite database"), or "" when it is none of fileMagic.
func FileKind(head []byte) string {
	what, _ := magic(head)
	return what
}

func magic(head []byte) (what, hint string) {
	for _, m := range fileMagic {
		if bytes.HasPrefix(head, []byte(m.magic)) {
			return m.what, m.hint
		}
	}
	return "", ""
}

// NotText names what a file whose first bytes are head is, when they show
// it is not text ("it is a PNG image"); "" when it may be a CSV file.
func NotText(head []byte) string {
	_, enc := decodeText(bufio.NewReader(bytes.NewReader(head)), head)
	return sniffBinary(head, enc)
}

// sniffBinary names what a file is when its start shows it is not text: a
// known file type, or bytes no text file holds (NUL with other control
// bytes). A byte-order mark says the file is text, so our own exports read
// back whatever their names hold; UTF-16's NULs are half its characters.
func sniffBinary(head []byte, encoding string) string {
	if what, hint := magic(head); what != "" {
		return what + hint
	}
	if encoding == encUTF8BOM || encoding == encUTF16LE || encoding == encUTF16BE || bytes.IndexByte(head, 0) < 0 {
		return ""
	}
	controls := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b {
			controls++
		}
	}
	// Random or compressed bytes are about one in ten; text, even with
	// escape sequences in its names, is nowhere near one in sixteen.
	if controls*16 >= len(head) {
		return "it holds binary data (NUL and other control bytes), not text"
	}
	return ""
}

// sniffLayout picks the delimiter from the first line that holds one of
// , ; or tab outside quotes (the most frequent wins; comma by default), or
// from Excel's "sep=X" line. crOnly is set for old Mac files whose lines
// end in a bare CR.
func sniffLayout(sample []byte) (delim byte, crOnly bool) {
	crOnly = bytes.IndexByte(sample, '\n') < 0 && bytes.IndexByte(sample, '\r') >= 0
	lineEnd := byte('\n')
	if crOnly {
		lineEnd = '\r'
	}
	if rest, ok := cutPrefixFold(sample, "sep="); ok && len(rest) > 0 && strings.IndexByte(",;\t|", rest[0]) >= 0 {
		if len(rest) == 1 || rest[1] == '\r' || rest[1] == '\n' {
			return rest[0], crOnly
		}
	}
	delims := []byte{',', '\t', ';'}
	var count [3]int
	best := func() byte {
		b := 0
		for i := range count {
			if count[i] > count[b] {
				b = i
			}
		}
		if count[b] == 0 {
			return 0
		}
		return delims[b]
	}
	inQuotes, quoteSeen, fieldStart := false, false, true
	lines := 0
	for _, c := range sample {
		if inQuotes {
			if quoteSeen {
				quoteSeen = false
				if c == '"' {
					continue // a doubled quote
				}
				inQuotes = false // the quote closed the field; c is outside
			} else {
				quoteSeen = c == '"'
				continue
			}
		}
		switch {
		case c == '"' && fieldStart:
			inQuotes, fieldStart = true, false
		case c == lineEnd:
			if d := best(); d != 0 {
				return d, crOnly
			}
			if lines++; lines == maxHeaderSearch {
				return ',', crOnly
			}
			fieldStart = true
		case bytes.IndexByte(delims, c) >= 0:
			count[bytes.IndexByte(delims, c)]++
			fieldStart = true
		default:
			fieldStart = false
		}
	}
	if d := best(); d != 0 {
		return d, crOnly
	}
	return ',', crOnly
}

func cutPrefixFold(b []byte, prefix string) ([]byte, bool) {
	if len(b) < len(prefix) || !strings.EqualFold(string(b[:len(prefix)]), prefix) {
		return nil, false
	}
	return b[len(prefix):], true
}

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
