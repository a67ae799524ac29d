package templates

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"creatordesk/internal/termtext/termtexttest"
	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
	"creatordesk/ui/internal/uitest"
)

// The Templates screen's tests drive the page directly (Update and View)
// on an empty database, except the golden files and the flow, which run
// the whole app on the demo data. Helpers start with "tpl".

// tplClock is the present of every test: a Sunday morning.
var tplClock = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func rootNow() time.Time { return tplClock }

// tplStore is an empty database at tplClock.
func tplStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "creatordesk.db"), store.Options{Now: rootNow})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func tplPage(s *store.Store) *templates {
	c := &common.Common{Store: s, Now: rootNow, Loc: time.UTC, Styles: common.NewStyles(true), Keys: common.DefaultKeys(), ContentDueDays: 14, Width: 80}
	return New(c).(*templates)
}

// tplRun runs a command as the runtime would, batches in parallel,
// feeding the page's own answers back until none is left, and returns the
// messages meant for the root (status lines, changes). Other messages (the
// editor's cursor blinks) are dropped.
func tplRun(p *templates, cmd tea.Cmd) []tea.Msg {
	var out []tea.Msg
	for _, m := range tplExec(cmd) {
		switch m.(type) {
		case common.StatusMsg, common.ChangedMsg:
			out = append(out, m)
		case tplLoadedMsg, tplSavedMsg, tplEditorReadyMsg, tplEditorDoneMsg:
			_, next := p.Update(m)
			out = append(out, tplRun(p, next)...)
		}
	}
	return out
}

// tplExec runs cmd, a batch's commands at once, and returns their
// messages in the batch's order.
func tplExec(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	b, ok := msg.(tea.BatchMsg)
	if !ok {
		return []tea.Msg{msg}
	}
	results := make([][]tea.Msg, len(b))
	done := make(chan struct{})
	for i, c := range b {
		go func() {
			results[i] = tplExec(c)
			done <- struct{}{}
		}()
	}
	for range b {
		<-done
	}
	var out []tea.Msg
	for _, r := range results {
		out = append(out, r...)
	}
	return out
}

func tplLoad(t *testing.T, p *templates) {
	t.Helper()
	tplRun(p, p.Load())
	if p.err != nil {
		t.Fatal(p.err)
	}
}

// tplPress sends keys and runs what they start.
func tplPress(p *templates, keys ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range keys {
		_, cmd := p.Update(tplKey(k))
		out = append(out, tplRun(p, cmd)...)
	}
	return out
}

// tplScreen renders the page, checks it fills w × h, and returns its text.
func tplScreen(t *testing.T, p *templates, w, h int) string {
	t.Helper()
	p.ctx.Width = w
	view := sized(p, w, h)
	for _, leak := range viewLeaks(view) {
		t.Errorf("%d×%d: %s", w, h, leak)
	}
	out := ansi.Strip(view)
	lines := strings.Split(out, "\n")
	if len(lines) != h {
		t.Errorf("%d×%d: %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("%d×%d: line %d is %d cells: %q", w, h, i, n, l)
		}
	}
	return out
}

