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
					if ue := campaignUsage(err); ue != nil {
						return ue
					}
					if errors.Is(err, store.ErrNoSender) {
						return errors.New("no sender yet: add --sender \"Your Name\" (it is remembered)")
					}
					queued += n
					held = append(held, h...)
					return err
				}
				if len(handles) > 0 {
					req.ByRule = true
					if err := queue(handles); err != nil {
						return err
					}
				} else {
					req.Campaign = q.Campaign // a campaign's prospects, not each creator's own
					// Page through the creators at the stages the purpose is
					// for; each page queues in one transaction. Queueing
					// leaves the stage, so paging goes by key, never by offset.
					for _, st := range req.Purpose.Stages() {
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
