package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

// sndCreator is a micro creator (5,000 followers) with an email address
// (none when addr is ""); a handle starting "head" makes a head creator.
// The display name is the handle, capitalised.
func sndCreator(handle, addr string) outreach.Creator {
	f := int64(5000)
	if strings.HasPrefix(handle, "head") {
		f = 900_000
	}
	return outreach.Creator{Handle: handle, DisplayName: strings.ToUpper(handle[:1]) + handle[1:], Email: addr, Followers: &f}
}

// sndSetup opens a store with opt on a clock at t0 (unless opt has one),
// with a campaign "Glow" (12% commission), the sender "Mia" and the
// creators.
func sndSetup(t *testing.T, opt Options, creators ...outreach.Creator) (*Store, *clock) {
	t.Helper()
	ctx := context.Background()
	c := &clock{t: t0}
	if opt.Now == nil {
		opt.Now = c.now
	}
	s, err := Open(ctx, filepath.Join(t.TempDir(), "snd.db"), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Glow", DefaultCommission: 1200}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetSender(ctx, "Mia"); err != nil {
		t.Fatal(err)
	}
	var rows []outreach.CreatorRow
	for i, cr := range creators {
		rows = append(rows, outreach.CreatorRow{Line: i + 2, Creator: cr})
	}
	if len(rows) > 0 {
		importRows(t, s, ImportOptions{}, rows...)
	}
	return s, c
}

// sndQueue queues messages from the stored templates in Glow, unless
// req names a campaign, and fails unless every handle was queued.
func sndQueue(t *testing.T, s *Store, req QueueRequest) {
	t.Helper()
	if req.Campaign == "" {
		req.Campaign = "Glow"
	}
	n, held, err := s.Queue(context.Background(), req)
	if err != nil || n != len(req.Handles) || len(held) != 0 {
		t.Fatalf("queue %v: %d queued, held %v, %v", req.Handles, n, held, err)
	}
}

