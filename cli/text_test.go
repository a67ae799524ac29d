package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/charmbracelet/x/term"
	"github.com/creack/pty"

	"creatordesk/internal/termtext/termtexttest"
)

// Creator text reaches a person through the command line quoted where it
// could steer the terminal (issue 11, item 2): every line printed for a
// person, and an export or a template shown on a terminal. An export to a
// file or a pipe keeps the stored bytes.

var hostileCreators = filepath.Join("..", "testdata", "hostile", "creators.csv")

// onTerminal runs the binary with its standard output on a terminal (a
// pty in raw mode, so the bytes read are the bytes written) and returns
// what the terminal was given; stderr is read as usual.
func (e *env) onTerminal(args ...string) (string, result) {
	e.t.Helper()
	ptm, tty, err := pty.Open()
	if err != nil {
		e.t.Fatal(err)
	}
	defer ptm.Close()
	if _, err := term.MakeRaw(tty.Fd()); err != nil {
		e.t.Fatal(err)
	}
	cmd := e.command(args...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = tty, &stderr
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	tty.Close() // the child holds its own: reading ends when it exits
	var screen bytes.Buffer
	if _, err := io.Copy(&screen, ptm); err != nil && !errors.Is(err, syscall.EIO) {
		e.t.Fatal(err)
	}
	code := 0
	if err := cmd.Wait(); err != nil {
		code = -1
		if ee, ok := err.(interface{ ExitCode() int }); ok {
			code = ee.ExitCode()
		}
	}
	return screen.String(), result{stderr: stderr.String(), code: code}
}

// checkLines fails when text holds anything that could steer a terminal
// but its line breaks.
func checkLines(t *testing.T, what, text string) {
	t.Helper()
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		termtexttest.Check(t, fmt.Sprintf("%s line %d", what, i+1), line)
	}
}

func TestExportOnATerminalIsQuoted(t *testing.T) {
	e := newEnv(t)
	if r := e.run("import", "creators", hostileCreators); r.code != 1 || !strings.HasPrefix(r.stdout, "imported 13 new") {
		t.Fatalf("import: exit %d\n%q%q", r.code, r.stdout, r.stderr)
	}
	stored := e.must("export", "partners").stdout // to a pipe
	screen, r := e.onTerminal("export", "partners")
	if r.code != 0 {
		t.Fatalf("export on a terminal: exit %d: %q", r.code, r.stderr)
	}
	checkLines(t, "export on a terminal", screen)
	for _, want := range []string{
		`osc52,Clip\x1b]52;c;cHduZWQtbmFtZQ==\a Board,`,   // OSC 52 clipboard write
		`Eight\u009b2J Bit\u009d0;c1-title\u009c`,         // C1 controls
		"林\\u202e👩\u200d👩\u200d👧\\x1b[2J\\u009b Mix\\x1b", // a bidi override
		"handle,display_name,",                            // no byte-order mark
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("the terminal shows no %s:\n%q", want, screen)
		}
	}
	// To a pipe the stored text stays as it is, byte for byte.
	for _, want := range []string{"\uFEFFhandle,display_name,", "Clip\x1b]52;c;cHduZWQtbmFtZQ==\x07 Board", "林\u202e"} {
		if !strings.Contains(stored, want) {
			t.Errorf("the export to a pipe lacks %q", want)
		}
	}

	// JSON on a terminal quotes as JSON does: it reads back the same.
	storedJSON := e.must("export", "partners", "--format", "json").stdout
	screen, r = e.onTerminal("export", "partners", "--format", "json")
	if r.code != 0 {
		t.Fatalf("json export on a terminal: exit %d: %q", r.code, r.stderr)
	}
	checkLines(t, "json export on a terminal", screen)
	var fromPipe, fromScreen []map[string]any
	if err := json.Unmarshal([]byte(storedJSON), &fromPipe); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(screen), &fromScreen); err != nil {
		t.Fatalf("the terminal's JSON: %v\n%q", err, screen)
	}
	if len(fromPipe) != 7 || !reflect.DeepEqual(fromPipe, fromScreen) {
		t.Errorf("%d partners to a pipe, %d on a terminal, or they differ", len(fromPipe), len(fromScreen))
	}
	if !strings.Contains(storedJSON, "\u009b") || strings.Contains(screen, "\u009b") {
		t.Errorf("JSON: C1 kept to a pipe %v, quoted on a terminal %v",
			strings.Contains(storedJSON, "\u009b"), !strings.Contains(screen, "\u009b"))
	}
}

func TestImportQuotesCellsAndHeaders(t *testing.T) {
	e := newEnv(t)
	file := filepath.Join(e.home, "headers.csv")
	os.WriteFile(file, []byte("handle,followers,\x1b]0;pwned-header\x07Title,\u202eevil.exe,\x1b[2Jwipe\n"+
		"anna_1,12000,a,b,c\nbo,not a number\x1b[2J,a,b,c\n"), 0o600)
	r := e.run("import", "creators", file, hostileCreators)
	if r.code != 1 {
		t.Fatalf("exit %d\n%q%q", r.code, r.stdout, r.stderr)
	}
	checkLines(t, "import stderr", r.stderr)
	checkLines(t, "import stdout", r.stdout)
	for _, want := range []string{
		`headers.csv: ignored columns: \x1b]0;pwned-header\aTitle, \u202eevil.exe, \x1b[2Jwipe`,
		`headers.csv:3: followers: "not a number\x1b[2J"`,
		`creators.csv:18: handle: "@\u202eevil"`,
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %s:\n%q", want, r.stderr)
		}
	}
}

