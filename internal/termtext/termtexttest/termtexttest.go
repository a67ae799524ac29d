// Package termtexttest says, for tests, what must never reach a terminal
// from outside text. It is kept apart from termtext's own rules so that a
// test of the cleaner, or of what a screen or a command prints, does not
// take the cleaner's word for it.
package termtexttest

import (
	"testing"
	"unicode/utf8"
)

// Unsafe reports why r must never reach the terminal from outside text,
// or "".
func Unsafe(r rune) string {
	switch {
	case r == utf8.RuneError:
		return "" // the replacement character is what invalid bytes become
	case r < 0x20:
		return "C0 control"
	case r == 0x7f:
		return "DEL"
	case r >= 0x80 && r < 0xa0:
		return "C1 control"
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return "bidi control"
	case r == 0x200b || r == 0xfeff || r == 0x2060 || r == 0x00ad:
		return "invisible"
	}
	return ""
}

// Check fails t when s holds a byte or character that could steer the
// terminal.
func Check(t testing.TB, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%s: invalid UTF-8 %q", what, s)
	}
	for i, r := range s {
		if why := Unsafe(r); why != "" {
			t.Errorf("%s: %s U+%04X at byte %d of %q", what, why, r, i, s)
		}
	}
}
