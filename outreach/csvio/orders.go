package csvio

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"creatordesk/outreach"
)

// OrderOptions tune an OrderReader.
type OrderOptions struct {
	// DateOrder is the caller's --date-order; DateOrderUnknown lets the
	// file's values decide, and refuses a file whose dates are ambiguous
	// throughout.
	DateOrder outreach.DateOrder
	// Location is the shop's time zone, in which the export writes times;
	// nil is time.Local.
	Location *time.Location
}

// Order columns, as headerKey writes Seller Center's headers.
const (
	ocOrderID = iota
	ocSKUID
	ocCreator
	ocPayment
	ocCurrency
	ocQuantity
	ocProductID
	ocProductName
	ocSellerSKU
	ocRefunded
	ocStatus
	ocRate
	ocEstCommission
	ocActualCommission
	ocCreated
	ocCommissionPaid
	ocCount
)

// orderRequired is how many of the columns above, from the first, a file
// must have.
const orderRequired = ocQuantity + 1

var orderHeaders = [ocCount]string{
	"Order ID", "SKU ID", "Creator Username", "Payment Amount", "Currency", "Quantity",
	"Product ID", "Product Name", "Seller Sku", "Fully returned or refunded", "Order Status",
	"Standard commission rate", "Est. standard commission payment", "Actual Commission Payment",
	"Time Created", "Time Commission Paid",
}

var orderHeaderIndex = func() map[string]int {
	m := make(map[string]int, ocCount)
	for i, h := range orderHeaders {
		m[headerKey(h)] = i
	}
	return m
}()

// OrderReader streams the lines of a Seller Center affiliate-orders export.
// It reads the file twice: once for the dates, which decide whether the
// file writes them day-first or month-first, then for the lines.
type OrderReader struct {
	records
	loc   *time.Location
	order outreach.DateOrder

	raw   *rawRows // the sheet again, for ids' stored digits
	col   [ocCount]int
	width int
	err   error
}

// NewOrderReader reads the header and the file's dates, decides their order
// (see outreach.DateOrderDetector) and rewinds r to stream the lines. An
// .xlsx workbook is read from its first worksheet, as NewCreatorReader
// reads one, each row a record whose line is its row number; call Close
// when stopping before the end. Every error is a *FileError.
func NewOrderReader(r io.ReadSeeker, name string, opt OrderOptions) (*OrderReader, error) {
	or := &OrderReader{records: records{name: name}, loc: opt.Location}
	if or.loc == nil {
		or.loc = time.Local
	}
	if err := or.open(r); err != nil {
		return nil, err
	}
	var d outreach.DateOrderDetector
	for {
		rec, _, err := or.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			or.Close()
			return nil, err
		}
		for _, c := range []int{ocCreated, ocCommissionPaid} {
			if i := or.col[c]; i >= 0 && i < len(rec) {
				d.Observe(cleanCell(rec[i]))
			}
		}
	}
	or.Close()
	order, err := d.Order(opt.DateOrder)
	if err != nil {
		return nil, &FileError{File: name, Field: "Time Created", Err: err}
	}
	or.order = order
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, &FileError{File: name, Err: fmt.Errorf("read again: %w", err)}
	}
	if err := or.open(r); err != nil {
		return nil, err
	}
	return or, nil
}

// DateOrder is the order the file's dates were read in.
func (r *OrderReader) DateOrder() outreach.DateOrder { return r.order }

// Encoding names the file's text encoding, as CreatorReader.Encoding.
func (r *OrderReader) Encoding() string { return r.encoding }

// Close releases what the reader holds: a workbook's temporary files. Next
// calls it at the end of the file.
func (r *OrderReader) Close() error {
	if r.sheet == nil {
		return nil
	}
	r.closeRaw()
	_, err := r.closeSheet()
	if r.err == nil {
		r.err = &FileError{File: r.name, Err: errors.New("read after Close")}
	}
	return err
}

// open opens the file's records as CreatorReader does and reads the
// header.
func (r *OrderReader) open(src io.Reader) error {
	r.err = nil
	rs, err := openRecords(src, r.name)
	if err != nil {
		return err
	}
	r.records = rs
	if err := r.readHeader(); err != nil {
		r.Close()
		return err
	}
	return nil
}

// readHeader reads the header: the first non-blank row after an Excel
// "sep=" line.
func (r *OrderReader) readHeader() error {
	for first := true; ; first = false {
		rec, line, err := r.read()
		if err == io.EOF {
			return &FileError{File: r.name, Line: 1, Err: errors.New("header: the file is empty")}
		}
		if err != nil {
			return err
		}
		if first && line == 1 && isSepLine(rec) || isBlankRecord(rec) {
			continue
		}
		return r.useHeader(rec, line)
	}
}

func (r *OrderReader) useHeader(rec []string, line int) error {
	for i := range r.col {
		r.col[i] = -1
	}
	for i, cell := range rec {
		text := strings.TrimSpace(cleanHeaderText(cell))
		if text != "" {
			r.width = i + 1
		}
		if c, ok := orderHeaderIndex[headerKey(text)]; ok && r.col[c] < 0 {
			r.col[c] = i
		}
	}
	var missing []string
	for c := 0; c < orderRequired; c++ {
		if r.col[c] < 0 {
			missing = append(missing, orderHeaders[c])
		}
	}
	if len(missing) > 0 {
		return &FileError{File: r.name, Line: line, Err: fmt.Errorf("header: no %s column (is this Seller Center's affiliate-orders export? the header has %s)",
			strings.Join(missing, ", "), describeCells(rec))}
	}
	return nil
}

