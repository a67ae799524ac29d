package csvio

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// Approximate counts are read as the number given and counted, with the
// first few named; a row refused for another field does not count them.
func TestApproximateCounts(t *testing.T) {
	in := "handle,followers,avg views,email\n" +
		"ann,10万+,约2万,\n" +
		"bob,约5万,,not-an-email\n" + // refused for its email
		"cy,12万,,\n" +
		"dee,5万多,,\n" +
		"fay,1万+,3K+,\n"
	r, err := NewCreatorReader(strings.NewReader(in), "f.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	followers := map[string]int64{}
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var re *RowError
		if errors.As(err, &re) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		followers[row.Handle] = *row.Followers
	}
	want := map[string]int64{"ann": 100_000, "cy": 120_000, "dee": 50_000, "fay": 10_000}
	for h, n := range want {
		if followers[h] != n {
			t.Errorf("@%s: %d followers, want %d", h, followers[h], n)
		}
	}
	n, ex := r.Approximate()
	if n != 5 || !slices.Equal(ex, []string{"10万+", "约2万", "5万多"}) {
		t.Errorf("approximate: %d %q; want 5 (bob's refused row not counted), the first three named", n, ex)
	}
}