// sndInvs returns every invitation to the creator, oldest first.
func sndInvs(t *testing.T, s *Store, handle string) []outreach.Invitation {
	t.Helper()
	p, err := s.Invitations(context.Background(), InvitationQuery{Limit: MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	var out []outreach.Invitation
	for _, inv := range p.Invitations {
		if inv.Handle == handle {
			out = append(out, inv)
		}
	}
	return out
}

// sndLast returns the creator's newest invitation.
func sndLast(t *testing.T, s *Store, handle string) outreach.Invitation {
	t.Helper()
	invs := sndInvs(t, s, handle)
	if len(invs) == 0 {
		t.Fatalf("no invitation to @%s", handle)
	}
	return invs[len(invs)-1]
}

func sndGet(t *testing.T, s *Store, id int64) outreach.Invitation {
	t.Helper()
	inv, err := s.Invitation(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// sndStart takes the queue for owner, failing the test if it cannot.
func sndStart(t *testing.T, s *Store, owner string) *SendRun {
	t.Helper()
	r, _, err := s.StartSendRun(context.Background(), owner, nil)
	if err != nil {
		t.Fatalf("start %s: %v", owner, err)
	}
	return r
}

func sndClaim(t *testing.T, r *SendRun, q outreach.Quota) Outgoing {
	t.Helper()
	o, err := r.Claim(context.Background(), q)
	if err != nil {
		t.Fatalf("claim: %v", err)
	}
	return o
}

func sndFinish(t *testing.T, r *SendRun, id int64, oc Outcome, reason string) {
	t.Helper()
	if err := r.Finish(context.Background(), id, oc, reason); err != nil {
		t.Fatalf("finish #%d %s: %v", id, oc, err)
	}
}

// sndNothingDue fails unless Claim finds nothing to send.
func sndNothingDue(t *testing.T, r *SendRun, q outreach.Quota) {
	t.Helper()
	if o, err := r.Claim(context.Background(), q); !errors.Is(err, ErrNothingDue) {
		t.Fatalf("claim: got #%d @%s %s (%v), want ErrNothingDue", o.ID, o.Handle, o.Purpose, err)
	}
}

var sndNoQuota = outreach.Quota{}

func TestSndClaimTakesApprovedEmailThatIsDue(t *testing.T) {
	s, c := sndSetup(t, Options{Email: true},
		sndCreator("anna", "anna@example.com"), sndCreator("bo", "bo@example.com"), sndCreator("cy", ""),
		sndCreator("dee", "dee@example.com"), sndCreator("eve", "eve@example.com"), sndCreator("finn", "finn@example.com"))
	ctx := context.Background()
	c.t = t0.Add(time.Hour)
	sndQueue(t, s, QueueRequest{Handles: []string{"eve"}, Approve: true})           // due later, below
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Approve: true})          // email, approved
	sndQueue(t, s, QueueRequest{Handles: []string{"bo"}})                           // email, waiting for review
	sndQueue(t, s, QueueRequest{Handles: []string{"cy"}, Approve: true})            // no address: a DM
	sndQueue(t, s, QueueRequest{Handles: []string{"dee"}, Approve: true, DM: true}) // asked for a DM
	sndQueue(t, s, QueueRequest{Handles: []string{"finn"}, Approve: true})          // email, approved
	eve := sndLast(t, s, "eve")
	if _, err := s.db.Exec("UPDATE invitations SET due_at = ? WHERE id = ?", c.t.Add(2*time.Hour).Unix(), eve.ID); err != nil {
		t.Fatal(err)
	}
	if inv := sndLast(t, s, "cy"); inv.Channel != outreach.ChannelDM || inv.Status != outreach.InvitationApproved {
		t.Fatalf("cy: %s %s, want an approved DM", inv.Channel, inv.Status)
	}
	if inv := sndLast(t, s, "dee"); inv.Channel != outreach.ChannelDM || inv.ToAddr != "" {
		t.Fatalf("dee: %s %q, want a DM", inv.Channel, inv.ToAddr)
	}

	r := sndStart(t, s, "pid 1")
	c.t = c.t.Add(time.Minute)
	o := sndClaim(t, r, sndNoQuota)
	anna := sndLast(t, s, "anna")
	if o.ID != anna.ID || o.Handle != "anna" || o.ToAddr != "anna@example.com" || o.ToName != "Anna" ||
		o.Purpose != outreach.PurposeInvitation || !o.CreatedAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("first claim %+v, want anna's invitation", o)
	}
	if o.Subject != "A free sample for you: Glow" || !strings.HasPrefix(o.Body, "Hi Anna,") || !strings.Contains(o.Body, "\nMia") {
		t.Errorf("claimed text %q / %q", o.Subject, o.Body)
	}
	if anna.Status != outreach.InvitationSending || anna.Channel != outreach.ChannelEmail {
		t.Errorf("anna after claim: %s %s, want sending email", anna.Status, anna.Channel)
	}
	if o2 := sndClaim(t, r, sndNoQuota); o2.Handle != "finn" {
		t.Errorf("second claim @%s, want @finn", o2.Handle)
	}
	if got := sndLast(t, s, "finn").Status; got != outreach.InvitationSending {
		t.Errorf("finn: %s", got)
	}
	sndNothingDue(t, r, sndNoQuota)
	for h, want := range map[string]outreach.InvitationStatus{"bo": outreach.InvitationQueued, "cy": outreach.InvitationApproved,
		"dee": outreach.InvitationApproved, "eve": outreach.InvitationApproved} {
		if got := sndLast(t, s, h).Status; got != want {
			t.Errorf("@%s: %s, want %s (not claimed)", h, got, want)
		}
	}
	// eve's time comes.
	c.t = t0.Add(3 * time.Hour)
	if o := sndClaim(t, r, sndNoQuota); o.Handle != "eve" {
		t.Errorf("claim once due: @%s, want @eve", o.Handle)
	}
	sndNothingDue(t, r, sndNoQuota)
	if err := r.End(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestSndFinishSentMovesPipelineAndQueuesFollowUp(t *testing.T) {
	s, c := sndSetup(t, Options{Email: true}, sndCreator("anna", "anna@example.com"))
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Approve: true})
	r := sndStart(t, s, "pid 1")
	c.t = t0.Add(time.Hour)
	o := sndClaim(t, r, sndNoQuota)
	c.t = c.t.Add(2 * time.Second)
	sentAt := c.t
	sndFinish(t, r, o.ID, OutcomeSent, "250 2.0.0 queued as 42")

	inv := sndGet(t, s, o.ID)
	if inv.Status != outreach.InvitationSent || !inv.SentAt.Equal(sentAt) || inv.Stage != outreach.Invited || inv.Reason != "" {
		t.Errorf("after Finish sent: %s at %v, stage %s, reason %q", inv.Status, inv.SentAt, inv.Stage, inv.Reason)
	}
	p, _ := invPipeline(t, s, "anna", "Glow")
	if p.Position.Stage != outreach.Invited || !p.InvitedAt.Equal(sentAt) {
		t.Errorf("pipeline %s invited %v", p.Position.Stage, p.InvitedAt)
	}
	evs, _, _ := s.Events(ctx, "anna", 0, 1)
	if len(evs) != 1 || evs[0].From != outreach.Prospect || evs[0].To != outreach.Invited || !strings.Contains(evs[0].Note, "sent by email") ||
		evs[0].Source != invitationSource || !evs[0].At.Equal(sentAt) {
		t.Errorf("log %+v", evs)
	}
	if cr, _ := s.Creator(ctx, "anna"); !cr.LastContactAt.Equal(sentAt) {
		t.Errorf("last contact %v, want %v", cr.LastContactAt, sentAt)
	}

	invs := sndInvs(t, s, "anna")
	if len(invs) != 2 {
		t.Fatalf("%d invitations, want the invitation and follow-up 1", len(invs))
	}
	fu := invs[1]
	if fu.Purpose != outreach.PurposeFollowUp1 || fu.Status != outreach.InvitationApproved || !fu.DueAt.Equal(sentAt.Add(72*time.Hour)) ||
		fu.Channel != outreach.ChannelEmail || fu.ToAddr != "anna@example.com" || fu.Reason != "" || fu.QuotaRank != 0 {
		t.Errorf("follow-up %+v", fu)
	}
	if fu.Subject != "Re: A free sample for you: Glow" || !strings.Contains(fu.Body, "Just checking you saw my note") {
		t.Errorf("follow-up text %q / %q", fu.Subject, fu.Body)
	}

	if err := r.Finish(ctx, o.ID, OutcomeSent, ""); err == nil || !strings.Contains(err.Error(), "not being sent") {
		t.Errorf("finished twice: %v", err)
	}
	if err := r.Finish(ctx, fu.ID, OutcomeSent, ""); err == nil {
		t.Error("finished an approved message nobody claimed")
	}
	sndNothingDue(t, r, sndNoQuota) // the follow-up waits for its day
	c.t = fu.DueAt.Add(-time.Second)
	sndNothingDue(t, r, sndNoQuota)
	c.t = fu.DueAt
	if o := sndClaim(t, r, sndNoQuota); o.ID != fu.ID || o.Purpose != outreach.PurposeFollowUp1 {
		t.Errorf("claim on the follow-up's day: #%d %s", o.ID, o.Purpose)
	}
}

func TestSndFinishRetryBacksOffThenGivesUp(t *testing.T) {
	s, c := sndSetup(t, Options{Email: true}, sndCreator("anna", "anna@example.com"))
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Approve: true})
	r := sndStart(t, s, "pid 1")
	o := sndClaim(t, r, sndNoQuota)
	sndFinish(t, r, o.ID, OutcomeRetry, "451 4.3.0 try later")
	inv := sndGet(t, s, o.ID)
	if inv.Status != outreach.InvitationRetryWait || inv.Attempts != 1 || !inv.DueAt.Equal(c.t.Add(5*time.Minute)) ||
		inv.Reason != "451 4.3.0 try later" || !inv.SentAt.IsZero() {
		t.Fatalf("after a retry: %s, %d attempts, due %v, %q", inv.Status, inv.Attempts, inv.DueAt, inv.Reason)
	}
	if inv.Stage != outreach.Prospect || len(sndInvs(t, s, "anna")) != 1 {
		t.Errorf("a retry moved the pipeline or queued a follow-up")
	}
	sndNothingDue(t, r, sndNoQuota)
	for try := 2; try <= outreach.MaxSendAttempts; try++ {
		c.t = inv.DueAt
		o := sndClaim(t, r, sndNoQuota)
		if o.ID != inv.ID {
			t.Fatalf("try %d claimed #%d, want #%d", try, o.ID, inv.ID)
		}
		sndFinish(t, r, o.ID, OutcomeRetry, "451 4.3.0 try later")
		inv = sndGet(t, s, o.ID)
		if try < outreach.MaxSendAttempts {
			if inv.Status != outreach.InvitationRetryWait || inv.Attempts != try || !inv.DueAt.Equal(c.t.Add(outreach.RetryDelay(try))) {
				t.Fatalf("try %d: %s, %d attempts, due in %v", try, inv.Status, inv.Attempts, inv.DueAt.Sub(c.t))
			}
			if try == 2 && inv.DueAt.Sub(c.t) != 10*time.Minute {
				t.Errorf("second retry waits %v, want 10m", inv.DueAt.Sub(c.t))
			}
		}
	}
	if inv.Status != outreach.InvitationFailed || inv.Attempts != outreach.MaxSendAttempts ||
		inv.Reason != "gave up after 8 tries: 451 4.3.0 try later" {
		t.Errorf("after %d tries: %s, %d attempts, %q", outreach.MaxSendAttempts, inv.Status, inv.Attempts, inv.Reason)
	}
	c.t = c.t.AddDate(0, 0, 1)
	sndNothingDue(t, r, sndNoQuota)
}

