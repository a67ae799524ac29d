package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"creatordesk/outreach"
	"creatordesk/store"
)

func (a *app) queueCmd() *cobra.Command {
	var campaign, tier, sender, purpose string
	var approve, dm bool
	cmd := &cobra.Command{
		Use:   "queue [HANDLE...]",
		Short: "Queue invitations for creators, or for every prospect matching the filters",
		Long: `Queues an invitation, from the stored template for the creator's tier,
for each named creator, or, with no handles, for every prospect of the
campaign (filtered by --tier). A named creator's campaign is the one named
with --campaign, else their only one, else the default (one in several
needs --campaign); without handles, --campaign or the default campaign.
Do-not-contact creators, creators past prospect, creators with a message
already waiting and messages missing a value are held, with the reason. With email set up ([smtp] in the
configuration) creators with an address get email, the rest a DM (--dm for
DMs only). Queued messages wait for review in the dashboard (Queue screen);
--approve makes them ready for 'creatordesk send' at once. --purpose
sample_reminder or thank_you queues those messages to partners instead.
--sender sets the name messages are signed with.`,
		RunE: func(cmd *cobra.Command, handles []string) error {
			// Named creators go to the campaign the rule picks for each; a
			// campaign's prospects to that campaign.
			req := store.QueueRequest{Campaign: campaign, Handles: handles, ByRule: len(handles) > 0, Approve: approve, DM: dm}
			if tier != "" {
				t, err := outreach.ParseTier(tier)
				if err != nil {
					return usageError{err}
				}
				req.Tier = t
			}
			if purpose != "" {
				p, err := outreach.ParsePurpose(purpose)
				if err != nil {
					return usageError{err}
				}
				req.Purpose = p
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				if sender != "" {
					if _, err := s.SetSender(ctx, sender); err != nil {
						return err
					}
				}
				res, err := s.QueueMatching(ctx, req, nil)
				if ue := campaignUsage(err); ue != nil {
					return ue
				}
				if errors.Is(err, store.ErrNoSender) {
					return errors.New("no sender yet: add --sender \"Your Name\" (it is remembered)")
				}
				if err != nil {
					return err
				}
				queued, held := res.Queued, res.Held
				for i, h := range held {
					if i < 20 {
						sayf(a.stderr, "@%s: %s", h.Handle, h.Reason)
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
	cmd.Flags().StringVar(&campaign, "campaign", "", "campaign (with handles: each creator's only one, else the default; without: the default)")
	cmd.Flags().StringVar(&tier, "tier", "", "head or micro (only without handles)")
	cmd.Flags().StringVar(&sender, "sender", "", "the name invitations are signed with (remembered)")
	cmd.Flags().StringVar(&purpose, "purpose", "", "invitation (default), sample_reminder or thank_you")
	cmd.Flags().BoolVar(&approve, "approve", false, "ready to send at once, without review in the dashboard")
	cmd.Flags().BoolVar(&dm, "dm", false, "TikTok DMs even for creators with an email address")
	return cmd
}
