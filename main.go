// Command creatordesk is a terminal dashboard and command line for running
// TikTok Shop creator outreach from one local SQLite database.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/adrg/xdg"
	"github.com/spf13/cobra"

	"creatordesk/outreach"
	"creatordesk/outreach/config"
	"creatordesk/outreach/email"
	"creatordesk/store"
	"creatordesk/store/demo"
	"creatordesk/store/send"
	"creatordesk/store/transfer"
	"creatordesk/ui"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
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

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// withoutEnv returns env without the variable name.
func withoutEnv(env []string, name string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); k != name {
			out = append(out, kv)
		}
	}
	return out
}

// importGC lets the Go heap grow to 5× what is live before collecting,
// unless $GOGC says otherwise. An import keeps under 4 MB live, so at the
// default the collector ran about 12 times a second, each time stopping
// the goroutine inside SQLite. 1M rows, alternating runs on this machine:
// 40.9-50.5 s (median 46.9) at the default, 40.0-43.8 s (median 41.6) at
// 400, for 13 MB more at the peak.
func importGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// dashboardFPS is the most frames a second the dashboard draws.
const dashboardFPS = 40

// run executes the command line and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := &app{stdout: stdout, stderr: stderr}
	root := app.commands()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	var ee exitError
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command"):
		fmt.Fprintf(stderr, "creatordesk: %v\nRun 'creatordesk --help' for usage.\n", err)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "creatordesk: %v\n", err)
		return exitFailure
	}
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
			return a.dashboard(cmd.Context(), a.resolveDB(""))
		},
	}
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "database file (default: $CREATORDESK_DB or the XDG data dir)")
	root.PersistentFlags().StringVar(&a.configPath, "config", "", "configuration file (default: $CREATORDESK_CONFIG or the XDG config dir)")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		a.now = time.Now
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
		a.sendCmd(), a.templateCmd(), a.codeCmd(), a.forgetCmd(), a.backupCmd())
	return root
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

// resolveDB picks the database: --db, then $CREATORDESK_DB, then the XDG
// data dir (name is "creatordesk.db" or "demo.db").
func (a *app) resolveDB(name string) string {
	if a.dbPath != "" {
		return a.dbPath
	}
	if name == "" {
		if env := os.Getenv("CREATORDESK_DB"); env != "" {
			return env
		}
		name = "creatordesk.db"
	}
	return filepath.Join(xdg.DataHome, "creatordesk", name)
}

func (a *app) resolveConfig() string {
	if a.configPath != "" {
		return a.configPath
	}
	if env := os.Getenv("CREATORDESK_CONFIG"); env != "" {
		return env
	}
	return filepath.Join(xdg.ConfigHome, "creatordesk", "config.toml")
}

// open opens a database and applies the configured tier threshold,
// re-tiering (and saying so) when it changed.
func (a *app) open(ctx context.Context, path string) (*store.Store, error) {
	s, err := store.Open(ctx, path, store.Options{Terms: &a.cfg.Terms, Now: a.now,
		Email: a.cfg.SMTP.Configured(), FollowUps: &a.cfg.FollowUps,
		Upgrading: func(from, to int) {
			if !a.onScreen.Load() {
				fmt.Fprintf(a.stderr, "updating %s from schema %d to %d (once; a database of a million creators takes about a minute)\n", path, from, to)
			}
		}})
	if err != nil {
		return nil, err
	}
	a.notes = a.privacyNotes(s)
	old, err := s.HeadThreshold(ctx)
	if err == nil && old != a.cfg.HeadThreshold {
		var n int64
		n, err = s.SetHeadThreshold(ctx, a.cfg.HeadThreshold)
		if err == nil && n > 0 {
			fmt.Fprintf(a.stderr, "head threshold changed from %d to %d followers: %d creators changed tier\n", old, a.cfg.HeadThreshold, n)
		}
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// withStore runs fn on the user's database, closing it afterwards.
func (a *app) withStore(cmd *cobra.Command, fn func(context.Context, *store.Store) error) error {
	ctx := cmd.Context()
	s, err := a.open(ctx, a.resolveDB(""))
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(ctx, s)
}

// dashboard opens the interactive dashboard on the database at path.
func (a *app) dashboard(ctx context.Context, path string) error {
	s, err := a.open(ctx, path)
	if err != nil {
		return err
	}
	m := ui.New(ui.Options{
		Now:            a.now,
		Store:          s,
		ContentDueDays: a.cfg.ContentDueDays,
		Currency:       a.cfg.Currency,
		Quota:          &a.cfg.Quota,
		OpenDemo:       a.openDemo,
		Send:           a.dashboardSend(),
	})
	// 40 frames a second: a keystroke still reaches the screen within
	// 25 ms, and an idle dashboard redraws a third less often than at the
	// default 60, which is most of its idle CPU.
	// lipgloss detected the terminal's colour profile when the program
	// started (for its Writer, on stdout). In tmux, detecting runs `tmux
	// info` (about 50 ms), which Bubble Tea and then its renderer would
	// each do again before the first frame; given the profile, and an
	// environment without $TMUX (which nothing else reads), neither does.
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithFPS(dashboardFPS),
		tea.WithColorProfile(lipgloss.Writer.Profile), tea.WithEnvironment(withoutEnv(os.Environ(), "TMUX")))
	showNotes(p, a.notes)
	a.onScreen.Store(true)
	_, err = p.Run()
	a.onScreen.Store(false)
	m.Close()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // interrupted by a signal: a normal way to leave
	}
	return err
}

