package common

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"creatordesk/internal/termtext"
)

// Clean makes text that came from outside (names, notes, handles, file
// contents) safe to put on the terminal: the project's one cleaner,
// termtext.Clean, named here because every screen uses it. Every such
// string passes through here before it is styled.
func Clean(s string) string { return termtext.Clean(s) }

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

// FollowersBy is Followers for a list that tiers by threshold: within 1%
// of it the exact count shows, so 500,000 (micro) and 500,001 (head) never
// both read "500K".
func FollowersBy(p *int64, threshold int64) string {
	if p == nil || threshold <= 0 {
		return Followers(p)
	}
	if d := *p - threshold; d >= -threshold/100 && d <= threshold/100 {
		return Grouped(*p)
	}
	return Compact(*p)
}

// FollowersExact is the compact count with the exact one beside it when
// they differ: "3.6M (3,612,345)".
func FollowersExact(p *int64) string {
	if p == nil {
		return "–"
	}
	c, g := Compact(*p), Grouped(*p)
	if c == g {
		return c
	}
	return c + " (" + g + ")"
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
		return strconv.Itoa(int(d/time.Minute)) + " min" // "1m" read as a month
	case d < 24*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	case d < 14*24*time.Hour:
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	case d < 120*24*time.Hour:
		return strconv.Itoa(int(d/(7*24*time.Hour))) + "w"
	}
	return t.Format("2006-01-02")
}

// CellWidth is the width of a (styled) string in cells.
func CellWidth(s string) int { return ansi.StringWidth(s) }

// Clip truncates a styled line to w cells.
func Clip(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "")
}

// FitLines cuts or pads s to exactly h lines, each clipped to w cells.
func FitLines(s string, w, h int) []string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = Clip(l, w)
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return lines
}

// WrapText cleans s and wraps it to width cells, each line padded to width.
func WrapText(s string, width int) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		for _, wl := range strings.Split(ansi.Wrap(Clean(l), width, ""), "\n") {
			out = append(out, Fit(wl, width))
		}
	}
	return out
}

// ExpandHome turns a leading ~/ into the home directory.
func ExpandHome(p string) string {
	if strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[2:])
		}
	}
	return p
}
