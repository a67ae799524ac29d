package send

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/mail"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"creatordesk/outreach"
	"creatordesk/outreach/email"
	"creatordesk/store"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) // a Monday

var from = mail.Address{Name: "Mia from Glow", Address: "mia@glow.example"}

type testClock struct{ t time.Time }

func (c *testClock) now() time.Time { return c.t }

// setup opens a store on a clock at t0 with the email channel, a campaign
// Glow, the sender Mia, and a micro creator per handle, whose address is
// handle@example.com unless addrs names another ("" for none).
func setup(t *testing.T, handles []string, addrs map[string]string) (*store.Store, *testClock) {
	t.Helper()
	ctx := context.Background()
	c := &testClock{t: t0}
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "send.db"), store.Options{Now: c.now, Email: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.CreateCampaign(ctx, outreach.Campaign{Name: "Glow", DefaultCommission: 1200}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetSender(ctx, "Mia"); err != nil {
		t.Fatal(err)
	}
	im, err := st.BeginImport(ctx, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := im.NextFile("test.csv"); err != nil {
		t.Fatal(err)
	}
	for i, h := range handles {
		addr, ok := addrs[h]
		if !ok {
			addr = h + "@example.com"
		}
		f := int64(5000)
		cr := outreach.Creator{Handle: h, DisplayName: strings.ToUpper(h[:1]) + h[1:], Email: addr, Followers: &f}
		if err := im.Add(outreach.CreatorRow{Line: i + 2, Creator: cr}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	return st, c
}

// queue queues first invitations in Glow.
func queue(t *testing.T, st *store.Store, req store.QueueRequest) {
	t.Helper()
	req.Campaign = "Glow"
	n, held, err := st.Queue(context.Background(), req)
	if err != nil || n != len(req.Handles) || len(held) != 0 {
		t.Fatalf("queue %v: %d, %v, %v", req.Handles, n, held, err)
	}
}

// invs returns every invitation by id, and the newest by handle.
func invs(t *testing.T, st *store.Store) ([]outreach.Invitation, map[string]outreach.Invitation) {
	t.Helper()
	p, err := st.Invitations(context.Background(), store.InvitationQuery{Limit: store.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	last := map[string]outreach.Invitation{}
	for _, inv := range p.Invitations {
		last[inv.Handle] = inv
	}
	return p.Invitations, last
}

func statusOf(t *testing.T, st *store.Store, id int64) outreach.Invitation {
	t.Helper()
	inv, err := st.Invitation(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// fakeServer scripts a mail server: the n-th Send (1-based, across
// connections) gets results[n-1], Sent beyond; the n-th Dial fails with
// dialErrs[n-1] when that is set. A connection breaks after Unknown or a
// Retry for a lost connection, as an *email.Session does.
type fakeServer struct {
	t        *testing.T
	results  []email.Result
	dialErrs []error
	onSend   func(n int) // called during the n-th Send

	dials, closes int
	msgs          []email.Message
}

func (f *fakeServer) dial(ctx context.Context) (Mailer, error) {
	f.dials++
	if f.dials <= len(f.dialErrs) && f.dialErrs[f.dials-1] != nil {
		return nil, f.dialErrs[f.dials-1]
	}
	return &fakeMailer{f: f}, nil
}

type fakeMailer struct {
	f              *fakeServer
	broken, closed bool
}

func (m *fakeMailer) Send(ctx context.Context, msg email.Message) email.Result {
	if m.broken || m.closed {
		m.f.t.Errorf("Send to @%s on a broken or closed connection", msg.ToAddr)
		return email.Result{Outcome: email.Retry, Reason: "closed"}
	}
	m.f.msgs = append(m.f.msgs, msg)
	n := len(m.f.msgs)
	res := email.Result{Outcome: email.Sent, Reason: "250 2.0.0 ok"}
	if n <= len(m.f.results) {
		res = m.f.results[n-1]
	}
	if m.f.onSend != nil {
		m.f.onSend(n)
	}
	if res.Outcome == email.Unknown || res.Outcome == email.Retry && strings.HasPrefix(res.Reason, "connection") {
		m.broken = true
	}
	return res
}

func (m *fakeMailer) Broken() bool { return m.broken || m.closed }

func (m *fakeMailer) Close() error {
	if !m.closed {
		m.closed = true
		m.f.closes++
	}
	return nil
}

func opts(f *fakeServer) Options {
	return Options{Dial: f.dial, From: from, Owner: "test run", Now: func() time.Time { return t0.Add(time.Minute) }}
}

// holdFree fails unless the run let go of the queue.
func holdFree(t *testing.T, st *store.Store) {
	t.Helper()
	r, _, err := st.StartSendRun(context.Background(), "checker", func(string) bool { return true })
	if err != nil {
		t.Fatalf("the run kept the queue: %v", err)
	}
	r.End(context.Background())
}

func TestRunSendsEverythingDue(t *testing.T) {
	st, _ := setup(t, []string{"anna", "bo", "cy", "dee", "eve"}, nil)
	ctx := context.Background()
	queue(t, st, store.QueueRequest{Handles: []string{"anna", "bo", "cy"}, Approve: true})
	queue(t, st, store.QueueRequest{Handles: []string{"dee"}, Approve: true, DM: true}) // sent by hand
	queue(t, st, store.QueueRequest{Handles: []string{"eve"}})                          // not reviewed
	_, before := invs(t, st)
	f := &fakeServer{t: t}
	o := opts(f)
	var progress []string
	o.Progress = func(out store.Outgoing, r email.Result) {
		progress = append(progress, out.Handle+" "+string(r.Outcome))
	}
	rep, err := Run(ctx, st, o)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sent != 3 || rep.Total() != 3 || rep.Recovered != 0 || rep.Paused != "" || rep.WaitingQuota != 0 {
		t.Errorf("report %+v", rep)
	}
	if f.dials != 1 || f.closes != 1 {
		t.Errorf("%d dials, %d closes; want one connection, closed", f.dials, f.closes)
	}
	if strings.Join(progress, ", ") != "anna sent, bo sent, cy sent" {
		t.Errorf("progress %v", progress)
	}
	if len(f.msgs) != 3 {
		t.Fatalf("%d messages handed over", len(f.msgs))
	}
	for i, h := range []string{"anna", "bo", "cy"} {
		m, inv := f.msgs[i], before[h]
		if m.From != from || m.ToAddr != h+"@example.com" || m.ToName != strings.ToUpper(h[:1])+h[1:] ||
			m.Subject != "A free sample for you: Glow" || m.Subject != inv.Subject || m.Body != inv.Body ||
			!strings.HasPrefix(m.Body, "Hi "+m.ToName+",") || !m.Date.Equal(t0.Add(time.Minute)) {
			t.Errorf("message %d: %+v", i, m)
		}
		if !strings.Contains(m.MessageID, fmt.Sprintf("creatordesk.%d.", inv.ID)) || !strings.HasSuffix(m.MessageID, "@glow.example>") ||
			m.MessageID != email.MessageID(inv.ID, inv.CreatedAt, from.Address) {
			t.Errorf("message %d: Message-ID %q for row #%d", i, m.MessageID, inv.ID)
		}
		got := statusOf(t, st, inv.ID)
		if got.Status != outreach.InvitationSent || got.Stage != outreach.Invited || !got.SentAt.Equal(t0) {
			t.Errorf("@%s: %s %s %v", h, got.Status, got.Stage, got.SentAt)
		}
	}
	_, after := invs(t, st)
	for _, h := range []string{"anna", "bo", "cy"} {
		if fu := after[h]; fu.Purpose != outreach.PurposeFollowUp1 || fu.Status != outreach.InvitationApproved || fu.Channel != outreach.ChannelEmail {
			t.Errorf("@%s follow-up %s %s %s", h, fu.Purpose, fu.Status, fu.Channel)
		}
	}
	if after["dee"].Status != outreach.InvitationApproved || after["eve"].Status != outreach.InvitationQueued {
		t.Errorf("dee %s, eve %s: not for the engine", after["dee"].Status, after["eve"].Status)
	}
	holdFree(t, st)
}

func TestRunCountsOutcomes(t *testing.T) {
	st, _ := setup(t, []string{"anna", "bo", "cy", "dee"}, nil)
	queue(t, st, store.QueueRequest{Handles: []string{"anna", "bo", "cy", "dee"}, Approve: true})
	_, before := invs(t, st)
	f := &fakeServer{t: t, results: []email.Result{
		{Outcome: email.Sent, Reason: "250 ok"},
		{Outcome: email.Failed, Reason: "email server refused the recipient: 550 5.1.1 no such user"},
		{Outcome: email.Retry, Reason: "email server refused the recipient: 450 4.2.1 mailbox busy"},
		{Outcome: email.Unknown, Reason: "connection lost after the message data"},
	}}
	rep, err := Run(context.Background(), st, opts(f))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sent != 1 || rep.Failed != 1 || rep.Retry != 1 || rep.Unknown != 1 || rep.Total() != 4 {
		t.Errorf("report %+v", rep)
	}
	want := map[string]struct {
		status   outreach.InvitationStatus
		reason   string
		attempts int
	}{
		"anna": {outreach.InvitationSent, "", 0},
		"bo":   {outreach.InvitationFailed, "email server refused the recipient: 550 5.1.1 no such user", 1},
		"cy":   {outreach.InvitationRetryWait, "email server refused the recipient: 450 4.2.1 mailbox busy", 1},
		"dee":  {outreach.InvitationUnknown, "connection lost after the message data", 1},
	}
	for h, w := range want {
		got := statusOf(t, st, before[h].ID)
		if got.Status != w.status || got.Reason != w.reason || got.Attempts != w.attempts {
			t.Errorf("@%s: %s %q %d, want %s %q %d", h, got.Status, got.Reason, got.Attempts, w.status, w.reason, w.attempts)
		}
	}
	if len(f.msgs) != 4 {
		t.Errorf("%d handed over: the retry went twice in one run?", len(f.msgs))
	}
}

func TestRunLimit(t *testing.T) {
	handles := []string{"anna", "bo", "cy", "dee", "eve"}
	st, _ := setup(t, handles, nil)
	queue(t, st, store.QueueRequest{Handles: handles, Approve: true})
	f := &fakeServer{t: t}
	o := opts(f)
	o.Limit = 2
	rep, err := Run(context.Background(), st, o)
	if err != nil || rep.Sent != 2 || len(f.msgs) != 2 {
		t.Fatalf("limit 2: %+v, %d handed over, %v", rep, len(f.msgs), err)
	}
	counts, _ := st.CountInvitations(context.Background(), "Glow")
	if counts[outreach.InvitationApproved] != 3+2 || counts[outreach.InvitationSent] != 2 { // 3 waiting + 2 follow-ups
		t.Errorf("after limit 2: %v", counts)
	}
	o.Limit = 0
	rep, err = Run(context.Background(), st, o)
	if err != nil || rep.Sent != 3 || len(f.msgs) != 5 {
		t.Errorf("no limit: %+v, %d handed over in all, %v", rep, len(f.msgs), err)
	}
	holdFree(t, st)
}

func TestRunDoesNotDialWhenNothingIsDue(t *testing.T) {
	st, c := setup(t, []string{"anna", "bo", "cy"}, nil)
	ctx := context.Background()
	queue(t, st, store.QueueRequest{Handles: []string{"anna"}})                        // not approved
	queue(t, st, store.QueueRequest{Handles: []string{"bo"}, Approve: true, DM: true}) // a DM
	queue(t, st, store.QueueRequest{Handles: []string{"cy"}, Approve: true})
	_, last := invs(t, st)
	if err := st.MarkSent(ctx, last["cy"].ID, time.Time{}); err != nil { // follow-up due in 3 days
		t.Fatal(err)
	}
	dial := func(context.Context) (Mailer, error) {
		t.Error("dialled with nothing due")
		return nil, errors.New("no")
	}
	rep, err := Run(ctx, st, Options{Dial: dial, From: from, Owner: "test", Now: c.now})
	if err != nil || rep.Total() != 0 {
		t.Errorf("%+v %v", rep, err)
	}
	// With everything due held back by the quota, it does not dial either.
	c.t = t0.Add(time.Hour)
	if err := st.SetInvitationStatus(ctx, last["anna"].ID, outreach.InvitationApproved); err != nil {
		t.Fatal(err)
	}
	rep, err = Run(ctx, st, Options{Dial: dial, From: from, Owner: "test", Now: c.now, Quota: outreach.Quota{Weekly: 1, Reset: time.Sunday}})
	if err != nil || rep.Total() != 0 || rep.WaitingQuota != 1 {
		t.Errorf("quota used up: %+v %v", rep, err)
	}
}

func TestRunPausesOnRefusedLogin(t *testing.T) {
	st, c := setup(t, []string{"anna", "bo"}, nil)
	ctx := context.Background()
	queue(t, st, store.QueueRequest{Handles: []string{"anna", "bo"}, Approve: true})
	c.t = t0.Add(time.Hour)
	refusal := &email.AuthError{Msg: "email server smtp.example:587 refused the login for mia: 535 5.7.8 bad credentials"}
	f := &fakeServer{t: t, dialErrs: []error{refusal}}
	rep, err := Run(ctx, st, opts(f))
	if err != nil {
		t.Fatalf("a refused login is no error: %v", err)
	}
	if rep.Paused != refusal.Msg || rep.Total() != 0 || f.dials != 1 {
		t.Errorf("report %+v after %d dials", rep, f.dials)
	}
	all, _ := invs(t, st)
	for _, inv := range all {
		if inv.Status != outreach.InvitationApproved || inv.Attempts != 0 || inv.Reason != "" {
			t.Errorf("@%s after the refused login: %s %d %q", inv.Handle, inv.Status, inv.Attempts, inv.Reason)
		}
	}
	why, since, err := st.SendingPaused(ctx)
	if err != nil || why != refusal.Msg || !since.Equal(c.t) {
		t.Errorf("paused %q since %v (%v)", why, since, err)
	}
	holdFree(t, st)

	// Another failure to connect is an error, and no pause of its own.
	f.dialErrs = append(f.dialErrs, errors.New("connect to email server smtp.example:587: connection refused"))
	if _, err := Run(ctx, st, opts(f)); err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("unreachable server: %v", err)
	}
	if why, _, _ := st.SendingPaused(ctx); why != refusal.Msg {
		t.Errorf("pause after another failure: %q", why)
	}
	// The login works again: the pause clears and everything goes.
	rep, err = Run(ctx, st, opts(f))
	if err != nil || rep.Sent != 2 || rep.Paused != "" {
		t.Errorf("after the fix: %+v %v", rep, err)
	}
	if why, _, _ := st.SendingPaused(ctx); why != "" {
		t.Errorf("still paused: %q", why)
	}
}

// A server that wants a login refuses every message alike: the run pauses
// and gives the message back untouched.
func TestRunPausesWhenTheServerWantsALogin(t *testing.T) {
	st, c := setup(t, []string{"anna", "bo", "cy"}, nil)
	ctx := context.Background()
	queue(t, st, store.QueueRequest{Handles: []string{"anna", "bo", "cy"}, Approve: true})
	_, before := invs(t, st)
	c.t = t0.Add(time.Hour)
	f := &fakeServer{t: t, results: []email.Result{
		{Outcome: email.Sent, Reason: "250 ok"},
		{Outcome: email.Failed, Reason: "email server refused the sender: 530 5.7.0 Authentication required", NeedsLogin: true},
	}}
	rep, err := Run(ctx, st, opts(f))
	if err != nil {
		t.Fatalf("a server wanting a login is no error: %v", err)
	}
	if rep.Sent != 1 || rep.Failed != 0 || len(f.msgs) != 2 || !strings.Contains(rep.Paused, "530 5.7.0 Authentication required") {
		t.Errorf("report %+v, %d handed over", rep, len(f.msgs))
	}
	for _, h := range []string{"bo", "cy"} {
		if got := statusOf(t, st, before[h].ID); got.Status != outreach.InvitationApproved || got.Attempts != 0 || got.Reason != "" {
			t.Errorf("@%s: %s, %d attempts, %q; want approved and untouched", h, got.Status, got.Attempts, got.Reason)
		}
	}
	if why, since, _ := st.SendingPaused(ctx); why != rep.Paused || !since.Equal(c.t) {
		t.Errorf("paused %q since %v", why, since)
	}
	holdFree(t, st)
}

func TestRunRedialsABrokenConnection(t *testing.T) {
	st, _ := setup(t, []string{"anna", "bo", "cy", "dee"}, nil)
	queue(t, st, store.QueueRequest{Handles: []string{"anna", "bo", "cy", "dee"}, Approve: true})
	_, before := invs(t, st)
	f := &fakeServer{t: t, results: []email.Result{
		{Outcome: email.Unknown, Reason: "connection lost after the message data"},
		{Outcome: email.Sent, Reason: "250 ok"},
		{Outcome: email.Retry, Reason: "connection to 127.0.0.1:25 lost before the message data was sent (EOF): safe to send again"},
		{Outcome: email.Sent, Reason: "250 ok"},
	}}
	rep, err := Run(context.Background(), st, opts(f))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unknown != 1 || rep.Sent != 2 || rep.Retry != 1 || f.dials < 3 || f.closes != f.dials {
		t.Errorf("report %+v, %d dials, %d closes", rep, f.dials, f.closes)
	}
	if got := statusOf(t, st, before["cy"].ID); got.Status != outreach.InvitationRetryWait || got.Attempts != 1 {
		t.Errorf("cy: %s, %d attempts", got.Status, got.Attempts)
	}
}

func TestRunGivesUpAfterThreeRedials(t *testing.T) {
	handles := []string{"anna", "bo", "cy", "dee", "eve", "finn"}
	st, _ := setup(t, handles, nil)
	queue(t, st, store.QueueRequest{Handles: handles, Approve: true})
	var results []email.Result
	for range handles {
		results = append(results, email.Result{Outcome: email.Unknown, Reason: "connection lost after the message data"})
	}
	f := &fakeServer{t: t, results: results}
	rep, err := Run(context.Background(), st, opts(f))
	if err == nil || !strings.Contains(err.Error(), "lost 4 times") {
		t.Errorf("error %v, want the connection lost 4 times", err)
	}
	if f.dials != 4 || rep.Unknown != 4 || f.closes != 4 {
		t.Errorf("%d dials, %d closes, report %+v; want 4 connections, 4 unknown", f.dials, f.closes, rep)
	}
	counts, _ := st.CountInvitations(context.Background(), "Glow")
	if counts[outreach.InvitationUnknown] != 4 || counts[outreach.InvitationApproved] != 2 || counts[outreach.InvitationSending] != 0 {
		t.Errorf("after giving up: %v", counts)
	}
	holdFree(t, st)
}

func TestRunStopsWhenCancelled(t *testing.T) {
	st, _ := setup(t, []string{"anna", "bo", "cy"}, nil)
	queue(t, st, store.QueueRequest{Handles: []string{"anna", "bo", "cy"}, Approve: true})
	_, before := invs(t, st)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &fakeServer{t: t, results: []email.Result{
		{Outcome: email.Sent, Reason: "250 ok"},
		{Outcome: email.Retry, Reason: "cancelled before the message data was sent"},
	}}
	f.onSend = func(n int) {
		if n == 2 {
			cancel() // ^C while bo's message is in hand
		}
	}
	rep, err := Run(ctx, st, opts(f))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if rep.Sent != 1 || rep.Retry != 0 || len(f.msgs) != 2 {
		t.Errorf("report %+v, %d handed over", rep, len(f.msgs))
	}
	bo := statusOf(t, st, before["bo"].ID)
	if bo.Status != outreach.InvitationApproved || bo.Attempts != 0 || !bo.DueAt.Equal(before["bo"].DueAt) {
		t.Errorf("bo, released: %s, %d attempts, due %v", bo.Status, bo.Attempts, bo.DueAt)
	}
	if cy := statusOf(t, st, before["cy"].ID); cy.Status != outreach.InvitationApproved {
		t.Errorf("cy: %s", cy.Status)
	}
	if f.closes != f.dials {
		t.Errorf("%d dials, %d closes", f.dials, f.closes)
	}
	holdFree(t, st)
	// Nothing went; the next run sends both.
	f.onSend = nil
	rep, err = Run(context.Background(), st, opts(f))
	if err != nil || rep.Sent != 2 {
		t.Errorf("next run %+v %v", rep, err)
	}
}

// A run killed mid-hand-over leaves its message sending; the next run
// marks it unknown and sends the rest.
func TestRunRecoversAfterACrash(t *testing.T) {
	st, _ := setup(t, []string{"anna", "bo"}, nil)
	ctx := context.Background()
	queue(t, st, store.QueueRequest{Handles: []string{"anna", "bo"}, Approve: true})
	killed, _, err := st.StartSendRun(ctx, "pid 1", nil)
	if err != nil {
		t.Fatal(err)
	}
	o, err := killed.Claim(ctx, outreach.Quota{})
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeServer{t: t}
	opt := opts(f)
	opt.Alive = func(string) bool { return false }
	rep, err := Run(ctx, st, opt)
	if err != nil || rep.Recovered != 1 || rep.Sent != 1 || len(f.msgs) != 1 || f.msgs[0].ToAddr != "bo@example.com" {
		t.Fatalf("report %+v, %d handed over, %v", rep, len(f.msgs), err)
	}
	if got := statusOf(t, st, o.ID); got.Status != outreach.InvitationUnknown || !strings.Contains(got.Reason, "may have been delivered") {
		t.Errorf("anna: %s %q", got.Status, got.Reason)
	}
}

// The crashed run's message was the last one due: the next run must still
// recover it, or it stays "sending" (untouchable by hand) for ever.
func TestRunRecoversACrashWithNothingElseDue(t *testing.T) {
	st, _ := setup(t, []string{"anna"}, nil)
	ctx := context.Background()
	queue(t, st, store.QueueRequest{Handles: []string{"anna"}, Approve: true})
	killed, _, err := st.StartSendRun(ctx, "pid 1", nil)
	if err != nil {
		t.Fatal(err)
	}
	o, err := killed.Claim(ctx, outreach.Quota{})
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeServer{t: t}
	opt := opts(f)
	opt.Alive = func(string) bool { return false }
	rep, err := Run(ctx, st, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := statusOf(t, st, o.ID); rep.Recovered != 1 || got.Status != outreach.InvitationUnknown {
		t.Errorf("recovered %d; anna's message is %s, want unknown", rep.Recovered, got.Status)
	}
	if len(f.msgs) != 0 {
		t.Errorf("%d handed over", len(f.msgs))
	}
}

func TestRunHonoursAnotherLiveSender(t *testing.T) {
	st, _ := setup(t, []string{"anna"}, nil)
	ctx := context.Background()
	queue(t, st, store.QueueRequest{Handles: []string{"anna"}, Approve: true})
	other, _, err := st.StartSendRun(ctx, "pid 1", nil)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeServer{t: t}
	opt := opts(f)
	opt.Alive = func(string) bool { return true }
	_, err = Run(ctx, st, opt)
	var running *store.ErrSendRunning
	if !errors.As(err, &running) || running.Owner != "pid 1" || f.dials != 0 {
		t.Errorf("%v after %d dials, want *store.ErrSendRunning before any", err, f.dials)
	}
	other.End(ctx)
	if rep, err := Run(ctx, st, opt); err != nil || rep.Sent != 1 {
		t.Errorf("after the other ended: %+v %v", rep, err)
	}
}

func TestRunWaitingQuota(t *testing.T) {
	handles := []string{"n1", "n2", "n3", "n4", "n5"}
	for _, limit := range []int{0, 1} {
		t.Run(fmt.Sprintf("limit %d", limit), func(t *testing.T) {
			st, _ := setup(t, handles, nil)
			queue(t, st, store.QueueRequest{Handles: handles, Approve: true})
			f := &fakeServer{t: t}
			o := opts(f)
			o.Quota = outreach.Quota{Weekly: 3, Reset: time.Sunday}
			o.Limit = limit
			rep, err := Run(context.Background(), st, o)
			wantSent := 3
			if limit > 0 {
				wantSent = limit
			}
			if err != nil || rep.Sent != wantSent || rep.WaitingQuota != 2 {
				t.Errorf("sent %d, %d waiting for quota (%v); want %d, 2", rep.Sent, rep.WaitingQuota, err, wantSent)
			}
		})
	}
}

// smtpServer is a real SMTP server in-process. What it does with a
// message depends on the recipient's local part: gone (550 at RCPT), drop
// (hangs up after reading the data); anything else is accepted.
type smtpServer struct {
	needLogin bool // 530 to every MAIL

	mu    sync.Mutex
	rcpts []string
	got   []smtpMessage
}

type smtpMessage struct {
	from, to string
	data     string
}

func (b *smtpServer) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &smtpSession{b: b, conn: c}, nil
}

type smtpSession struct {
	b        *smtpServer
	conn     *smtp.Conn
	from, to string
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.b.needLogin {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	s.from = from
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.b.mu.Lock()
	s.b.rcpts = append(s.b.rcpts, to)
	s.b.mu.Unlock()
	if strings.HasPrefix(to, "gone@") {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "mailbox unavailable"}
	}
	s.to = to
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if strings.HasPrefix(s.to, "drop@") {
		s.conn.Conn().Close()
		return errors.New("hung up")
	}
	s.b.mu.Lock()
	s.b.got = append(s.b.got, smtpMessage{s.from, s.to, string(data)})
	s.b.mu.Unlock()
	return nil
}

func (s *smtpSession) Reset()        { s.from, s.to = "", "" }
func (s *smtpSession) Logout() error { return nil }

func (b *smtpServer) seen() ([]string, []smtpMessage) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.rcpts...), append([]smtpMessage(nil), b.got...)
}

func serveSMTP(t *testing.T, b *smtpServer) email.Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return email.Server{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port, Security: email.None, Timeout: 3 * time.Second}
}

func TestRunThroughSMTPNeedsLogin(t *testing.T) {
	st, _ := setup(t, []string{"anna", "bo"}, nil)
	ctx := context.Background()
	queue(t, st, store.QueueRequest{Handles: []string{"anna", "bo"}, Approve: true})
	server := serveSMTP(t, &smtpServer{needLogin: true})
	opt := Options{From: from, Owner: "test", Now: func() time.Time { return t0 },
		Dial: func(ctx context.Context) (Mailer, error) {
			sess, err := email.Dial(ctx, server)
			if err != nil {
				return nil, err
			}
			return sess, nil
		}}
	rep, err := Run(ctx, st, opt)
	if err != nil || rep.Paused == "" || rep.Total() != 0 {
		t.Errorf("report %+v, %v; want paused, nothing tried", rep, err)
	}
	all, _ := invs(t, st)
	for _, inv := range all {
		if inv.Status != outreach.InvitationApproved || inv.Attempts != 0 {
			t.Errorf("@%s: %s, %d attempts", inv.Handle, inv.Status, inv.Attempts)
		}
	}
	if why, _, _ := st.SendingPaused(ctx); why == "" {
		t.Error("not paused")
	}
}

func TestRunThroughSMTP(t *testing.T) {
	handles := []string{"anna", "gone", "drop", "bo", "cy", "late"}
	st, _ := setup(t, handles, nil)
	ctx := context.Background()
	queue(t, st, store.QueueRequest{Handles: handles[:5], Approve: true})
	_, before := invs(t, st)
	b := &smtpServer{}
	server := serveSMTP(t, b)
	dials := 0
	opt := Options{From: from, Owner: "test", Now: func() time.Time { return t0 },
		Dial: func(ctx context.Context) (Mailer, error) {
			dials++
			sess, err := email.Dial(ctx, server)
			if err != nil {
				return nil, err
			}
			return sess, nil
		}}
	rep, err := Run(ctx, st, opt)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sent != 3 || rep.Failed != 1 || rep.Unknown != 1 || rep.Retry != 0 {
		t.Errorf("report %+v", rep)
	}
	rcpts, got := b.seen()
	if len(got) != 3 {
		t.Fatalf("the server took %d messages, want 3", len(got))
	}
	for i, h := range []string{"anna", "bo", "cy"} {
		m, inv := got[i], before[h]
		if m.from != from.Address || m.to != h+"@example.com" ||
			!strings.Contains(m.data, "Subject: A free sample for you: Glow\r\n") ||
			!strings.Contains(m.data, "Message-ID: "+email.MessageID(inv.ID, inv.CreatedAt, from.Address)+"\r\n") ||
			!strings.Contains(m.data, "Hi "+strings.ToUpper(h[:1])+h[1:]+",") {
			t.Errorf("message %d to %s:\n%s", i, m.to, m.data)
		}
		sent := statusOf(t, st, inv.ID)
		if sent.Status != outreach.InvitationSent || sent.Stage != outreach.Invited {
			t.Errorf("@%s: %s %s", h, sent.Status, sent.Stage)
		}
	}
	_, last := invs(t, st)
	for _, h := range []string{"anna", "bo", "cy"} {
		if fu := last[h]; fu.Purpose != outreach.PurposeFollowUp1 || fu.Status != outreach.InvitationApproved ||
			fu.ToAddr != h+"@example.com" || !fu.DueAt.Equal(t0.AddDate(0, 0, 3)) {
			t.Errorf("@%s follow-up %+v", h, fu)
		}
	}
	gone := statusOf(t, st, before["gone"].ID)
	if gone.Status != outreach.InvitationFailed || !strings.Contains(gone.Reason, "550 5.1.1 mailbox unavailable") ||
		gone.Stage != outreach.Prospect {
		t.Errorf("gone: %s %q %s", gone.Status, gone.Reason, gone.Stage)
	}
	drop := statusOf(t, st, before["drop"].ID)
	if drop.Status != outreach.InvitationUnknown || !strings.Contains(drop.Reason, "may have been delivered") {
		t.Errorf("drop: %s %q", drop.Status, drop.Reason)
	}
	if dials < 2 {
		t.Errorf("%d dials: the dropped connection was not replaced", dials)
	}
	if n := strings.Count(strings.Join(rcpts, " "), "drop@example.com"); n != 1 {
		t.Errorf("drop@ got %d RCPTs", n)
	}

	// The next run sends what is new, never the unknown one.
	queue(t, st, store.QueueRequest{Handles: []string{"late"}, Approve: true})
	rep, err = Run(ctx, st, opt)
	if err != nil || rep.Sent != 1 || rep.Total() != 1 {
		t.Errorf("second run %+v %v", rep, err)
	}
	rcpts, got = b.seen()
	if len(got) != 4 || got[3].to != "late@example.com" {
		t.Errorf("second run delivered %d in all", len(got))
	}
	if n := strings.Count(strings.Join(rcpts, " "), "drop@example.com"); n != 1 {
		t.Errorf("drop@ got %d RCPTs after the second run: the unknown message was resent", n)
	}
	if got := statusOf(t, st, before["drop"].ID); got.Status != outreach.InvitationUnknown {
		t.Errorf("drop after the second run: %s", got.Status)
	}
}
