package outreach

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"
)

// countUnitsWritten are the units as exports write them, with their power
// of ten: what FuzzCountFormats abbreviates with.
var countUnitsWritten = []struct {
	unit string
	exp  int
}{
	{"", 0}, {"K", 3}, {"k", 3}, {"千", 3}, {"M", 6}, {"m", 6}, {"Mn", 6},
	{"B", 9}, {"bn", 9}, {"万", 4}, {"萬", 4}, {"w", 4}, {"亿", 8}, {"億", 8},
}

// FuzzCountFormats checks ParseCount two ways. Any text: it never returns a
// negative count, a refused text gives 0 and a printable message, and
// fullwidth forms or surrounding spaces read the same. Any count: written
// out with any unit ("1.234567M", "12.5万", "1,234.5K"), exactly or rounded
// to fewer decimals, it reads back as that count, rounded half up.
func FuzzCountFormats(f *testing.F) {
	for _, s := range []string{"1.2M", "12.5万", "3亿", "15K", "1,234,567", "-5", "10-100", "1.2.3", "１．２Ｋ", ".5K", "9223372036854775807", "9.3e18", "+", "'"} {
		f.Add(s, uint64(0), byte(0), byte(0))
	}
	f.Add("", uint64(1_234_567), byte(4), byte(1))
	f.Add("", uint64(125_000), byte(9), byte(1))
	f.Add("", uint64(math.MaxInt64), byte(7), byte(3))
	f.Add("", uint64(math.MaxUint64), byte(12), byte(8))
	f.Add("", uint64(999_999_500), byte(7), byte(0))
	f.Fuzz(func(t *testing.T, s string, n uint64, unit, places byte) {
		checkCountText(t, s)
		v := int64(n >> 1) // every non-negative int64
		u := countUnitsWritten[int(unit)%len(countUnitsWritten)]
		checkCountWritten(t, v, u.unit, u.exp, int(places)%(u.exp+1))
	})
}

func checkCountText(t *testing.T, s string) {
	v, err := ParseCount(s)
	if err != nil {
		if v != 0 {
			t.Fatalf("ParseCount(%q) = %d and error %v", s, v, err)
		}
		if msg := err.Error(); !printable(msg, "") {
			t.Fatalf("ParseCount(%q): message %q is not printable", s, msg)
		}
	} else if v < 0 {
		t.Fatalf("ParseCount(%q) = %d, negative", s, v)
	}
	for _, variant := range []string{fullwidth(s), " \u3000" + s + "\u00a0 "} {
		w, werr := ParseCount(variant)
		if w != v || (werr == nil) != (err == nil) {
			t.Fatalf("ParseCount(%q) = %d, %v but ParseCount(%q) = %d, %v", s, v, err, variant, w, werr)
		}
	}
}

// checkCountWritten writes v in unit (10^exp) with places decimals and
// checks that ParseCount reads back v rounded half up to that precision.
func checkCountWritten(t *testing.T, v int64, unit string, exp, places int) {
	digits := strconv.FormatInt(v, 10)
	if len(digits) <= exp {
		digits = strings.Repeat("0", exp-len(digits)+1) + digits
	}
	whole, frac := digits[:len(digits)-exp], digits[len(digits)-exp:]
	// Exactly: every decimal the unit holds, trailing zeros dropped.
	exact := whole
	if f := strings.TrimRight(frac, "0"); f != "" {
		exact += "." + f
	}
	for _, s := range []string{exact + unit, groupThousands(whole) + exact[len(whole):] + unit, exact + " " + unit, fullwidth(exact + unit)} {
		if got, err := ParseCount(s); err != nil || got != v {
			t.Fatalf("ParseCount(%q) = %d, %v; want %d", s, got, err, v)
		}
		if got, err := ParseCount("-" + s); err == nil || got != 0 {
			t.Fatalf("ParseCount(%q) = %d, %v; want an error", "-"+s, got, err)
		}
	}
	if exp == 0 {
		return
	}
	// Rounded to places decimals, half up: the count it stands for may
	// pass MaxInt64, which must be refused rather than wrap.
	step := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp-places)), nil)
	q, r := new(big.Int).QuoRem(big.NewInt(v), step, new(big.Int))
	if new(big.Int).Mul(r, big.NewInt(2)).Cmp(step) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	want := new(big.Int).Mul(q, step)
	qs := q.String()
	if len(qs) <= places {
		qs = strings.Repeat("0", places-len(qs)+1) + qs
	}
	s := qs[:len(qs)-places]
	if places > 0 {
		s += "." + qs[len(qs)-places:]
	}
	s += unit
	got, err := ParseCount(s)
	switch {
	case !want.IsInt64():
		if err == nil || !strings.Contains(err.Error(), "too large") {
			t.Fatalf("ParseCount(%q) = %d, %v; want too large", s, got, err)
		}
	case err != nil || got != want.Int64():
		t.Fatalf("ParseCount(%q) = %d, %v; want %s (%d rounded)", s, got, err, want, v)
	}
	// The same decimals with more than the unit holds still round to v's
	// precision: "1.23456K" is 1235.
	if places == exp {
		long := s[:len(s)-len(unit)] + "4999" + unit
		if got, err := ParseCount(long); err != nil || got != v {
			t.Fatalf("ParseCount(%q) = %d, %v; want %d", long, got, err, v)
		}
	}
}

// fullwidth writes the printable ASCII of s in its fullwidth forms, as
// Chinese and Japanese input methods type them; NFKC folds them back.
func fullwidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7f {
			return r - '!' + '！'
		}
		return r
	}, s)
}
