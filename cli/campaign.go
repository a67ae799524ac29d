package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"creatordesk/internal/termtext"
	"creatordesk/outreach"
	"creatordesk/store"
)

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
				sayf(a.stdout, "added campaign %q", c.Name)
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
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", termtext.Quote(c.Name), c.Kind, commission, termtext.Quote(skus), starts)
				}
				return tw.Flush()
			})
		},
	}
	cmd.AddCommand(add, list)
	return cmd
}