func TestSndFinishFailedAndUnknown(t *testing.T) {
	s, c := sndSetup(t, Options{Email: true}, sndCreator("anna", "anna@example.com"), sndCreator("bo", "bo@example.com"))
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: []string{"anna", "bo"}, Approve: true})
	r := sndStart(t, s, "pid 1")
	a := sndClaim(t, r, sndNoQuota)
	b := sndClaim(t, r, sndNoQuota)
	if a.Handle != "anna" || b.Handle != "bo" {
		t.Fatalf("claimed @%s, @%s", a.Handle, b.Handle)
	}
	sndFinish(t, r, a.ID, OutcomeFailed, "email server refused the recipient: 550 5.1.1 no such user")
	sndFinish(t, r, b.ID, OutcomeUnknown, "connection lost after the message data")

	anna := sndGet(t, s, a.ID)
	if anna.Status != outreach.InvitationFailed || anna.Reason != "email server refused the recipient: 550 5.1.1 no such user" ||
		anna.Attempts != 1 || anna.Stage != outreach.Prospect || !anna.SentAt.IsZero() {
		t.Errorf("failed: %+v", anna)
	}
	bo := sndGet(t, s, b.ID)
	if bo.Status != outreach.InvitationUnknown || bo.Reason != "connection lost after the message data" || bo.Stage != outreach.Prospect {
		t.Errorf("unknown: %+v", bo)
	}
	if !bo.Status.Open() {
		t.Error("unknown is not open")
	}
	// Failed is closed: anna may be queued again. Unknown is open: bo may not.
	n, held, err := s.Queue(ctx, QueueRequest{Handles: []string{"anna", "bo"}, Campaign: "Glow"})
	if err != nil || n != 1 || len(held) != 1 || held[0].Handle != "bo" || held[0].Reason != "already queued in Glow" {
		t.Errorf("queue again: %d %v %v", n, held, err)
	}
	if err := s.SetInvitationStatus(ctx, sndLast(t, s, "anna").ID, outreach.InvitationApproved); err != nil {
		t.Fatal(err)
	}
	// bo's message is never claimed again on its own, however long we wait.
	c.t = c.t.AddDate(0, 0, 30)
	if o := sndClaim(t, r, sndNoQuota); o.Handle != "anna" || o.ID == a.ID {
		t.Errorf("claimed #%d @%s, want anna's new invitation", o.ID, o.Handle)
	}
	sndNothingDue(t, r, sndNoQuota)
	if due, _, _ := s.EmailDue(ctx, sndNoQuota, c.t, 10); len(due) != 0 {
		t.Errorf("EmailDue lists %+v", due)
	}
	// The staffer checked the sent folder: it went.
	if err := s.MarkSent(ctx, b.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got := sndGet(t, s, b.ID); got.Status != outreach.InvitationSent || got.Stage != outreach.Invited {
		t.Errorf("bo marked sent: %s %s", got.Status, got.Stage)
	}
	if fu := sndLast(t, s, "bo"); fu.Purpose != outreach.PurposeFollowUp1 || fu.Channel != outreach.ChannelEmail {
		t.Errorf("bo's follow-up %s %s", fu.Purpose, fu.Channel)
	}
}

