package outreach

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzHandleForms checks what every caller of NormalizeHandle relies on: an
// accepted handle is valid UTF-8 of 2–30 of a-z 0-9 _ . with no leading @,
// normalises to itself, and is the same handle however it was typed (@,
// fullwidth ＠ and letters, upper case, spaces around); a refused one gives
// "" and a message that is safe to print on a terminal.
func FuzzHandleForms(f *testing.F) {
	for _, s := range []string{
		"@Anna_1", "＠ＡＮＮＡ", " mei.li ", "@", "@@ab", "a", "ab", strings.Repeat("z", 30), strings.Repeat("z", 31),
		"anna\x1b[31m", "an\u202ena", "\xff\xfe", "İstanbul", "\u212aelvin", "ǅx", "①②", "ｍｅｉ＿ｌｉ", "\u3000@ab\u3000",
		"https://www.tiktok.com/@anna", "\u0130\u0307",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := NormalizeHandle(s)
		if err != nil {
			if h != "" {
				t.Fatalf("NormalizeHandle(%q) = %q and error %v", s, h, err)
			}
			if msg := err.Error(); !printable(msg, "") {
				t.Fatalf("NormalizeHandle(%q): message %q is not printable", s, msg)
			}
			return
		}
		if !utf8.ValidString(h) || strings.HasPrefix(h, "@") || strings.ToLower(h) != h ||
			len(h) < MinHandleLen || len(h) > MaxHandleLen {
			t.Fatalf("NormalizeHandle(%q) = %q", s, h)
		}
		for _, r := range h {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.') {
				t.Fatalf("NormalizeHandle(%q) = %q holds %q", s, h, r)
			}
		}
		for _, typed := range []string{h, "@" + h, strings.ToUpper(h), "＠" + fullwidth(strings.ToUpper(h)), "\t @" + h + " \n", s + " ", "\u3000" + s} {
			if again, err := NormalizeHandle(typed); err != nil || again != h {
				t.Fatalf("NormalizeHandle(%q) = %q, but NormalizeHandle(%q) = %q, %v", s, h, typed, again, err)
			}
		}
		if got, err := HandleFromURL(ProfileURL(h)); err != nil || got != h {
			t.Fatalf("HandleFromURL(ProfileURL(%q)) = %q, %v", h, got, err)
		}
	})
}
