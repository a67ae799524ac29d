package outreach

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

var handleRE = regexp.MustCompile(`^[a-z0-9_.]{2,30}$`)

func TestNormalizeHandle(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string // substring of the error; "" means success
	}{
		// The three spellings of one creator.
		{in: "@Anna_1", want: "anna_1"},
		{in: "anna_1", want: "anna_1"},
		{in: " ＠ANNA_1 ", want: "anna_1"},
		// Trimming, prefixes, NFKC, case.
		{in: "\t@anna.b\n", want: "anna.b"},
		{in: "\u3000＠ａｎｎａ\u3000", want: "anna"}, // ideographic spaces, fullwidth letters
		{in: "﹫anna", want: "anna"},             // small commercial at folds to @
		{in: "ANNA", want: "anna"},
		{in: "Ｋelly", want: "kelly"},
		{in: "ab", want: "ab"},                                       // minimum length
		{in: "a.b", want: "a.b"},                                     // dot inside
		{in: "__", want: "__"},                                       // only underscores is still 2 allowed chars
		{in: "123", want: "123"},                                     // digits only
		{in: strings.Repeat("x", 30), want: strings.Repeat("x", 30)}, // maximum length
		{in: "@" + strings.Repeat("X", 30), want: strings.Repeat("x", 30)},

		// Refused.
		{in: "a", wantErr: "1 characters, must be 2–30"},
		{in: "@a", wantErr: "must be 2–30"},
		{in: strings.Repeat("x", 31), wantErr: "31 characters, must be 2–30"},
		{in: "anna-1", wantErr: `'-' is not allowed at position 5`},
		{in: "an na", wantErr: `' ' is not allowed at position 3`},
		{in: "", wantErr: "empty"},
		{in: "   ", wantErr: "empty"},
		{in: "@", wantErr: "empty"},
		{in: "＠", wantErr: "empty"},
		{in: " @ ", wantErr: "empty"},
		{in: "@ anna", wantErr: "' ' is not allowed at position 1"},
		{in: "anna😀", wantErr: "not allowed"},
		{in: "😀😀", wantErr: "not allowed"},
		{in: "安娜", wantErr: "not allowed"},
		{in: "anna安娜", wantErr: "not allowed at position 5"},
		{in: "@@anna", wantErr: "'@' is not allowed"},
		{in: "＠ ＡＮＮＡ", wantErr: "not allowed"},
		{in: "anna@x", wantErr: "'@' is not allowed"},
		{in: "\ufeffanna", wantErr: "not allowed"},   // byte-order mark
		{in: "an\u200bna", wantErr: "not allowed"},   // zero-width space
		{in: "anna\u202e", wantErr: "not allowed"},   // bidi override
		{in: "anna\x1b[31m", wantErr: "not allowed"}, // terminal escape
		{in: "josé", wantErr: "not allowed"},         // accented letters are not TikTok handle letters
		{in: "anna!", wantErr: "'!' is not allowed"},
		{in: "an/na", wantErr: "not allowed"},
	}
	for _, tt := range tests {
		got, err := NormalizeHandle(tt.in)
		if tt.wantErr != "" {
			if err == nil {
				t.Errorf("NormalizeHandle(%q) = %q, want error containing %q", tt.in, got, tt.wantErr)
			} else if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("NormalizeHandle(%q) error = %q, want it to contain %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizeHandle(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestNormalizeHandleEmptyIsSentinel(t *testing.T) {
	for _, in := range []string{"", " ", "@", "＠", "\u3000@\u3000"} {
		if _, err := NormalizeHandle(in); !errors.Is(err, ErrEmptyHandle) {
			t.Errorf("NormalizeHandle(%q) error = %v, want ErrEmptyHandle", in, err)
		}
	}
	if _, err := NormalizeHandle("a"); errors.Is(err, ErrEmptyHandle) {
		t.Errorf("NormalizeHandle(%q) is ErrEmptyHandle, want a length error", "a")
	}
}

func TestNormalizeHandleSameCreator(t *testing.T) {
	spellings := []string{"@Anna_1", "anna_1", " ＠ANNA_1 ", "ＡＮＮＡ＿１", "@anna_1\n"}
	for _, s := range spellings {
		h, err := NormalizeHandle(s)
		if err != nil || h != "anna_1" {
			t.Errorf("NormalizeHandle(%q) = %q, %v; want anna_1", s, h, err)
		}
	}
}

func TestHandleFromURL(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{in: "https://www.tiktok.com/@anna_1", want: "anna_1"},
		{in: "www.tiktok.com/@Anna_1/video/123?lang=en", want: "anna_1"},
		{in: "m.tiktok.com/@x_y", want: "x_y"},
		{in: "tiktok.com/@anna_1", want: "anna_1"},
		{in: "  https://www.tiktok.com/@anna_1/  ", want: "anna_1"},
		{in: "http://www.tiktok.com/@anna_1?is_from_webapp=1&sender_device=pc", want: "anna_1"},
		{in: "HTTPS://WWW.TIKTOK.COM/@ANNA_1", want: "anna_1"},
		{in: "https://www.tiktok.com:443/@anna_1", want: "anna_1"},
		{in: "https://www.tiktok.com/%40anna_1", want: "anna_1"}, // percent-encoded @
		{in: "https://www.tiktok.com/@anna.b#top", want: "anna.b"},

		{in: "https://www.youtube.com/@anna_1", wantErr: "not a tiktok.com URL"},
		{in: "https://instagram.com/anna_1", wantErr: "not a tiktok.com URL"},
		{in: "https://eviltiktok.com/@anna_1", wantErr: "not a tiktok.com URL"},
		{in: "https://tiktok.com.evil.com/@anna_1", wantErr: "not a tiktok.com URL"},
		{in: "https://www.tiktok.com@evil.com/@anna_1", wantErr: "not a tiktok.com URL"}, // userinfo trick
		{in: "https://evil.com/www.tiktok.com/@anna_1", wantErr: "not a tiktok.com URL"},
		{in: "https://www.tiktok.com/video/123", wantErr: "no @handle"},
		{in: "https://www.tiktok.com/", wantErr: "no @handle"},
		{in: "https://vm.tiktok.com/ZMabc123/", wantErr: "no @handle"},
		{in: "https://www.tiktok.com/?u=@anna_1", wantErr: "no @handle"}, // @ only in the query
		{in: "https://www.tiktok.com/@anna-1", wantErr: "not allowed"},
		{in: "https://www.tiktok.com/@", wantErr: "empty"},
		{in: "", wantErr: "not a tiktok.com URL"},
		{in: "https://www.tiktok.com/@anna_1\x7f", wantErr: "not a URL"},
	}
	for _, tt := range tests {
		got, err := HandleFromURL(tt.in)
		if tt.wantErr != "" {
			if err == nil {
				t.Errorf("HandleFromURL(%q) = %q, want error containing %q", tt.in, got, tt.wantErr)
			} else if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("HandleFromURL(%q) error = %q, want it to contain %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("HandleFromURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestProfileURLRoundTrip(t *testing.T) {
	for _, h := range []string{"anna_1", "x.y", "ab"} {
		u := ProfileURL(h)
		if want := "https://www.tiktok.com/@" + h; u != want {
			t.Errorf("ProfileURL(%q) = %q, want %q", h, u, want)
		}
		if got, err := HandleFromURL(u); err != nil || got != h {
			t.Errorf("HandleFromURL(ProfileURL(%q)) = %q, %v", h, got, err)
		}
		if got := (Creator{Handle: h}).ProfileURL(); got != u {
			t.Errorf("Creator.ProfileURL() = %q, want %q", got, u)
		}
	}
}

func FuzzNormalizeHandle(f *testing.F) {
	for _, s := range []string{
		"@Anna_1", "anna_1", " ＠ANNA_1 ", "a", "anna-1", "an na", "", "@", "😀", "安娜",
		"ＡＮＮＡ", "﹫x_y", "annİ", "ſam", "\u212aelly", "@@a", strings.Repeat("x", 31),
		"\ufeffanna", "a\u0307b", "ǆa", "ﬁsh", "Ⅻxx", "①②",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := NormalizeHandle(s)
		if err != nil {
			if h != "" {
				t.Fatalf("NormalizeHandle(%q) = %q with error %v", s, h, err)
			}
			return
		}
		if !handleRE.MatchString(h) {
			t.Fatalf("NormalizeHandle(%q) = %q, outside [a-z0-9_.]{2,30}", s, h)
		}
		if again, err := NormalizeHandle(h); err != nil || again != h {
			t.Fatalf("not idempotent: NormalizeHandle(%q) = %q, then %q, %v", s, h, again, err)
		}
		if again, err := NormalizeHandle(" ＠" + strings.ToUpper(h) + " "); err != nil || again != h {
			t.Fatalf("NormalizeHandle(%q) = %q, %v; want %q", " ＠"+strings.ToUpper(h)+" ", again, err, h)
		}
		if got, err := HandleFromURL(ProfileURL(h)); err != nil || got != h {
			t.Fatalf("HandleFromURL(ProfileURL(%q)) = %q, %v", h, got, err)
		}
	})
}
