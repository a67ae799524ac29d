package outreach

import (
	"iter"
	"strconv"
	"strings"
)

// DiscountCodes proposes discount codes for a creator, best first: the
// handle's letters and digits upper-cased (ANNA1 for @anna_1), with the
// percent off when it fits (ANNA115), then the stem with 2, 3, … 99, then
// shorter stems with numbers. Every proposal is a valid code (2–8 of
// A–Z0–9); the caller takes the first one not yet used.
func DiscountCodes(handle string, pct int) iter.Seq[string] {
	var b strings.Builder
	for _, r := range strings.ToUpper(handle) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	stem := b.String()
	if len(stem) < 2 {
		stem = "CD" + stem // a handle like "_._": still a code
	}
	return func(yield func(string) bool) {
		seen := map[string]bool{}
		try := func(c string) bool {
			if len(c) < 2 || len(c) > 8 || seen[c] {
				return true
			}
			seen[c] = true
			return yield(c)
		}
		base := stem[:min(len(stem), 6)]
		if pct > 0 && !try(base+strconv.Itoa(pct)) {
			return
		}
		if !try(base) {
			return
		}
		for n := 2; n <= 99; n++ {
			if !try(base + strconv.Itoa(n)) {
				return
			}
		}
		// Shorter stems leave room for longer numbers.
		for k := min(len(stem), 5); k >= 2; k-- {
			for n := 100; n < 1000; n++ {
				if !try(stem[:k] + strconv.Itoa(n)) {
					return
				}
			}
		}
	}
}
