package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Help, --version, completion and the man page come through fang; errors
// stay plain `creatordesk: …` lines with exit 2 for misuse and 1 otherwise.

// commandTree is every visible command with its arguments, from the same
// tree the binary builds, so a command added later is checked too.
func commandTree() [][]string {
	var walk func(c *cobra.Command, path []string) [][]string
	walk = func(c *cobra.Command, path []string) [][]string {
		out := [][]string{path}
		for _, sub := range c.Commands() {
			if !sub.Hidden {
				out = append(out, walk(sub, append(append([]string{}, path...), sub.Name()))...)
			}
		}
		return out
	}
	return walk((&app{}).commands(), nil)
}

func find(path []string) *cobra.Command {
	c, _, err := (&app{}).commands().Find(path)
	if err != nil {
		panic(err)
	}
	return c
}

var anyEscape = regexp.MustCompile("\x1b")

func TestHelpListsEveryCommandAndFlag(t *testing.T) {
	e := newEnv(t)
	for _, path := range commandTree() {
		r := e.run(append(path, "--help")...)
		if r.code != 0 || r.stderr != "" {
			t.Errorf("%v --help: exit %d, stderr %q", path, r.code, r.stderr)
			continue
		}
		if anyEscape.MatchString(r.stdout) {
			t.Errorf("%v --help to a pipe holds escape sequences: %q", path, r.stdout)
		}
		cmd := find(path)
		for _, sub := range cmd.Commands() {
			if !sub.Hidden && !regexp.MustCompile(`(?m)^\s+`+regexp.QuoteMeta(sub.Name())+`\b`).MatchString(r.stdout) {
				t.Errorf("%v --help does not list the command %q:\n%s", path, sub.Name(), r.stdout)
			}
		}
		cmd.InheritedFlags().VisitAll(func(f *pflag.Flag) { checkFlag(t, path, r.stdout, f) })
		cmd.LocalFlags().VisitAll(func(f *pflag.Flag) { checkFlag(t, path, r.stdout, f) })
	}
	root := e.must("--help").stdout
	for _, want := range []string{"USAGE", "COMMANDS", "FLAGS", "completion", "--version"} {
		if !strings.Contains(root, want) {
			t.Errorf("creatordesk --help lacks %q:\n%s", want, root)
		}
	}
}

func checkFlag(t *testing.T, path []string, help string, f *pflag.Flag) {
	t.Helper()
	if !f.Hidden && !strings.Contains(help, "--"+f.Name) {
		t.Errorf("%v --help does not list --%s:\n%s", path, f.Name, help)
	}
}

// sgrColour matches a colour in a Select Graphic Rendition sequence:
// 30–49, 90–107, or the 38/48 extended forms.
var sgrColour = regexp.MustCompile(`\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m`)

func TestHelpIsStyledOnlyOnAColourTerminal(t *testing.T) {
	e := newEnv(t)
	e.extra = []string{"TERM=xterm-256color", "NO_COLOR=", "CLICOLOR_FORCE=", "COLORTERM="}
	screen, r := e.onTerminal("import", "--help")
	if r.code != 0 || !strings.Contains(screen, "USAGE") || !sgrColour.MatchString(screen) {
		t.Errorf("import --help on a terminal: exit %d, want colours:\n%q", r.code, screen)
	}
	e.extra = append(e.extra, "NO_COLOR=1")
	screen, r = e.onTerminal("import", "--help")
	if r.code != 0 || !strings.Contains(screen, "USAGE") || sgrColour.MatchString(screen) {
		t.Errorf("import --help on a terminal with NO_COLOR: exit %d, want no colour:\n%q", r.code, screen)
	}
}

func TestVersion(t *testing.T) {
	r := newEnv(t).must("--version")
	if !regexp.MustCompile(`^creatordesk version \S+\n$`).MatchString(r.stdout) || r.stderr != "" {
		t.Errorf("--version: stdout %q, stderr %q", r.stdout, r.stderr)
	}
}

func TestCompletionScripts(t *testing.T) {
	e := newEnv(t)
	for shell, want := range map[string]string{
		"bash": "__start_creatordesk()",
		"zsh":  "#compdef creatordesk",
		"fish": "complete -c creatordesk",
	} {
		r := e.run("completion", shell)
		if r.code != 0 || r.stderr != "" || !strings.Contains(r.stdout, want) {
			t.Errorf("completion %s: exit %d, stderr %q, stdout lacks %q", shell, r.code, r.stderr, want)
		}
	}
}

// A broken configuration file must not stop a shell from loading its
// completion, nor the man page; the commands that use it still refuse.
func TestDescribingItselfNeedsNoConfig(t *testing.T) {
	e := newEnv(t)
	bad := filepath.Join(e.home, "bad.toml")
	if err := os.WriteFile(bad, []byte("this is [not toml\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"completion", "bash"}, {"man"}, {"__complete", "stage", ""}} {
		if r := e.run(append([]string{"--config", bad}, args...)...); r.code != 0 || r.stdout == "" {
			t.Errorf("%v with a broken config: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	if r := e.run("--config", bad, "stats"); r.code != 1 || !strings.HasPrefix(r.stderr, "creatordesk: ") {
		t.Errorf("stats with a broken config: exit %d, stderr %q; want exit 1", r.code, r.stderr)
	}
}

func TestManPage(t *testing.T) {
	r := newEnv(t).must("man")
	if !strings.HasPrefix(r.stdout, ".TH CREATORDESK 1 ") {
		t.Fatalf("man does not begin with a roff .TH header: %.200q", r.stdout)
	}
	if !strings.Contains(r.stdout, "\n.SH COMMANDS\n") {
		t.Errorf("man has no COMMANDS section")
	}
	for _, path := range commandTree()[1:] {
		if name := path[len(path)-1]; !strings.Contains(r.stdout, `\fB`+name+`\fP`) {
			t.Errorf("man page does not name %q", strings.Join(path, " "))
		}
	}
}

// Misuse exits 2 with the same two plain lines as before fang, and no
// styled error box; a failure at run time exits 1 with one line.
func TestErrorsStayPlain(t *testing.T) {
	e := newEnv(t)
	const try = "Run 'creatordesk --help' for usage.\n"
	for _, c := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"--nope"}, "creatordesk: unknown flag: --nope\n" + try},
		{[]string{"stage", "anna"}, "creatordesk: accepts 2 arg(s), received 1\n" + try},
		{[]string{"frobnicate"}, `creatordesk: unknown command "frobnicate" for "creatordesk"` + "\n" + try},
		{[]string{"code"}, "creatordesk: requires at least 1 arg(s), only received 0\n" + try},
		{[]string{"man", "extra"}, `creatordesk: unknown command "extra" for "creatordesk man"` + "\n" + try},
	} {
		r := e.run(c.args...)
		if r.code != 2 || r.stderr != c.stderr || r.stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, r.code, r.stdout, r.stderr, c.stderr)
		}
	}
	e.create()
	r := e.run("stage", "nobody", "partnered")
	if want := "creatordesk: no creator @nobody: not found\n"; r.code != 1 || r.stderr != want {
		t.Errorf("stage on a missing creator: exit %d, stderr %q; want exit 1 and %q", r.code, r.stderr, want)
	}
}
