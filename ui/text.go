package ui

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/unicode/norm"
)

// Clean makes text that came from outside (names, notes, handles, file
// contents) safe to put on the terminal: escape sequences are removed whole,
// then every remaining control character (C0, C1, DEL), bidi override and
// invisible format character is dropped, line breaks and tabs become spaces,
// and invalid UTF-8 becomes U+FFFD. Emoji modifiers that make terminals
// disagree about widths are dropped too (see below); the other graphemes
// they disagree about are rewritten where that shows the same text (see
// agreeWidths).
// Every such string passes through here before it is styled.
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
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			// C0 and C1 controls, including a lone ESC left by Strip
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			// bidi embeddings, overrides, isolates and marks
		case unicode.Is(unicode.Cf, r):
			// other invisible format characters, the zero-width joiner too
		case r == 0xfe0e || r == 0xfe0f || (r >= 0x1f3fb && r <= 0x1f3ff):
			// Emoji variation selectors and skin-tone modifiers. With them
			// (and ZWJ) a grapheme's width differs between wcwidth, which
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

// Fit cleans s and truncates it to width cells with an ellipsis, padding
// to exactly width.
func Fit(s string, width int) string { return fit(s, width, false) }

// FitRight is Fit aligned right (for numbers).
func FitRight(s string, width int) string { return fit(s, width, true) }

func fit(s string, width int, right bool) string {
	if width <= 0 {
		return ""
	}
	s = Clean(s)
	if ansi.StringWidth(s) > width {
		s = ansi.Truncate(s, width, "…")
	}
	pad := strings.Repeat(" ", max(0, width-ansi.StringWidth(s)))
	if right {
		return pad + s
	}
	return s + pad
}

// Compact formats a count the way creator tools do: 950, 12.3K, 998K,
// 1.2M, 3B. Below 100 of a unit it keeps one decimal (dropped when .0).
func Compact(n int64) string {
	if n < 0 {
		return "-" + Compact(-n)
	}
	if n < 1000 {
		return strconv.FormatInt(n, 10)
	}
	for _, u := range []struct {
		v    int64
		unit string
	}{{1_000, "K"}, {1_000_000, "M"}, {1_000_000_000, "B"}} {
		tenths := (n*10 + u.v/2) / u.v // the value in tenths of the unit, rounded
		whole := (n + u.v/2) / u.v
		if whole >= 1000 && u.unit != "B" {
			continue // 999,500 and up reads 1M, never 1000K
		}
		if tenths >= 1000 { // 100 and more: whole units
			return strconv.FormatInt(whole, 10) + u.unit
		}
		s := strconv.FormatInt(tenths/10, 10)
		if tenths%10 != 0 {
			s += "." + strconv.FormatInt(tenths%10, 10)
		}
		return s + u.unit
	}
	return strconv.FormatInt(n, 10)
}

// Grouped formats a count with thousands separators: 98,112.
func Grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Followers formats an optional follower count.
func Followers(p *int64) string {
	if p == nil {
		return "–"
	}
	return Compact(*p)
}

// Percent formats a ratio as "42.4%".
func Percent(r float64) string {
	return strconv.FormatFloat(r*100, 'f', 1, 64) + "%"
}

// Ago says how long ago t was relative to now, briefly: "3d", "5h", "2w".
func Ago(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 24*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	case d < 14*24*time.Hour:
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	case d < 120*24*time.Hour:
		return strconv.Itoa(int(d/(7*24*time.Hour))) + "w"
	}
	return t.Format("2006-01-02")
}

// cellWidth is the width of a (styled) string in cells.
func cellWidth(s string) int { return ansi.StringWidth(s) }

// clip truncates a styled line to w cells.
func clip(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "")
}