func tplStored(t *testing.T, s *store.Store, tier outreach.Tier, p outreach.Purpose) outreach.Template {
	t.Helper()
	tm, err := s.Template(context.Background(), tier, p)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// tplStatus is the text of the last status line among msgs.
func tplStatus(msgs []tea.Msg) (string, bool) {
	for i := len(msgs) - 1; i >= 0; i-- {
		if s, ok := msgs[i].(common.StatusMsg); ok {
			return s.Text, s.Err
		}
	}
	return "", false
}

func TestTemplatesListsAndPreviews(t *testing.T) {
	s := tplStore(t)
	p := tplPage(s)
	if got := tplScreen(t, p, 80, 21); !strings.Contains(got, "loading") {
		t.Errorf("before the answer:\n%s", got)
	}
	tplLoad(t, p)
	if len(p.rows) != 10 {
		t.Fatalf("%d templates, want 10 (2 tiers × 5 purposes)", len(p.rows))
	}
	narrow := tplScreen(t, p, 80, 21)
	for _, want := range []string{"HEAD", "MICRO", "invitation", "follow-up 1", "follow-up 2", "sample reminder", "thank-you",
		"default", "head invitation template", "subject: Paid collaboration{{if", "Hi {{.Name}},"} {
		if !strings.Contains(narrow, want) {
			t.Errorf("80 wide lacks %q:\n%s", want, narrow)
		}
	}
	if strings.Contains(narrow, "Example") {
		t.Errorf("narrow shows the template and the example at once:\n%s", narrow)
	}
	tplPress(p, "v")
	example := tplScreen(t, p, 80, 21)
	for _, want := range []string{"Example: Ana Lima in Summer Glow Serum", "subject: Paid collaboration: Summer Glow", "Hi Ana Lima,", "I'm Your Name."} {
		if !strings.Contains(example, want) {
			t.Errorf("v lacks %q:\n%s", want, example)
		}
	}
	// Wide: both side by side; the cursor picks the template.
	tplPress(p, "j", "j", "j", "j", "j")
	wide := tplScreen(t, p, 120, 37)
	for _, want := range []string{"micro invitation template", "Example: Ana Lima", "a free sample", "15% off for your followers"} {
		if !strings.Contains(wide, want) {
			t.Errorf("120 wide lacks %q:\n%s", want, wide)
		}
	}
	for _, size := range [][2]int{{60, 13}, {1, 1}, {200, 2}, {30, 5}, {111, 4}, {200, 60}} {
		tplScreen(t, p, size[0], size[1])
	}
	// The ? help lists every placeholder.
	var help []string
	for _, g := range p.FullHelp() {
		for _, b := range g {
			help = append(help, b.Help().Key)
		}
	}
	for _, name := range outreach.Placeholders {
		if !strings.Contains(strings.Join(help, " "), "{{."+name+"}}") {
			t.Errorf("help lacks {{.%s}}: %v", name, help)
		}
	}
}

// A sender set on the Queue signs the examples; a value the template
// prints and the standard terms lack is said instead of the example.
func TestTemplatesExampleSaysWhatIsMissing(t *testing.T) {
	s := tplStore(t)
	ctx := context.Background()
	if _, err := s.SetSender(ctx, "Mia from GlowLab"); err != nil {
		t.Fatal(err)
	}
	tm := outreach.DefaultTemplate(outreach.Micro, outreach.PurposeThankYou)
	tm.Body = "Hi {{.Name}}, your code is {{.Code}}.\n\n{{.Sender}}"
	if err := s.SaveTemplate(ctx, tm); err != nil {
		t.Fatal(err)
	}
	p := tplPage(s)
	tplLoad(t, p)
	tplPress(p, "G", "v")
	got := tplScreen(t, p, 80, 21)
	for _, want := range []string{"missing", "discount code", "held", "thank-you", "default micro terms · signed Mia from Glo"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	tplPress(p, "g")
	if got := tplScreen(t, p, 80, 21); !strings.Contains(got, "I'm Mia from GlowLab.") {
		t.Errorf("the example is not signed by the sender:\n%s", got)
	}
}

func TestTemplatesSaveErrorKeepsTheEditor(t *testing.T) {
	s := tplStore(t)
	p := tplPage(s)
	tplLoad(t, p)
	before := tplStored(t, s, outreach.Head, outreach.PurposeInvitation)

	tplPress(p, "e")
	if !p.Typing() || p.mode != tplEditing {
		t.Fatal("e does not open the editor")
	}
	if got := p.editor.Value(); got != "Subject: "+before.Subject+"\n\n"+before.Body {
		t.Fatalf("editor holds %q", got)
	}
	if p.editor.Line() != 2 {
		t.Errorf("the cursor is on line %d, want the body's first (2)", p.editor.Line())
	}
	tplType(p, "Dear {{.Nmae}}, ")
	typed := p.editor.Value()
	tplPress(p, "ctrl+s")
	if p.mode != tplEditing || p.editor.Value() != typed {
		t.Fatalf("after a refused save: mode %d, text %q", p.mode, p.editor.Value())
	}
	for _, want := range []string{"line 3, column 8", "unknown placeholder .Nmae", "did you mean .Name?"} {
		if !strings.Contains(p.editErr, want) {
			t.Errorf("error %q lacks %q", p.editErr, want)
		}
	}
	if p.editor.Line() != 2 || p.editor.Column() != 7 {
		t.Errorf("the cursor is at %d:%d, want the error's 3:8", p.editor.Line()+1, p.editor.Column()+1)
	}
	for _, size := range [][2]int{{80, 21}, {120, 37}} {
		if got := tplScreen(t, p, size[0], size[1]); !strings.Contains(got, "did you mean") || !strings.Contains(got, "Dear {{.Nmae}}") {
			t.Errorf("%v: the error or the text is not shown:\n%s", size, got)
		}
	}
	if got := tplStored(t, s, outreach.Head, outreach.PurposeInvitation); got != before {
		t.Errorf("a refused save changed the stored template: %+v", got)
	}
	// A syntax error names its line too.
	p.editor.SetValue("Subject: Hi\n\nHello {{if .Code}}code")
	tplPress(p, "ctrl+s")
	if p.mode != tplEditing || !strings.Contains(p.editErr, "line 3") {
		t.Errorf("unclosed if: mode %d, error %q", p.mode, p.editErr)
	}
	// esc cancels; nothing is stored.
	tplPress(p, "esc")
	if p.Typing() || p.mode != tplBrowse {
		t.Error("esc did not close the editor")
	}
	if got := tplStored(t, s, outreach.Head, outreach.PurposeInvitation); got != before {
		t.Errorf("esc stored %+v", got)
	}
}

// tplType types text into whatever has the page's focus.
func tplType(p *templates, text string) {
	for _, r := range text {
		p.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func TestTemplatesSaveUpdatesTheList(t *testing.T) {
	s := tplStore(t)
	p := tplPage(s)
	tplLoad(t, p)
	tplPress(p, "j", "e") // head follow-up 1
	p.editor.SetValue("subject:   Quick question\n\n\nHi {{.Name}}, did you see my note?\n\n{{.Sender}}\n\n")
	msgs := tplPress(p, "ctrl+s")
	if text, isErr := tplStatus(msgs); isErr || !strings.Contains(text, "head follow-up 1 template saved") {
		t.Fatalf("save said %q (error %v)", text, isErr)
	}
	if p.mode != tplBrowse || p.Typing() {
		t.Error("the editor stays open after a save")
	}
	got := tplStored(t, s, outreach.Head, outreach.PurposeFollowUp1)
	if !got.Custom || got.Subject != "Quick question" || got.Body != "Hi {{.Name}}, did you see my note?\n\n{{.Sender}}" {
		t.Errorf("stored %+v", got)
	}
	screen := tplScreen(t, p, 80, 21)
	if line := tplLineWith(screen, "▶ follow-up 1"); !strings.Contains(line, "edited Nov 22") {
		t.Errorf("the list does not show the edit: %q\n%s", line, screen)
	}
	if !strings.Contains(screen, "1 edited") || !strings.Contains(screen, "subject: Quick question") {
		t.Errorf("after the save:\n%s", screen)
	}
	// Without a "Subject:" line the whole text is the body and the
	// subject stays.
	tplPress(p, "e")
	p.editor.SetValue("Hello {{.Name}}!\n\n{{.Sender}}")
	tplPress(p, "ctrl+s")
	got = tplStored(t, s, outreach.Head, outreach.PurposeFollowUp1)
	if got.Subject != "Quick question" || got.Body != "Hello {{.Name}}!\n\n{{.Sender}}" {
		t.Errorf("stored %+v", got)
	}
	// Saving the text unchanged stores nothing.
	tplPress(p, "e")
	msgs = tplPress(p, "ctrl+s")
	if text, _ := tplStatus(msgs); !strings.Contains(text, "no change") {
		t.Errorf("an unchanged save said %q", text)
	}
}

func tplLineWith(screen, s string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func TestTemplatesResetAsksFirst(t *testing.T) {
	s := tplStore(t)
	ctx := context.Background()
	custom := outreach.DefaultTemplate(outreach.Head, outreach.PurposeInvitation)
	custom.Body = "Hi {{.Name}}, a custom invitation.\n\n{{.Sender}}"
	if err := s.SaveTemplate(ctx, custom); err != nil {
		t.Fatal(err)
	}
	p := tplPage(s)
	tplLoad(t, p)
	// The question is a dialog over the page, as the root shows it.
	h := uitest.NewHost(p, 80, 21)
	uitest.Press(t, h, "R")
	if q := tplWords(h.DialogView()); !strings.Contains(q, "Reset the head invitation template to the built-in default? Your edit goes.") {
		t.Fatalf("R does not ask:\n%s", h.Screen())
	}
	uitest.Press(t, h, "n")
	if h.DialogOpen() || p.mode != tplBrowse || !tplStored(t, s, outreach.Head, outreach.PurposeInvitation).Custom {
		t.Fatal("n reset the template")
	}
	uitest.Press(t, h, "R", "y")
	if text, isErr := h.Status.Text, h.Status.Err; isErr || !strings.Contains(text, "built-in default again") {
		t.Errorf("reset said %q", text)
	}
	if got := tplStored(t, s, outreach.Head, outreach.PurposeInvitation); got.Custom {
		t.Errorf("still custom after the reset: %+v", got)
	}
	if line := tplLineWith(tplScreen(t, p, 80, 21), "▶ invitation"); !strings.Contains(line, "default") {
		t.Errorf("the list does not show the reset: %q", line)
	}
	// A default template needs no reset.
	msgs := tplPress(p, "R")
	if text, _ := tplStatus(msgs); p.mode != tplBrowse || !strings.Contains(text, "built-in default already") {
		t.Errorf("R on a default: mode %d, %q", p.mode, text)
	}
}

// tplWords is a dialog's text, its lines joined and its border dropped.
func tplWords(view string) string {
	var words []string
	for _, w := range strings.Fields(view) {
		if w = strings.Trim(w, "│┃╭╮╰╯─"); w != "" {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// tplFakeExec runs the editor at once, as tea.ExecProcess would once the
// terminal is handed over, and records the files it was given.
func tplFakeExec(files *[]string) func(*exec.Cmd, tea.ExecCallback) tea.Cmd {
	return func(c *exec.Cmd, fn tea.ExecCallback) tea.Cmd {
		*files = append(*files, c.Args[len(c.Args)-1])
		return func() tea.Msg { return fn(c.Run()) }
	}
}

// tplEditorScript is an $EDITOR that runs a shell command on the file ($1).
func tplEditorScript(t *testing.T, command string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "editor.sh")
	if err := os.WriteFile(path, []byte("#!/bin/sh\nset -e\n"+command+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestTemplatesExternalEditor(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	s := tplStore(t)
	p := tplPage(s)
	var files []string
	p.exec = tplFakeExec(&files)
	tplLoad(t, p)

	// The editor sees the text in a private file and changes it.
	t.Setenv("EDITOR", tplEditorScript(t, `ls -l "$1" | cut -c1-10 > "$1.mode"; sed -i.bak 's/^Hi /Hello /' "$1"; rm "$1.bak"`))
	msgs := tplPress(p, "E")
	if text, isErr := tplStatus(msgs); isErr || !strings.Contains(text, "head invitation template saved") {
		t.Fatalf("E said %q (error %v)", text, isErr)
	}
	if len(files) != 1 {
		t.Fatalf("the editor ran on %v", files)
	}
	if mode, err := os.ReadFile(files[0] + ".mode"); err != nil || strings.TrimSpace(string(mode)) != "-rw-------" {
		t.Errorf("the file was %q (%v), want -rw-------", mode, err)
	}
	os.Remove(files[0] + ".mode")
	if _, err := os.Stat(files[0]); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary file is left: %v", err)
	}
	if got := tplStored(t, s, outreach.Head, outreach.PurposeInvitation); !strings.HasPrefix(got.Body, "Hello {{.Name}},") || !got.Custom {
		t.Errorf("stored %+v", got)
	}

	// A typo: the textarea opens with the edited text and the error.
	t.Setenv("EDITOR", tplEditorScript(t, `printf 'Subject: Hi\n\nHey {{.Handel}}\n' > "$1"`))
	tplPress(p, "j", "E")
	if p.mode != tplEditing || p.editor.Value() != "Subject: Hi\n\nHey {{.Handel}}" || !strings.Contains(p.editErr, "did you mean .Handle?") {
		t.Errorf("after a refused $EDITOR save: mode %d, text %q, error %q", p.mode, p.editor.Value(), p.editErr)
	}
	if _, err := os.Stat(files[1]); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary file is left: %v", err)
	}
	if got := tplStored(t, s, outreach.Head, outreach.PurposeFollowUp1); got.Custom {
		t.Errorf("a refused text was stored: %+v", got)
	}
	tplPress(p, "esc")

	// An editor that fails saves nothing.
	t.Setenv("EDITOR", tplEditorScript(t, `echo junk > "$1"; exit 3`))
	msgs = tplPress(p, "E")
	if text, isErr := tplStatus(msgs); !isErr || !strings.Contains(text, "nothing saved") || p.mode != tplBrowse {
		t.Errorf("a failed editor said %q (error %v), mode %d", text, isErr, p.mode)
	}
	if got := tplStored(t, s, outreach.Head, outreach.PurposeFollowUp1); got.Custom {
		t.Errorf("a failed editor's text was stored: %+v", got)
	}
	if _, err := os.Stat(files[2]); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary file is left: %v", err)
	}
}

func TestTemplatesParseText(t *testing.T) {
	old := outreach.Template{Tier: outreach.Head, Purpose: outreach.PurposeInvitation, Subject: "Old", Body: "old"}
	for _, c := range []struct {
		text, subject, body, err string
	}{
		{"Subject: New\n\nHi {{.Name}}", "New", "Hi {{.Name}}", ""},
		{"SUBJECT:New\nHi", "New", "Hi", ""},
		{"subject:\n\nHi", "", "Hi", ""},
		{"Hi {{.Name}}\r\n\r\nBye\n", "Old", "Hi {{.Name}}\n\nBye", ""},
		{"Re: Subject: no\n\nHi", "Old", "Re: Subject: no\n\nHi", ""},
		{"Subject: {{.Campain}}\n\nHi", "", "", "line 1, column 12: unknown placeholder .Campain (did you mean .Campaign?)"},
		{"Subject:   {{.Nme}}\n\nHi", "", "", "line 1, column 14: unknown placeholder .Nme"},
		{"Subject: Hi\n\n\n\nHi {{.Nmae}}", "", "", "line 5, column 6: unknown placeholder .Nmae"},
		{"Subject: Hi\n\n  \n", "", "", "the message is empty"},
		{"Subject: " + strings.Repeat("x", 201) + "\n\nHi", "", "", "subject: the subject is longer than 200"},
	} {
		tm, err := tplParse(old, c.text)
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.text, err, c.err)
			}
		case err != nil:
			t.Errorf("%q: %v", c.text, err)
		case tm.Subject != c.subject || tm.Body != c.body:
			t.Errorf("%q: subject %q body %q, want %q %q", c.text, tm.Subject, tm.Body, c.subject, c.body)
		}
	}
}

// A made-up creator whose name carries escape sequences, CJK and emoji
// renders inert and in its cells.
func TestTemplatesHostileExample(t *testing.T) {
	s := tplStore(t)
	p := tplPage(s)
	p.sample = outreach.Creator{Handle: "lin.siqi", DisplayName: "林思琪\x1b[2J\x1b]0;pwned-title\x07 🌸\u202e Wide名前\x9b31m"}
	tplLoad(t, p)
	tplPress(p, "v")
	for _, size := range [][2]int{{80, 21}, {120, 37}, {60, 13}, {61, 13}, {111, 20}} {
		got := tplScreen(t, p, size[0], size[1])
		if !strings.Contains(got, "林思琪") || strings.Contains(got, "pwned") {
			t.Errorf("%v:\n%s", size, got)
		}
		// Every line of the panes ends on the right border, in the last
		// column.
		for i, l := range strings.Split(got, "\n")[1:] {
			if ansi.StringWidth(l) != size[0] || !strings.ContainsAny(l[len(l)-3:], "│╮╯") {
				t.Errorf("%v: line %d does not end on the border: %q", size, i+1, l)
			}
		}
	}
	if got := tplScreen(t, p, 120, 37); !strings.Contains(got, "Hi 林思琪 🌸 Wide名前") {
		t.Errorf("the example's greeting:\n%s", got)
	}
}

func TestTemplatesDropStaleAnswers(t *testing.T) {
	s := tplStore(t)
	p := tplPage(s)
	old := p.Load()
	custom := outreach.DefaultTemplate(outreach.Micro, outreach.PurposeInvitation)
	custom.Body = "Hi {{.Name}}!"
	if err := s.SaveTemplate(context.Background(), custom); err != nil {
		t.Fatal(err)
	}
	tplRun(p, p.Load())
	tplRun(p, old)
	if !p.rows[5].tm.Custom {
		t.Error("an older answer replaced the newer one")
	}
}

func tplKey(s string) tea.KeyPressMsg { return uitest.Key(s) }

// viewLeaks lists what, in a rendered view, is not text, an SGR sequence
// or a newline, or is a marker from the hostile payloads.
func viewLeaks(content string) []string {
	return termtexttest.ViewLeaks(content, "cHduZWQ", "evil.example", "pwned")
}
