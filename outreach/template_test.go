package outreach

import (
	"errors"
	"maps"
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

func TestParseTemplateRefusesWhatPrintsBlanks(t *testing.T) {
	const only = "only placeholders such as {{.Name}} and if/else/end are allowed here; "
	for _, tc := range []struct {
		text, want string
	}{
		{"{{.}}", "line 1, column 3: " + only + `"." is not`},
		{"{{if .Code}}{{.}}{{end}}", "line 1, column 15: " + only + `"." is not`},
		{"{{with .Code}}{{.}}{{else}}{{.}}{{end}}", "line 1, column 30: " + only + `"." is not`},
		{"Hi {{.Name}},\n  {{index . \"Code\"}}", "line 2, column 5: " + only + `"index" is not`},
		{"{{$x := .Name}}{{$x}}", "line 1, column 3: " + only + `"$x" is not`},
		{"{{.Name | printf \"%q\"}}", "line 1, column 11: " + only + `"printf" is not`},
		{"{{with .Code}}code {{.Code}}{{end}}", "line 1, column 22: inside {{with}}, write {{.}} for its value"},
		{"{{if or .Code .Dicsount}}x{{end}}", "line 1, column 15: unknown placeholder .Dicsount (did you mean .Discount?)"},
	} {
		_, err := ParseTemplate(tc.text)
		var te *TemplateError
		if !errors.As(err, &te) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("ParseTemplate(%q) = %v, want an error starting %q", tc.text, err, tc.want)
		}
	}
}

func TestOnlyIfOnTheFieldItselfGuardsIt(t *testing.T) {
	all := map[string]string{}
	for _, p := range Placeholders {
		all[p] = "v"
	}
	noCode := maps.Clone(all)
	delete(noCode, "Code")
	for _, tc := range []struct {
		text     string
		required string
		noCode   string // rendered without a Code; "" = refused
	}{
		// A condition other than .Code itself does not prove Code is set.
		{"{{if or .Code .Discount}}code {{.Code}}{{end}}", "Code", ""},
		{"{{if not .Code}}{{.Code}}{{end}}", "Code", ""},
		{"{{if ne .Code \"\"}}code {{.Code}}{{end}}", "Code", ""},
		{"{{if and .Discount .Code}}code {{.Code}}{{end}}", "Code", ""},
		// These still guard it, and only in the if branch.
		{"{{- if .Code }}code {{.Code}}{{- end}}", "", ""},
		{"{{if .Code}}code {{.Code}}{{else}}no code{{end}}", "", "no code"},
		{"{{if .Code}}x{{else}}{{.Code}}{{end}}", "Code", ""},
		{"{{with .Code}}code {{.}}{{else}}no code{{end}}", "", "no code"},
	} {
		mt, err := ParseTemplate(tc.text)
		if err != nil {
			t.Errorf("ParseTemplate(%q): %v", tc.text, err)
			continue
		}
		if got := strings.Join(mt.Required, ","); got != tc.required {
			t.Errorf("%q: required %q, want %q", tc.text, got, tc.required)
		}
		out, err := mt.Render(noCode)
		if tc.required != "" && (!errors.Is(err, ErrEmptyValue) || out != "") {
			t.Errorf("%q without a code rendered %q, %v: want it refused", tc.text, out, err)
		}
		if tc.required == "" && (err != nil || out != tc.noCode) {
			t.Errorf("%q without a code rendered %q, %v: want %q", tc.text, out, err, tc.noCode)
		}
		if out, err := mt.Render(all); err != nil || strings.Contains(out, "<no value>") || strings.Contains(out, "map[") {
			t.Errorf("%q with every value rendered %q, %v", tc.text, out, err)
		}
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
		if err == nil && (strings.Contains(out, "<no value>") && !strings.Contains(text, "<no value>") || strings.Contains(out, "map[Campaign:") && !strings.Contains(text, "map[")) {
			t.Fatalf("%q rendered %q", text, out)
		}
	})
}
