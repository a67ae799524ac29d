package outreach

import "testing"

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{{0, "0 campaigns"}, {1, "1 campaign"}, {2, "2 campaigns"}, {-1, "-1 campaigns"}} {
		if got := Count(tc.n, "campaign", "campaigns"); got != tc.want {
			t.Errorf("Count(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
