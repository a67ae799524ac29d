// Package cli is creatordesk's command line: one file per command group.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/fang/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"creatordesk/outreach/config"
)

// Exit codes: 1 for a failure, 2 for a command used wrongly.
const (
	exitFailure = 1
	exitUsage   = 2
)

// usageError marks a command used wrongly (exit 2).
type usageError struct{ error }

// exitError ends the command with a code after its messages were printed.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// Run executes the command line and returns the exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := &app{stdout: stdout, stderr: stderr}
	root := app.commands()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	// fang draws help, adds --version, `completion` and `man`; errors keep
	// the plain `creatordesk: …` line, so scripts and logs read as before.
	err := fang.Execute(ctx, root,
		fang.WithVersion(version()),
		// fang's writer would draw an ERROR box even into a pipe: write to
		// stderr directly, quoted by sayf, as before fang.
		fang.WithErrorHandler(func(_ io.Writer, _ fang.Styles, err error) { reportError(stderr, err) }),
	)
	return exitCode(err)
}

// reportError prints err as `creatordesk: …`, with a pointer to --help
// when the command was used wrongly. An exitError was reported already.
func reportError(stderr io.Writer, err error) {
	if errors.As(err, new(exitError)) {
		return
	}
	sayf(stderr, "creatordesk: %v", err)
	if isUsage(err) {
		fmt.Fprintln(stderr, "Run 'creatordesk --help' for usage.")
	}
}

// exitCode is 0 for success, 2 for a command used wrongly, else 1 or the
// code an exitError carries.
func exitCode(err error) int {
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	case isUsage(err):
		return exitUsage
	default:
		return exitFailure
	}
}

// isUsage reports a command used wrongly: a usageError, or cobra's own
// unknown-command error, which it does not let us wrap.
func isUsage(err error) bool {
	return errors.As(err, new(usageError)) || strings.HasPrefix(err.Error(), "unknown command")
}

// version is the module version the build recorded (a tag, or a
// pseudo-version naming the commit), or "devel" when it recorded none.
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}

// app holds what every command shares: output streams and the flags that
// locate the database and configuration.
type app struct {
	stdout, stderr io.Writer
	dbPath         string
	configPath     string
	cfg            config.Config
	// now is the clock: time.Now, or a fixed time from $CREATORDESK_NOW
	// (RFC 3339) so scripted tests can make samples overdue.
	now func() time.Time
	// notes say what opening the database made private, for the
	// dashboard's status line.
	notes []string
	// onScreen is set while the dashboard draws: stderr would scribble
	// on it.
	onScreen atomic.Bool
	// program is the dashboard while it runs, for notes from the store.
	program atomic.Pointer[tea.Program]
}

func (a *app) commands() *cobra.Command {
	root := &cobra.Command{
		Use:   "creatordesk",
		Short: "Run TikTok Shop creator outreach from one local database",
		Long: `creatordesk keeps creators, invitations, samples and the partnership
pipeline in one local SQLite file. With no command it opens the dashboard.`,
		Args:          noArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.dashboard(cmd.Context(), cmd.InOrStdin(), a.resolveDB(""), a.dbPath != "" || os.Getenv("CREATORDESK_DB") != "")
		},
	}
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "database file (default: $CREATORDESK_DB or the XDG data dir)")
	root.PersistentFlags().StringVar(&a.configPath, "config", "", "configuration file (default: $CREATORDESK_CONFIG or the XDG config dir)")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		a.now = time.Now
		if describesItself(cmd) {
			return nil
		}
		if v := os.Getenv("CREATORDESK_NOW"); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return usageError{fmt.Errorf("CREATORDESK_NOW=%q: use RFC 3339, e.g. 2026-12-08T10:00:00Z", v)}
			}
			a.now = func() time.Time { return t }
		}
		cfg, err := config.Load(a.resolveConfig())
		a.cfg = cfg
		return err
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(a.demoCmd(), a.importCmd(), a.stageCmd(), a.queueCmd(), a.statsCmd(), a.exportCmd(), a.campaignCmd(), a.configCmd(),
		a.sendCmd(), a.templateCmd(), a.codeCmd(), a.forgetCmd(), a.backupCmd(), a.restoreCmd(), a.creatorCmd(), a.historyCmd())
	return root
}

// describesItself reports the commands fang and cobra add that print
// creatordesk itself (the man page, completion scripts, completions at tab):
// they need no clock or configuration, so a broken config file cannot stop
// a shell from loading its completion.
func describesItself(cmd *cobra.Command) bool {
	for c := cmd; c.HasParent(); c = c.Parent() {
		switch c.Name() {
		case "man", "completion", cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd:
			return !c.Parent().HasParent()
		}
	}
	return false
}

// noArgs and exactArgs are cobra's validators, reporting usage errors.
func noArgs(cmd *cobra.Command, args []string) error {
	if err := cobra.NoArgs(cmd, args); err != nil {
		return usageError{err}
	}
	return nil
}

func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// minimumArgs is cobra.MinimumNArgs as misuse: exit status 2.
func minimumArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.MinimumNArgs(n)(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// group is a command that only holds subcommands.
func group(cmd *cobra.Command) *cobra.Command {
	cmd.Args = func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usageError{fmt.Errorf("unknown command %q for %q", args[0], c.CommandPath())}
		}
		return usageError{fmt.Errorf("%s needs a subcommand (see --help)", c.CommandPath())}
	}
	cmd.RunE = func(*cobra.Command, []string) error { return nil }
	return cmd
}

// isTerminal reports whether stream (standard input, output or error) is
// a terminal: progress is only drawn for people, never into a log file, and
// /dev/null is not a terminal.
func isTerminal(stream any) bool {
	f, ok := stream.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

func clearLine(on bool) string {
	if on {
		return "\r\x1b[K"
	}
	return ""
}

type weekJSON struct {
	Week string `json:"week"`
	funnelJSON
}