// send names each creator and repeats the mail server's reply, which came
// from outside. (An address holding a bidi control can no longer be
// imported, and send refuses one stored earlier: see outreach/email.)
func TestSendQuotesAddressesAndReplies(t *testing.T) {
	sink, port := startMailSink(t)
	sink.refuse = map[string]string{"cy@example.com": "no such user \x1b]0;pwned\x07here"}
	e := newEnv(t)
	e.queueEmail(port, "bidi,Bidi,12000,evil@example.com\ncy,Cy,8000,cy@example.com\n")
	for _, args := range [][]string{{"send", "--dry-run"}, {"send"}} {
		r := e.run(args...)
		checkLines(t, strings.Join(args, " ")+" stdout", r.stdout)
		checkLines(t, strings.Join(args, " ")+" stderr", r.stderr)
		for _, want := range []string{`@bidi`, `evil@example.com`} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%v: stdout lacks %s:\n%q", args, want, r.stdout)
			}
		}
		// The email package already turns the reply's controls into
		// spaces; what is left shows as text.
		if len(args) == 1 && !strings.Contains(r.stdout, "550 5.1.1 no such user ]0;pwned here") {
			t.Errorf("send: the server's reply is not shown:\n%q", r.stdout)
		}
	}
}

// A campaign name may hold a bidi override (only controls are refused):
// every line that names the campaign shows it quoted.
func TestCampaignNamesQuoted(t *testing.T) {
	e := newEnv(t)
	e.create()
	name := "Spring \u202egnirps\u202c Drop"
	var outs []result
	run := func(args ...string) {
		r := e.run(args...)
		if r.code > 1 {
			t.Fatalf("%v: exit %d: %q", args, r.code, r.stderr)
		}
		outs = append(outs, r)
	}
	run("campaign", "add", name, "--sku", "SKU-\u202e1")
	run("import", "creators", "--campaign", name, fixture("kalodata_en.csv"))
	run("stage", "anna_1", "invited", "--campaign", name)
	run("queue", "--campaign", name, "--sender", "Mia", "anna_1")
	run("campaign", "list")
	run("stats", "--campaign", name)
	run("stage", "anna_1", "sample_delivered", "--campaign", name) // refused
	all := ""
	for _, r := range outs {
		checkLines(t, "stdout", r.stdout)
		checkLines(t, "stderr", r.stderr)
		all += r.stdout + r.stderr
	}
	for _, want := range []string{
		`@anna_1 in Spring \u202egnirps\u202c Drop: prospect → invited`,
		`@anna_1: already invited in Spring \u202egnirps\u202c Drop`,
		`Spring \u202egnirps\u202c Drop  targeted  -           SKU-\u202e1`,
		`creatordesk: @anna_1 in Spring \u202egnirps\u202c Drop: `,
		`funnel, campaign Spring \u202egnirps\u202c Drop:`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %s in:\n%q", want, all)
		}
	}
}

// A template shown on a terminal is what was written, emoji and tabs
// included, as it is in a file.
func TestTemplateShowOnATerminal(t *testing.T) {
	e := newEnv(t)
	e.create()
	file := filepath.Join(e.home, "t.txt")
	os.WriteFile(file, []byte("Subject: Hi {{.Name}} 👩\u200d💻\n\nHello {{.Name}},\n\tthanks! 🇻🇳 林思琪\n"), 0o600)
	e.must("template", "set", "micro", "invitation", file)
	stored := e.must("template", "show", "micro", "invitation").stdout
	screen, r := e.onTerminal("template", "show", "micro", "invitation")
	if r.code != 0 || screen != stored || !strings.Contains(stored, "👩\u200d💻") {
		t.Errorf("exit %d; on a terminal %q, to a pipe %q", r.code, screen, stored)
	}
}

// A file name is outside text too (a download, a name built by a script):
// the lines export and backup print about the file they wrote quote it,
// and the file gets the name as given.
func TestFileNamesQuoted(t *testing.T) {
	e := newEnv(t)
	if r := e.run("import", "creators", hostileCreators); r.code != 1 {
		t.Fatalf("import: exit %d\n%q%q", r.code, r.stdout, r.stderr)
	}
	export := filepath.Join(e.home, "o\x1b]0;pwned-title\x07.csv")
	backup := filepath.Join(e.home, "b\x1b]52;c;cHduZWQ=\x07.db")
	for _, args := range [][]string{{"export", "partners", "-o", export}, {"backup", backup}} {
		r := e.must(args...)
		checkLines(t, args[0]+" stdout", r.stdout)
		checkLines(t, args[0]+" stderr", r.stderr)
		quoted := strings.NewReplacer("\x1b", `\x1b`, "\x07", `\a`).Replace(args[len(args)-1])
		if !strings.Contains(r.stderr, quoted) {
			t.Errorf("%s: stderr lacks %s:\n%q", args[0], quoted, r.stderr)
		}
		if _, err := os.Stat(args[len(args)-1]); err != nil {
			t.Errorf("%s: %v", args[0], err)
		}
	}
}
