package csvio

import (
	"github.com/xuri/excelize/v2"
)

// rawRows walks a workbook's first sheet a second time, beside sheetRows,
// for the stored values of the rows whose ids Excel's format shows in
// scientific notation.
type rawRows struct {
	rows *excelize.Rows
	line int
}

// fullIDs puts back the digits of an Order ID or SKU ID cell of a
// workbook's row that the cell's format shows as "5.76543210987654E+17"
// when the cell stores them all (a program, not Excel, wrote the number).
// A number Excel stored keeps its scientific notation, and parse refuses it.
func (r *OrderReader) fullIDs(rec []string, line int) {
	var need bool
	for _, c := range []int{ocOrderID, ocSKUID} {
		if i := r.col[c]; i >= 0 && i < len(rec) && isExcelNumber(cleanCell(rec[i])) {
			need = true
		}
	}
	if !need {
		return
	}
	if r.raw == nil {
		rows, err := r.sheet.book.Rows(r.sheet.book.GetSheetList()[0])
		if err != nil {
			return
		}
		r.raw = &rawRows{rows: rows}
	}
	for r.raw.line < line && r.raw.rows.Next() {
		r.raw.line++
	}
	if r.raw.line != line {
		return
	}
	raw, err := r.raw.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return
	}
	for _, c := range []int{ocOrderID, ocSKUID} {
		if i := r.col[c]; i >= 0 && i < len(rec) && i < len(raw) && isExcelNumber(cleanCell(rec[i])) && allDigits(raw[i]) {
			rec[i] = raw[i]
		}
	}
}

// closeRaw releases the second walk of the sheet.
func (r *OrderReader) closeRaw() {
	if r.raw != nil {
		r.raw.rows.Close()
		r.raw = nil
	}
}

// allDigits reports a stored integer: 1 to 30 ASCII digits.
func allDigits(s string) bool {
	if s == "" || len(s) > 30 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
