package csvio

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"creatordesk/outreach"
)

// Files that are not what they claim: each is refused as a whole, with its
// name and a line, in bounded memory.

// TestRefuseBinaryFiles: a workbook, an image or random bytes picked in
// place of a CSV is named for what it is.
func TestRefuseBinaryFiles(t *testing.T) {
	rnd := rand.New(rand.NewSource(6))
	junk := make([]byte, 256<<10)
	rnd.Read(junk)
	for _, tc := range []struct{ name, head, want string }{
		{"creators.png", "\x89PNG\r\n\x1a\n", "creators.png:1: not a CSV file: it is a PNG image"},
		{"creators.xlsx", "PK\x03\x04", "creators.xlsx:1: not a CSV file or a readable .xlsx workbook: it starts like a ZIP archive but is damaged or cut short (save it from the spreadsheet as CSV UTF-8 or .xlsx)"},
		{"creators.xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "creators.xls:1: not a CSV file: it is an Excel 97-2003 workbook (save it from Excel as CSV UTF-8)"},
		{"creators.pdf", "%PDF-1.7\n", "creators.pdf:1: not a CSV file: it is a PDF document"},
		{"creators.csv.gz", "\x1f\x8b\x08\x00", "creators.csv.gz:1: not a CSV file: it is a gzip archive (unpack it first)"},
		{"creators.jpg", "\xff\xd8\xff\xe0", "creators.jpg:1: not a CSV file: it is a JPEG image"},
		{"creators.db", "SQLite format 3\x00", "creators.db:1: not a CSV file: it is an SQLite database"},
		{"creators.bin", "", "creators.bin:1: not a CSV file: it holds binary data (NUL and other control bytes), not text"},
		{"tiny.bin", "handle\n\x00\x01\x02", "tiny.bin:1: not a CSV file: it holds binary data (NUL and other control bytes), not text"},
	} {
		data := append([]byte(tc.head), junk...)
		if tc.name == "tiny.bin" {
			data = []byte(tc.head)
		}
		_, err := NewCreatorReader(bytes.NewReader(data), tc.name, Options{})
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: err = %v\nwant %s", tc.name, err, tc.want)
		}
	}
	// Text is not binary: a stray NUL stays in its cell, a file
	// with a byte-order mark is text, and UTF-16's NULs are half of every
	// ASCII character.
	r := newReader(t, "handle,notes\nann_1,fine\nbob_2,a\x00b\n")
	if got := readAll(t, r); len(got) != 2 {
		t.Errorf("a stray NUL: %q", got)
	}
	r = newReader(t, "\ufeffhandle,notes\nann_1,\x00\x01\x02\x03\x04\x05\x06\x00\x01\x02\x03\x04\x05\x06\n")
	if got := readAll(t, r); len(got) != 1 || !strings.HasPrefix(got[0], "2 @ann_1") {
		t.Errorf("a BOM and a name of control bytes: %q", got)
	}
	utf16 := []byte("\xff\xfe")
	for _, c := range "handle\nann_1\n" {
		utf16 = append(utf16, byte(c), 0)
	}
	r, err := NewCreatorReader(bytes.NewReader(utf16), "u.csv", Options{})
	if err != nil {
		t.Fatalf("UTF-16: %v", err)
	}
	if got := readAll(t, r); !slices.Equal(got, []string{"2 @ann_1"}) {
		t.Errorf("UTF-16: %q", got)
	}
}

// hostileFile streams a file of size bytes, head then body repeated, never
// holding more than one piece of it; read counts what was handed out.
type hostileFile struct {
	head, body string
	size, read int64
}

func (h *hostileFile) Read(p []byte) (int, error) {
	if h.read >= h.size {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) && h.read < h.size {
		var c byte
		if h.read < int64(len(h.head)) {
			c = h.head[h.read]
		} else {
			c = h.body[(h.read-int64(len(h.head)))%int64(len(h.body))]
		}
		p[n] = c
		n++
		h.read++
	}
	return n, nil
}

