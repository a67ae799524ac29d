package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"creatordesk/outreach"
	"creatordesk/store"
)

func (a *app) stageCmd() *cobra.Command {
	var campaign, note, date string
	var correct bool
	cmd := &cobra.Command{
		Use:   "stage HANDLE STAGE",
		Short: "Move a creator through the pipeline",
		Long: `Moves a creator's pipeline in a campaign to STAGE, one of:
  ` + strings.Join(stageNames(), ", ") + `
The campaign is the one named with --campaign, else the creator's only
one, else (in none yet) the default campaign; a creator in several needs
--campaign, except to move to do_not_contact, which stops them all.
Moves are checked: a refused move says which moves are allowed. Every move is
written to the creator's history.

--correct puts a mistake right, with the reason as --note: it moves back
along the path, or out of do_not_contact, declined or no_response. The
funnel follows (the furthest stage becomes STAGE), messages that no longer
fit are called off, and out of do_not_contact the creator is cleared and
the campaigns that do-not-contact stopped go back to where they were.

--date YYYY-MM-DD records a move made on an earlier day (a sample shipped,
delivered, a video posted last week); not a day after today, nor one before
the pipeline's last move.`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			to, err := outreach.ParseStage(args[1])
			if err != nil {
				return usageError{err}
			}
			if correct && strings.TrimSpace(note) == "" {
				return usageError{errors.New("--correct needs the reason: --note REASON")}
			}
			var at time.Time
			if date != "" {
				if correct {
					return usageError{errors.New("--date is for moves; a correction is recorded when it is made")}
				}
				if at, err = outreach.ParsePastDate(date, a.now(), time.Local); err != nil {
					return usageError{fmt.Errorf("--date: %w", err)}
				}
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				res, err := s.MoveStage(ctx, store.Move{Handle: args[0], Campaign: campaign, To: to, Note: note, Source: "cli",
					At: at, Correct: correct})
				if err != nil {
					if err := campaignUsage(err); err != nil {
						return err
					}
					var me *outreach.MoveError
					if errors.As(err, &me) {
						if me.Correctable {
							return fmt.Errorf("@%s in %s: %w; if it was a mistake, correct it: use --correct --note REASON", res.Handle, res.Campaign, err)
						}
						return fmt.Errorf("@%s in %s: %w", res.Handle, res.Campaign, err)
					}
					return err
				}
				if correct {
					sayf(a.stdout, "@%s in %s: corrected %s → %s", res.Handle, res.Campaign, res.From, res.To)
				} else {
					sayf(a.stdout, "@%s in %s: %s → %s", res.Handle, res.Campaign, res.From, res.To)
				}
				if res.AlsoStopped > 0 {
					fmt.Fprintf(a.stdout, "also moved to do_not_contact in %s\n", outreach.Count(res.AlsoStopped, "other campaign", "other campaigns"))
				}
				if res.Restored > 0 {
					fmt.Fprintf(a.stdout, "no longer do_not_contact: %s back where they were\n", outreach.Count(res.Restored, "other campaign", "other campaigns"))
				}
				if res.CalledOff > 0 {
					fmt.Fprintf(a.stdout, "called off %s that no longer fit\n", outreach.Count(res.CalledOff, "waiting message", "waiting messages"))
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&campaign, "campaign", "", campaignFlagHelp)
	cmd.Flags().StringVar(&note, "note", "", "note for the history (for do_not_contact and --correct: the reason)")
	cmd.Flags().BoolVar(&correct, "correct", false, "correct a mistake: move back, or out of an exit (needs --note)")
	cmd.Flags().StringVar(&date, "date", "", "the day it happened, YYYY-MM-DD (default: today)")
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
