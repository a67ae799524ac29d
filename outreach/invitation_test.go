package outreach

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

func TestDefaultMessage(t *testing.T) {
	head := Terms{SlotFee: Money{Minor: 20000, Currency: "USD"}, Commission: 1000}
	micro := Terms{SampleQty: 1, Commission: 1500, DiscountPct: 15}
	tests := []struct {
		name     string
		c        Creator
		campaign string
		terms    Terms
		sender   string
		want     []string // in the body
		subject  string
		missing  []string // a *MessageError naming these
	}{
		{name: "head", c: Creator{Handle: "anna_1", DisplayName: "Anna", Tier: Head}, campaign: "Summer Glow", terms: head, sender: "Mia",
			want:    []string{"Hi Anna,", "I'm Mia.", "for Summer Glow", "flat fee of USD 200.00", "10% commission", "Thanks,\nMia"},
			subject: "Paid collaboration: Summer Glow"},
		{name: "micro", c: Creator{Handle: "bo", DisplayName: "Bo", Tier: Micro}, campaign: "Summer Glow", terms: micro, sender: "Mia",
			want:    []string{"Hi Bo,", "free sample from Summer Glow", "- a sample, shipped", "15% off for your followers", "15% commission"},
			subject: "A free sample for you: Summer Glow"},
		{name: "micro with code, sku and no commission", c: Creator{Handle: "bo", Tier: Micro}, campaign: "Summer Glow",
			terms: Terms{SampleSKU: "GLOW30", SampleQty: 2, DiscountCode: "BO15", DiscountPct: 15}, sender: "Mia",
			want: []string{"Hi @bo,", "- 2 × GLOW30, shipped", "with your own code BO15", "arrange the shipping"}},
		{name: "default campaign is not named", c: Creator{Handle: "anna_1", Tier: Head}, campaign: "Default", terms: head, sender: "Mia",
			want: []string{"a paid collaboration on TikTok Shop"}, subject: "Paid collaboration"},
		{name: "control characters stay out", c: Creator{Handle: "anna_1", Tier: Micro,
			DisplayName: "An\r\nna\x1b]52;c;ZXZpbA==\x07 \x1b[31mRed\x1b[0m\u202e\x00\u009b2J"}, campaign: "Glow\nSerum\t\x1bP1$r\x1b\\", terms: micro, sender: "Mia\r\nBcc: x@y",
			want: []string{"Hi An na Red,", "I'm Mia Bcc: x@y.", "from Glow Serum to try"}, subject: "A free sample for you: Glow Serum"},
		{name: "head without fee", c: Creator{Handle: "anna_1", Tier: Head}, campaign: "X", terms: Terms{Commission: 1000}, sender: "Mia",
			missing: []string{"slot fee"}},
		{name: "fee without currency", c: Creator{Handle: "anna_1", Tier: Head}, campaign: "X", terms: Terms{SlotFee: Money{Minor: 100}, Commission: 1000}, sender: "Mia",
			missing: []string{"slot fee"}},
		{name: "head without anything", c: Creator{Handle: "anna_1", Tier: Head}, campaign: " ", terms: Terms{}, sender: "\x1b[2J",
			missing: []string{"sender", "campaign", "slot fee", "commission"}},
		{name: "micro without discount", c: Creator{Handle: "bo", Tier: Micro}, campaign: "X", terms: Terms{SampleQty: 1}, sender: "Mia",
			missing: []string{"discount percent"}},
		{name: "no tier", c: Creator{Handle: "bo"}, campaign: "X", terms: micro, sender: "Mia", missing: []string{"tier"}},
		{name: "no handle or name", c: Creator{Tier: Micro}, campaign: "X", terms: micro, sender: "Mia", missing: []string{"handle"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			subject, body, err := DefaultMessage(tt.c, tt.campaign, tt.terms, tt.sender)
			if tt.missing != nil {
				var me *MessageError
				if !errors.As(err, &me) {
					t.Fatalf("got %v (%q), want a MessageError", err, body)
				}
				for _, m := range tt.missing {
					if !strings.Contains(err.Error(), m) {
						t.Errorf("error %q does not name %q", err, m)
					}
				}
				if body != "" || subject != "" {
					t.Errorf("refused, yet returned %q / %q", subject, body)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
			if tt.subject != "" && subject != tt.subject {
				t.Errorf("subject %q, want %q", subject, tt.subject)
			}
			for _, bad := range []string{"<no value>", "  ", " ,", "ZXZpbA", "\x1b", "\r", "\u202e"} {
				if strings.Contains(body, bad) || strings.Contains(subject, bad) {
					t.Errorf("message holds %q:\n%s", bad, body)
				}
			}
			for _, r := range body + subject {
				if r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r)) {
					t.Errorf("message holds control %U", r)
				}
			}
			if strings.Contains(subject, "\n") {
				t.Errorf("subject spans lines: %q", subject)
			}
		})
	}
}