// openDemo opens the demo database, filling it on first use. A half-made
// demo is removed so the next try starts clean.
func (a *app) openDemo(ctx context.Context) (*store.Store, error) {
	return a.openDemoWith(ctx, demo.Options{}, nil)
}

// openDemoWith opens the demo database; progress notes go to say unless
// it is nil (inside the dashboard, stderr would scribble on the screen).
func (a *app) openDemoWith(ctx context.Context, opt demo.Options, say io.Writer) (*store.Store, error) {
	path := a.resolveDB("demo.db")
	s, err := a.open(ctx, path)
	if err != nil {
		return nil, err
	}
	n, err := s.CountCreators(ctx)
	if err != nil || n.Total > 0 {
		if err != nil {
			s.Close()
			return nil, err
		}
		return s, nil
	}
	if say != nil {
		fmt.Fprintf(say, "creating demo data in %s…\n", path)
	}
	fill := demo.Generate
	if opt.Creators > demo.ScaleThreshold {
		fill = demo.Scale
	}
	start := time.Now()
	sum, err := fill(ctx, s, opt)
	if err == nil && say != nil {
		fmt.Fprintf(say, "%d creators, %d pipelines, %d samples in %.1f s\n", sum.Creators, sum.Pipelines, sum.Samples, time.Since(start).Seconds())
	}
	if err != nil {
		s.Close()
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
		return nil, fmt.Errorf("creating demo data: %w", err)
	}
	return s, nil
}

func (a *app) demoCmd() *cobra.Command {
	var creators int
	var noOpen bool
	var seed int64
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Open a separate demo database, created with sample data on first use",
		Long: `demo opens demo.db in the XDG data dir (or --db), filling it on first use
with a few hundred made-up creators, three campaigns, pipelines at every stage,
samples in every state and a few months of history. Your own database is not
touched.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			s, err := a.openDemoWith(ctx, demo.Options{Creators: creators, Seed: seed}, a.stderr)
			if err != nil {
				return err
			}
			path := s.Path()
			s.Close()
			if noOpen {
				fmt.Fprintln(a.stdout, path)
				return nil
			}
			return a.dashboard(ctx, path)
		},
	}
	cmd.Flags().BoolVar(&noOpen, "no-open", false, "fill the demo database if needed, then exit without opening the dashboard")
	cmd.Flags().IntVar(&creators, "creators", 300, "how many creators a new demo database gets")
	cmd.Flags().Int64Var(&seed, "seed", 1, "random seed of a new demo database")
	return cmd
}

func (a *app) importCmd() *cobra.Command {
	imp := group(&cobra.Command{Use: "import", Short: "Import data from files"})
	var opt transfer.ImportOptions
	creators := &cobra.Command{
		Use:   "creators FILE...",
		Short: "Import or update creators from CSV exports and spreadsheets",
		Long: `Imports creators from CSV files: exports of discovery tools (Kalodata,
FastMoss and the like), Seller Center, or your own tracker. Headers are matched
in English, Chinese, Spanish and Vietnamese; UTF-8 (with or without BOM),
UTF-16 and GBK/GB18030 files and , ; or tab separators are detected.

Creators are matched by handle (case and a leading @ ignored): figures are
updated, pipeline state and your own edits are kept. Each bad row is reported
as FILE:LINE: field: reason and skipped; the good rows are imported, one
transaction per file. Exit status 1 when any row was skipped.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("import creators needs at least one FILE")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, files []string) error {
			importGC()
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				opt.Currency = a.cfg.Currency
				if isTerminal(a.stderr) {
					opt.Progress = func(file string, rows int) {
						fmt.Fprintf(a.stderr, "\r%s: %d rows…", file, rows)
					}
				}
				sum, err := transfer.ImportCreators(ctx, s, files, opt, func(p transfer.Problem) {
					fmt.Fprintln(a.stderr, clearLine(opt.Progress != nil)+p.String())
				})
				if opt.Progress != nil {
					fmt.Fprint(a.stderr, clearLine(true))
				}
				if err != nil {
					if errors.Is(err, context.Canceled) {
						return errors.New("interrupted: nothing imported from the file being read")
					}
					return err
				}
				for _, f := range sum.Files {
					if len(f.Ignored) > 0 {
						fmt.Fprintf(a.stderr, "%s: ignored columns: %s\n", f.File, strings.Join(f.Ignored, ", "))
					}
				}
				if sum.CreatedCampaign != "" && !opt.DryRun {
					fmt.Fprintf(a.stderr, "created campaign %q\n", sum.CreatedCampaign)
				}
				switch {
				case opt.DryRun:
					fmt.Fprintf(a.stdout, "dry run, nothing written: %s\n", sum.Line())
				case opt.Strict && sum.RolledBack:
					fmt.Fprintf(a.stdout, "strict: nothing imported, %d bad rows in %d files\n", sum.Skipped, len(files))
				default:
					fmt.Fprintln(a.stdout, sum.Line())
				}
				if sum.Skipped > 0 || sum.Failed > 0 {
					return exitError{exitFailure}
				}
				return nil
			})
		},
	}
	f := creators.Flags()
	f.StringVar(&opt.Campaign, "campaign", "", "add every creator to this campaign's pipeline (created if new)")
	f.BoolVar(&opt.DryRun, "dry-run", false, "check and count, write nothing")
	f.BoolVar(&opt.Strict, "strict", false, "import nothing if any row is bad")
	imp.AddCommand(creators)
	return imp
}

