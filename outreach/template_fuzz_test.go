package outreach

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// fullValues are MessageValues with every placeholder set.
func fullValues(t testing.TB) map[string]string {
	c := Creator{Handle: "mei_li", DisplayName: "Mei Li 🌸"}
	camp := Campaign{Name: "Glow Serum", SKUs: []string{"SERUM-30"}}
	terms := Terms{
		SlotFee: Money{Minor: 20000, Currency: "USD"}, Commission: 1500,
		SampleSKU: "SERUM-30", SampleQty: 1, DiscountCode: "MEI15", DiscountPct: 15,
	}
	v := MessageValues(c, camp, terms, "Ana", time.Date(2025, 12, 6, 0, 0, 0, 0, time.UTC))
	for _, p := range Placeholders {
		if v[p] == "" {
			t.Fatalf("MessageValues leaves %s empty", p)
		}
	}
	return v
}

// FuzzTemplateCheck: Check never panics, its messages are printable, and a
// template it accepts renders for every tier with all values set, into a
// subject and body that the queue's own checks (NormalizeSubject,
// NormalizeMessageBody) take, save for length and emptiness, which depend
// on the values.
func FuzzTemplateCheck(f *testing.F) {
	for _, p := range []Purpose{PurposeInvitation, PurposeFollowUp1, PurposeFollowUp2, PurposeSampleReminder, PurposeThankYou} {
		for _, tier := range []Tier{Head, Micro} {
			d := DefaultTemplate(tier, p)
			f.Add(d.Subject, d.Body)
		}
	}
	for _, s := range [][2]string{
		{"Hi {{.Name}}", "{{if .Code}}{{.Code}}{{else}}none{{end}}"},
		{"{{.Nmae}}", "{{"},
		{"x", "{{with .Sample}}{{.}}{{end}}"},
		{"x", `{{.Name | printf "%q"}}`},
		{"x", `{{if eq .Code "MEI15"}}yes{{end}}`},
		{"x", "{{if and .Code (not .Discount)}}a{{else if .Sample}}b{{end}}"},
		{"x", `{{define "message"}}{{.Name}}{{end}}`},
		{"x", "{{- .Name -}}\n\n{{/* note */}}"},
	} {
		f.Add(s[0], s[1])
	}
	values := fullValues(f)
	f.Fuzz(func(t *testing.T, subject, body string) {
		tm := Template{Tier: Head, Purpose: PurposeInvitation, Subject: subject, Body: body}
		if err := tm.Check(); err != nil {
			if !printable(err.Error(), "") {
				t.Fatalf("Check(%q, %q): message %q is not printable", subject, body, err)
			}
			return
		}
		for _, tier := range []Tier{Head, Micro} {
			tm.Tier = tier
			s, b, err := tm.Render("mei_li", values)
			if err != nil {
				t.Fatalf("Check accepts subject %q body %q, but Render: %v", subject, body, err)
			}
			for _, out := range [][2]string{{subject, s}, {body, b}} {
				if strings.Contains(out[1], "<no value>") && !strings.Contains(out[0], "<no value>") {
					t.Fatalf("%q rendered %q", out[0], out[1])
				}
			}
			if _, err := NormalizeSubject(s); err != nil && !strings.Contains(err.Error(), "longer than") {
				t.Fatalf("subject %q renders %q: %v", subject, s, err)
			}
			if _, err := NormalizeMessageBody(b); err != nil && !strings.Contains(err.Error(), "empty") && !strings.Contains(err.Error(), "more than") {
				t.Fatalf("body %q renders %q: %v", body, b, err)
			}
		}
	})
}

// printable reports valid UTF-8 without control or invisible format
// characters other than those in allowed.
func printable(s, allowed string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
		return (unicode.IsControl(r) || unicode.Is(unicode.Cf, r)) && !strings.ContainsRune(allowed, r)
	})
}

// TestCheckRefusesWhatCannotRender: templates that parse but would fail
// or print a line break, "<no value>" or a control character on every
// render are refused when checked, with the position of the culprit.
func TestCheckRefusesWhatCannotRender(t *testing.T) {
	for _, tc := range []struct{ subject, body, want string }{
		{"x", `{{if.Code ""}}{{end}}`, `body: line 1, column 5: .Code takes no arguments`},
		{"x", `{{.Name | .Code}}`, `body: line 1, column 11: .Code takes no arguments`},
		{"x", `{{if eq .Name 1}}{{end}}`, `body: line 1, column 15: numbers such as 1 are not allowed`},
		{"x", `{{18446744073709551615}}`, `body: line 1, column 3: numbers such as 18446744073709551615`},
		{"x", `{{if eq .Code true}}{{end}}`, `body: line 1, column 15: eq compares placeholders and text in quotes`},
		{"x", `{{if eq .Code (not .Name)}}{{end}}`, `body: line 1, column 16: eq compares`},
		{"x", `{{if not .Code | eq "x"}}{{end}}`, `body: line 1, column 18: eq compares placeholders and text in quotes; the value piped`},
		{"x", `{{if ne .Code}}{{end}}`, `body: line 1, column 6: ne takes exactly 2 arguments, not 1`},
		{"x", `{{if ne .Code "a" "b"}}{{end}}`, `body: line 1, column 6: ne takes exactly 2 arguments, not 3`},
		{"x", `{{if eq .Code}}{{end}}`, `body: line 1, column 6: eq takes at least 2 arguments, not 1`},
		{"x", `{{if not .Code .Name}}{{end}}`, `body: line 1, column 6: not takes exactly 1 arguments, not 2`},
		{"x", `{{if (and)}}{{end}}`, `body: line 1, column 7: and takes at least 1 arguments, not 0`},
		{`Hi{{"\n"}}Bcc: x@example.com`, "x", `subject: line 1, column 5: "\n" holds a control character`},
		{"x", `{{"\x1b[2J"}}`, `body: line 1, column 3: "\x1b[2J" holds a control character`},
	} {
		err := Template{Tier: Head, Purpose: PurposeInvitation, Subject: tc.subject, Body: tc.body}.Check()
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Check(%q, %q) = %v, want an error starting %q", tc.subject, tc.body, err, tc.want)
		}
	}
	// text/template quotes the template in its messages: they are made
	// safe to print.
	for _, body := range []string{"{{'\r0'", "{{\"a\rb\"}}", "{{.Name\r\r}}\r{{.Nme\r}}"} {
		err := Template{Tier: Head, Purpose: PurposeInvitation, Subject: "x", Body: body}.Check()
		if err == nil || !printable(err.Error(), "") {
			t.Errorf("Check(%q) = %q", body, err)
		}
	}
	// What the checks still allow renders.
	values := fullValues(t)
	for _, body := range []string{
		`{{if eq .Code "MEI15"}}a{{end}}`, `{{.Code | eq "MEI15"}}`, `{{if ne (.Code) "x"}}b{{end}}`,
		`{{with .Code}}{{if eq . "MEI15"}}c{{end}}{{end}}`, `{{if and .Code .Name | not}}d{{end}}`, `{{if true}}e{{end}}`,
	} {
		tm := Template{Tier: Head, Purpose: PurposeInvitation, Subject: "x", Body: body}
		if err := tm.Check(); err != nil {
			t.Errorf("Check(%q): %v", body, err)
			continue
		}
		if _, _, err := tm.Render("mei_li", values); err != nil {
			t.Errorf("Render(%q): %v", body, err)
		}
	}
}
