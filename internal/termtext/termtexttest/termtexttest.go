// Package termtexttest says, for tests, what must never reach a terminal
// from outside text. It is kept apart from termtext's own rules so that a
// test of the cleaner, or of what a screen or a command prints, does not
// take the cleaner's word for it.
package termtexttest

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
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

// ViewLeaks lists what, in a rendered view, is not text, an SGR sequence
// or a newline, or contains one of markers (strings from the hostile
// payloads that must not survive cleaning).
func ViewLeaks(content string, markers ...string) []string {
	var out []string
	var state byte
	p := ansi.NewParser()
	for b := content; len(b) > 0; {
		seq, _, n, newState := ansi.DecodeSequence(b, state, p)
		state = newState
		b = b[n:]
		switch {
		case seq == "\n" || seq == "":
		case strings.HasPrefix(seq, "\x1b[") && strings.HasSuffix(seq, "m"):
		case seq[0] == 0x1b || seq[0] < 0x20 || seq[0] == 0x7f || (seq[0] >= 0x80 && seq[0] < 0xa0):
			out = append(out, fmt.Sprintf("%q", seq))
		default:
			if !utf8.ValidString(seq) {
				out = append(out, fmt.Sprintf("invalid UTF-8 %q", seq))
			}
			for _, r := range seq {
				if why := Unsafe(r); why != "" {
					out = append(out, fmt.Sprintf("%s U+%04X in %q", why, r, seq))
				}
			}
		}
	}
	for _, m := range markers {
		if strings.Contains(content, m) {
			out = append(out, fmt.Sprintf("marker %q", m))
		}
	}
	return out
}