// isTerminal reports whether w is a character device (progress is only
// drawn for people, never into a log file).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func clearLine(on bool) string {
	if on {
		return "\r\x1b[K"
	}
	return ""
}

func (a *app) stageCmd() *cobra.Command {
	var campaign, note string
	cmd := &cobra.Command{
		Use:   "stage HANDLE STAGE",
		Short: "Move a creator through the pipeline",
		Long: `Moves a creator's pipeline in a campaign (the default campaign unless
--campaign) to STAGE, one of:
  ` + strings.Join(stageNames(), ", ") + `
Moves are checked: a refused move says which moves are allowed. Every move is
written to the creator's event log.`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			to, err := outreach.ParseStage(args[1])
			if err != nil {
				return usageError{err}
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				res, err := s.MoveStage(ctx, store.Move{Handle: args[0], Campaign: campaign, To: to, Note: note, Source: "cli"})
				if err != nil {
					var me *outreach.MoveError
					if errors.As(err, &me) {
						return fmt.Errorf("@%s in %s: %w", res.Handle, res.Campaign, err)
					}
					return err
				}
				fmt.Fprintf(a.stdout, "@%s in %s: %s → %s\n", res.Handle, res.Campaign, res.From, res.To)
				if res.AlsoStopped > 0 {
					fmt.Fprintf(a.stdout, "also moved to do_not_contact in %d other campaigns\n", res.AlsoStopped)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&campaign, "campaign", "", "campaign (default: the default campaign)")
	cmd.Flags().StringVar(&note, "note", "", "note for the event log (for do_not_contact: the reason)")
	return cmd
}

func stageNames() []string {
	out := make([]string, len(outreach.Stages))
	for i, s := range outreach.Stages {
		out[i] = string(s)
	}
	return out
}

// statsJSON is the --json shape of stats; more keys may follow.
type statsJSON struct {
	Creators struct {
		Total int64 `json:"total"`
		Head  int64 `json:"head"`
		Micro int64 `json:"micro"`
	} `json:"creators"`
	Funnel struct {
		All   funnelJSON `json:"all"`
		Head  funnelJSON `json:"head"`
		Micro funnelJSON `json:"micro"`
	} `json:"funnel"`
	Campaign string     `json:"campaign"`
	Weeks    []weekJSON `json:"weeks"`
}

type funnelJSON struct {
	outreach.Funnel
	Conversion float64 `json:"conversion"`
	ReplyRate  float64 `json:"reply_rate"`
}

type weekJSON struct {
	Week string `json:"week"`
	funnelJSON
}

func toFunnelJSON(f outreach.Funnel) funnelJSON {
	return funnelJSON{Funnel: f, Conversion: round4(f.Conversion()), ReplyRate: round4(f.ReplyRate())}
}

func round4(x float64) float64 { return float64(int64(x*10000+0.5)) / 10000 }

func (a *app) statsCmd() *cobra.Command {
	var campaign string
	var asJSON bool
	var weeks int
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Creators by tier and the invitation funnel",
		Long: `Counts creators by tier and, for every tier, how many creators were
invited, replied, partnered and posted content: a creator counts at each step
up to the furthest stage reached, even after declining later. Conversion is
partnered ÷ invited. Without --campaign, a creator in several campaigns counts
once. The weekly table groups creators by the week of their first invitation.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				if asJSON {
					return a.printStatsJSON(ctx, s, campaign, weeks)
				}
				return a.printStats(ctx, s, campaign, weeks)
			})
		},
	}
	cmd.Flags().StringVar(&campaign, "campaign", "", "one campaign (default: all campaigns)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().IntVar(&weeks, "weeks", 8, "weeks of history in the weekly table")
	return cmd
}

func (a *app) collectStats(ctx context.Context, s *store.Store, campaign string, weeks int) (statsJSON, error) {
	var out statsJSON
	out.Campaign = campaign
	n, err := s.CountCreators(ctx)
	if err != nil {
		return out, err
	}
	out.Creators.Total, out.Creators.Head, out.Creators.Micro = n.Total, n.Head, n.Micro
	f, err := s.Funnel(ctx, campaign)
	if err != nil {
		return out, err
	}
	out.Funnel.All = toFunnelJSON(f.All)
	out.Funnel.Head = toFunnelJSON(f.ByTier[outreach.Head])
	out.Funnel.Micro = toFunnelJSON(f.ByTier[outreach.Micro])
	out.Weeks = []weekJSON{}
	if weeks > 0 {
		since := outreach.WeekStart(s.Now().In(time.Local)).AddDate(0, 0, -7*(weeks-1))
		ws, err := s.FunnelByWeek(ctx, campaign, since, time.Local)
		if err != nil {
			return out, err
		}
		for _, w := range ws {
			out.Weeks = append(out.Weeks, weekJSON{Week: w.Week.Format("2006-01-02"), funnelJSON: toFunnelJSON(w.Funnel)})
		}
	}
	return out, nil
}

func (a *app) printStatsJSON(ctx context.Context, s *store.Store, campaign string, weeks int) error {
	st, err := a.collectStats(ctx, s, campaign, weeks)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(st)
}

func (a *app) printStats(ctx context.Context, s *store.Store, campaign string, weeks int) error {
	st, err := a.collectStats(ctx, s, campaign, weeks)
	if err != nil {
		return err
	}
	scope := "all campaigns"
	if campaign != "" {
		scope = "campaign " + campaign
	}
	fmt.Fprintf(a.stdout, "creators  %d (head %d, micro %d)\n\nfunnel, %s:\n", st.Creators.Total, st.Creators.Head, st.Creators.Micro, scope)
	funnelTable(a.stdout, "", []string{"head", "micro", "all"}, []funnelJSON{st.Funnel.Head, st.Funnel.Micro, st.Funnel.All})
	if len(st.Weeks) > 0 {
		labels := make([]string, len(st.Weeks))
		rows := make([]funnelJSON, len(st.Weeks))
		for i, w := range st.Weeks {
			labels[i], rows[i] = w.Week, w.funnelJSON
		}
		fmt.Fprintln(a.stdout)
		funnelTable(a.stdout, "week of", labels, rows)
	}
	return nil
}

// funnelTable prints funnel rows right-aligned under a header.
func funnelTable(w io.Writer, corner string, labels []string, rows []funnelJSON) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tinvited\treplied\tpartnered\tposted\treply rate\tconversion\t\n", corner)
	for i, f := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.1f%%\t%.1f%%\t\n", labels[i], f.Invited, f.Replied, f.Partnered, f.ContentPosted,
			100*f.ReplyRate, 100*f.Conversion)
	}
	tw.Flush()
}

func (a *app) exportCmd() *cobra.Command {
	exp := group(&cobra.Command{Use: "export", Short: "Export data for colleagues"})
	var tier, campaign, format, out string
	partners := &cobra.Command{
		Use:   "partners",
		Short: "Export partnered creators as CSV (for Excel) or JSON",
		Long: `Writes one row per partnership at partnered or beyond: handle, display_name,
tier, followers, region, category, email, campaign, stage, partnered_at,
slot_fee, currency, commission_pct, sample_sku, discount_code, discount_pct,
profile_url. CSV is UTF-8 with a BOM so Excel shows Chinese correctly, and
text that Excel would run as a formula is prefixed with '. -o writes the file
atomically with mode 0600.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q := store.PartnerQuery{Campaign: campaign}
			if tier != "" {
				t, err := outreach.ParseTier(tier)
				if err != nil {
					return usageError{err}
				}
				q.Tier = t
			}
			if format != "csv" && format != "json" {
				return usageError{fmt.Errorf("--format %q: use csv or json", format)}
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				if out == "" || out == "-" {
					_, err := transfer.ExportPartners(ctx, s, q, format, a.stdout, time.Local)
					return err
				}
				n, err := transfer.ExportPartnersFile(ctx, s, q, format, out, time.Local)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stderr, "wrote %d partnerships to %s\n", n, out)
				return nil
			})
		},
	}
	f := partners.Flags()
	f.StringVar(&tier, "tier", "", "head or micro (default: both)")
	f.StringVar(&campaign, "campaign", "", "one campaign (default: all)")
	f.StringVar(&format, "format", "csv", "csv or json")
	f.StringVarP(&out, "output", "o", "", "write to this file instead of standard output")
	exp.AddCommand(partners)
	return exp
}

