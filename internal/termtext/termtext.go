// Package termtext is creatordesk's one cleaner for text that came from
// outside (names, notes, handles, cells, header names, a mail server's
// replies): it keeps such text from steering the terminal it is shown on.
// The dashboard drops what could steer it (Clean); the command line shows
// it quoted instead (Quote), so a person sees that something was there.
package termtext

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/unicode/norm"
)

// Clean makes text that came from outside safe to put on the terminal:
// escape sequences are removed whole, then every remaining control
// character (C0, C1, DEL), bidi override and invisible format character is
// dropped, line breaks and tabs become spaces, and invalid UTF-8 becomes
// U+FFFD. Emoji modifiers that make terminals disagree about widths are
// dropped too (see below); the other graphemes they disagree about are
// rewritten where that shows the same text (see agreeWidths).
// The dashboard passes every such string through here before it is styled.
func Clean(s string) string {
	if isPlain(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(len(s))
	check := false // whether the two width measures may differ (agreeWidths)
	for _, r := range s {
		check = check || mayDisagree(r)
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f':
			b.WriteByte(' ')
		case steers(r):
			// a lone ESC left by Strip too
		case r == 0x200d || r == 0xfe0e || r == 0xfe0f || (r >= 0x1f3fb && r <= 0x1f3ff):
			// The zero-width joiner, emoji variation selectors and
			// skin-tone modifiers. With them a grapheme's width differs between wcwidth, which
			// Bubble Tea's renderer uses unless the terminal reports mode
			// 2027, and grapheme clustering, which layout uses; without
			// them both agree, so columns and borders stay put. 👩‍👩‍👧
			// shows as 👩👩👧.
		default:
			b.WriteRune(r)
		}
	}
	if check {
		return agreeWidths(b.String())
	}
	return b.String()
}

// Quote is Clean for a line the command line prints: instead of dropping
// what could steer the terminal it writes it out as Go's %q does (ESC as
// \x1b, U+202E as \u202e, a byte that is not UTF-8 as \xff), in place, so
// an escape sequence shows as text and a person sees it was there. Line
// breaks and tabs are quoted too (\n, \t): a value cannot end the line or
// start a new one. Everything else, backslashes and emoji joiners and
// modifiers included, is left as it is, so quoting twice changes nothing.
func Quote(s string) string { return quote(s, false) }

// QuoteLines is Quote for text of several lines (a document, a template):
// line breaks (LF, CRLF) and tabs are kept.
func QuoteLines(s string) string { return quote(s, true) }

func quote(s string, lines bool) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			const hex = "0123456789abcdef"
			b.WriteString(`\x`)
			b.WriteByte(hex[s[i]>>4])
			b.WriteByte(hex[s[i]&0xf])
		case lines && (r == '\n' || r == '\t' || (r == '\r' && strings.HasPrefix(s[i+n:], "\n"))):
			b.WriteRune(r)
		case steers(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

// steers reports whether r may steer a terminal or hide or reorder the
// text around it: C0 and C1 controls and DEL, bidi embeddings, overrides,
// isolates and marks, and other invisible format characters but the
// zero-width joiner, which emoji need (as in a message, see
// outreach.NormalizeMessageBody).
func steers(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return r != 0x200d && unicode.Is(unicode.Cf, r)
}

// agreeWidths rewrites the graphemes whose width by grapheme clustering
// (which layout uses) and by wcwidth (which Bubble Tea's renderer uses
// unless the terminal reports mode 2027) differ, where a rewrite shows the
// same text: NFKC splits Thai and Lao SARA AM into its two parts and joins
// halfwidth katakana to their sound marks and conjoining Hangul jamo into
// syllables; a regional indicator without its pair (half a flag) is
// dropped. A line that measures the same both ways keeps its columns and
// borders on every terminal. Spacing vowel signs (Devanagari, Tamil, Khmer,
// Myanmar...) and jamo that make no syllable have no such rewrite and are
// left as they are. A rewrite can join what follows into a new grapheme,
// so it runs again until nothing changes.
func agreeWidths(s string) string {
	for range 4 {
		next := agreeWidthsOnce(s)
		if next == s {
			break
		}
		s = next
	}
	return s
}

func agreeWidthsOnce(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for rest := s; rest != ""; {
		g, w := ansi.FirstGraphemeCluster(rest, ansi.GraphemeWidth)
		if g == "" {
			break
		}
		rest = rest[len(g):]
		if w == ansi.StringWidthWc(g) {
			b.WriteString(g)
			continue
		}
		if n := norm.NFKC.String(g); ansi.StringWidth(n) == ansi.StringWidthWc(n) {
			b.WriteString(n)
			continue
		}
		if n := norm.NFKC.String(strings.Map(dropRegionalIndicator, g)); ansi.StringWidth(n) == ansi.StringWidthWc(n) {
			b.WriteString(n)
			continue
		}
		b.WriteString(g)
	}
	return b.String()
}

// mayDisagree reports whether r may be part of a grapheme the two width
// measures disagree about: anything from U+0870 (the newest Arabic marks,
// then the Indic scripts) on but the common ranges where they always agree.
func mayDisagree(r rune) bool {
	switch {
	case r < 0x0870,
		r >= 0x1e00 && r <= 0x1eff,                             // Latin Extended Additional: Vietnamese
		r >= 0x2000 && r <= 0x206f,                             // general punctuation
		r >= 0x3040 && r <= 0x30ff,                             // kana
		r >= 0x3400 && r <= 0x4dbf, r >= 0x4e00 && r <= 0x9fff, // CJK ideographs
		r >= 0xac00 && r <= 0xd7a3,   // Hangul syllables
		r >= 0xff01 && r <= 0xff9d,   // fullwidth forms, halfwidth katakana but their sound marks
		r >= 0x1f300 && r <= 0x1faff: // emoji
		return false
	}
	return true
}

func dropRegionalIndicator(r rune) rune {
	if r >= 0x1f1e6 && r <= 0x1f1ff {
		return -1
	}
	return r
}

// isPlain reports whether s is printable ASCII, the common case.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}
