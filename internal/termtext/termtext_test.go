package termtext

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"creatordesk/internal/termtext/termtexttest"
)

var checkSafe = termtexttest.Check

// Each hostile text as the dashboard shows it (Clean) and as the command
// line does (Quote).
func TestCleanAndQuoteHostile(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in, clean, quote string
	}{
		{"OSC 52 clipboard, BEL", "Anna\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07 Lee", "Anna Lee", `Anna\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\a Lee`},
		{"OSC 52 clipboard, ST", "Anna\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x1b\\ Lee", "Anna Lee", `Anna\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x1b\ Lee`},
		{"OSC 52 query", "x\x1b]52;c;?\x07y", "xy", `x\x1b]52;c;?\ay`},
		{"OSC 8 link", "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\", "click me", `\x1b]8;;https://evil.example/\x1b\click me\x1b]8;;\x1b\`},
		{"OSC 8 link, BEL", "\x1b]8;id=1;https://evil.example/\x07shop\x1b]8;;\x07 now", "shop now", `\x1b]8;id=1;https://evil.example/\ashop\x1b]8;;\a now`},
		{"OSC 0 title", "\x1b]0;you have been pwned\x07Mia", "Mia", `\x1b]0;you have been pwned\aMia`},
		{"OSC 2 title, ST", "Mia\x1b]2;pwned\x1b\\", "Mia", `Mia\x1b]2;pwned\x1b\`},
		{"CSI cursor moves", "a\x1b[2;5Hb\x1b[3Ac\x1b[10D", "abc", `a\x1b[2;5Hb\x1b[3Ac\x1b[10D`},
		{"screen clear", "\x1b[2J\x1b[Hhello", "hello", `\x1b[2J\x1b[Hhello`},
		{"erase line and scroll", "x\x1b[2K\x1b[1;999r\x1b[Sy", "xy", `x\x1b[2K\x1b[1;999r\x1b[Sy`},
		{"SGR from outside", "\x1b[31;1mred\x1b[0m", "red", `\x1b[31;1mred\x1b[0m`},
		{"DEC private modes", "\x1b[?1049h\x1b[?25lhidden\x1b[?1000h", "hidden", `\x1b[?1049h\x1b[?25lhidden\x1b[?1000h`},
		{"DCS and APC strings", "a\x1bP+q544e\x1b\\b\x1b_Gf=1;AAAA\x1b\\c", "abc", `a\x1bP+q544e\x1b\b\x1b_Gf=1;AAAA\x1b\c`},
		{"8-bit CSI", "a\x9b2Jb", "a\uFFFD2Jb", `a\x9b2Jb`},
		// As a character, U+009B is dropped; what followed is harmless text.
		{"8-bit CSI as a character", "a\u009b2Jb", "a2Jb", `a\u009b2Jb`},
		{"8-bit OSC as a character", "a\u009d0;pwned\u009cb", "a0;pwnedb", `a\u009d0;pwned\u009cb`},
		{"other C1 characters", "a\u0085b\u008dc\u0090d", "abcd", `a\u0085b\u008dc\u0090d`},
		{"lone trailing ESC", "Anna\x1b", "Anna", `Anna\x1b`},
		// ESC SP is an escape sequence waiting for its final byte, as in a
		// terminal: the n goes with it.
		{"ESC mid-text", "An\x1b na", "Ana", `An\x1b na`},
		{"ESC before a digit", "An\x1b7na", "Anna", `An\x1b7na`},
		{"carriage return overwrite", "safe\rEVIL", "safe EVIL", `safe\rEVIL`},
		{"CRLF", "one\r\ntwo", "one  two", `one\r\ntwo`},
		{"backspaces", "good\b\b\b\bEVIL", "goodEVIL", `good\b\b\b\bEVIL`},
		{"newline and tab", "two\nlines\tand tab", "two lines and tab", `two\nlines\tand tab`},
		{"vertical tab, form feed", "a\vb\fc", "a b c", `a\vb\fc`},
		{"bell and NUL", "ding\x07\x00dong", "dingdong", `ding\a\x00dong`},
		{"DEL", "de\x7fl", "del", `de\x7fl`},
		{"bidi override RLO", "invoice\u202Efdp.exe", "invoicefdp.exe", `invoice\u202efdp.exe`},
		{"bidi isolates", "\u2066abc\u2069\u2067d\u2068e\u2069", "abcde", `\u2066abc\u2069\u2067d\u2068e\u2069`},
		{"bidi embeddings and marks", "\u202Aa\u202Bb\u202Cc\u200Ed\u200Fe\u061Cf", "abcdef", `\u202aa\u202bb\u202cc\u200ed\u200fe\u061cf`},
		{"zero-width space, BOM, word joiner", "an\u200Bna\uFEFF\u2060lee", "annalee", `an\u200bna\ufeff\u2060lee`},
		{"zero-width non-joiner", "a\u200cb", "ab", `a\u200cb`},
		{"soft hyphen", "anna\u00ADlee", "annalee", `anna\u00adlee`},
		{"tag characters", "a\U000E0001b", "ab", `a\U000e0001b`},
		{"invalid UTF-8", "caf\xe9 \xff\xfe", "caf\uFFFD \uFFFD", `caf\xe9 \xff\xfe`}, // a run of bad bytes is one U+FFFD
		{"truncated UTF-8", "好\xe5\xa5", "好\uFFFD", `好\xe5\xa5`},
		{"NUL only", "\x00", "", `\x00`},
		{"replacement character", "a\uFFFDb", "a\uFFFDb", "a\uFFFDb"},
		{"CJK", "林思琪 黄佳怡", "林思琪 黄佳怡", "林思琪 黄佳怡"},
		{"Vietnamese", "Phạm Minh Thảo", "Phạm Minh Thảo", "Phạm Minh Thảo"},
		{"emoji", "Anna 🌸💪", "Anna 🌸💪", "Anna 🌸💪"},
		// What only makes widths disagree is the dashboard's business: the
		// command line shows the text as stored.
		{"emoji ZWJ family", "family 👩\u200d👩\u200d👧", "family 👩👩👧", "family 👩\u200d👩\u200d👧"},
		{"emoji presentation and skin tone", "🛍\ufe0f 👍\U0001F3FD", "🛍 👍", "🛍\ufe0f 👍\U0001F3FD"},
		{"emoji with VS16", "Quỳnh 🛍️", "Quỳnh 🛍", "Quỳnh 🛍️"},
		{"half flag", "Half 🇻 flag", "Half  flag", "Half 🇻 flag"},
		{"Thai SARA AM", "น้ำฝน", "น้\u0e4d\u0e32ฝน", "น้ำฝน"},
		{"flag", "🇻🇳 Hà Nội", "🇻🇳 Hà Nội", "🇻🇳 Hà Nội"},
		{"combining marks", "Ăn Gì e\u0301", "Ăn Gì e\u0301", "Ăn Gì e\u0301"},
		{"Arabic text keeps its letters", "مرحبا", "مرحبا", "مرحبا"},
		{"backslashes stay", `C:\x1b\n "q"`, `C:\x1b\n "q"`, `C:\x1b\n "q"`},
		{"plain ASCII", "Nails by Kim", "Nails by Kim", "Nails by Kim"},
		{"empty", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, m := range []struct {
				name     string
				fn       func(string) string
				in, want string
			}{{"Clean", Clean, tc.in, tc.clean}, {"Quote", Quote, tc.in, tc.quote}} {
				got := m.fn(m.in)
				if got != m.want {
					t.Errorf("%s(%q) = %q, want %q", m.name, m.in, got, m.want)
				}
				checkSafe(t, m.name, got)
				if again := m.fn(got); again != got {
					t.Errorf("%s is not idempotent: %q then %q", m.name, got, again)
				}
			}
		})
	}
}

// Every single byte and every control-ish rune, alone and between letters,
// comes out safe.
func TestCleanEveryControl(t *testing.T) {
	t.Parallel()
	for b := 0; b < 256; b++ {
		s := "a" + string([]byte{byte(b)}) + "b"
		checkSafe(t, "byte", Clean(s))
	}
	for r := rune(0); r < 0x3000; r++ {
		checkSafe(t, "rune", Clean("a"+string(r)+"b"))
	}
	for _, r := range []rune{0xfeff, 0xfff9, 0xfffa, 0xfffb, 0xe0001, 0xe007f} {
		checkSafe(t, "format rune", Clean("a"+string(r)+"b"))
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"\x1b]52;c;eA==\x07", "\x9b2J", "a\u202eb", "👩\u200d👩\u200d👧", "\x1b[", "\x1b]8;;x\x1b\\y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Clean(s)
		checkSafe(t, "Clean", got)
		if strings.Contains(got, "\x1b") {
			t.Fatalf("ESC left in %q", got)
		}
		if Clean(got) != got {
			t.Fatalf("not idempotent: %q", got)
		}
	})
}

// Clean's output measures the same by grapheme clustering (the layout's
// measure) and by wcwidth (the renderer's) wherever a rewrite shows the
// same text; then a name cannot push a column or a border out of place.
func TestCleanWidthsAgree(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"น้ำฝน", "น้\u0e4d\u0e32ฝน"}, // SARA AM: NIKHAHIT and SARA AA
		{"ກຳ", "ກ\u0ecd\u0eb2"},
		{"ｶﾞｷﾞ", "ガギ"},
		{"\u1100\u1161\u11a8", "각"},
		{"Half 🇻 flag", "Half  flag"},
		{"🇻🇳🇯", "🇻🇳"},
		{"🇻🇳 Hà Nội 林思琪 👩\u200d👩\u200d👧", "🇻🇳 Hà Nội 林思琪 👩👩👧"},
		{"a🇻ำำ", "a\u0e4d\u0e32\u0e4d\u0e32"},
	} {
		got := Clean(tc.in)
		if got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if gw, wc := ansi.StringWidth(got), ansi.StringWidthWc(got); gw != wc {
			t.Errorf("Clean(%q) = %q: %d cells by graphemes, %d by wcwidth", tc.in, got, gw, wc)
		}
		if Clean(got) != got {
			t.Errorf("Clean(%q) is not idempotent: %q, then %q", tc.in, got, Clean(got))
		}
	}
	// Clean skips the rewrite when no character asks for it: that must
	// never skip a disagreement.
	for r := rune(0x20); r < 0x20000; r++ {
		if mayDisagree(r) || (r >= 0xd800 && r < 0xe000) {
			continue
		}
		for _, s := range []string{"a" + string(r) + "b", "林" + string(r) + "\u0301", string(r) + string(r)} {
			c := Clean(s)
			if gw, wc := ansi.StringWidth(c), ansi.StringWidthWc(c); gw != wc {
				t.Errorf("Clean(%q) = %q: %d cells by graphemes, %d by wcwidth", s, c, gw, wc)
			}
		}
	}
}

func TestQuoteLinesKeepsLineBreaks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Subject: Hi\n\nHello\tthere\n", "Subject: Hi\n\nHello\tthere\n"},
		{"a,b\r\nc,d\r\n", "a,b\r\nc,d\r\n"},
		{"over\rwrite\r", `over\rwrite\r`},
		{"\x1b]0;pwned\x07\nnext \u202e", "\\x1b]0;pwned\\a\nnext \\u202e"},
		{"\r\r\n", "\\r\r\n"},
	} {
		if got := QuoteLines(tc.in); got != tc.want {
			t.Errorf("QuoteLines(%q) = %q, want %q", tc.in, got, tc.want)
		}
		for _, line := range strings.Split(strings.ReplaceAll(QuoteLines(tc.in), "\r\n", "\n"), "\n") {
			checkSafe(t, "QuoteLines", strings.ReplaceAll(line, "\t", " "))
		}
	}
}

// Every single byte and every control-ish rune, alone and between letters,
// comes out safe and reads back as it was; what steers is written as Go's
// %q writes it.
func TestQuoteEveryControl(t *testing.T) {
	t.Parallel()
	check := func(s string) {
		t.Helper()
		got := Quote(s)
		checkSafe(t, "Quote", got)
		if back, err := strconv.Unquote(`"` + got + `"`); err != nil || back != s {
			t.Errorf("Quote(%q) = %q, which reads back as %q (%v)", s, got, back, err)
		}
	}
	for b := 0; b < 256; b++ {
		if b != '"' && b != '\\' {
			check("a" + string([]byte{byte(b)}) + "b")
		}
	}
	for r := rune(0); r < 0x3000; r++ {
		if r != '"' && r != '\\' {
			check("a" + string(r) + "b")
		}
		if steers(r) {
			if got, want := Quote(string(r)), strconv.QuoteRune(r); got != want[1:len(want)-1] {
				t.Errorf("Quote(%q) = %s, %%q writes %s", r, got, want)
			}
		}
	}
	for _, r := range []rune{0xfeff, 0xfff9, 0xfffa, 0xfffb, 0xe0001, 0xe007f} {
		check("a" + string(r) + "b")
	}
}

func FuzzQuote(f *testing.F) {
	for _, s := range []string{"\x1b]52;c;eA==\x07", "\x9b2J", "a\u202eb", "👩\u200d👩\u200d👧", "\x1b[", "\x1b]8;;x\x1b\\y", "a\r\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Quote(s)
		checkSafe(t, "Quote", got)
		if Quote(got) != got {
			t.Fatalf("not idempotent: %q", got)
		}
		for _, line := range strings.Split(strings.ReplaceAll(QuoteLines(s), "\r\n", "\n"), "\n") {
			checkSafe(t, "QuoteLines", strings.ReplaceAll(line, "\t", " "))
		}
		if !strings.ContainsAny(s, `"\`) {
			// Nothing is lost, only written out: it reads back.
			if back, err := strconv.Unquote(`"` + got + `"`); err != nil || back != s {
				t.Fatalf("Quote(%q) = %q reads back as %q (%v)", s, got, back, err)
			}
		}
		if utf8.ValidString(s) && !strings.ContainsFunc(s, steers) && got != s {
			t.Fatalf("Quote(%q) = %q changed text that steers nothing", s, got)
		}
	})
}