func TestSndFinishUnknownOutcomeRefused(t *testing.T) {
	s, _ := sndSetup(t, Options{Email: true}, sndCreator("anna", "anna@example.com"))
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Approve: true})
	r := sndStart(t, s, "pid 1")
	o := sndClaim(t, r, sndNoQuota)
	if err := r.Finish(context.Background(), o.ID, "bounced", ""); err == nil {
		t.Error("an unknown outcome was recorded")
	}
	if got := sndGet(t, s, o.ID).Status; got != outreach.InvitationSending {
		t.Errorf("after a refused outcome: %s", got)
	}
}

func TestSndRelease(t *testing.T) {
	s, c := sndSetup(t, Options{Email: true}, sndCreator("anna", "anna@example.com"), sndCreator("bo", "bo@example.com"))
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: []string{"anna", "bo"}, Approve: true})
	r := sndStart(t, s, "pid 1")
	a := sndClaim(t, r, sndNoQuota)
	if err := r.Release(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if got := sndGet(t, s, a.ID); got.Status != outreach.InvitationApproved || got.Attempts != 0 {
		t.Errorf("released: %s, %d attempts", got.Status, got.Attempts)
	}
	if o := sndClaim(t, r, sndNoQuota); o.ID != a.ID {
		t.Errorf("after release claimed #%d, want #%d again", o.ID, a.ID)
	}
	sndFinish(t, r, a.ID, OutcomeRetry, "451 later")
	c.t = c.t.Add(time.Hour)
	// bo never had a due time, so goes before the retry.
	if b := sndClaim(t, r, sndNoQuota); b.Handle != "bo" {
		t.Fatalf("claimed @%s, want @bo", b.Handle)
	} else {
		sndFinish(t, r, b.ID, OutcomeSent, "250 ok")
	}
	if o := sndClaim(t, r, sndNoQuota); o.ID != a.ID {
		t.Fatalf("claimed #%d, want the retry #%d", o.ID, a.ID)
	}
	if err := r.Release(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	got := sndGet(t, s, a.ID)
	if got.Status != outreach.InvitationRetryWait || got.Attempts != 1 {
		t.Errorf("released retry: %s, %d attempts; want retry_wait, 1 (no try counted)", got.Status, got.Attempts)
	}
	// Release leaves a message nobody is sending alone.
	if err := r.Release(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if got := sndGet(t, s, a.ID); got.Status != outreach.InvitationRetryWait {
		t.Errorf("release of a waiting message: %s", got.Status)
	}
}

// A sender killed mid-hand-over leaves its message in sending: the next
// sender marks it unknown and never sends it on its own.
func TestSndCrashLeavesUnknown(t *testing.T) {
	s, c := sndSetup(t, Options{Email: true},
		sndCreator("anna", "anna@example.com"), sndCreator("bo", "bo@example.com"), sndCreator("cy", "cy@example.com"))
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: []string{"anna", "bo", "cy"}, Approve: true})
	r1 := sndStart(t, s, "pid 1")
	a := sndClaim(t, r1, sndNoQuota)
	beat := c.t

	// A live sender with a fresh heartbeat holds the queue.
	var asked []string
	live := func(owner string) bool { asked = append(asked, owner); return true }
	c.t = beat.Add(time.Minute)
	_, _, err := s.StartSendRun(ctx, "pid 2", live)
	var running *ErrSendRunning
	if !errors.As(err, &running) || running.Owner != "pid 1" || !running.Since.Equal(beat) {
		t.Fatalf("second sender: %v, want *ErrSendRunning held by pid 1 since %v", err, beat)
	}
	if !slices.Equal(asked, []string{"pid 1"}) {
		t.Errorf("alive asked about %v", asked)
	}
	if got := sndGet(t, s, a.ID).Status; got != outreach.InvitationSending {
		t.Errorf("a refused start touched the claimed message: %s", got)
	}
	// pid 1 was killed: the next sender finds its message in sending.
	r2, recovered, err := s.StartSendRun(ctx, "pid 2", func(string) bool { return false })
	if err != nil || recovered != 1 {
		t.Fatalf("take over from a dead sender: %d recovered, %v", recovered, err)
	}
	got := sndGet(t, s, a.ID)
	if got.Status != outreach.InvitationUnknown || got.Reason != unknownAfterCrash || !got.SentAt.IsZero() {
		t.Errorf("after the crash: %s %q", got.Status, got.Reason)
	}
	for {
		o, err := r2.Claim(ctx, sndNoQuota)
		if errors.Is(err, ErrNothingDue) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if o.ID == a.ID {
			t.Fatal("the message cut off by the crash was claimed again")
		}
		if o.Handle == "cy" {
			continue // left in sending for the stale takeover below
		}
		sndFinish(t, r2, o.ID, OutcomeSent, "250 ok")
	}
	// The killed sender's late answer is not recorded over unknown.
	if err := r1.Finish(ctx, a.ID, OutcomeSent, "250 ok"); err == nil {
		t.Error("the dead sender finished a message recovered as unknown")
	}
	if got := sndGet(t, s, a.ID).Status; got != outreach.InvitationUnknown {
		t.Errorf("anna: %s", got)
	}

	// pid 2 claimed cy, then hung: still alive, but no heartbeat for over
	// ten minutes.
	cy := sndLast(t, s, "cy")
	if cy.Status != outreach.InvitationSending {
		t.Fatalf("cy: %s", cy.Status)
	}
	hung := c.t
	c.t = hung.Add(9 * time.Minute)
	if _, _, err := s.StartSendRun(ctx, "pid 3", live); !errors.As(err, &running) || running.Owner != "pid 2" {
		t.Fatalf("9 minutes after the last beat: %v, want pid 2 still holding", err)
	}
	c.t = hung.Add(10*time.Minute + time.Second)
	_, recovered, err = s.StartSendRun(ctx, "pid 3", live)
	if err != nil || recovered != 1 {
		t.Fatalf("stale takeover: %d recovered, %v", recovered, err)
	}
	if got := sndGet(t, s, cy.ID); got.Status != outreach.InvitationUnknown || got.Reason != unknownAfterCrash {
		t.Errorf("cy after takeover: %s %q", got.Status, got.Reason)
	}
}

