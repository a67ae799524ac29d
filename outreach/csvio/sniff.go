package csvio

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

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
// it is neither text nor a workbook ("it is a PNG image"); "" when it may
// be a CSV file or an .xlsx workbook.
func NotText(head []byte) string {
	if bytes.HasPrefix(head, []byte(zipMagic)) {
		return ""
	}
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
