package common

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"creatordesk/internal/termtext/termtexttest"
)

// unsafeRune and checkSafe say what must never reach the terminal from
// outside text: the same oracle the cleaner's own tests use.
var (
	unsafeRune = termtexttest.Unsafe
	checkSafe  = termtexttest.Check
)

// Fit cleans and fills exactly its width whatever the text.
func FuzzFit(f *testing.F) {
	for _, s := range []string{"\x1b]52;c;eA==\x07", "\x9b2J", "a\u202eb", "👩\u200d👩\u200d👧", "\x1b[", "\x1b]8;;x\x1b\\y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range []int{0, 1, 2, 3, 7} {
			got := Fit(s, w)
			if fw := ansi.StringWidth(got); fw != w {
				t.Fatalf("Fit(%q, %d) is %d cells", s, w, fw)
			}
			checkSafe(t, "Fit", got)
		}
	})
}

func TestFitWidths(t *testing.T) {
	t.Parallel()
	inputs := []string{
		"", "a", "Anna", "Nails by Kim", "林思琪", "黄佳怡 Beauty", "漢字かな交じり文",
		"Anna 🌸", "👩\u200d👩\u200d👧 family", "Quỳnh 🛍️", "🇻🇳🇻🇳🇻🇳", "e\u0301e\u0301e\u0301",
		"Karla Hernández", "\x1b]0;pwned\x07Mia\u202e", "a\tb\nc", "ขอบคุณ", "안녕하세요",
	}
	for _, in := range inputs {
		for w := 0; w <= 20; w++ {
			for _, fit := range []struct {
				name string
				fn   func(string, int) string
			}{{"Fit", Fit}, {"FitRight", FitRight}} {
				got := fit.fn(in, w)
				if gw := ansi.StringWidth(got); gw != w {
					t.Errorf("%s(%q, %d) = %q, %d cells", fit.name, in, w, got, gw)
				}
				checkSafe(t, fit.name, got)
				clean := Clean(in)
				if ansi.StringWidth(clean) <= w {
					// Fits: nothing is cut, only padded.
					if !strings.Contains(got, clean) {
						t.Errorf("%s(%q, %d) = %q lost text", fit.name, in, w, got)
					}
				} else if w > 0 && !strings.HasSuffix(strings.TrimRight(got, " "), "…") {
					t.Errorf("%s(%q, %d) = %q: cut without an ellipsis", fit.name, in, w, got)
				}
			}
		}
	}
}

func TestFitAlignment(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in         string
		w          int
		fit, right string
	}{
		{"abc", 5, "abc  ", "  abc"},
		{"林思琪", 8, "林思琪  ", "  林思琪"},
		{"林思琪", 6, "林思琪", "林思琪"},
		{"林思琪", 5, "林思…", "林思…"},
		{"林思琪", 4, "林… ", " 林…"}, // a wide character does not fit in the one cell left
		{"林", 1, "…", "…"},
		{"Anna 🌸", 7, "Anna 🌸", "Anna 🌸"},
		{"Anna 🌸", 6, "Anna …", "Anna …"},
		{"👩\u200d👩\u200d👧", 6, "👩👩👧", "👩👩👧"},
		{"👩\u200d👩\u200d👧", 3, "👩…", "👩…"},
		{"1.2M", 9, "1.2M     ", "     1.2M"},
		{"anything", 0, "", ""},
		{"anything", -3, "", ""},
	} {
		if got := Fit(tc.in, tc.w); got != tc.fit {
			t.Errorf("Fit(%q, %d) = %q, want %q", tc.in, tc.w, got, tc.fit)
		}
		if got := FitRight(tc.in, tc.w); got != tc.right {
			t.Errorf("FitRight(%q, %d) = %q, want %q", tc.in, tc.w, got, tc.right)
		}
	}
}

