package outreach

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestNormalizeEmail(t *testing.T) {
	tests := []struct {
		in, want string // want "" means refused
	}{
		{"anna@example.com", "anna@example.com"},
		{"  anna@example.com  ", "anna@example.com"},
		{"Anna@Example.COM", "Anna@example.com"}, // the local part keeps its case
		{"Anna <anna@example.com>", "anna@example.com"},
		{`"Anna B" <Anna.B@Example.com>`, "Anna.B@example.com"},
		{"<anna@example.com>", "anna@example.com"},
		{"anna+tiktok@example.co.uk", "anna+tiktok@example.co.uk"},
		{"a@b.c", "a@b.c"},
		{"anna@例子.中国", "anna@例子.中国"},
		{"ANNA@MAIL.EXAMPLE.COM", "ANNA@mail.example.com"},

		{"", ""},
		{"   ", ""},
		{"anna", ""},
		{"anna@", ""},
		{"@example.com", ""},
		{"anna@localhost", ""},    // no dot in the domain
		{"anna@example.com.", ""}, // trailing dot
		{"anna@.com", ""},
		{"anna@example..com", ""},
		{"anna example@x.com", ""},
		{"anna@example.com, bob@example.com", ""},
		{"anna@example.com\r\nBcc: x@evil.com", ""},
		{`"a b"@example.com`, ""}, // would lose its quotes
		{`"a@b"@example.com`, ""}, // would become a@b@example.com
		{"anna@@example.com", ""},
		{"anna\u00a0@example.com", ""}, // a no-break space
		{"anna@exam\u3000ple.com", ""}, // an ideographic space
		{"Anna\u00a0B <anna@example.com>", "anna@example.com"},
	}
	for _, tt := range tests {
		got, err := NormalizeEmail(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("NormalizeEmail(%q) = %q, want an error", tt.in, got)
			} else if !strings.Contains(err.Error(), "not an email address") {
				t.Errorf("NormalizeEmail(%q) error = %q", tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			continue
		}
		// Idempotent.
		if again, err := NormalizeEmail(got); err != nil || again != got {
			t.Errorf("NormalizeEmail(%q) = %q, %v; not idempotent", got, again, err)
		}
	}
}

// net/mail takes any non-ASCII character into an address: a bidi override
// or a zero-width character would make the address on screen differ from
// the one mail goes to. Each is refused, named by its code point, wherever
// it stands: local part, domain or the name beside it.
func TestNormalizeEmailRefusesHiddenCharacters(t *testing.T) {
	for _, r := range []rune{
		0x00, 0x07, 0x1b, 0x7f, 0x85, 0x9b, // C0, DEL, C1
		0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c, // bidi
		0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, 0x2062, // zero-width and other format characters
		0x2028, 0x2029, // line and paragraph separators
	} {
		c := string(r)
		for _, in := range []string{"an" + c + "na@example.com", "anna@exa" + c + "mple.com", "An" + c + "na <anna@example.com>"} {
			got, err := NormalizeEmail(in)
			want := fmt.Sprintf("is not an email address: it holds a control character (%U); type the address again", r)
			if err == nil || !strings.HasSuffix(err.Error(), want) || strings.ContainsRune(err.Error(), r) {
				t.Errorf("NormalizeEmail(%q) = %q, %v; want an error ending %q", in, got, err, want)
			}
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in, want string // want "" means refused
	}{
		{"+84 912 345 678", "+84 912 345 678"},
		{"  +1 (555) 123-4567 ", "+1 (555) 123-4567"},
		{"0912.345.678", "0912.345.678"},
		{"WA: +84 912345678", "WA: +84 912345678"},
		{"whatsapp +62 812/3456/789", "whatsapp +62 812/3456/789"},
		{"123456", "123456"},                             // 6 digits, the minimum
		{"12345678901234567890", "12345678901234567890"}, // 20 digits, the maximum

		{"", ""},
		{"12345", ""},                 // too few digits
		{"123456789012345678901", ""}, // too many
		{"call me", ""},
		{"+84 912 345 678 \x1b[2J", ""}, // terminal escape
		{"+84 912\n345 678", ""},        // newline inside
		{"+84 912\u202e345 678", ""},    // bidi override
		{"+84 912 345 678 #1", ""},
		{"+84 912 345 678; 555", ""},
	}
	for _, tt := range tests {
		got, err := NormalizePhone(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("NormalizePhone(%q) = %q, want an error", tt.in, got)
			} else if !strings.Contains(err.Error(), "not a phone number") {
				t.Errorf("NormalizePhone(%q) error = %q", tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestParseTags(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr string
	}{
		{"", nil, ""},
		{" , ;; | ", nil, ""},
		{"beauty", []string{"beauty"}, ""},
		{"Beauty, skincare; VIP|beauty", []string{"beauty", "skincare", "vip"}, ""},
		{"美妆、护肤，达人；美妆", []string{"护肤", "美妆", "达人"}, ""},
		{"#beauty #skincare", []string{"beauty", "skincare"}, ""},
		{"  Home   Decor , home decor", []string{"home decor"}, ""},
		{"b,a,c", []string{"a", "b", "c"}, ""},
		{strings.Repeat("x", 40), []string{strings.Repeat("x", 40)}, ""},
		{strings.Repeat("美", 40), []string{strings.Repeat("美", 40)}, ""}, // 40 characters, 120 bytes
		{strings.Repeat("x", 41), nil, "longer than 40 characters"},
		{"ok, bad\x1b[31m", nil, "control character"},
		{"ok, bad\x00", nil, "control character"},
		{"tab\there", []string{"tab here"}, ""}, // whitespace collapses to one space
	}
	for _, tt := range tests {
		got, err := ParseTags(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseTags(%q) = %q, %v; want error containing %q", tt.in, got, err, tt.wantErr)
			}
			if got != nil {
				t.Errorf("ParseTags(%q) returned %q with an error", tt.in, got)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParseTags(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestNormalizeTags(t *testing.T) {
	got, err := NormalizeTags([]string{" VIP ", "vip", "", "  ", "Beauty", "a, b"})
	if err != nil || !slices.Equal(got, []string{"a, b", "beauty", "vip"}) {
		t.Errorf("NormalizeTags = %q, %v", got, err)
	}
	if got, err := NormalizeTags(nil); err != nil || got != nil {
		t.Errorf("NormalizeTags(nil) = %q, %v", got, err)
	}
	// Idempotent and sorted.
	in := []string{"Zeta", "alpha", "Mid Tier", "alpha", "美妆"}
	once, _ := NormalizeTags(in)
	twice, _ := NormalizeTags(once)
	if !slices.Equal(once, twice) || !slices.IsSorted(once) {
		t.Errorf("NormalizeTags not idempotent/sorted: %q then %q", once, twice)
	}
	if in[0] != "Zeta" {
		t.Error("NormalizeTags modified its input")
	}
}

func TestMergeTags(t *testing.T) {
	tests := []struct {
		a, b, want []string
	}{
		{nil, nil, nil},
		{[]string{"vip"}, nil, []string{"vip"}},
		{nil, []string{"vip"}, []string{"vip"}},
		{[]string{"beauty", "vip"}, []string{"skincare", "vip"}, []string{"beauty", "skincare", "vip"}},
		{[]string{"b"}, []string{"a"}, []string{"a", "b"}},
		{[]string{"VIP"}, []string{"vip "}, []string{"vip"}},
		// One bad tag must not cost the good ones.
		{[]string{"vip"}, []string{strings.Repeat("x", 41)}, []string{"vip"}},
		{[]string{"vip", "bad\x1b"}, []string{"beauty"}, []string{"beauty", "vip"}},
	}
	for _, tt := range tests {
		a0 := slices.Clone(tt.a)
		got := MergeTags(tt.a, tt.b)
		if !slices.Equal(got, tt.want) {
			t.Errorf("MergeTags(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
		if !slices.Equal(tt.a, a0) {
			t.Errorf("MergeTags modified its first argument: %q", tt.a)
		}
	}
	// The backing array of a must not be overwritten.
	a := make([]string, 1, 4)
	a[0] = "x"
	_ = MergeTags(a, []string{"y"})
	if a[:2][1] != "" {
		t.Errorf("MergeTags wrote into the spare capacity of a: %q", a[:2])
	}
}
