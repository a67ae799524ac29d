package outreach

import "strconv"

// Count is n and the noun for it: "1 pipeline", "3 pipelines" (many is
// the plural, for nouns that do not take an s).
func Count[N ~int | ~int64](n N, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.FormatInt(int64(n), 10) + " " + many
}