func TestSndEndReleasesTheHold(t *testing.T) {
	s, _ := sndSetup(t, Options{Email: true})
	ctx := context.Background()
	alive := func(string) bool { return true }
	r1 := sndStart(t, s, "pid 1")
	// Another owner's End does not release pid 1's hold.
	if err := (&SendRun{s: s, owner: "pid 9"}).End(ctx); err != nil {
		t.Fatal(err)
	}
	var running *ErrSendRunning
	if _, _, err := s.StartSendRun(ctx, "pid 2", alive); !errors.As(err, &running) {
		t.Fatalf("while pid 1 holds: %v", err)
	}
	if err := r1.End(ctx); err != nil {
		t.Fatal(err)
	}
	r2, recovered, err := s.StartSendRun(ctx, "pid 2", alive)
	if err != nil || recovered != 0 {
		t.Fatalf("after End: %d %v", recovered, err)
	}
	r2.End(ctx)
}

// A sender whose hold was taken over (it hung past the heartbeat, or was
// thought dead) must not keep claiming alongside the new one: only one
// sender at a time.
func TestSndTakenOverRunStopsClaiming(t *testing.T) {
	s, c := sndSetup(t, Options{Email: true}, sndCreator("anna", "anna@example.com"), sndCreator("bo", "bo@example.com"))
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: []string{"anna", "bo"}, Approve: true})
	r1 := sndStart(t, s, "pid 1")
	c.t = c.t.Add(11 * time.Minute)
	r2, _, err := s.StartSendRun(ctx, "pid 2", func(string) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	if o, err := r1.Claim(ctx, sndNoQuota); err == nil {
		t.Errorf("the superseded sender pid 1 claimed #%d @%s while pid 2 holds the queue", o.ID, o.Handle)
	}
	if o, err := r2.Claim(ctx, sndNoQuota); err != nil {
		t.Errorf("pid 2 cannot claim: %v", err)
	} else if _, _, err := s.StartSendRun(ctx, "pid 3", func(string) bool { return true }); err == nil {
		t.Errorf("pid 3 started while pid 2 holds (claimed #%d)", o.ID)
	}
}