func TestDefaultMessageRefusesBadTerms(t *testing.T) {
	_, _, err := DefaultMessage(Creator{Handle: "bo", Tier: Micro}, "X", Terms{DiscountPct: 90}, "Mia")
	if err == nil || !strings.Contains(err.Error(), "discount") {
		t.Fatalf("got %v, want the discount refused", err)
	}
}

func TestPlainText(t *testing.T) {
	tests := map[string]string{
		"plain":                       "plain",
		"  two \t words\n":            "two words",
		"a\x1b[1;31mb\x1b[0mc":        "abc",
		"t\x1b]0;title\x07x":          "tx",
		"t\x1b]8;;http://e\x1b\\link": "tlink",
		"\u009d52;c;AAAA\u009cok":     "ok",
		"raw\x9bbyte":                 "raw\uFFFDbyte",
		"esc\x1bcreset":               "escreset",
		"bidi\u202egnp.exe":           "bidignp.exe",
		"emoji 👩\u200d💻":              "emoji 👩\u200d💻",
		"trailing\x1b":                "trailing",
		"bad\xffutf":                  "bad\uFFFDutf",
	}
	for in, want := range tests {
		if got := plainText(in); got != want {
			t.Errorf("plainText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeMessageBody(t *testing.T) {
	got, err := NormalizeMessageBody("  Hi\r\nthere\rfriend\t!\n\n")
	if err != nil || got != "Hi\nthere\nfriend\t!" {
		t.Errorf("got %q, %v", got, err)
	}
	for _, bad := range []string{"", " \n ", "hi\x1b[2J", "hi\u202e", "a\x00b", strings.Repeat("x", MaxMessageBody+1), "\xff"} {
		if _, err := NormalizeMessageBody(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := NormalizeMessageBody(strings.Repeat("é", MaxMessageBody)); err != nil {
		t.Errorf("limit counts characters, not bytes: %v", err)
	}
}

func TestInvitationStatus(t *testing.T) {
	open := map[InvitationStatus]bool{InvitationQueued: true, InvitationApproved: true, "sending": true, "retry_wait": true, "unknown": true}
	for _, s := range append(InvitationStatuses, "sending", "retry_wait", "unknown") {
		if s.Open() != open[s] {
			t.Errorf("%s: Open() = %v", s, s.Open())
		}
	}
	ok := [][2]InvitationStatus{
		{InvitationQueued, InvitationApproved}, {InvitationApproved, InvitationQueued}, {InvitationQueued, InvitationSkipped},
		{InvitationApproved, InvitationSent}, {InvitationQueued, InvitationFailed},
	}
	for _, m := range ok {
		if err := CheckInvitationStatus(m[0], m[1]); err != nil {
			t.Errorf("%s → %s refused: %v", m[0], m[1], err)
		}
	}
	refused := [][2]InvitationStatus{
		{InvitationSent, InvitationQueued}, {InvitationSkipped, InvitationApproved}, {InvitationFailed, InvitationQueued},
		{InvitationQueued, InvitationQueued}, {InvitationQueued, "later"},
	}
	for _, m := range refused {
		if err := CheckInvitationStatus(m[0], m[1]); err == nil {
			t.Errorf("%s → %s allowed", m[0], m[1])
		}
	}
}

func TestNormalizeSenderAndSubject(t *testing.T) {
	if got, err := NormalizeSender("  Mia   from GlowLab "); err != nil || got != "Mia from GlowLab" {
		t.Errorf("sender: %q, %v", got, err)
	}
	for _, bad := range []string{"", "  ", "Mia\r\nBcc: x@y", "Mia\x1b[2J", "Mia\u202e", strings.Repeat("m", MaxSender+1)} {
		if _, err := NormalizeSender(bad); err == nil {
			t.Errorf("sender %q accepted", bad)
		}
	}
	if got, err := NormalizeSubject(""); err != nil || got != "" {
		t.Errorf("empty subject: %q, %v", got, err)
	}
	for _, bad := range []string{"Hi\nBcc: x@y", "Hi\rthere", "a\x07", strings.Repeat("s", MaxSubject+1)} {
		if _, err := NormalizeSubject(bad); err == nil {
			t.Errorf("subject %q accepted", bad)
		}
	}
}
