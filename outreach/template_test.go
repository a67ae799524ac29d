package outreach

import (
	"errors"
	"strings"
	"testing"
)

func TestParseTemplateErrors(t *testing.T) {
	for _, tc := range []struct {
		text, want string
	}{
		{"Hi {{.Nmae}},", "line 1, column 6: unknown placeholder .Nmae (did you mean .Name?)"},
		{"Hi {{.Name}},\n\nyour code: {{.Cdoe}}", "line 3, column 14: unknown placeholder .Cdoe (did you mean .Code?)"},
		{"Hi {{.Name}},\n{{if .Discont}}x{{end}}", "line 2, column 6: unknown placeholder .Discont (did you mean .Discount?)"},
		{"{{.Frobnicate}}", "unknown placeholder .Frobnicate; known:"},
		{"Hi {{.Name}\n", "line 1"},
		{"Hi\n{{if .Code}}x", "line 2"},
		{"{{range .Name}}x{{end}}", "range is not supported"},
	} {
		_, err := ParseTemplate(tc.text)
		var te *TemplateError
		if !errors.As(err, &te) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseTemplate(%q) = %v, want an error containing %q", tc.text, err, tc.want)
		}
	}
}

func TestRenderRefusesEmptyRequiredValues(t *testing.T) {
	mt, err := ParseTemplate("Hi {{.Name}}, {{.Discount}} off{{if .Code}} with {{.Code}}{{end}}.\n{{.Sender}}")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(mt.Required, ",") != "Name,Discount,Sender" {
		t.Errorf("required %v: .Code is guarded by its if", mt.Required)
	}
	got, err := mt.Render(map[string]string{"Name": "Anna\x1b]52;c;AAAA\x07\r\nBcc: x", "Discount": "15%", "Sender": "Mia"})
	if err != nil {
		t.Fatal(err)
	}
	if got != "Hi AnnaBcc: x, 15% off.\nMia" && got != "Hi Anna Bcc: x, 15% off.\nMia" {
		t.Errorf("rendered %q", got)
	}
	if strings.ContainsAny(got, "\x1b\r") {
		t.Errorf("control characters reached the message: %q", got)
	}
	_, err = mt.Render(map[string]string{"Name": "Anna", "Sender": "Mia"})
	if !errors.Is(err, ErrEmptyValue) || !strings.Contains(err.Error(), "Discount") {
		t.Errorf("empty discount: %v", err)
	}
	if out, _ := mt.Render(map[string]string{"Name": "A", "Discount": "5%", "Sender": "M", "Code": "ANNA15"}); strings.Contains(out, "<no value>") || !strings.Contains(out, "with ANNA15") {
		t.Errorf("with a code: %q", out)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"nmae", "name", 1}, {"name", "name", 0}, {"cdoe", "code", 1}, {"", "abc", 3}, {"sender", "sendr", 1}} {
		if got := editDistance(tc.a, tc.b); got != tc.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
	}
}

func FuzzParseTemplate(f *testing.F) {
	for _, s := range []string{"Hi {{.Name}}", "{{if .Code}}{{.Code}}{{else}}none{{end}}", "{{.Nmae}}", "{{", "{{with .Sample}}{{.}}{{end}}",
		"{{.Name | printf \"%q\"}}", "{{template \"x\"}}", "{{$x := .Name}}{{$x}}", "{{.Name.Inner}}"} {
		f.Add(s)
	}
	all := map[string]string{}
	for _, p := range Placeholders {
		all[p] = "v"
	}
	f.Fuzz(func(t *testing.T, text string) {
		mt, err := ParseTemplate(text)
		if err != nil {
			return
		}
		out, err := mt.Render(all)
		if err == nil && strings.Contains(out, "<no value>") && !strings.Contains(text, "<no value>") {
			t.Fatalf("%q rendered %q", text, out)
		}
	})
}
