package termtext

import (
	"strings"
	"testing"
)

// However a document is cut into writes, the terminal sees it quoted as
// one piece, without the byte-order mark it starts with.
func TestWriterQuotesADocumentInAnyPieces(t *testing.T) {
	t.Parallel()
	doc := "\uFEFFhandle,display_name\r\nosc52,Clip\x1b]52;c;cHduZWQ=\x07 Board\r\nc1,Eight\u009b2J \xff\r\nbidi,\u202egnp.exe\r\nlast\x1b"
	want := "handle,display_name\r\nosc52,Clip\\x1b]52;c;cHduZWQ=\\a Board\r\nc1,Eight\\u009b2J \\xff\r\nbidi,\\u202egnp.exe\r\nlast\\x1b"
	for cut := 0; cut <= len(doc); cut++ {
		for _, size := range []int{1, 2, 3, 7, len(doc)} {
			var b strings.Builder
			w := NewWriter(&b)
			rest := doc[:cut]
			pieces := []string{}
			for len(rest) > 0 {
				n := min(size, len(rest))
				pieces, rest = append(pieces, rest[:n]), rest[n:]
			}
			pieces = append(pieces, doc[cut:])
			for _, p := range pieces {
				if n, err := w.Write([]byte(p)); n != len(p) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", p, n, err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if b.String() != want {
				t.Fatalf("cut at %d in pieces of %d:\n got %q\nwant %q", cut, size, b.String(), want)
			}
		}
	}
}

// Only a mark at the very start is the file's: one further in is text.
func TestWriterKeepsALaterMarkQuoted(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	w := NewWriter(&b)
	w.Write([]byte("a\n\uFEFFb\n"))
	w.Flush()
	if want := "a\n\\ufeffb\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
