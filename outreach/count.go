package outreach

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ErrEmptyCount is returned by ParseCount for a blank cell, which callers
// usually treat as "unknown" rather than as a mistake.
var ErrEmptyCount = errors.New("empty")

// countSuffixes maps an abbreviation to its power of ten. 万/萬 and 亿/億 are
// the Chinese myriad units; "w" is the pinyin shorthand for 万 used in
// Chinese exports.
var countSuffixes = map[string]int{
	"k": 3, "千": 3,
	"m": 6, "mn": 6, // not "mil": it is a thousand in Spanish, a million in English
	"b": 9, "bn": 9,
	"万": 4, "萬": 4, "w": 4,
	"亿": 8, "億": 8,
}

// ParseCount reads a non-negative whole count as people write it: "12,345",
// "1.2K", "1.15M" (exactly 1,150,000: decimal arithmetic, no floats), "3B",
// "12.5万", "3亿", " 15 000 ". An abbreviated value with more decimals than
// its unit holds is rounded half up ("1.2345K" is 1235).
func ParseCount(s string) (int64, error) {
	t := strings.TrimSpace(norm.NFKC.String(strings.TrimSpace(s))) // fullwidth digits and separators
	if t == "" {
		return 0, ErrEmptyCount
	}
	t = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\u2009', '\'', '_':
			return -1 // thousands separators written as spaces or apostrophes
		}
		return r
	}, t)
	t = strings.TrimPrefix(t, "+")
	if t == "" {
		return 0, fmt.Errorf("%q is not a number", s) // "+", "'" or "_" alone: not blank, not a count
	}
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "−") {
		if strings.ContainsAny(t[1:], "-–") {
			return 0, fmt.Errorf("%q is a range, not a count", s)
		}
		return 0, fmt.Errorf("%q is negative", s)
	}
	if strings.ContainsAny(t, "-–~") {
		return 0, fmt.Errorf("%q is a range, not a count", s)
	}
	// Split the number from its unit.
	end := 0
	for end < len(t) && (t[end] >= '0' && t[end] <= '9' || t[end] == '.' || t[end] == ',') {
		end++
	}
	num, unit := t[:end], strings.ToLower(t[end:])
	exp := 0
	if unit != "" {
		e, ok := countSuffixes[unit]
		if !ok {
			if r, _ := utf8.DecodeRuneInString(unit); end == 0 || r == utf8.RuneError {
				return 0, fmt.Errorf("%q is not a number", s)
			}
			return 0, fmt.Errorf("%q has an unknown unit %q (use K, M, B, 万 or 亿)", s, t[end:])
		}
		exp = e
	}
	if num == "" {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	intPart, frac, err := splitDecimal(num)
	if err != nil {
		return 0, fmt.Errorf("%q: %v", s, err)
	}
	if exp == 0 && looksGrouped(num, intPart, frac) {
		return 0, fmt.Errorf("%q is ambiguous: \".\" may be a thousands separator (write %s%s or %s,%s)", s, intPart, frac, intPart, frac)
	}
	if exp == 0 && strings.Trim(frac, "0") != "" {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	// value = intPart.frac × 10^exp, rounded half up.
	digits := intPart + frac
	shift := exp - len(frac) // power of ten to apply to the digit string
	var v int64
	keep := len(digits)
	if shift < 0 {
		keep = len(digits) + shift
	}
	for i := 0; i < keep; i++ {
		d := int64(digits[i] - '0')
		if v > (math.MaxInt64-d)/10 {
			return 0, fmt.Errorf("%q is too large", s)
		}
		v = v*10 + d
	}
	if shift < 0 && digits[keep] >= '5' {
		if v == math.MaxInt64 {
			return 0, fmt.Errorf("%q is too large", s)
		}
		v++
	}
	for ; shift > 0; shift-- {
		if v > math.MaxInt64/10 {
			return 0, fmt.Errorf("%q is too large", s)
		}
		v *= 10
	}
	return v, nil
}

// splitDecimal validates "1,234.5"-style input and returns the digits before
// and after the decimal point with grouping commas removed.
func splitDecimal(num string) (intPart, frac string, err error) {
	if strings.Count(num, ".") > 1 {
		return "", "", errors.New("more than one decimal point")
	}
	intPart, frac, _ = strings.Cut(num, ".")
	if strings.Contains(frac, ",") {
		return "", "", errors.New("comma after the decimal point")
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		for i, g := range groups {
			if (i == 0 && (len(g) < 1 || len(g) > 3)) || (i > 0 && len(g) != 3) {
				return "", "", errors.New("misplaced thousands separator")
			}
		}
		intPart = strings.Join(groups, "")
	}
	if intPart == "" && frac == "" {
		return "", "", errors.New("no digits")
	}
	if intPart == "" {
		intPart = "0"
	}
	return intPart, frac, nil
}

// looksGrouped reports whether a plain number such as "15.000" or "1.500"
// (one to three digits, a point, exactly three digits, no commas) could be
// written with "." as the thousands separator, as Vietnamese, Indonesian and
// Spanish exports do: reading it as a decimal would be off by a factor of 1000.
func looksGrouped(num, intPart, frac string) bool {
	return len(frac) == 3 && !strings.Contains(num, ",") &&
		len(intPart) >= 1 && len(intPart) <= 3 && intPart[0] != '0'
}

// approxPrefixes and approxSuffixes mark a count as approximate, the way
// Chinese discovery tools write them: "约5万", "10万+", "5万多", "10万以上".
var (
	approxPrefixes = []string{"大约", "约", "近", "≈", "~", "～"}
	approxSuffixes = []string{"以上", "+", "＋", "多", "余"}
)

// ParseApproxCount is ParseCount for a count that may be marked as
// approximate ("约5万", "10万+"): it reads the number given and reports
// approx. A count that is unreadable without its marks is still refused.
func ParseApproxCount(s string) (n int64, approx bool, err error) {
	n, err = ParseCount(s)
	if err == nil || errors.Is(err, ErrEmptyCount) {
		return n, false, err
	}
	t := strings.TrimSpace(norm.NFKC.String(s))
	bare := t
	for _, p := range approxPrefixes {
		if rest, ok := strings.CutPrefix(bare, p); ok {
			bare = strings.TrimSpace(rest)
			break
		}
	}
	for _, x := range approxSuffixes {
		if rest, ok := strings.CutSuffix(bare, x); ok {
			bare = strings.TrimSpace(rest)
			break
		}
	}
	if bare == t || bare == "" {
		return 0, false, err
	}
	v, berr := ParseCount(bare)
	if berr != nil {
		return 0, false, err
	}
	return v, true, nil
}
