// Package send hands the email that is due to an SMTP server, at most once
// per message: the store claims each message before the server hears of
// it and records the server's answer after (see store.SendRun).
package send

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"time"

	"creatordesk/outreach"
	"creatordesk/outreach/email"
	"creatordesk/store"
)

// Mailer is an open connection to the mail server (*email.Session).
type Mailer interface {
	Send(ctx context.Context, m email.Message) email.Result
	Broken() bool
	Close() error
}

// Options say how a run sends.
type Options struct {
	// Dial opens a connection; a *email.AuthError pauses the queue.
	Dial func(ctx context.Context) (Mailer, error)
	From mail.Address
	// Quota limits first invitations to new creators.
	Quota outreach.Quota
	// Limit stops the run after this many messages handed over; 0 is no
	// limit.
	Limit int
	// Owner names this sender for the one-sender-at-a-time hold; Alive
	// says whether another holder still lives.
	Owner string
	Alive func(owner string) bool
	// Progress, if set, hears of each message as it is done.
	Progress func(store.Outgoing, email.Result)
	// Now is the clock for the Date header; nil is the store's.
	Now func() time.Time
}

// Report says what a run did.
type Report struct {
	Sent, Retry, Failed, Unknown int
	// Recovered are messages an earlier, killed run left mid-hand-over,
	// now unknown.
	Recovered int
	// NoResponse are pipelines closed because their follow-ups went
	// unanswered.
	NoResponse int
	// WaitingQuota are first invitations due that the quota holds back.
	WaitingQuota int
	// Paused is why the run stopped as a whole (a refused login); "" if
	// it did not.
	Paused string
}

// Total is how many messages were handed over or tried.
func (r Report) Total() int { return r.Sent + r.Retry + r.Failed + r.Unknown }

// maxRedials bounds reconnecting within one run after lost connections.
const maxRedials = 3

// Run closes sequences that went unanswered, then sends the email that is
// due until none is, the limit is reached or ctx ends. A refused login
// pauses sending (store.PauseSending) and returns the report with Paused
// set and no error.
func Run(ctx context.Context, st *store.Store, opt Options) (Report, error) {
	var rep Report
	if opt.Now == nil {
		opt.Now = st.Now
	}
	n, err := st.CloseUnanswered(ctx)
	if err != nil {
		return rep, err
	}
	rep.NoResponse = n
	// Taking the queue also recovers what a killed run left mid-hand-over,
	// even when nothing else is due.
	run, recovered, err := st.StartSendRun(ctx, opt.Owner, opt.Alive)
	if err != nil {
		return rep, err
	}
	defer run.End(context.Background())
	rep.Recovered = recovered

	var m Mailer
	defer func() {
		if m != nil {
			m.Close()
		}
	}()
	dials := 0
	for (opt.Limit <= 0 || rep.Total() < opt.Limit) && ctx.Err() == nil {
		// Claim before connecting: no connection is opened for nothing.
		o, err := run.Claim(ctx, opt.Quota)
		if errors.Is(err, store.ErrNothingDue) {
			break
		}
		if err != nil {
			return rep, err
		}
		if m == nil || m.Broken() {
			if m != nil {
				m.Close()
				m = nil
			}
			if dials++; dials > maxRedials+1 {
				err = fmt.Errorf("the connection to the mail server was lost %d times: stopped", dials-1)
			} else if m, err = opt.Dial(ctx); err != nil {
				m = nil
			}
			if err != nil {
				if rerr := run.Release(context.Background(), o.ID); rerr != nil {
					return rep, rerr
				}
				var ae *email.AuthError
				if errors.As(err, &ae) {
					rep.Paused = ae.Error()
					return rep, st.PauseSending(ctx, ae.Error())
				}
				return rep, err
			}
			if err := st.ResumeSending(ctx); err != nil {
				return rep, err
			}
		}
		// The message in hand is finished even when the run is stopped:
		// cutting it off could leave it delivered yet unrecorded.
		res := m.Send(context.WithoutCancel(ctx), email.Message{
			From: opt.From, ToName: o.ToName, ToAddr: o.ToAddr, Subject: o.Subject, Body: o.Body,
			MessageID: email.MessageID(o.ID, o.CreatedAt, opt.From.Address), Date: opt.Now(),
		})
		if res.NeedsLogin {
			// The server wants a login: every message would meet this.
			if err := run.Release(context.Background(), o.ID); err != nil {
				return rep, err
			}
			rep.Paused = "the email server wants a login: set smtp.username and the password (" + res.Reason + ")"
			return rep, st.PauseSending(ctx, rep.Paused)
		}
		if res.Outcome == email.Retry && ctx.Err() != nil {
			// Stopped before the server took anything: not a failed try.
			if err := run.Release(context.Background(), o.ID); err != nil {
				return rep, err
			}
			break
		}
		if err := run.Finish(context.Background(), o.ID, store.Outcome(res.Outcome), res.Reason); err != nil {
			return rep, fmt.Errorf("@%s: %s, but recording it failed: %w", o.Handle, res.Outcome, err)
		}
		switch res.Outcome {
		case email.Sent:
			rep.Sent++
		case email.Retry:
			rep.Retry++
		case email.Failed:
			rep.Failed++
		case email.Unknown:
			rep.Unknown++
		}
		if opt.Progress != nil {
			opt.Progress(o, res)
		}
	}
	_, waiting, err := st.EmailDue(ctx, opt.Quota, st.Now(), 0)
	if err != nil && ctx.Err() == nil {
		return rep, err
	}
	rep.WaitingQuota = waiting
	return rep, ctx.Err()
}