// Next returns the next line. At the end it returns io.EOF. A bad row gives
// a *RowError naming the column: report it and call Next again. Any other
// error is a fatal *FileError, returned again by every later call.
func (r *OrderReader) Next() (outreach.OrderLine, error) {
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
		if r.sheet != nil {
			r.fullIDs(rec, line)
		}
		if r.guard != nil && line == r.guard.cutLine && len(rec) < r.width {
			return outreach.OrderLine{}, r.rowErr(line, "row", fmt.Errorf("the file ends in the middle of this row (%d of %d fields, no line end): was it cut short?", len(rec), r.width))
		}
		return r.parse(rec, line)
	}
	return outreach.OrderLine{}, r.err
}

func (r *OrderReader) rowErr(line int, field string, err error) error {
	return &RowError{FileError{File: r.name, Line: line, Field: field, Err: err}}
}

func (r *OrderReader) parse(rec []string, line int) (outreach.OrderLine, error) {
	cell := func(c int) string {
		if i := r.col[c]; i >= 0 && i < len(rec) {
			if v := cleanCell(rec[i]); !isPlaceholder(v) {
				return v
			}
		}
		return ""
	}
	bad := func(c int, err error) (outreach.OrderLine, error) {
		return outreach.OrderLine{}, r.rowErr(line, orderHeaders[c], err)
	}
	l := outreach.OrderLine{
		OrderID: cell(ocOrderID), SKUID: cell(ocSKUID), ProductID: cell(ocProductID),
		ProductName: cell(ocProductName), SellerSKU: cell(ocSellerSKU), Status: cell(ocStatus),
	}
	for _, c := range []int{ocOrderID, ocSKUID, ocCreator, ocPayment, ocCurrency, ocQuantity} {
		if cell(c) == "" {
			return bad(c, errors.New("empty"))
		}
	}
	for _, c := range []int{ocOrderID, ocSKUID} {
		if isExcelNumber(cell(c)) {
			return bad(c, fmt.Errorf("%s is an id a spreadsheet turned into a number (export it again, or format the column as text)", quoteShort(cell(c))))
		}
	}
	h, err := outreach.NormalizeHandle(cell(ocCreator))
	if err != nil {
		return bad(ocCreator, err)
	}
	l.Creator = h
	cur := strings.ToUpper(cell(ocCurrency))
	if !isCurrencyCell(cur) {
		return bad(ocCurrency, fmt.Errorf("%s is not a currency code", quoteShort(cell(ocCurrency))))
	}
	if l.Quantity, err = strconv.ParseInt(cell(ocQuantity), 10, 64); err != nil || l.Quantity <= 0 {
		return bad(ocQuantity, fmt.Errorf("%s is not a quantity", quoteShort(cell(ocQuantity))))
	}
	money := func(c int) (outreach.Money, bool, error) {
		v := cell(c)
		if v == "" {
			return outreach.Money{}, false, nil
		}
		m, err := outreach.ParseMoney(v, cur)
		return m, err == nil, err
	}
	var ok bool
	if l.Payment, _, err = money(ocPayment); err != nil {
		return bad(ocPayment, err)
	}
	if l.EstCommission, _, err = money(ocEstCommission); err != nil {
		return bad(ocEstCommission, err)
	}
	if l.ActualCommission, ok, err = money(ocActualCommission); err != nil {
		return bad(ocActualCommission, err)
	}
	l.HasActual = ok
	if v := cell(ocRate); v != "" {
		if l.CommissionRate, err = outreach.ParseRate(v); err != nil {
			return bad(ocRate, err)
		}
	}
	if l.FullyRefunded, err = outreach.ParseRefunded(cell(ocRefunded)); err != nil {
		return bad(ocRefunded, err)
	}
	if v := cell(ocCreated); v != "" {
		if l.Created, err = outreach.ParseOrderTime(v, r.order, r.loc); err != nil {
			return bad(ocCreated, err)
		}
	}
	if v := cell(ocCommissionPaid); v != "" {
		if l.CommissionPaid, err = outreach.ParseOrderTime(v, r.order, r.loc); err != nil {
			return bad(ocCommissionPaid, err)
		}
	}
	if err := l.Validate(); err != nil {
		field, why, found := strings.Cut(err.Error(), ": ")
		if !found {
			field, why = "row", err.Error()
		}
		return outreach.OrderLine{}, r.rowErr(line, field, errors.New(why))
	}
	return l, nil
}

// isCurrencyCell reports a three-letter code, as the Currency column has.
func isCurrencyCell(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// isExcelNumber reports an id in scientific notation ("5.76543E+17"), as
// Excel writes an 18-digit id it took for a number: its digits are lost, so
// lines of different orders would share the key.
func isExcelNumber(s string) bool {
	mant, exp, ok := strings.Cut(strings.ToUpper(s), "E+")
	if !ok || mant == "" || exp == "" {
		return false
	}
	if _, err := strconv.ParseFloat(mant, 64); err != nil {
		return false
	}
	_, err := strconv.Atoi(exp)
	return err == nil
}
