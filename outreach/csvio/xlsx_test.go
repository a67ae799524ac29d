package csvio

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeWorkbook writes rows to the first sheet of a new workbook at
// dir/name, row i at row i+1, a nil cell left empty.
func writeWorkbook(t testing.TB, dir, name string, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		for j, v := range row {
			if v == nil {
				continue
			}
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(dir, name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// openPath opens path as the import does: an *os.File.
func openPath(t *testing.T, path string) (*CreatorReader, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return NewCreatorReader(f, filepath.Base(path), Options{})
}

// TestXLSXChineseHeader: a Chinese export saved as a workbook reads like
// its CSV: headers matched, numbers as Excel shows them (a big follower
// count is not 1.2E+06), approximate counts counted, rows numbered as in
// the sheet.
func TestXLSXChineseHeader(t *testing.T) {
	path := writeWorkbook(t, t.TempDir(), "达人.xlsx", [][]any{
		{"达人账号", "达人昵称", "粉丝数", "国家/地区", "邮箱"},
		{"@ann_1", "小安", 1234567, "US", "ann@example.com"},
		nil,
		{"bob_2", "Bob", 98765432101, "GB", nil},
		{"cat_3", "猫", "10万+", "US", nil},
		{"dan_4", "Dan", 12.0, nil, nil},
	})
	r, err := openPath(t, path)
	if err != nil {
		t.Fatalf("NewCreatorReader: %v", err)
	}
	if r.Encoding() != "xlsx" || r.HeaderLine() != 1 {
		t.Errorf("encoding %q, header line %d", r.Encoding(), r.HeaderLine())
	}
	if got, want := r.Fields(), []string{"handle", "display_name", "followers", "region", "email"}; !slices.Equal(got, want) {
		t.Errorf("fields %q, want %q", got, want)
	}
	checkLines(t, readAll(t, r), []string{
		`2 @ann_1 name="小安" followers=1234567 region=US email=ann@example.com`,
		`4 @bob_2 name="Bob" followers=98765432101 region=GB`,
		`5 @cat_3 name="猫" followers=100000 region=US`,
		`6 @dan_4 name="Dan" followers=12`,
	})
	if n, ex := r.Approximate(); n != 1 || !slices.Equal(ex, []string{"10万+"}) {
		t.Errorf("approximate %d %q", n, ex)
	}
	if err := r.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// TestXLSXBadRowLine: a bad row's error names the file, the sheet's row
// number and the field, and reading goes on.
func TestXLSXBadRowLine(t *testing.T) {
	dir := t.TempDir()
	path := writeWorkbook(t, dir, "creators.xlsx", [][]any{
		{"Creators export"},
		{"handle", "followers", "email"},
		{"ann_1", 1500, "ann@example.com"},
		{"bob_2", "lots", nil},
		{"cat_3", 7, "not-an-email"},
		{"dan_4", 9, nil},
	})
	r, err := openPath(t, path)
	if err != nil {
		t.Fatalf("NewCreatorReader: %v", err)
	}
	if r.HeaderLine() != 2 {
		t.Errorf("header line %d, want 2", r.HeaderLine())
	}
	got := readAll(t, r)
	if len(got) != 4 || !strings.HasPrefix(got[0], "3 @ann_1") || !strings.HasPrefix(got[1], "ERR creators.xlsx:4: followers: ") ||
		!strings.HasPrefix(got[2], "ERR creators.xlsx:5: email: ") || !strings.HasPrefix(got[3], "6 @dan_4") {
		t.Errorf("rows:\n%s", strings.Join(got, "\n"))
	}
}

// TestXLSXFromStream: a workbook that is no file on disk (a pipe) reads
// the same, through a temporary copy.
func TestXLSXFromStream(t *testing.T) {
	path := writeWorkbook(t, t.TempDir(), "c.xlsx", [][]any{{"handle", "followers"}, {"ann_1", 2500000}})
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewCreatorReader(bytes.NewReader(b), "c.xlsx", Options{})
	if err != nil {
		t.Fatalf("NewCreatorReader: %v", err)
	}
	checkLines(t, readAll(t, r), []string{"2 @ann_1 followers=2500000"})
}

// TestXLSXRefused: what is not a readable creators workbook is refused
// with the file's name and why; an .xls stays refused as before.
func TestXLSXRefused(t *testing.T) {
	dir := t.TempDir()
	zipOf := func(name string, parts map[string]string) string {
		var buf bytes.Buffer
		w := zip.NewWriter(&buf)
		for _, p := range slices.Sorted(func(yield func(string) bool) {
			for k := range parts {
				if !yield(k) {
					return
				}
			}
		}) {
			fw, err := w.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			fw.Write([]byte(parts[p]))
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	empty := writeWorkbook(t, dir, "empty.xlsx", nil)
	noHandle := writeWorkbook(t, dir, "nohandle.xlsx", [][]any{{"Name", "Followers", "Region"}, {"Ann", 5, "US"}})
	for _, tc := range []struct{ path, want string }{
		{zipOf("photos.xlsx", map[string]string{"a.jpg": "x", "b.txt": "y"}),
			"photos.xlsx:1: not a CSV file or a readable .xlsx workbook: it is a ZIP archive, not an Excel .xlsx workbook (save it from the spreadsheet as CSV UTF-8 or .xlsx)"},
		{zipOf("sheet.ods", map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}),
			"sheet.ods:1: not a CSV file or a readable .xlsx workbook: it is an OpenDocument (.ods) spreadsheet, not an Excel .xlsx workbook (save it from the spreadsheet as CSV UTF-8 or .xlsx)"},
		{empty, "empty.xlsx:1: header: the file is empty"},
		{noHandle, "nohandle.xlsx:1: header: no handle column"},
	} {
		_, err := openPath(t, tc.path)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: err = %v\nwant %s", filepath.Base(tc.path), err, tc.want)
		}
	}
	for _, tc := range []struct{ name, data, want string }{
		{"cut.xlsx", "PK\x03\x04\x14\x00", "cut.xlsx:1: not a CSV file or a readable .xlsx workbook: it starts like a ZIP archive but is damaged or cut short (save it from the spreadsheet as CSV UTF-8 or .xlsx)"},
		{"old.xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 600), "old.xls:1: not a CSV file: it is an Excel 97-2003 workbook (save it from Excel as CSV UTF-8)"},
	} {
		path := filepath.Join(dir, tc.name)
		if err := os.WriteFile(path, []byte(tc.data), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := openPath(t, path); err == nil || err.Error() != tc.want {
			t.Errorf("%s: err = %v\nwant %s", tc.name, err, tc.want)
		}
	}
}

// TestXLSXPasswordProtected: an encrypted workbook (an OLE file holding
// the encrypted package) says so.
func TestXLSXPasswordProtected(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "handle")
	path := filepath.Join(dir, "locked.xlsx")
	if err := f.SaveAs(path, excelize.Options{Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err := openPath(t, path)
	if err == nil || !strings.Contains(err.Error(), "locked.xlsx:1: ") || !strings.Contains(err.Error(), "password") {
		t.Errorf("err = %v", err)
	}
}

// TestXLSXHostile: a zip bomb and an oversized shared-strings table fail on
// the ZIP directory, before anything is unpacked.
func TestXLSXHostile(t *testing.T) {
	dir := t.TempDir()
	bomb := func(name, part string, size int) string {
		path := filepath.Join(dir, name)
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := zip.NewWriter(out)
		for _, p := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
			fw, _ := w.Create(p)
			fw.Write([]byte("<x/>"))
		}
		// Only the directory is read: declare the size, write a stub.
		fw, err := w.CreateRaw(&zip.FileHeader{Name: part, Method: zip.Deflate, CompressedSize64: 2, UncompressedSize64: uint64(size)})
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte{3, 0})
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		out.Close()
		return path
	}
	for _, tc := range []struct{ path, want string }{
		{bomb("bomb.xlsx", "xl/worksheets/sheet1.xml", 600<<20), "bomb.xlsx:1: not a CSV file or a readable .xlsx workbook: it unpacks to over 512 MiB (save it from the spreadsheet as CSV UTF-8 or .xlsx)"},
		{bomb("sst.xlsx", "xl/sharedStrings.xml", 200<<20), "sst.xlsx:1: not a CSV file or a readable .xlsx workbook: its shared-strings table unpacks to over 128 MiB (save it from the spreadsheet as CSV UTF-8 or .xlsx)"},
		{bomb("styles.xlsx", "xl/styles.xml", 100<<20), "styles.xlsx:1: not a CSV file or a readable .xlsx workbook: its parts other than the sheets unpack to over 64 MiB (save it from the spreadsheet as CSV UTF-8 or .xlsx)"},
	} {
		if _, err := openPath(t, tc.path); err == nil || err.Error() != tc.want {
			t.Errorf("err = %v\nwant %s", err, tc.want)
		}
	}
}

// TestXLSXFormattedNumbers: a cell is read as Excel shows it, its number
// format applied: "1,234,567" and "15%" read as the CSV's would.
func TestXLSXFormattedNumbers(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"handle", "followers", "engagement rate"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"ann_1", 1234567, 0.0525})
	thousands, err := f.NewStyle(&excelize.Style{NumFmt: 3}) // #,##0
	if err != nil {
		t.Fatal(err)
	}
	percent, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellStyle("Sheet1", "B2", "B2", thousands)
	f.SetCellStyle("Sheet1", "C2", "C2", percent)
	if v, _ := f.GetCellValue("Sheet1", "B2"); v != "1,234,567" {
		t.Fatalf("the fixture's B2 shows %q", v)
	}
	path := filepath.Join(t.TempDir(), "fmt.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	r, err := openPath(t, path)
	if err != nil {
		t.Fatalf("NewCreatorReader: %v", err)
	}
	checkLines(t, readAll(t, r), []string{"2 @ann_1 followers=1234567 er=525bp"})
}

// withSheet rewrites the workbook at path with its first sheet's XML
// replaced by sheetData rows.
func withSheet(t *testing.T, path, rows string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range zr.File {
		fw, err := w.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "xl/worksheets/sheet1.xml" {
			fw.Write([]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
				`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`))
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(fw, rc)
		rc.Close()
	}
	zr.Close()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestXLSXHostileSheet: a cell past Excel's last column and a row over
// 1 MiB are fatal at their row, as a CSV's over-long row is.
func TestXLSXHostileSheet(t *testing.T) {
	dir := t.TempDir()
	header := `<row r="1"><c r="A1" t="inlineStr"><is><t>handle</t></is></c><c r="B1" t="inlineStr"><is><t>notes</t></is></c></row>`
	for _, tc := range []struct{ name, rows, want string }{
		{"wide.xlsx", header + `<row r="2"><c r="A2" t="inlineStr"><is><t>ann_1</t></is></c></row><row r="3"><c r="XFE3"><v>1</v></c></row>`,
			"wide.xlsx:3: the workbook cannot be read: "},
		{"long.xlsx", header + `<row r="2"><c r="A2" t="inlineStr"><is><t>ann_1</t></is></c><c r="B2" t="inlineStr"><is><t>` + strings.Repeat("x", 2<<20) + `</t></is></c></row>`,
			"long.xlsx:2: a row longer than 1 MiB"},
	} {
		path := writeWorkbook(t, dir, tc.name, [][]any{{"handle"}})
		withSheet(t, path, tc.rows)
		r, err := openPath(t, path)
		if err != nil {
			t.Fatalf("%s: NewCreatorReader: %v", tc.name, err)
		}
		var last error
		for range 5 {
			if _, last = r.Next(); last != nil {
				if _, ok := last.(*RowError); !ok {
					break
				}
			}
		}
		if last == nil || !strings.HasPrefix(last.Error(), tc.want) {
			t.Errorf("%s: err = %v\nwant %s…", tc.name, last, tc.want)
		}
	}
}
