package queue

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/demo"
	"creatordesk/store/send"
	"creatordesk/ui/common"
)

// Email on the Queue: S, the messages the sending engine leaves for the
// staffer, and when each message goes. Helpers start with "qs"; the page
// is driven with the queue tests' helpers.

// qsStore is a demo database at queueClock with email set up.
func qsStore(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "send.db"), store.Options{Now: func() time.Time { return queueClock }, Email: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := demo.Generate(ctx, s, demo.Options{Creators: 150, Now: queueClock}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetSender(ctx, "Mia"); err != nil {
		t.Fatal(err)
	}
	return s
}

// qsProspects returns n prospects in the campaign with an email address.
func qsProspects(t *testing.T, s *store.Store, n int) []string {
	t.Helper()
	page, err := s.Creators(context.Background(), store.CreatorQuery{Campaign: queueCampaign, Stage: outreach.Prospect, Sort: store.ByHandle, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range page.Creators {
		// never contacted: a first invitation spends quota
		if !c.DoNotContact && c.Email != "" && c.LastContactAt.IsZero() && len(out) < n {
			out = append(out, c.Handle)
		}
	}
	if len(out) < n {
		t.Fatalf("demo has %d prospects with email in %s, want %d", len(out), queueCampaign, n)
	}
	return out
}

// qsQueue queues first invitations, approved, by email (or DM).
func qsQueue(t *testing.T, s *store.Store, dm bool, handles ...string) {
	t.Helper()
	n, held, err := s.Queue(context.Background(), store.QueueRequest{Handles: handles, Campaign: queueCampaign, Approve: true, DM: dm})
	if err != nil || n != len(handles) {
		t.Fatalf("queued %d of %v: held %v, %v", n, handles, held, err)
	}
}

// qsHandOver claims the next email due and records the server's answer,
// as a send run does.
func qsHandOver(t *testing.T, s *store.Store, outcome store.Outcome, reason string) store.Outgoing {
	t.Helper()
	ctx := context.Background()
	run, _, err := s.StartSendRun(ctx, "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer run.End(ctx)
	o, err := run.Claim(ctx, outreach.DefaultQuota())
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Finish(ctx, o.ID, outcome, reason); err != nil {
		t.Fatal(err)
	}
	return o
}

func qsStatus(t *testing.T, s *store.Store, id int64) outreach.InvitationStatus {
	t.Helper()
	inv, err := s.Invitation(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return inv.Status
}

func TestQueueSendWithoutEmail(t *testing.T) {
	s := queueStore(t)
	p := queuePage(s, queueCampaign)
	queueLoad(t, p)
	msgs := queueExec(queuePress(p, "S"))
	if len(msgs) != 1 {
		t.Fatalf("S gave %v", msgs)
	}
	if st, ok := msgs[0].(common.StatusMsg); !ok || !st.Err || st.Text != "email is not set up: add an [smtp] section to config.toml (see README)" {
		t.Errorf("S without email: %#v", msgs[0])
	}
	if p.sending {
		t.Error("S without email started a run")
	}
	if h := queueHelp(p); strings.Contains(h, "S send") {
		t.Errorf("the short help offers S without email: %s", h)
	}
}

func TestQueueSendRunsAndReports(t *testing.T) {
	s := qsStore(t)
	p := queuePage(s, queueCampaign)
	calls := 0
	rep := send.Report{Sent: 2, Retry: 1, Unknown: 1, WaitingQuota: 3}
	var runErr error
	p.ctx.Send = func(ctx context.Context, _ *store.Store) (send.Report, error) {
		calls++
		return rep, runErr
	}
	queueLoad(t, p)
	if h := queueHelp(p); !strings.Contains(h, "S send email now") {
		t.Errorf("short help: %s", h)
	}
	cmd := queuePress(p, "S")
	if !p.sending || !strings.Contains(queueScreen(t, p, 80, 24), "sending…") {
		t.Fatalf("S does not say it is sending:\n%s", queueScreen(t, p, 80, 24))
	}
	if again := queuePress(p, "S"); again != nil {
		t.Error("a second S while sending did something")
	}
	msgs := queueExec(cmd)
	if calls != 1 || len(msgs) != 2 {
		t.Fatalf("%d runs, messages %v", calls, msgs)
	}
	if st, ok := msgs[0].(common.StatusMsg); !ok || st.Text != "sending…" {
		t.Errorf("first %#v", msgs[0])
	}
	_, next := p.Update(msgs[1])
	out := queueExec(next)
	if len(out) != 1 {
		t.Fatalf("after the run: %v", out)
	}
	if ch, ok := out[0].(common.ChangedMsg); !ok || ch.Note != "sent 2 · retry 1 · failed 0 · unknown 1 · waiting for quota 3" {
		t.Errorf("the run said %#v", out[0])
	}
	if p.sending || strings.Contains(queueScreen(t, p, 80, 24), "sending…") {
		t.Error("still sending after the answer")
	}

	// A refused login pauses sending: said at once, and in a banner until
	// a send gets through.
	rep = send.Report{Paused: "535 5.7.8 authentication failed"}
	p.ctx.Send = func(ctx context.Context, _ *store.Store) (send.Report, error) {
		return rep, s.PauseSending(ctx, rep.Paused)
	}
	msgs = queueExec(queuePress(p, "S"))
	_, next = p.Update(msgs[len(msgs)-1])
	var said common.StatusMsg
	for _, m := range queueExec(next) {
		switch m := m.(type) {
		case common.StatusMsg:
			said = m
		case common.ChangedMsg:
			queueLoad(t, p) // what the root does with it
		}
	}
	if !said.Err || said.Text != "sending paused: 535 5.7.8 authentication failed — fix it, then press S" {
		t.Errorf("a paused run said %#v", said)
	}
	for _, size := range [][2]int{{80, 24}, {160, 48}, {60, 13}} {
		screen := queueScreen(t, p, size[0], size[1])
		if want := "sending paused since 10:00: 535 5.7.8 authentication failed — fix it, then press S"; size[0] >= 100 && !strings.Contains(screen, want) {
			t.Errorf("%v: no banner:\n%s", size, screen)
		}
		if !strings.HasPrefix(screen, "sending paused since 10:00") {
			t.Errorf("%v: the banner is not on top:\n%s", size, screen)
		}
	}
	if err := s.ResumeSending(context.Background()); err != nil {
		t.Fatal(err)
	}
	queueLoad(t, p)
	if strings.Contains(queueScreen(t, p, 160, 48), "paused") {
		t.Error("the banner stays after sending resumed")
	}

	// A run that fails says so, with what it did.
	runErr = errors.New("the connection to the mail server was lost 4 times: stopped")
	rep = send.Report{Sent: 1}
	p.ctx.Send = func(ctx context.Context, _ *store.Store) (send.Report, error) { return rep, runErr }
	msgs = queueExec(queuePress(p, "S"))
	_, next = p.Update(msgs[len(msgs)-1])
	said = common.StatusMsg{}
	for _, m := range queueExec(next) {
		if m, ok := m.(common.StatusMsg); ok {
			said = m
		}
	}
	if !said.Err || !strings.Contains(said.Text, "sending stopped: the connection") || !strings.Contains(said.Text, "sent 1 ·") {
		t.Errorf("a failed run said %#v", said)
	}
	// An answer to an older run is dropped.
	if _, next := p.Update(queueSendMsg{req: p.sendReq - 1}); next != nil {
		t.Error("a stale answer was taken")
	}
}

// A message the server may or may not have taken waits for the staffer:
// listed first, marked, with the reason; enter confirms it went, a sends
// it again, x skips it.
func TestQueueUnknownRowsAskTheStaffer(t *testing.T) {
	s := qsStore(t)
	handles := qsProspects(t, s, 3)
	qsQueue(t, s, false, handles...)
	var ids []int64
	for range handles {
		ids = append(ids, qsHandOver(t, s, store.OutcomeUnknown, "the connection dropped after DATA: the server may have the message").ID)
	}
	p := queuePage(s, queueCampaign)
	queueLoad(t, p)
	wide := queueScreen(t, p, 160, 48)
	for _, want := range []string{"3 unknown", "MAYBE SENT: check, then confirm or send again (3)", "maybe sent", "invitation  email",
		"invitation by email to ", "tried 1×", "the connection dropped after DATA", "enter: it went, mark sent", "subject: "} {
		if !strings.Contains(wide, want) {
			t.Errorf("160×48 lacks %q:\n%s", want, wide)
		}
	}
	queueScreen(t, p, 80, 24)
	// The rows under the cursor stand out.
	styled := p.listView(80, 10)
	if !strings.Contains(styled, p.ctx.Styles.Warning.Render(ansi.Strip(strings.Split(styled, "\n")[2]))) {
		t.Errorf("an unknown row is not marked:\n%q", styled)
	}
	if h := queueHelp(p); h != "enter it went: mark sent, a not delivered: send again, x skip" {
		t.Errorf("help on an unknown message: %s", h)
	}
	if sel, _ := p.selected(); sel.ID != ids[0] {
		t.Fatalf("the cursor is on #%d, want the first unknown #%d", sel.ID, ids[0])
	}

	if ch, ok := queueWrite(t, p, queuePress(p, "enter")).(common.ChangedMsg); !ok || !strings.Contains(ch.Note, "marked sent") {
		t.Fatalf("enter gave %#v", ch)
	}
	if got := qsStatus(t, s, ids[0]); got != outreach.InvitationSent || queueStage(t, s, handles[0]) != outreach.Invited {
		t.Errorf("after enter: %s, creator %s", got, queueStage(t, s, handles[0]))
	}
	queueLoad(t, p)
	if sel, _ := p.selected(); sel.ID != ids[1] {
		t.Fatalf("after enter the cursor is on #%d, want #%d", sel.ID, ids[1])
	}
	if ch, ok := queueWrite(t, p, queuePress(p, "a")).(common.ChangedMsg); !ok || !strings.Contains(ch.Note, "goes again with the next S") {
		t.Fatalf("a gave %#v", ch)
	}
	if got := qsStatus(t, s, ids[1]); got != outreach.InvitationApproved {
		t.Errorf("after a: %s", got)
	}
	queueLoad(t, p)
	if _, ok := queueWrite(t, p, queuePress(p, "x")).(common.ChangedMsg); !ok {
		t.Fatal("x did not skip")
	}
	if got := qsStatus(t, s, ids[2]); got != outreach.InvitationSkipped {
		t.Errorf("after x: %s", got)
	}
	queueLoad(t, p)
	if screen := queueScreen(t, p, 160, 48); strings.Contains(screen, "MAYBE SENT") || !strings.Contains(screen, "APPROVED: ready to send (2)") {
		t.Errorf("after deciding all three:\n%s", screen)
	}
}

// Each open message says when it goes: a retry at its time, a follow-up on
// its day, a first invitation in the quota week it fits.
func TestQueueSaysWhenEachGoes(t *testing.T) {
	s := qsStore(t)
	ctx := context.Background()
	handles := qsProspects(t, s, 4)
	// A DM, sent: its follow-up is queued three days on.
	qsQueue(t, s, true, handles[0])
	p := queuePage(s, queueCampaign)
	queueLoad(t, p)
	if err := s.MarkSent(ctx, p.list.Rows()[0].ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	// Three first invitations by email; the first waits to retry.
	qsQueue(t, s, false, handles[1:]...)
	retry := qsHandOver(t, s, store.OutcomeRetry, "451 try again later")

	// Two left this week: the retry and the next go, the third waits.
	queueLoad(t, p)
	used := int(p.quota.week)
	p.ctx.Quota = outreach.Quota{Weekly: used + 2, Reset: time.Sunday}
	queueLoad(t, p)
	for i, inv := range p.list.Rows() {
		if inv.Status == outreach.InvitationRetryWait {
			p.list.SetCursor(p.list.Start() + i)
		}
	}
	screen := queueScreen(t, p, 160, 48)
	for _, want := range []string{
		"RETRY: the mail server could not take it yet (1)", "451 try again later", "1 retry wait",
		fmt.Sprintf("this week: 2 go · 1 wait for next week · quota 2 of %d left, resets Sun", used+2),
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("lacks %q:\n%s", want, screen)
		}
	}
	p.SetSize(100, 60) // narrow: the list is the whole width, above the message
	list := ansi.Strip(p.listView(100, 30))
	for _, c := range []struct{ handle, purpose, want string }{
		{handles[0], "follow-up 1", "due Wed 25 Nov"},
		{retry.Handle, "invitation", "retry 10:05"},
		{handles[2], "invitation", "this week"},
		{handles[3], "invitation", "next week"},
		{handles[0], "invitation", "1h"}, // sent an hour ago
	} {
		found := false
		for _, l := range strings.Split(list, "\n") {
			if strings.Contains(l, "@"+c.handle+" ") && strings.Contains(l, " "+c.purpose+" ") {
				found = true
				if !strings.HasSuffix(strings.TrimSpace(l), c.want) {
					t.Errorf("@%s %s: %q, want it to end %q", c.handle, c.purpose, l, c.want)
				}
			}
		}
		if !found {
			t.Errorf("no row for @%s %s:\n%s", c.handle, c.purpose, list)
		}
	}
	// With none left and one a week, the third waits three weeks.
	p.ctx.Quota = outreach.Quota{Weekly: 1, Reset: time.Sunday}
	queueLoad(t, p)
	for _, inv := range p.list.Rows() {
		if inv.Handle == handles[3] && inv.Status == outreach.InvitationApproved {
			if got := p.when(inv, p.ctx.Now()); inv.QuotaRank != 3 || got != "in 3 weeks" {
				t.Errorf("rank %d with none left of 1 a week: %q", inv.QuotaRank, got)
			}
		}
	}
	if got := queueScreen(t, p, 160, 48); !strings.Contains(got, "this week: 0 go · 3 wait for next week") {
		t.Errorf("quota line with none left:\n%s", got)
	}
}