func (a *app) queueCmd() *cobra.Command {
	var campaign, tier, sender, purpose string
	var approve, dm bool
	cmd := &cobra.Command{
		Use:   "queue [HANDLE...]",
		Short: "Queue invitations for creators, or for every prospect matching the filters",
		Long: `Queues an invitation, from the stored template for the creator's tier,
for each named creator, or, with no handles, for every prospect of the
campaign (filtered by --tier). Do-not-contact creators, creators past
prospect, creators with a message already waiting and messages missing a
value are held, with the reason. With email set up ([smtp] in the
configuration) creators with an address get email, the rest a DM (--dm for
DMs only). Queued messages wait for review in the dashboard (Queue screen);
--approve makes them ready for 'creatordesk send' at once. --purpose
sample_reminder or thank_you queues those messages to partners instead.
--sender sets the name messages are signed with.`,
		RunE: func(cmd *cobra.Command, handles []string) error {
			q := store.CreatorQuery{Stage: outreach.Prospect, Campaign: campaign, Limit: store.MaxPage}
			if q.Campaign == "" {
				q.Campaign = outreach.DefaultCampaign
			}
			if tier != "" {
				t, err := outreach.ParseTier(tier)
				if err != nil {
					return usageError{err}
				}
				q.Tier = t
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				if sender != "" {
					if _, err := s.SetSender(ctx, sender); err != nil {
						return err
					}
				}
				queued, held := 0, []store.Held{}
				req := store.QueueRequest{Campaign: campaign, Approve: approve, DM: dm}
				if purpose != "" {
					p, err := outreach.ParsePurpose(purpose)
					if err != nil {
						return usageError{err}
					}
					req.Purpose = p
				}
				queue := func(hs []string) error {
					req.Handles = hs
					n, h, err := s.Queue(ctx, req)
					if errors.Is(err, store.ErrNoSender) {
						return errors.New("no sender yet: add --sender \"Your Name\" (it is remembered)")
					}
					queued += n
					held = append(held, h...)
					return err
				}
				if len(handles) > 0 {
					if err := queue(handles); err != nil {
						return err
					}
				} else {
					// Page through the creators at the stages the purpose is
					// for; each page queues in one transaction. Queueing
					// leaves the stage, so paging goes by key, never by offset.
					stages := map[outreach.Purpose][]outreach.Stage{
						outreach.PurposeSampleReminder: {outreach.SampleShipped, outreach.SampleDelivered},
						outreach.PurposeThankYou:       {outreach.ContentPosted},
					}[req.Purpose]
					if stages == nil {
						stages = []outreach.Stage{outreach.Prospect}
					}
					for _, st := range stages {
						q.Stage, q.After = st, store.Cursor{}
						for {
							page, err := s.Creators(ctx, q)
							if err != nil {
								return err
							}
							hs := make([]string, len(page.Creators))
							for i, c := range page.Creators {
								hs[i] = c.Handle
							}
							if err := queue(hs); err != nil {
								return err
							}
							if !page.More {
								break
							}
							q.After = page.Next
						}
					}
				}
				byReason := map[string]int{}
				for i, h := range held {
					byReason[h.Reason]++
					if i < 20 {
						fmt.Fprintf(a.stderr, "@%s: %s\n", h.Handle, h.Reason)
					}
				}
				if len(held) > 20 {
					fmt.Fprintf(a.stderr, "… and %d more held\n", len(held)-20)
				}
				fmt.Fprintf(a.stdout, "queued %d, held %d\n", queued, len(held))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&campaign, "campaign", "", "campaign (default: the default campaign)")
	cmd.Flags().StringVar(&tier, "tier", "", "head or micro (only without handles)")
	cmd.Flags().StringVar(&sender, "sender", "", "the name invitations are signed with (remembered)")
	cmd.Flags().StringVar(&purpose, "purpose", "", "invitation (default), sample_reminder or thank_you")
	cmd.Flags().BoolVar(&approve, "approve", false, "ready to send at once, without review in the dashboard")
	cmd.Flags().BoolVar(&dm, "dm", false, "TikTok DMs even for creators with an email address")
	return cmd
}

func (a *app) campaignCmd() *cobra.Command {
	cmd := group(&cobra.Command{Use: "campaign", Short: "List and add campaigns"})
	var kind, commission, starts, ends string
	var skus []string
	add := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a campaign",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c := outreach.Campaign{Name: args[0], SKUs: skus}
			var err error
			if c.Kind, err = outreach.ParseCampaignKind(kind); err != nil {
				return usageError{err}
			}
			if commission != "" {
				if c.DefaultCommission, err = outreach.ParseRate(commission); err != nil {
					return usageError{fmt.Errorf("--commission: %w", err)}
				}
			}
			for _, d := range []struct {
				flag, v string
				t       *time.Time
			}{{"--starts", starts, &c.StartsAt}, {"--ends", ends, &c.EndsAt}} {
				if d.v == "" {
					continue
				}
				if *d.t, err = time.ParseInLocation("2006-01-02", d.v, time.Local); err != nil {
					return usageError{fmt.Errorf("%s %q: use YYYY-MM-DD", d.flag, d.v)}
				}
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				c, err = s.CreateCampaign(ctx, c)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "added campaign %q\n", c.Name)
				return nil
			})
		},
	}
	add.Flags().StringVar(&kind, "kind", "targeted", "targeted or open")
	add.Flags().StringVar(&commission, "commission", "", "default commission, e.g. 15%")
	add.Flags().StringSliceVar(&skus, "sku", nil, "product SKU (repeat or comma-separate)")
	add.Flags().StringVar(&starts, "starts", "", "start date YYYY-MM-DD")
	add.Flags().StringVar(&ends, "ends", "", "end date YYYY-MM-DD")
	list := &cobra.Command{
		Use:   "list",
		Short: "List campaigns",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				cs, err := s.Campaigns(ctx)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "NAME\tKIND\tCOMMISSION\tSKUS\tSTARTS")
				for _, c := range cs {
					commission, starts := "-", "-"
					if c.DefaultCommission > 0 {
						commission = c.DefaultCommission.String()
					}
					if !c.StartsAt.IsZero() {
						starts = c.StartsAt.Format("2006-01-02")
					}
					skus := strings.Join(c.SKUs, ",")
					if len(c.SKUs) > 3 {
						skus = fmt.Sprintf("%s +%d more", strings.Join(c.SKUs[:3], ","), len(c.SKUs)-3)
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Name, c.Kind, commission, skus, starts)
				}
				return tw.Flush()
			})
		},
	}
	cmd.AddCommand(add, list)
	return cmd
}

