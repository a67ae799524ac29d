package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"creatordesk/internal/termtext"
	"creatordesk/outreach"
	"creatordesk/store"
)

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
	// Imported counts what imports brought with its outcome (imported at
	// replied or further, or at declined or no response): not in the
	// funnel, whose rates it would inflate.
	Imported struct {
		Total int64 `json:"total"`
		Head  int64 `json:"head"`
		Micro int64 `json:"micro"`
	} `json:"imported"`
	Campaign string     `json:"campaign"`
	Weeks    []weekJSON `json:"weeks"`
}

type funnelJSON struct {
	outreach.Funnel
	Conversion float64 `json:"conversion"`
	ReplyRate  float64 `json:"reply_rate"`
}

func toFunnelJSON(f outreach.Funnel) funnelJSON {
	return funnelJSON{Funnel: f, Conversion: round4(f.Conversion()), ReplyRate: round4(f.ReplyRate())}
}

func round4(x float64) float64 { return float64(int64(x*10000+0.5)) / 10000 }

// maxStatsWeeks bounds stats --weeks: ten years of weekly rows is more
// than a table on a terminal can show, and a huge count only reached back
// to before any data while risking overflow in the date arithmetic.
const maxStatsWeeks = 520

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
once. The weekly table groups creators by the week of their first invitation.
A pipeline imported at replied or further (or at declined or no response)
brought its outcome with the file: it is counted apart as imported, not in the
funnel, whose rates a file of partners would otherwise push to 100%.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if weeks < 0 || weeks > maxStatsWeeks {
				return usageError{fmt.Errorf("--weeks %d: use 0 (no weekly table) to %d", weeks, maxStatsWeeks)}
			}
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
	cmd.Flags().IntVar(&weeks, "weeks", 8, fmt.Sprintf("weeks of history in the weekly table, 0 (none) to %d", maxStatsWeeks))
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
	out.Imported.Total, out.Imported.Head, out.Imported.Micro = f.Imported.Total, f.Imported.Head, f.Imported.Micro
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
		scope = "campaign " + termtext.Quote(campaign)
	}
	fmt.Fprintf(a.stdout, "creators  %d (head %d, micro %d)\n\nfunnel, %s:\n", st.Creators.Total, st.Creators.Head, st.Creators.Micro, scope)
	funnelTable(a.stdout, "", []string{"head", "micro", "all"}, []funnelJSON{st.Funnel.Head, st.Funnel.Micro, st.Funnel.All})
	if im := st.Imported; im.Total > 0 {
		fmt.Fprintf(a.stdout, "imported with their outcome, not in the funnel: %d (head %d, micro %d)\n", im.Total, im.Head, im.Micro)
	}
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
