package csvio

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// fileErrorOf reads in until its first error and returns it as a
// *FileError, failing when there is none or it is not one.
func fileErrorOf(t *testing.T, in string) (*FileError, error) {
	t.Helper()
	r, err := NewCreatorReader(strings.NewReader(in), "f.csv", Options{})
	for err == nil {
		_, err = r.Next()
	}
	if err == io.EOF {
		t.Fatalf("%q: read to the end with no error", in)
	}
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("%q: %T %v is not a *FileError", in, err, err)
	}
	if fe.Error() != err.Error() {
		t.Errorf("the FileError reads %q, the error %q", fe.Error(), err.Error())
	}
	return fe, err
}

// utf8Prefix is a UTF-8 file longer than the sample that decides the
// encoding, so a bad byte after it is an encoding error.
var utf8Prefix = func() string {
	var b strings.Builder
	b.WriteString("handle,notes\n")
	for i := 0; b.Len() < sniffSize+1000; i++ {
		fmt.Fprintf(&b, "h%d,%s\n", i, strings.Repeat("a", 90))
	}
	return b.String()
}()

// Every error the reader returns carries its place in fields, so no caller
// has to parse it out of the text, and the text is what it always was.
func TestFileErrorPlaces(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		line  int
		field string
		row   bool // a bad row, skipped; else fatal for the file
		text  string
	}{
		{"bad number", "handle,followers\nanna,12\nbob,lots\n", 3, "followers", true,
			`f.csv:3: followers: "lots" is not a number`},
		{"bad handle", "handle,followers\nanna,12\n\nbad handle!,5\n", 4, "handle", true, ""},
		{"row too wide", "handle,followers\nanna,12,extra\n", 2, "row", true, "f.csv:2: row: 3 fields, the header has 2"},
		{"bad UTF-8", utf8Prefix + "bob,caf\xe9\n", strings.Count(utf8Prefix, "\n") + 1, "", false,
			"invalid UTF-8 text (the start of the file is UTF-8; save the whole file as UTF-8)"},
		{"bad GB18030", "\x81\x30handle,notes\nanna,\x81\x81\x81\n", 1, "", false,
			"f.csv:1: text that is neither UTF-8 nor GB18030 (save the file as UTF-8)"},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "", false, ""},
		{"no handle column", "name,followers\nanna,12\n", 1, "", false, ""},
		{"empty", "\n\n", 1, "", false, "f.csv:1: header: the file is empty"},
		{"unterminated quote", "handle,notes\na1,ok\nb2,\"never closed\n", 3, "", false,
			`f.csv:3: unterminated quoted field: the " opened here is never closed`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fe, err := fileErrorOf(t, tt.in)
			if fe.File != "f.csv" || fe.Line != tt.line || fe.Field != tt.field || fe.Err == nil {
				t.Errorf("FileError{%q, %d, %q, %v}, want {f.csv, %d, %q, ...}", fe.File, fe.Line, fe.Field, fe.Err, tt.line, tt.field)
			}
			var re *RowError
			if errors.As(err, &re) != tt.row {
				t.Errorf("%v: RowError %v, want %v", err, !tt.row, tt.row)
			}
			if !strings.HasPrefix(tt.text, "f.csv:") && tt.text != "" {
				tt.text = fmt.Sprintf("f.csv:%d: %s", tt.line, tt.text)
			}
			if tt.text != "" && err.Error() != tt.text {
				t.Errorf("text %q, want %q", err.Error(), tt.text)
			}
		})
	}
}

func TestFileErrorWrapsItsCause(t *testing.T) {
	orders, err := fileErrorOf(t, "Affiliate orders 2025-11\n"+
		"order_id;Creator Username;SKU ID;Payment Amount;Actual Commission Payment\n1;anna_1;2;9.99;1.00\n")
	if orders.Line != 2 || orders.Err != ErrAffiliateOrders || !errors.Is(err, ErrAffiliateOrders) {
		t.Errorf("%v: FileError %+v, want ErrAffiliateOrders at line 2", err, orders)
	}
	_, err = NewCreatorReader(&failingReader{err: errBoom}, "f.csv", Options{})
	var fe *FileError
	if !errors.As(err, &fe) || fe.Line != 1 || !errors.Is(fe.Err, errBoom) {
		t.Errorf("read error %v: FileError %+v", err, fe)
	}
}

func TestFileErrorString(t *testing.T) {
	cause := errors.New("bad")
	for _, tt := range []struct {
		e    FileError
		want string
	}{
		{FileError{"a.csv", 3, "email", cause}, "a.csv:3: email: bad"},
		{FileError{"a.csv", 7, "", cause}, "a.csv:7: bad"},
		{FileError{"a.csv", 0, "header", cause}, "a.csv: header: bad"},
		{FileError{"a.csv", 0, "", cause}, "a.csv: bad"},
	} {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("%+v.Error() = %q, want %q", tt.e, got, tt.want)
		}
		if !errors.Is(&tt.e, cause) {
			t.Errorf("%+v does not unwrap to its Err", tt.e)
		}
	}
}