func (a *app) configCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Show where creatordesk keeps its files, and an example configuration",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprintf(a.stdout, "database:      %s\ndemo database: %s\nconfiguration: %s\n\n%s",
				a.resolveDB(""), a.resolveDB("demo.db"), a.resolveConfig(), config.Example)
			return nil
		},
	}
}

// emailDialer connects to the configured SMTP server, reading the password
// from where the configuration says (never from the database or a flag).
func (a *app) emailDialer() (func(context.Context) (send.Mailer, error), *mail.Address, error) {
	sc := a.cfg.SMTP
	from, err := sc.FromAddress()
	if err != nil {
		return nil, nil, err
	}
	password, err := sc.Password(os.Getenv)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", a.resolveConfig(), err)
	}
	server := email.Server{Host: sc.Host, Port: sc.Port, Security: email.Security(sc.Security), Username: sc.Username, Password: password}
	return func(ctx context.Context) (send.Mailer, error) {
		m, err := email.Dial(ctx, server)
		if err != nil {
			return nil, err
		}
		return m, nil
	}, from, nil
}

// dashboardSend is the Queue screen's S: nil when email is not set up.
func (a *app) dashboardSend() func(context.Context, *store.Store) (send.Report, error) {
	if !a.cfg.SMTP.Configured() {
		return nil
	}
	return func(ctx context.Context, s *store.Store) (send.Report, error) {
		dial, from, err := a.emailDialer()
		if err != nil {
			return send.Report{}, err
		}
		return send.Run(ctx, s, send.Options{Dial: dial, From: *from, Quota: a.cfg.Quota, Owner: sendOwner(), Alive: senderAlive, Now: a.now})
	}
}

