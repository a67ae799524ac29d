package csvio

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"creatordesk/outreach"
)

// choppyReader hands out its data in small reads of varying size, as a
// pipe or a slow disk may: the reader must not care where reads split.
type choppyReader struct {
	data []byte
	n    int
}

func (c *choppyReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	c.n++
	size := min(len(p), len(c.data), 1+c.n%7)
	copy(p, c.data[:size])
	c.data = c.data[size:]
	return size, nil
}

// readFile reads a whole file into readAll's lines, the header's outcome
// first.
func readFile(t *testing.T, src io.Reader) []string {
	r, err := NewCreatorReader(src, "fuzz.csv", Options{})
	if err != nil {
		return []string{"ERR " + err.Error()}
	}
	head := fmt.Sprintf("header line %d fields %q ignored %q encoding %s", r.HeaderLine(), r.Fields(), r.Ignored(), r.Encoding())
	return append([]string{head}, readAll(t, r)...)
}

// FuzzCreatorFile reads whole files. Whatever the bytes: no panic; every
// error names the file and a line the file has, in printable text (it goes
// to a terminal); rows come in line order with valid handles; and the
// result is the same however the reads are split.
func FuzzCreatorFile(f *testing.F) {
	fixtures, _ := filepath.Glob(filepath.Join(fixtureDir, "*.*"))
	for _, name := range fixtures {
		if data, err := os.ReadFile(name); err == nil && !strings.HasSuffix(name, ".md") {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"handle,notes\nann,\"never closed\n",
		"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"PK\x03\x04\x14\x00\x06\x00",
		"handle,display_name,category\nann,'=cmd|' /C calc'!A0,'\t+1\n",
		"handle\r\"a\"\"b\"\rbo\rb\r",
		"\xef\xbb\xbfhandle;followers\r\nann;\"1\r\n2\"\r\n",
		"\xff\xfeh\x00a\x00n\x00d\x00l\x00e\x00\n\x00a\x00b\x00\n\x00",
		"达人账号,粉丝数\nab,12.5万\n\x81\x30\x81\x30,1亿\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		whole := readFile(t, bytes.NewReader(data))
		if choppy := readFile(t, &choppyReader{data: data}); !slices.Equal(whole, choppy) {
			t.Fatalf("read whole:\n%q\nread in small pieces:\n%q", whole, choppy)
		}
		lines := 1 + bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r"))
		last := 0
		for _, out := range whole {
			if _, err := fmt.Sscanf(out, "header line %d", &last); err == nil {
				continue
			}
			msg, isErr := strings.CutPrefix(out, "ERR ")
			if isErr && !printableMessage(msg) {
				t.Fatalf("not printable: %q", out)
			}
			var line int
			var err error
			if isErr {
				_, err = fmt.Sscanf(msg, "fuzz.csv:%d:", &line)
			} else {
				_, err = fmt.Sscanf(msg, "%d @", &line)
			}
			if err != nil || line < 1 || line > lines {
				t.Fatalf("%q names no line of the file (it has %d)", out, lines)
			}
			if line <= last {
				t.Fatalf("%q comes after line %d", out, last)
			}
			last = line
			if !isErr {
				handle := strings.Fields(msg)[1][1:]
				if h, err := outreach.NormalizeHandle(handle); err != nil || h != handle {
					t.Fatalf("row with handle %q", handle)
				}
			}
		}
	})
}

// printableMessage reports valid UTF-8 without control or invisible format
// characters: safe to print on a terminal as it is.
func printableMessage(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
	})
}

// FuzzExportReimport writes any display name with the partner export and
// reads the file back with the creator importer: the value comes back as
// the importer reads any cell holding it (cleanCell: blank space around it
// trimmed, a leading ' before a formula trigger dropped), with line breaks
// as the export writes them; the export's quoting and neutralisation add
// nothing and lose nothing.
func FuzzExportReimport(f *testing.F) {
	for _, s := range []string{
		`=cmd|' /C calc'!A0`, "+1", "-2", "@SUM(A1)", "\t=1", "\r=1", "\r\n@x", `"quoted", with comma`, "line1\nline2",
		"小美の店", "🌸 Mei 🌸", "'=1", "''=x", "'\t'=x", " =1", "\ufeff=1", "a\xffb", "\x1b]52;c;aGk=\x07",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		p := outreach.Partnership{Creator: outreach.Creator{Handle: "ann_1", DisplayName: name}}
		r, err := NewCreatorReader(bytes.NewReader(partnerExport(t, "csv", time.UTC, p)), "partners.csv", Options{})
		if err != nil {
			t.Fatalf("export of %q does not read back: %v", name, err)
		}
		want := strings.ToValidUTF8(name, "\uFFFD")
		want = cleanCell(strings.ReplaceAll(strings.ReplaceAll(want, "\r\n", "\n"), "\r", "\n"))
		row, err := r.Next()
		if utf8.RuneCountInString(want) > maxDisplayName {
			if re, ok := err.(*RowError); !ok || re.Field != "display_name" {
				t.Fatalf("%q: %v, want a display_name error", name, err)
			}
			return
		}
		if err != nil || row.DisplayName != want {
			t.Fatalf("%q exported and imported: %q, %v; want %q", name, row.DisplayName, err, want)
		}
		if _, err := r.Next(); err != io.EOF {
			t.Fatalf("%q: a second row: %v", name, err)
		}
	})
}