// Claim syncs its transaction to disk (synchronous=FULL) and gives its
// connection back to the pool as the store opened it.
func TestSndClaimRestoresSynchronous(t *testing.T) {
	s, _ := sndSetup(t, Options{Email: true}, sndCreator("anna", "anna@example.com"), sndCreator("bo", "bo@example.com"))
	sndQueue(t, s, QueueRequest{Handles: []string{"anna", "bo"}, Approve: true})
	sndSyncEverywhere(t, s, 1) // NORMAL
	r := sndStart(t, s, "pid 1")
	sndClaim(t, r, sndNoQuota)
	sndSyncEverywhere(t, s, 1)
	sndClaim(t, r, sndNoQuota)
	sndNothingDue(t, r, sndNoQuota)
	sndSyncEverywhere(t, s, 1)
}

// A store opened with synchronous FULL must not be left NORMAL by Claim.
func TestSndClaimKeepsConfiguredSynchronous(t *testing.T) {
	s, _ := sndSetup(t, Options{Email: true, Synchronous: "FULL"}, sndCreator("anna", "anna@example.com"))
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Approve: true})
	sndSyncEverywhere(t, s, 2)
	r := sndStart(t, s, "pid 1")
	sndClaim(t, r, sndNoQuota)
	sndSyncEverywhere(t, s, 2)
}

// sndSyncEverywhere checks PRAGMA synchronous on several pooled connections
// held at once, so the one Claim used is among them, and then through the
// pool a few times.
func sndSyncEverywhere(t *testing.T, s *Store, want int) {
	t.Helper()
	ctx := context.Background()
	conns := make([]*sql.Conn, 4)
	for i := range conns {
		c, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns[i] = c
	}
	for i, c := range conns {
		var v int
		if err := c.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&v); err != nil || v != want {
			t.Errorf("connection %d: synchronous %d (%v), want %d", i, v, err, want)
		}
	}
	for _, c := range conns {
		c.Close()
	}
	for i := range 5 {
		var v int
		if err := s.db.QueryRow("PRAGMA synchronous").Scan(&v); err != nil || v != want {
			t.Errorf("pool query %d: synchronous %d (%v), want %d", i, v, err, want)
		}
	}
}

// A creator marked do-not-contact while their message is being handed over:
// the message is left to the engine, recorded sent with a note, and nothing
// follows it.
func TestSndDoNotContactDuringClaim(t *testing.T) {
	s, c := sndSetup(t, Options{Email: true}, sndCreator("anna", "anna@example.com"))
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Approve: true})
	r := sndStart(t, s, "pid 1")
	o := sndClaim(t, r, sndNoQuota)
	c.t = c.t.Add(time.Second)
	if _, err := s.MoveStage(ctx, Move{Handle: "anna", Campaign: "Glow", To: outreach.DoNotContact, Note: "asked us to stop"}); err != nil {
		t.Fatal(err)
	}
	if got := sndGet(t, s, o.ID); got.Status != outreach.InvitationSending || got.Reason != "" {
		t.Fatalf("during the hand-over: %s %q, want sending left alone", got.Status, got.Reason)
	}
	c.t = c.t.Add(time.Second)
	sndFinish(t, r, o.ID, OutcomeSent, "250 ok")
	got := sndGet(t, s, o.ID)
	if got.Status != outreach.InvitationSent || !strings.HasPrefix(got.Reason, "sent, but ") || !strings.Contains(got.Reason, "do-not-contact") ||
		!got.SentAt.Equal(c.t) {
		t.Errorf("after Finish: %s %q at %v", got.Status, got.Reason, got.SentAt)
	}
	if n := len(sndInvs(t, s, "anna")); n != 1 {
		t.Errorf("%d invitations: a follow-up was queued to a do-not-contact creator", n)
	}
	p, _ := invPipeline(t, s, "anna", "Glow")
	if p.Position.Stage != outreach.DoNotContact {
		t.Errorf("stage %s, want do_not_contact kept", p.Position.Stage)
	}
	sndNothingDue(t, r, sndNoQuota)
}