// sendOwner names this process for the one-sender-at-a-time hold.
func sendOwner() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("pid %d on %s", os.Getpid(), host)
}

// senderAlive reports whether the process named by a sendOwner string still
// runs: only a process on this host can be checked; others are assumed
// alive until their hold goes stale.
func senderAlive(owner string) bool {
	var pid int
	var host string
	if _, err := fmt.Sscanf(owner, "pid %d on %s", &pid, &host); err != nil {
		return true
	}
	if h, _ := os.Hostname(); h != host {
		return true
	}
	// On Linux a killed sender nobody has reaped yet is a zombie: dead.
	if stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		if i := strings.LastIndexByte(string(stat), ')'); i >= 0 && i+2 < len(stat) && stat[i+2] == 'Z' {
			return false
		}
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	return !errors.Is(p.Signal(syscall.Signal(0)), os.ErrProcessDone)
}

func (a *app) sendCmd() *cobra.Command {
	var dryRun bool
	var limit int
	cmd := &cobra.Command{
		Use:   "send",
		Short: "Send the email that is due, within the weekly quota",
		Long: `Sends approved email invitations and due follow-ups through the SMTP server
in the configuration ([smtp]), first invitations to new creators within the
weekly quota ([quota]). Each message is sent at most once: one cut off after
its data went is marked unknown for you to check in the dashboard, never
resent on its own. Sequences with no reply after their last follow-up move
to no_response. --dry-run lists what would go and changes nothing.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if limit < 0 {
				return usageError{errors.New("--limit: must be 0 (no limit) or more")}
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				if dryRun {
					return a.sendDryRun(ctx, s, limit)
				}
				if !a.cfg.SMTP.Configured() {
					n, err := s.CloseUnanswered(ctx)
					if err != nil {
						return err
					}
					fmt.Fprintf(a.stdout, "%d unanswered pipelines moved to no response\n", n)
					return fmt.Errorf("email is not set up: add an [smtp] section to %s (see 'creatordesk config')", a.resolveConfig())
				}
				dial, from, err := a.emailDialer()
				if err != nil {
					return err
				}
				rep, err := send.Run(ctx, s, send.Options{
					Dial: dial, From: *from, Quota: a.cfg.Quota, Limit: limit, Owner: sendOwner(), Alive: senderAlive, Now: a.now,
					Progress: func(o store.Outgoing, r email.Result) {
						line := fmt.Sprintf("%-7s @%s  %s → %s", r.Outcome, o.Handle, o.Purpose.Label(), o.ToAddr)
						if r.Reason != "" && r.Outcome != email.Sent {
							line += ": " + r.Reason
						}
						fmt.Fprintln(a.stdout, line)
					},
				})
				a.printSendReport(rep)
				if rep.Paused != "" {
					fmt.Fprintf(a.stderr, "sending paused: %s\nnothing more is sent until a send logs in; fix the username or password, then run 'creatordesk send' again\n", rep.Paused)
					return exitError{exitFailure}
				}
				if errors.Is(err, context.Canceled) {
					fmt.Fprintln(a.stderr, "interrupted: the message in hand was finished and recorded; the rest wait")
					return exitError{exitFailure}
				}
				return err
			})
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list what would be sent; send and change nothing")
	cmd.Flags().IntVar(&limit, "limit", 0, "send at most this many messages (0: all that are due)")
	return cmd
}

func (a *app) printSendReport(r send.Report) {
	fmt.Fprintf(a.stdout, "sent %d, retry later %d, failed %d, unknown %d", r.Sent, r.Retry, r.Failed, r.Unknown)
	if r.WaitingQuota > 0 {
		fmt.Fprintf(a.stdout, "; %d first invitations wait for quota", r.WaitingQuota)
	}
	if r.NoResponse > 0 {
		fmt.Fprintf(a.stdout, "; %d moved to no response", r.NoResponse)
	}
	fmt.Fprintln(a.stdout)
	if r.Recovered > 0 {
		fmt.Fprintf(a.stderr, "%d messages were being handed over when an earlier send stopped: they may have been delivered and are marked unknown; check them in the Queue screen\n", r.Recovered)
	}
	if r.Unknown > 0 {
		fmt.Fprintf(a.stderr, "%d messages were cut off after their data went: check them in the Queue screen (mark sent, or send again)\n", r.Unknown)
	}
}

func (a *app) sendDryRun(ctx context.Context, s *store.Store, limit int) error {
	if limit == 0 {
		limit = store.MaxPage
	}
	due, waiting, err := s.EmailDue(ctx, a.cfg.Quota, a.now(), limit)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	for _, o := range due {
		fmt.Fprintf(tw, "#%d\t@%s\t%s\t%s\t%s\n", o.ID, o.Handle, o.Purpose.Label(), o.ToAddr, oneLineClip(o.Subject, 50))
	}
	tw.Flush()
	fmt.Fprintf(a.stdout, "would send %d", len(due))
	if waiting > 0 {
		fmt.Fprintf(a.stdout, "; %d first invitations wait for quota", waiting)
	}
	fmt.Fprintln(a.stdout, " (dry run: nothing sent)")
	if !a.cfg.SMTP.Configured() {
		fmt.Fprintf(a.stderr, "email is not set up: add an [smtp] section to %s to send\n", a.resolveConfig())
	}
	return nil
}

// oneLineClip shortens s to n runes for a listing.
func oneLineClip(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return string(r)
}

func (a *app) templateCmd() *cobra.Command {
	cmd := group(&cobra.Command{Use: "template", Short: "Show, edit and reset message templates"})
	args := func(args []string) (outreach.Tier, outreach.Purpose, error) {
		t, err := outreach.ParseTier(args[0])
		if err != nil {
			return "", "", usageError{err}
		}
		p, err := outreach.ParsePurpose(args[1])
		if err != nil {
			return "", "", usageError{err}
		}
		return t, p, nil
	}
	list := &cobra.Command{
		Use: "list", Short: "List the templates, edited or default", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				ts, err := s.Templates(ctx)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
				for _, t := range ts {
					state := "default"
					if t.Custom {
						state = "edited " + t.UpdatedAt.Format("2006-01-02")
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.Tier, t.Purpose, state, oneLineClip(t.Subject, 50))
				}
				return tw.Flush()
			})
		},
	}
	show := &cobra.Command{
		Use: "show TIER PURPOSE", Short: "Print a template as 'Subject: …', a blank line, then the body", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, argv []string) error {
			tier, p, err := args(argv)
			if err != nil {
				return err
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				t, err := s.Template(ctx, tier, p)
				if err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, outreach.FormatTemplate(t))
				return nil
			})
		},
	}
	set := &cobra.Command{
		Use:   "set TIER PURPOSE FILE",
		Short: "Replace a template with a file ('-' is standard input) in the form 'template show' prints",
		Long: `Replaces a template. The file starts with a 'Subject: ' line (used by
email), a blank line, then the body. Placeholders: ` + strings.Join(outreach.Placeholders, ", ") + `.
A syntax error or an unknown placeholder is reported with its line and
column, and the stored template is kept.`,
		Args: exactArgs(3),
		RunE: func(cmd *cobra.Command, argv []string) error {
			tier, p, err := args(argv)
			if err != nil {
				return err
			}
			var data []byte
			if argv[2] == "-" {
				data, err = io.ReadAll(io.LimitReader(cmd.InOrStdin(), 1<<20))
			} else {
				data, err = os.ReadFile(argv[2])
			}
			if err != nil {
				return err
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				old, err := s.Template(ctx, tier, p)
				if err != nil {
					return err
				}
				t := outreach.ParseTemplateText(old, string(data))
				if err := s.SaveTemplate(ctx, t); err != nil {
					return fmt.Errorf("%s: %w (the stored template is unchanged)", argv[2], err)
				}
				fmt.Fprintf(a.stdout, "saved the %s %s template\n", tier, p.Label())
				return nil
			})
		},
	}
	reset := &cobra.Command{
		Use: "reset TIER PURPOSE", Short: "Go back to the built-in template", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, argv []string) error {
			tier, p, err := args(argv)
			if err != nil {
				return err
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				if err := s.ResetTemplate(ctx, tier, p); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "the %s %s template is the built-in default again\n", tier, p.Label())
				return nil
			})
		},
	}
	cmd.AddCommand(list, show, set, reset)
	return cmd
}

func (a *app) codeCmd() *cobra.Command {
	var campaign string
	cmd := &cobra.Command{
		Use:   "code HANDLE...",
		Short: "Give micro creators their personal discount code now (before they partner)",
		Long: `Prints each micro creator's personal discount code in the campaign, giving
them one first if they have none: built from the handle (@anna_1 at 15% off
gets ANNA115), unique across the database. Partners get one on their own;
this is for naming the code in an invitation.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, handles []string) error {
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				failed := 0
				for _, h := range handles {
					code, err := s.GiveDiscountCode(ctx, h, campaign)
					if err != nil {
						fmt.Fprintf(a.stderr, "%s: %v\n", h, err)
						failed++
						continue
					}
					fmt.Fprintf(a.stdout, "@%s\t%s\n", strings.TrimPrefix(h, "@"), code)
				}
				if failed > 0 {
					return exitError{exitFailure}
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&campaign, "campaign", "", "campaign (default: the default campaign)")
	return cmd
}