// hostileFiles are the big files a person may pick by mistake.
var hostileFiles = []struct {
	name string
	file func() *hostileFile
	want string
}{
	{"unterminated-quote-200MB", func() *hostileFile {
		// A quote opened on line 3 and never closed: the rest of a 200 MB
		// file would be one field.
		return &hostileFile{head: "handle,notes\nann_1,fine\nbob_2,\"open", body: "more text, more lines\n", size: 200 << 20}
	}, "big.csv:3: a row longer than 1 MiB (is a quote left open or are the line ends missing?)"},
	{"field-50MB", func() *hostileFile {
		return &hostileFile{head: "handle,notes\nann_1,fine\nbob_2,", body: "x", size: 50 << 20}
	}, "big.csv:3: a row longer than 1 MiB (is a quote left open or are the line ends missing?)"},
	{"quoted-field-50MB", func() *hostileFile {
		return &hostileFile{head: "handle,notes\nann_1,\"", body: "y", size: 50 << 20}
	}, "big.csv:2: a row longer than 1 MiB (is a quote left open or are the line ends missing?)"},
	{"no-line-ends-200MB", func() *hostileFile {
		return &hostileFile{head: "handle,notes,", body: "a,", size: 200 << 20}
	}, "big.csv:1: a row longer than 1 MiB (is a quote left open or are the line ends missing?)"},
	{"binary-200MB", func() *hostileFile {
		return &hostileFile{head: "PK\x03\x04", body: "\x00\x13\x9a\xfe\x01", size: 200 << 20}
	}, "big.csv:1: not a CSV file or a readable .xlsx workbook: it starts like a ZIP archive but is damaged or cut short (save it from the spreadsheet as CSV UTF-8 or .xlsx)"},
}

// refuse reads a file to its fatal error, the rows before it included.
func refuse(src io.Reader) (rows int, err error) {
	r, err := NewCreatorReader(src, "big.csv", Options{})
	if err != nil {
		return 0, err
	}
	for {
		_, err := r.Next()
		if err == io.EOF {
			return rows, nil
		}
		if _, ok := err.(*RowError); err != nil && !ok {
			return rows, err
		}
		rows++
	}
}

// TestRefuseHostileFiles: each big file is refused with a message naming
// the file and the line, after reading a little more than the 1 MiB a row
// may hold, never the file.
func TestRefuseHostileFiles(t *testing.T) {
	for _, tc := range hostileFiles {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.file()
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var peak uint64
			stop := watchHeap(&peak)
			_, err := refuse(src)
			stop()
			runtime.ReadMemStats(&after)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("err = %v\nwant %s", err, tc.want)
			}
			if src.read > 2<<20 {
				t.Errorf("read %d MiB of the file before refusing it", src.read>>20)
			}
			// A row of 1 MiB may hold half a million empty fields: csv's
			// bookkeeping for them is the worst case, about 40 MiB live.
			if peak > 64<<20 {
				t.Errorf("live heap reached %d MiB", peak>>20)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 128<<20 {
				t.Errorf("allocated %d MiB", alloc>>20)
			}
		})
	}
}

// BenchmarkRefuseHostile measures what refusing each big file costs: the
// peak of the live heap while it runs, the bytes allocated, and how much of
// the file was read.
func BenchmarkRefuseHostile(b *testing.B) {
	for _, tc := range hostileFiles {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			var read int64
			var peak uint64
			for b.Loop() {
				b.StopTimer()
				runtime.GC()
				b.StartTimer()
				src := tc.file()
				stop := watchHeap(&peak)
				_, err := refuse(src)
				stop()
				if err == nil || err.Error() != tc.want {
					b.Fatalf("err = %v", err)
				}
				read = src.read
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(read)/(1<<20), "read-MiB")
			b.ReportMetric(float64(tc.file().size)/(1<<20), "file-MiB")
		})
	}
}

// watchHeap samples the live heap every millisecond into peak (the
// highest seen) until stop is called.
func watchHeap(peak *uint64) (stop func()) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > *peak {
			*peak = v
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			read()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		read()
	}
}

// The export's formula neutralisation, undone by the import.

