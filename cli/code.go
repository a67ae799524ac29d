package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"creatordesk/internal/termtext"
	"creatordesk/store"
)

func (a *app) codeCmd() *cobra.Command {
	var campaign string
	cmd := &cobra.Command{
		Use:   "code HANDLE...",
		Short: "Give micro creators their personal discount code now (before they partner)",
		Long: `Prints each micro creator's personal discount code in the campaign (named
with --campaign, else the creator's only one, else the default), giving
them one first if they have none: built from the handle (@anna_1 at 15% off
gets ANNA115), unique across the database. Partners get one on their own;
this is for naming the code in an invitation.`,
		Args: minimumArgs(1),
		RunE: func(cmd *cobra.Command, handles []string) error {
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				failed, misused := 0, 0
				for _, h := range handles {
					code, err := s.GiveDiscountCode(ctx, h, campaign)
					if ue := campaignUsage(err); ue != nil {
						sayf(a.stderr, "%v", ue)
						misused++
						continue
					}
					if err != nil {
						sayf(a.stderr, "%s: %v", h, err)
						failed++
						continue
					}
					fmt.Fprintf(a.stdout, "@%s\t%s\n", termtext.Quote(strings.TrimPrefix(h, "@")), code)
				}
				if misused > 0 {
					return exitError{exitUsage}
				}
				if failed > 0 {
					return exitError{exitFailure}
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&campaign, "campaign", "", campaignFlagHelp)
	return cmd
}
