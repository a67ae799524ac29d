package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"creatordesk/outreach"
	"creatordesk/store"
)

func (a *app) stageCmd() *cobra.Command {
	var campaign, note string
	cmd := &cobra.Command{
		Use:   "stage HANDLE STAGE",
		Short: "Move a creator through the pipeline",
		Long: `Moves a creator's pipeline in a campaign to STAGE, one of:
  ` + strings.Join(stageNames(), ", ") + `
The campaign is the one named with --campaign, else the creator's only
one, else (in none yet) the default campaign; a creator in several needs
--campaign, except to move to do_not_contact, which stops them all.
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
					if err := campaignUsage(err); err != nil {
						return err
					}
					var me *outreach.MoveError
					if errors.As(err, &me) {
						return fmt.Errorf("@%s in %s: %w", res.Handle, res.Campaign, err)
					}
					return err
				}
				sayf(a.stdout, "@%s in %s: %s → %s", res.Handle, res.Campaign, res.From, res.To)
				if res.AlsoStopped > 0 {
					fmt.Fprintf(a.stdout, "also moved to do_not_contact in %d other campaigns\n", res.AlsoStopped)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&campaign, "campaign", "", campaignFlagHelp)
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

// campaignFlagHelp describes --campaign on the commands that act on one
// creator's pipeline, where the campaign rule picks one unless named.
const campaignFlagHelp = "campaign (default: the creator's only one, else the default campaign)"

// campaignUsage turns the campaign rule's refusal (a creator in several
// campaigns, none named) into a usage error asking for --campaign; nil for
// any other error.
func campaignUsage(err error) error {
	var amb *store.AmbiguousCampaignError
	if !errors.As(err, &amb) {
		return nil
	}
	return usageError{fmt.Errorf("%w with --campaign", amb)}
}