// A week of sending under a quota of 3 new creators a week, at most 2 a
// day, reset on Sunday, in a time zone west of UTC so local days differ
// from UTC days.
func TestSndQuotaOverAWeek(t *testing.T) {
	loc := time.FixedZone("UTC-8", -8*3600)
	at := func(month time.Month, day, hour, min int) time.Time {
		return time.Date(2026, month, day, hour, min, 0, 0, loc)
	}
	news := []string{"n1", "n2", "n3", "n4", "n5", "n6"}
	creators := []outreach.Creator{sndCreator("early", "early@example.com"), sndCreator("known", "known@example.com")}
	for _, h := range news {
		creators = append(creators, sndCreator(h, h+"@example.com"))
	}
	s, c := sndSetup(t, Options{Email: true}, creators...)
	ctx := context.Background()
	q := outreach.Quota{Weekly: 3, Daily: 2, Reset: time.Sunday}

	// known was invited in another campaign weeks ago: no quota for them.
	c.t = at(10, 20, 12, 0)
	if _, err := s.MoveStage(ctx, Move{Handle: "known", To: outreach.Invited}); err != nil {
		t.Fatal(err)
	}
	// early was invited on Saturday Oct 31, the last day of the previous
	// quota week; follow-up 1 is due on Tuesday.
	c.t = at(10, 30, 12, 0)
	sndQueue(t, s, QueueRequest{Handles: []string{"early"}, Approve: true})
	c.t = at(10, 31, 12, 0)
	if err := s.MarkSent(ctx, sndLast(t, s, "early").ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	c.t = at(11, 1, 9, 0) // Sunday: the quota week starts
	sndQueue(t, s, QueueRequest{Handles: append(append([]string{}, news...), "known"), Approve: true})

	ranks := func() map[string]int {
		p, err := s.Invitations(ctx, InvitationQuery{Campaign: "Glow", Limit: MaxPage})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]int{}
		for _, inv := range p.Invitations {
			if inv.Status.Stoppable() {
				m[inv.Handle+" "+string(inv.Purpose)] = inv.QuotaRank
			}
		}
		return m
	}
	want := map[string]int{"n1 invitation": 1, "n2 invitation": 2, "n3 invitation": 3, "n4 invitation": 4, "n5 invitation": 5,
		"n6 invitation": 6, "known invitation": 0, "early followup1": 0}
	if got := ranks(); !sndSameMap(got, want) {
		t.Errorf("quota ranks %v, want %v", got, want)
	}
	left := func(want int) {
		t.Helper()
		if n, err := s.QuotaLeft(ctx, q, c.t); err != nil || n != want {
			t.Errorf("%s: quota left %d (%v), want %d", c.t.Format("Mon 15:04"), n, err, want)
		}
	}
	dueList := func(wantList string, wantWaiting int) {
		t.Helper()
		due, waiting, err := s.EmailDue(ctx, q, c.t, 50)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range due {
			got = append(got, o.Handle+" "+string(o.Purpose))
		}
		if strings.Join(got, ", ") != wantList || waiting != wantWaiting {
			t.Errorf("%s: EmailDue [%s], %d waiting; want [%s], %d waiting", c.t.Format("Mon 15:04"), strings.Join(got, ", "), waiting, wantList, wantWaiting)
		}
	}
	r := sndStart(t, s, "pid 1")
	// claimAll sends what may go now and returns it, in claim order.
	claimAll := func() []string {
		t.Helper()
		var got []string
		for range 20 {
			o, err := r.Claim(ctx, q)
			if errors.Is(err, ErrNothingDue) {
				return got
			}
			if err != nil {
				t.Fatal(err)
			}
			sndFinish(t, r, o.ID, OutcomeSent, "250 ok")
			got = append(got, o.Handle+" "+string(o.Purpose))
		}
		t.Fatal("claims never ran out")
		return nil
	}

	// Wednesday night: the daily cap lets two new creators through; known
	// and early's follow-up cost nothing.
	c.t = at(11, 4, 22, 0)
	left(2)
	dueList("n1 invitation, n2 invitation, known invitation, early followup1", 4)
	if got := strings.Join(claimAll(), ", "); got != "n1 invitation, n2 invitation, known invitation, early followup1" {
		t.Errorf("Wednesday sent [%s]", got)
	}
	left(0)
	dueList("", 4)
	want = map[string]int{"n3 invitation": 1, "n4 invitation": 2, "n5 invitation": 3, "n6 invitation": 4,
		"n1 followup1": 0, "n2 followup1": 0, "known followup1": 0, "early followup2": 0}
	if got := ranks(); !sndSameMap(got, want) {
		t.Errorf("quota ranks after Wednesday %v, want %v", got, want)
	}
	if n, _ := s.NewCreatorsInvited(ctx, at(11, 1, 0, 0)); n != 2 {
		t.Errorf("new creators this week %d, want 2 (known and early were invited before)", n)
	}

	// Thursday morning (still Thursday in UTC as Wednesday night was): a
	// new local day, one left of the week.
	c.t = at(11, 5, 10, 0)
	left(1)
	if got := strings.Join(claimAll(), ", "); got != "n3 invitation" {
		t.Errorf("Thursday sent [%s], want n3 only", got)
	}
	left(0)
	dueList("", 3)
	c.t = at(11, 6, 12, 0) // Friday
	if got := claimAll(); len(got) != 0 {
		t.Errorf("Friday sent %v", got)
	}
	// Saturday, a minute before the reset (already Sunday in UTC): only the
	// follow-ups that came due go. early's follow-up 2 keeps its four days
	// after follow-up 1, which went late on Wednesday night.
	c.t = at(11, 7, 23, 59)
	left(0)
	got := claimAll()
	slices.Sort(got)
	if strings.Join(got, ", ") != "known followup1, n1 followup1, n2 followup1" {
		t.Errorf("Saturday sent %v, want only follow-ups", got)
	}
	dueList("", 3)
	// Sunday midnight, local: a new quota week.
	c.t = at(11, 8, 0, 0)
	left(2)
	dueList("n4 invitation, n5 invitation", 1)
	if got := strings.Join(claimAll(), ", "); got != "n4 invitation, n5 invitation" {
		t.Errorf("Sunday sent [%s]", got)
	}
	if got := ranks()["n6 invitation"]; got != 1 {
		t.Errorf("n6 quota rank %d, want 1", got)
	}
	dueList("", 1)
}

