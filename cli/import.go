package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"creatordesk/internal/termtext"
	"creatordesk/store"
	"creatordesk/store/transfer"
)

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

Creators are matched by handle (case and a leading @ ignored): figures and
descriptions are updated, empty contacts, notes and terms are filled, and
pipeline state is kept. A stored email, phone, notes or term that the file
contradicts is kept and reported, one line per field ("kept email for 3
creators (file differs)"); --overwrite takes the file's values instead.
Every change to a creator who existed is in their history. A row at
partnered or beyond gets the terms "stage ... partnered" gives. An exported
partners file imports whole: its campaign column picks the campaign (a new
one is created and named), and its terms and partnered_at columns are kept.
Each bad row is reported
as FILE:LINE: field: reason and skipped; the good rows are imported, one
transaction per file. A Seller Center affiliate-orders export is refused
whole: it lists orders, not creators. Exit status 1 when any row was skipped
or any file refused.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("import creators needs at least one FILE")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, files []string) error {
			importGC()
			return a.withStoreCreating(cmd, !opt.DryRun, func(ctx context.Context, s *store.Store) error {
				opt.Currency = a.cfg.Currency
				if isTerminal(a.stderr) {
					opt.Progress = func(file string, rows int) {
						fmt.Fprintf(a.stderr, "\r%s: %d rows…", termtext.Quote(file), rows)
					}
				}
				sum, err := transfer.ImportCreators(ctx, s, files, opt, func(p transfer.Problem) {
					fmt.Fprint(a.stderr, clearLine(opt.Progress != nil))
					sayf(a.stderr, "%s", p)
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
						sayf(a.stderr, "%s: ignored columns: %s", f.File, strings.Join(f.Ignored, ", "))
					}
					if f.Approximate > 0 {
						sayf(a.stderr, "%s", f.ApproxLine())
					}
				}
				if n := len(sum.CreatedCampaigns); n > 0 {
					verb, noun := "created", "campaign"
					if opt.DryRun {
						verb = "would create"
					}
					if n > 1 {
						noun = "campaigns"
					}
					sayf(a.stderr, "%s %s %s", verb, noun, quoteAll(sum.CreatedCampaigns))
				}
				for _, line := range sum.KeptLines(transfer.OverwriteHint) {
					sayf(a.stderr, "%s", line)
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
	f.StringVar(&opt.Campaign, "campaign", "", "add every creator to this campaign's pipeline (created if new), whatever the file's campaign column says")
	f.BoolVar(&opt.DryRun, "dry-run", false, "check and count, write nothing")
	f.BoolVar(&opt.Strict, "strict", false, "import nothing if any row is bad")
	f.BoolVar(&opt.Overwrite, "overwrite", false, "take the file's email, phone, notes and terms over the stored ones")
	imp.AddCommand(creators, a.importOrdersCmd())
	return imp
}

// quoteAll lists names quoted: "Glow", "Spring".
func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
