package cli

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"creatordesk/internal/process"
	"creatordesk/internal/termtext"
	"creatordesk/outreach/email"
	"creatordesk/store"
	"creatordesk/store/send"
)

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
		return send.Run(ctx, s, send.Options{Dial: dial, From: *from, Quota: a.cfg.Quota, Owner: process.Owner(), Alive: process.Alive, Now: a.now})
	}
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
					Dial: dial, From: *from, Quota: a.cfg.Quota, Limit: limit, Owner: process.Owner(), Alive: process.Alive, Now: a.now,
					Progress: func(o store.Outgoing, r email.Result) {
						why := ""
						if r.Reason != "" && r.Outcome != email.Sent {
							why = ": " + r.Reason
						}
						sayf(a.stdout, "%-7s @%s  %s → %s%s", r.Outcome, o.Handle, o.Purpose.Label(), o.ToAddr, why)
					},
				})
				a.printSendReport(rep, err)
				if rep.Paused != "" {
					sayf(a.stderr, "sending paused: %s", rep.Paused)
					fmt.Fprintln(a.stderr, "nothing more is sent until a send logs in; fix the username or password, then run 'creatordesk send' again")
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

// printSendReport says what a run did. The summary goes to stdout when
// the run went to the end or handed messages over; a run stopped before
// any (another send holds the queue, no connection, a refused login) says
// why on stderr alone, so a script reading stdout never takes it for a
// success.
func (a *app) printSendReport(r send.Report, err error) {
	switch {
	case (err == nil && r.Paused == "") || r.Total() > 0:
		fmt.Fprintf(a.stdout, "sent %d, retry later %d, failed %d, unknown %d", r.Sent, r.Retry, r.Failed, r.Unknown)
		if r.WaitingQuota > 0 {
			fmt.Fprintf(a.stdout, "; %d first invitations wait for quota", r.WaitingQuota)
		}
		if r.NoResponse > 0 {
			fmt.Fprintf(a.stdout, "; %d moved to no response", r.NoResponse)
		}
		fmt.Fprintln(a.stdout)
	case r.NoResponse > 0:
		fmt.Fprintf(a.stdout, "%d unanswered pipelines moved to no response\n", r.NoResponse)
	}
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
		fmt.Fprintf(tw, "#%d\t@%s\t%s\t%s\t%s\n", o.ID, termtext.Quote(o.Handle), o.Purpose.Label(), termtext.Quote(o.ToAddr), termtext.Quote(oneLineClip(o.Subject, 50)))
	}
	tw.Flush()
	fmt.Fprintf(a.stdout, "would send %d", len(due))
	if waiting > 0 {
		fmt.Fprintf(a.stdout, "; %d first invitations wait for quota", waiting)
	}
	fmt.Fprintln(a.stdout, " (dry run: nothing sent)")
	if !a.cfg.SMTP.Configured() {
		sayf(a.stderr, "email is not set up: add an [smtp] section to %s to send", a.resolveConfig())
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
