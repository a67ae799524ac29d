package outreach

import "testing"

func TestDiscountCodes(t *testing.T) {
	first := func(h string, pct, n int) []string {
		var out []string
		for c := range DiscountCodes(h, pct) {
			out = append(out, c)
			if len(out) == n {
				break
			}
		}
		return out
	}
	for _, tc := range []struct {
		handle string
		pct    int
		want   []string
	}{
		{"anna_1", 15, []string{"ANNA115", "ANNA1", "ANNA12", "ANNA13"}},
		{"glowwithmia", 10, []string{"GLOWWI10", "GLOWWI", "GLOWWI2", "GLOWWI3"}},
		{"tech.tom", 0, []string{"TECHTO", "TECHTO2", "TECHTO3"}},
		{"_.", 20, []string{"CD20", "CD", "CD2"}},
		{"x9", 5, []string{"X95", "X9", "X92"}},
	} {
		got := first(tc.handle, tc.pct, len(tc.want))
		if len(got) != len(tc.want) {
			t.Fatalf("%s: %v", tc.handle, got)
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s %d%%: %v, want %v", tc.handle, tc.pct, got, tc.want)
				break
			}
		}
	}
	// Every proposal is a valid, distinct code, and there are plenty.
	seen := map[string]bool{}
	for c := range DiscountCodes("anna_1", 15) {
		if err := ValidateDiscountCode(c); err != nil {
			t.Fatalf("%q: %v", c, err)
		}
		if seen[c] {
			t.Fatalf("%q twice", c)
		}
		seen[c] = true
	}
	if len(seen) < 1000 {
		t.Errorf("only %d proposals", len(seen))
	}
}