func TestCompact(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "0"},
		{7, "7"},
		{950, "950"},
		{999, "999"},
		{1000, "1K"},
		{1049, "1K"},
		{1050, "1.1K"},
		{1234, "1.2K"},
		{12_345, "12.3K"},
		{45_600, "45.6K"},
		{99_949, "99.9K"},
		{99_950, "100K"},
		{100_000, "100K"},
		{830_400, "830K"},
		{997_583, "998K"},
		{999_499, "999K"},
		{999_950, "1M"},
		{1_000_000, "1M"},
		{1_150_000, "1.2M"},
		{1_200_000, "1.2M"},
		{2_050_000, "2.1M"},
		{99_950_000, "100M"},
		{999_950_000, "1B"},
		{3_000_000_000, "3B"},
		{3_140_000_000, "3.1B"},
		{-1234, "-1.2K"},
		{-5, "-5"},
	} {
		if got := Compact(tc.n); got != tc.want {
			t.Errorf("Compact(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

// Between 999.5 and 999.95 of a unit, Compact once read "1000K" (and
// "1000M"); fixed in fec7dd1.
func TestCompactNeverShowsAThousandOfAUnit(t *testing.T) {
	t.Parallel()
	for _, n := range []int64{999_500, 999_700, 999_949, 999_500_000, 999_949_999} {
		got := Compact(n)
		if strings.HasPrefix(got, "1000") {
			t.Errorf("Compact(%d) = %q; want 1M or 1B", n, got)
		}
	}
}

func TestGrouped(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1,000"}, {98_112, "98,112"}, {100_000, "100,000"},
		{1_234_567, "1,234,567"}, {-1, "-1"}, {-1234, "-1,234"}, {-123_456, "-123,456"},
		{9_223_372_036_854_775_807, "9,223,372,036,854,775,807"},
		{-9_223_372_036_854_775_808, "-9,223,372,036,854,775,808"},
	} {
		if got := Grouped(tc.n); got != tc.want {
			t.Errorf("Grouped(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestAgo(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		t    time.Time
		want string
	}{
		{time.Time{}, "never"},
		{now, "now"},
		{now.Add(30 * time.Second), "now"}, // a clock a little ahead
		{now.Add(-59 * time.Second), "now"},
		{now.Add(-time.Minute), "1 min"},
		{now.Add(-59 * time.Minute), "59 min"},
		{now.Add(-time.Hour), "1h"},
		{now.Add(-23 * time.Hour), "23h"},
		{now.Add(-24 * time.Hour), "1d"},
		{now.Add(-13*24*time.Hour - 23*time.Hour), "13d"},
		{now.Add(-14 * 24 * time.Hour), "2w"},
		{now.Add(-119 * 24 * time.Hour), "17w"},
		{now.Add(-120 * 24 * time.Hour), "2026-07-25"},
		{time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), "2025-01-02"},
	} {
		if got := Ago(tc.t, now); got != tc.want {
			t.Errorf("Ago(%v) = %q, want %q", tc.t, got, tc.want)
		}
	}
}

func TestFollowersAndPercent(t *testing.T) {
	t.Parallel()
	n := int64(1_234_567)
	if got := Followers(&n); got != "1.2M" {
		t.Errorf("Followers = %q", got)
	}
	if got := Followers(nil); got != "–" {
		t.Errorf("Followers(nil) = %q", got)
	}
	for _, tc := range []struct {
		r    float64
		want string
	}{{0, "0.0%"}, {0.424, "42.4%"}, {1, "100.0%"}, {0.2093, "20.9%"}} {
		if got := Percent(tc.r); got != tc.want {
			t.Errorf("Percent(%v) = %q, want %q", tc.r, got, tc.want)
		}
	}
}

func TestClip(t *testing.T) {
	t.Parallel()
	styled := NewStyles(true).Bold.Render("林思琪 and more")
	for w := 0; w < 20; w++ {
		if got := ansi.StringWidth(Clip(styled, w)); got > w {
			t.Errorf("clip(%d) is %d wide", w, got)
		}
	}
}

// Near the head threshold the exact count shows, so the tier edge never
// looks equal (issue 13: 500,000 micro and 500,001 head both read 500K);
// elsewhere counts stay compact. The detail pane always has the exact one.
func TestFollowersNearTheThreshold(t *testing.T) {
	t.Parallel()
	n := func(v int64) *int64 { return &v }
	for _, c := range []struct {
		v    *int64
		want string
	}{
		{n(500_000), "500,000"},
		{n(500_001), "500,001"},
		{n(495_000), "495,000"},
		{n(505_000), "505,000"},
		{n(494_999), "495K"},
		{n(505_001), "505K"},
		{n(3_612_345), "3.6M"},
		{nil, "–"},
	} {
		if got := FollowersBy(c.v, 500_000); got != c.want {
			t.Errorf("FollowersBy(%v) = %q, want %q", *c.v, got, c.want)
		}
	}
	if got := FollowersBy(n(500_001), 0); got != "500K" {
		t.Errorf("threshold unknown: %q, want the compact count", got)
	}
	if got := FollowersExact(n(3_612_345)); got != "3.6M (3,612,345)" {
		t.Errorf("FollowersExact = %q", got)
	}
	if got := FollowersExact(n(999)); got != "999" {
		t.Errorf("FollowersExact(999) = %q", got)
	}
}
