package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/transfer"
)

func (a *app) exportCmd() *cobra.Command {
	exp := group(&cobra.Command{Use: "export", Short: "Export data for colleagues"})
	var tier, campaign, format, out string
	var force bool
	partners := &cobra.Command{
		Use:   "partners",
		Short: "Export partnered creators as CSV (for Excel) or JSON",
		Long: `Writes one row per partnership at partnered or beyond: handle, display_name,
tier, followers, region, category, email, campaign, stage, partnered_at,
slot_fee, currency, commission_pct, sample_sku, discount_code, discount_pct,
profile_url. CSV is UTF-8 with a BOM so Excel shows Chinese correctly, and
text that Excel would run as a formula is prefixed with '. -o writes the file
atomically with mode 0600, replacing an earlier export; any other existing
file is replaced only with --force, and the database, its -wal, -shm and
-journal, and the configuration file never.`,
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
					if f, ok := a.stdout.(*os.File); ok {
						// export partners >> DB would append rows to the database file.
						if what := s.OwnFile(fmt.Sprintf("/proc/self/fd/%d", f.Fd())); what != "" {
							return fmt.Errorf("standard output is %s: nothing written (write the export with -o FILE; if the shell's > emptied the database, restore a backup)", what)
						}
					}
					w, flush := document(a.stdout)
					_, err := transfer.ExportPartners(ctx, s, q, format, w, time.Local)
					if ferr := flush(); err == nil {
						err = ferr
					}
					return err
				}
				n, err := transfer.ExportPartnersFile(ctx, s, q, format, out, time.Local, force)
				var re *transfer.ReplaceError
				if errors.As(err, &re) {
					return fmt.Errorf("%w: choose another name, or --force to replace it", err)
				}
				if err != nil {
					return err
				}
				sayf(a.stderr, "wrote %d partnerships to %s", n, out)
				return nil
			})
		},
	}
	f := partners.Flags()
	f.StringVar(&tier, "tier", "", "head or micro (default: both)")
	f.StringVar(&campaign, "campaign", "", "one campaign (default: all)")
	f.StringVar(&format, "format", "csv", "csv or json")
	f.StringVarP(&out, "output", "o", "", "write to this file instead of standard output")
	f.BoolVar(&force, "force", false, "replace the -o file even if it is not an earlier export")
	exp.AddCommand(partners)
	return exp
}