// TestExportReimport writes hostile values with the partner export and
// reads the file back with the creator importer: the export's header is
// recognised, and every value comes back as it was, less the blank space
// around it that every imported cell loses.
func TestExportReimport(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{`=cmd|' /C calc'!A0`, `=cmd|' /C calc'!A0`},
		{"=1+1", "=1+1"},
		{"+1", "+1"},
		{"+1 555 0100", "+1 555 0100"},
		{"-2", "-2"},
		{"-", "-"},
		{"@SUM(A1)", "@SUM(A1)"},
		{`=HYPERLINK("http://x.example","click, here")`, `=HYPERLINK("http://x.example","click, here")`},
		{`Anna "Glow" Lee`, `Anna "Glow" Lee`},
		{"Lee, Anna", "Lee, Anna"},
		{"line1\nline2", "line1\nline2"},
		{"=line1\nline2", "=line1\nline2"},
		{"小美の店", "小美の店"},
		{"🌸 Mei 🌸", "🌸 Mei 🌸"},
		{"👩‍👩‍👧 family", "👩‍👩‍👧 family"},
		{"a=1+1", "a=1+1"},
		{"'", "'"},
		{"''=x", "''=x"},
		// CSV with CRLF line ends cannot hold a bare CR: the export writes
		// a line break.
		{"line1\r\nline2", "line1\nline2"},
		{"+1\rx", "+1\nx"},
		// Tab- and CR-led values: the ' is dropped, then the tab or break
		// goes with the rest of the blank space around a cell.
		{"\t=1+1", "=1+1"},
		{"\tTab", "Tab"},
		{"\r=1+1", "=1+1"},
		{"\rCR", "CR"},
		{"\t", ""},
		{"\r\n \t", ""},
		{"\r\n@x", "@x"},
		// The ambiguity: a value that itself starts with ' and a trigger is
		// written unchanged and read back without its ', as a spreadsheet's
		// text marker (see cleanCell).
		{"'=1+1", "=1+1"},
		{"'+1 555 0100", "+1 555 0100"},
		{"'\tx", "x"},
		{"\r'+0", "+0"},
		{"\t'\t'=1", "=1"},
	}
	followers := int64(12_500)
	var ps []outreach.Partnership
	for i, tc := range tests {
		ps = append(ps, outreach.Partnership{
			Creator: outreach.Creator{
				Handle: fmt.Sprintf("creator_%d", i), DisplayName: tc.in, Category: tc.in,
				Tier: outreach.Micro, Followers: &followers, Region: "VN", Email: fmt.Sprintf("c%d@example.com", i),
			},
			Campaign: tc.in, Stage: outreach.Partnered, PartneredAt: time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC),
			Terms: outreach.Terms{SampleSKU: tc.in, DiscountCode: "MEI15", DiscountPct: 15, Commission: 1500},
		})
	}
	r, err := NewCreatorReader(bytes.NewReader(partnerExport(t, "csv", time.UTC, ps...)), "partners.csv", Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	// Every column of the export is read: the pipeline's too (campaign,
	// partnered_at and the terms), so an exported file imports whole.
	wantFields := []string{"handle", "display_name", "tier", "followers", "region", "category", "email",
		"campaign", "stage", "partnered_at", "slot_fee", "currency", "commission_pct", "sample_sku",
		"discount_code", "discount_pct", "url"}
	if got := r.Fields(); !slices.Equal(got, wantFields) {
		t.Errorf("fields %q, want %q", got, wantFields)
	}
	if got := r.Ignored(); len(got) != 0 {
		t.Errorf("ignored %q, want none", got)
	}
	for i, tc := range tests {
		row, err := r.Next()
		if err != nil {
			t.Fatalf("row %d (%q): %v", i, tc.in, err)
		}
		c := row.Creator
		if c.DisplayName != tc.want || c.Category != tc.want {
			t.Errorf("%q exported and imported: display_name %q, category %q; want %q", tc.in, c.DisplayName, c.Category, tc.want)
		}
		if c.Handle != ps[i].Handle || c.Tier != outreach.Micro || !row.TierManual || c.Followers == nil || *c.Followers != followers ||
			c.Region != "VN" || c.Email != ps[i].Email || row.Stage != outreach.Partnered {
			t.Errorf("row %d: %+v", i, row)
		}
		wantText := tc.want
		if isPlaceholder(wantText) {
			wantText = "" // "-" is no value in any column that is not free text
		}
		wantCampaign := strings.Join(strings.Fields(wantText), " ")
		if row.Campaign != wantCampaign || row.Terms.SampleSKU != wantText {
			t.Errorf("%q exported and imported: campaign %q, sample_sku %q; want %q, %q", tc.in, row.Campaign, row.Terms.SampleSKU, wantCampaign, wantText)
		}
		if row.Terms.DiscountCode != "MEI15" || row.Terms.DiscountPct != 15 || row.Terms.Commission != 1500 ||
			!row.PartneredAt.Equal(ps[i].PartneredAt) {
			t.Errorf("row %d terms %+v, partnered_at %v", i, row.Terms, row.PartneredAt)
		}
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("after the last row: %v", err)
	}
}

// TestExportedCellsStayNeutral: the values the import gives back export
// neutralised again, so a round trip never arms a formula.
func TestExportedCellsStayNeutral(t *testing.T) {
	for _, v := range []string{"=1+1", "'=1+1", "\t=1", "\r=1", "+1", "-1", "@x"} {
		once := cleanCell(partnerText(v))
		if cell := partnerText(once); strings.IndexByte("=+-@\t\r", cell[0]) >= 0 {
			t.Errorf("%q: re-exported as %q", v, cell)
		}
	}
}