func sndSameMap(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// EmailDue's waiting count is how many first invitations the quota holds
// back, whatever the page size asked for.
func TestSndEmailDueCountsWaitingBeyondLimit(t *testing.T) {
	var creators []outreach.Creator
	var handles []string
	for _, h := range []string{"n1", "n2", "n3", "n4", "n5", "n6"} {
		creators = append(creators, sndCreator(h, h+"@example.com"))
		handles = append(handles, h)
	}
	s, c := sndSetup(t, Options{Email: true}, creators...)
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: handles, Approve: true})
	q := outreach.Quota{Weekly: 2, Reset: time.Sunday}
	due, waiting, err := s.EmailDue(ctx, q, c.t, 50)
	if err != nil || len(due) != 2 || waiting != 4 {
		t.Errorf("limit 50: %d due, %d waiting (%v); want 2, 4", len(due), waiting, err)
	}
	due, waiting, err = s.EmailDue(ctx, q, c.t, 1)
	if err != nil || len(due) != 1 || due[0].Handle != "n1" || waiting != 4 {
		t.Errorf("limit 1: %d due, %d waiting (%v); want 1, 4", len(due), waiting, err)
	}
	due, waiting, err = s.EmailDue(ctx, q, c.t, 0)
	if err != nil || len(due) != 0 || waiting != 4 {
		t.Errorf("limit 0: %d due, %d waiting (%v); want 0, 4", len(due), waiting, err)
	}
}

func TestSndPauseSendingRoundTrip(t *testing.T) {
	s, c := sndSetup(t, Options{})
	ctx := context.Background()
	if why, since, err := s.SendingPaused(ctx); err != nil || why != "" || !since.IsZero() {
		t.Errorf("fresh store: paused %q since %v (%v)", why, since, err)
	}
	c.t = t0.Add(time.Hour)
	if err := s.PauseSending(ctx, "email server refused the login for mia: 535 5.7.8 bad credentials"); err != nil {
		t.Fatal(err)
	}
	why, since, err := s.SendingPaused(ctx)
	if err != nil || why != "email server refused the login for mia: 535 5.7.8 bad credentials" || !since.Equal(c.t) {
		t.Errorf("paused %q since %v (%v)", why, since, err)
	}
	c.t = t0.Add(2 * time.Hour)
	if err := s.PauseSending(ctx, "again"); err != nil {
		t.Fatal(err)
	}
	if why, since, _ := s.SendingPaused(ctx); why != "again" || !since.Equal(c.t) {
		t.Errorf("paused again: %q since %v", why, since)
	}
	if err := s.ResumeSending(ctx); err != nil {
		t.Fatal(err)
	}
	if why, since, err := s.SendingPaused(ctx); err != nil || why != "" || !since.IsZero() {
		t.Errorf("resumed: paused %q since %v (%v)", why, since, err)
	}
	if err := s.ResumeSending(ctx); err != nil {
		t.Errorf("resume when not paused: %v", err)
	}
}

// Nothing done by hand may change a message while the engine hands it
// over: an edit would put it back in the queue after it went out, and it
// would go twice.
func TestSndClaimedMessageIsLeftAlone(t *testing.T) {
	s, _ := sndSetup(t, Options{Email: true}, sndCreator("anna", "anna@example.com"))
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Approve: true})
	r := sndStart(t, s, "pid 1")
	o := sndClaim(t, r, sndNoQuota)
	if err := s.SetInvitationStatus(ctx, o.ID, outreach.InvitationSkipped); err == nil {
		t.Error("skipped while sending")
	}
	if err := s.MarkSent(ctx, o.ID, time.Time{}); err == nil {
		t.Error("marked sent by hand while sending")
	}
	if err := s.EditInvitation(ctx, o.ID, "Hi Anna, a better text."); err == nil {
		t.Error("edited while sending")
	}
	got := sndGet(t, s, o.ID)
	if got.Status != outreach.InvitationSending || got.Body != o.Body {
		t.Errorf("during the hand-over: %s %q", got.Status, got.Body)
	}
	if err := r.Finish(ctx, o.ID, OutcomeSent, "250 ok"); err != nil {
		t.Errorf("finish after the attempts by hand: %v", err)
	}
	if got := sndGet(t, s, o.ID); got.Status != outreach.InvitationSent {
		t.Errorf("after Finish: %s", got.Status)
	}
}
