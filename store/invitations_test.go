package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

// invMia renders the built-in message signed by Mia.
func invMia(c outreach.Creator, camp outreach.Campaign, t outreach.Terms) (string, string, error) {
	return outreach.DefaultMessage(c, camp.Name, t, "Mia")
}

// invSetup imports creators and a campaign "Glow" with 12% commission.
func invSetup(t *testing.T, handles ...string) (*Store, *clock) {
	t.Helper()
	s, c := openTest(t)
	if _, err := s.CreateCampaign(context.Background(), outreach.Campaign{Name: "Glow", DefaultCommission: 1200}); err != nil {
		t.Fatal(err)
	}
	var rows []outreach.CreatorRow
	for i, h := range handles {
		f := int64(5000)
		if strings.HasPrefix(h, "head") {
			f = 900_000
		}
		rows = append(rows, row(i+2, h, i64(f)))
	}
	importRows(t, s, ImportOptions{}, rows...)
	return s, c
}

func invQueue(t *testing.T, s *Store, campaign string, handles ...string) {
	t.Helper()
	n, held, err := s.QueueInvitations(context.Background(), handles, campaign, invMia)
	if err != nil || n != len(handles) || len(held) != 0 {
		t.Fatalf("queue %v in %q: %d queued, held %v, %v", handles, campaign, n, held, err)
	}
}

// invOpen returns the creator's open invitation in the campaign.
func invOpen(t *testing.T, s *Store, handle, campaign string) outreach.Invitation {
	t.Helper()
	for _, st := range []outreach.InvitationStatus{outreach.InvitationQueued, outreach.InvitationApproved} {
		p, err := s.Invitations(context.Background(), InvitationQuery{Campaign: campaign, Status: st})
		if err != nil {
			t.Fatal(err)
		}
		for _, inv := range p.Invitations {
			if inv.Handle == handle {
				return inv
			}
		}
	}
	t.Fatalf("no open invitation for @%s in %q", handle, campaign)
	return outreach.Invitation{}
}

// invPipeline returns the creator's pipeline in the campaign.
func invPipeline(t *testing.T, s *Store, handle, campaign string) (Pipeline, bool) {
	t.Helper()
	ps, err := s.Pipelines(context.Background(), handle)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if strings.EqualFold(p.Campaign, campaign) {
			return p, true
		}
	}
	return Pipeline{}, false
}

func invEvents(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT COUNT(*) FROM history WHERE field = 'stage'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestQueueInvitationsHoldsAndStartsPipelines(t *testing.T) {
	s, _ := invSetup(t, "anna", "head_bob", "carol", "dave")
	ctx := context.Background()
	if _, err := s.MoveStage(ctx, Move{Handle: "carol", To: outreach.DoNotContact, Note: "asked us to stop"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MoveStage(ctx, Move{Handle: "dave", Campaign: "Glow", To: outreach.Invited}); err != nil {
		t.Fatal(err)
	}
	n, held, err := s.QueueInvitations(ctx, []string{"anna", "@HEAD_BOB", "carol", "dave", "nobody", "bad handle!", "＠Anna"}, "glow", invMia)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("queued %d, want 2", n)
	}
	want := map[string]string{"carol": "do not contact", "dave": "already invited in Glow", "nobody": "no such creator", "bad handle!": "not a handle"}
	if len(held) != len(want) {
		t.Errorf("held %v, want %v", held, want)
	}
	for _, h := range held {
		if !strings.HasPrefix(h.Reason, want[h.Handle]) || want[h.Handle] == "" {
			t.Errorf("held @%s: %q, want %q", h.Handle, h.Reason, want[h.Handle])
		}
	}
	// Pipelines started at prospect and logged.
	for _, h := range []string{"anna", "head_bob"} {
		p, ok := invPipeline(t, s, h, "Glow")
		if !ok || p.Position.Stage != outreach.Prospect {
			t.Errorf("@%s: pipeline %+v, want prospect in Glow", h, p)
		}
	}
	evs, _, _ := s.Events(ctx, "anna", 0, 5)
	if len(evs) != 1 || evs[0].To != outreach.Prospect || evs[0].Source != invitationSource {
		t.Errorf("anna's log %+v", evs)
	}
	// Terms: tier defaults with the campaign's commission.
	bob := invOpen(t, s, "head_bob", "Glow")
	if !strings.Contains(bob.Body, "USD 200.00") || !strings.Contains(bob.Body, "12% commission") || bob.Tier != outreach.Head {
		t.Errorf("head invitation:\n%s", bob.Body)
	}
	if bob.Subject != "Paid collaboration: Glow" || bob.Channel != outreach.ChannelDM || bob.Status != outreach.InvitationQueued ||
		!bob.CreatedAt.Equal(t0) || bob.Stage != outreach.Prospect || bob.CampaignName != "Glow" {
		t.Errorf("invitation %+v", bob)
	}
	anna := invOpen(t, s, "anna", "Glow")
	if !strings.Contains(anna.Body, "15% off") {
		t.Errorf("micro invitation:\n%s", anna.Body)
	}
	// Again: an open invitation holds.
	n, held, err = s.QueueInvitations(ctx, []string{"anna"}, "Glow", invMia)
	if err != nil || n != 0 || len(held) != 1 || held[0].Reason != "already queued in Glow" {
		t.Errorf("second queue: %d %v %v", n, held, err)
	}
	// Do-not-contact is never queued, in any campaign.
	var carol int
	s.db.QueryRow(`SELECT COUNT(*) FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id
		JOIN creators c ON c.id = k.creator_id WHERE c.handle = 'carol'`).Scan(&carol)
	if carol != 0 {
		t.Errorf("%d invitations to a do-not-contact creator", carol)
	}
	if _, _, err := s.QueueInvitations(ctx, []string{"anna"}, "No such campaign", invMia); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown campaign: %v", err)
	}
}

func TestQueueInvitationsRenderRefusalWritesNothing(t *testing.T) {
	s, _ := invSetup(t, "anna", "head_bob")
	ctx := context.Background()
	before := invEvents(t, s)
	refuse := func(c outreach.Creator, _ outreach.Campaign, _ outreach.Terms) (string, string, error) {
		if c.Handle == "head_bob" {
			return outreach.DefaultMessage(c, "Glow", outreach.Terms{}, "Mia") // no fee: refused
		}
		return "Hi", "hello \x1b[2J", nil // a control character: refused by the store
	}
	n, held, err := s.QueueInvitations(ctx, []string{"anna", "head_bob"}, "Glow", refuse)
	if err != nil || n != 0 || len(held) != 2 {
		t.Fatalf("got %d %v %v", n, held, err)
	}
	if !strings.Contains(held[1].Reason, "slot fee") || !strings.Contains(held[0].Reason, "control character") {
		t.Errorf("reasons %v", held)
	}
	if _, ok := invPipeline(t, s, "anna", "Glow"); ok {
		t.Error("a held creator's pipeline was started")
	}
	if invEvents(t, s) != before {
		t.Error("a refused queue wrote events")
	}
}

func TestOneOpenInvitationPerPipeline(t *testing.T) {
	s, _ := invSetup(t, "anna")
	invQueue(t, s, "Glow", "anna")
	var collab int64
	if err := s.db.QueryRow("SELECT pipeline_id FROM invitations").Scan(&collab); err != nil {
		t.Fatal(err)
	}
	// The index agrees with outreach's Open, including the statuses the
	// sending engine will add.
	for _, st := range append(outreach.InvitationStatuses, "sending", "retry_wait", "unknown") {
		_, err := s.db.Exec(`INSERT INTO invitations (pipeline_id, body, status, created_at, updated_at) VALUES (?, 'x', ?, 0, 0)`, collab, string(st))
		if st.Open() != (err != nil) {
			t.Errorf("second invitation %s beside a queued one: %v (open %v)", st, err, st.Open())
		}
	}
	if _, err := s.db.Exec(`DELETE FROM creators`); err != nil {
		t.Fatal(err)
	}
	var left int
	s.db.QueryRow("SELECT COUNT(*) FROM invitations").Scan(&left)
	if left != 0 {
		t.Errorf("%d invitations outlived their creator", left)
	}
}

func TestInvitationsPaging(t *testing.T) {
	var handles []string
	for i := range 7 {
		handles = append(handles, fmt.Sprintf("c%02d", i))
	}
	s, c := invSetup(t, handles...)
	ctx := context.Background()
	for _, h := range handles[:5] {
		c.t = c.t.Add(time.Minute)
		invQueue(t, s, "Glow", h)
	}
	invQueue(t, s, "", handles[5:]...)
	for _, newest := range []bool{false, true} {
		var got []string
		q := InvitationQuery{Campaign: "Glow", Newest: newest, Limit: 2}
		for pages := 0; ; pages++ {
			p, err := s.Invitations(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, inv := range p.Invitations {
				got = append(got, inv.Handle)
			}
			if !p.More || pages > 5 {
				break
			}
			q.After = p.Next
		}
		want := "c00 c01 c02 c03 c04"
		if newest {
			want = "c04 c03 c02 c01 c00"
		}
		if strings.Join(got, " ") != want {
			t.Errorf("newest %v: %v, want %s", newest, got, want)
		}
	}
	all, err := s.Invitations(ctx, InvitationQuery{})
	if err != nil || len(all.Invitations) != 7 || all.More {
		t.Errorf("every campaign: %d, more %v, %v", len(all.Invitations), all.More, err)
	}
	inv := invOpen(t, s, "c01", "Glow")
	if err := s.SetInvitationStatus(ctx, inv.ID, outreach.InvitationApproved); err != nil {
		t.Fatal(err)
	}
	p, _ := s.Invitations(ctx, InvitationQuery{Campaign: "glow", Status: outreach.InvitationApproved})
	if len(p.Invitations) != 1 || p.Invitations[0].Handle != "c01" {
		t.Errorf("approved: %+v", p.Invitations)
	}
	counts, err := s.CountInvitations(ctx, "Glow")
	if err != nil || counts[outreach.InvitationQueued] != 4 || counts[outreach.InvitationApproved] != 1 {
		t.Errorf("counts %v %v", counts, err)
	}
	counts, _ = s.CountInvitations(ctx, "")
	if counts[outreach.InvitationQueued] != 6 {
		t.Errorf("counts in every campaign %v", counts)
	}
	if _, err := s.Invitation(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing invitation: %v", err)
	}
}

func TestEditAndSetInvitationStatus(t *testing.T) {
	s, _ := invSetup(t, "anna", "bo")
	ctx := context.Background()
	invQueue(t, s, "Glow", "anna", "bo")
	inv := invOpen(t, s, "anna", "Glow")
	if err := s.SetInvitationStatus(ctx, inv.ID, outreach.InvitationApproved); err != nil {
		t.Fatal(err)
	}
	if err := s.EditInvitation(ctx, inv.ID, "Hi Anna,\r\nshort and sweet.\r\n"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Invitation(ctx, inv.ID)
	if got.Body != "Hi Anna,\nshort and sweet." || got.Status != outreach.InvitationQueued {
		t.Errorf("after edit: %q %s (an edit needs a fresh approval)", got.Body, got.Status)
	}
	for _, bad := range []string{" ", "evil \x1b]52;c;AAAA\x07"} {
		if err := s.EditInvitation(ctx, inv.ID, bad); err == nil {
			t.Errorf("edit %q accepted", bad)
		}
	}
	for _, st := range []outreach.InvitationStatus{outreach.InvitationSent, outreach.InvitationFailed, "later"} {
		if err := s.SetInvitationStatus(ctx, inv.ID, st); err == nil {
			t.Errorf("set %s by hand", st)
		}
	}
	if err := s.SetInvitationStatus(ctx, inv.ID, outreach.InvitationSkipped); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Invitation(ctx, inv.ID)
	if got.Status != outreach.InvitationSkipped || got.Reason == "" {
		t.Errorf("skipped: %+v", got)
	}
	if err := s.SetInvitationStatus(ctx, inv.ID, outreach.InvitationApproved); err == nil {
		t.Error("a skipped invitation was approved")
	}
	if err := s.EditInvitation(ctx, inv.ID, "again"); err == nil {
		t.Error("a skipped invitation was edited")
	}
	if err := s.SetInvitationStatus(ctx, 999, outreach.InvitationApproved); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing: %v", err)
	}
	// Skipped closes it: the creator may be queued again.
	invQueue(t, s, "Glow", "anna")
}

func TestMarkSentMovesPipelineToInvited(t *testing.T) {
	s, c := invSetup(t, "anna")
	ctx := context.Background()
	invQueue(t, s, "Glow", "anna")
	inv := invOpen(t, s, "anna", "Glow")
	at := t0.Add(2 * time.Hour)
	c.t = t0.Add(5 * time.Hour)
	if err := s.MarkSent(ctx, inv.ID, at); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Invitation(ctx, inv.ID)
	if got.Status != outreach.InvitationSent || !got.SentAt.Equal(at) || got.Stage != outreach.Invited {
		t.Errorf("after MarkSent: %+v", got)
	}
	p, _ := invPipeline(t, s, "anna", "Glow")
	if p.Position.Stage != outreach.Invited || !p.InvitedAt.Equal(at) {
		t.Errorf("pipeline %+v", p)
	}
	evs, _, _ := s.Events(ctx, "anna", 0, 1)
	if len(evs) != 1 || evs[0].From != outreach.Prospect || evs[0].To != outreach.Invited || evs[0].Source != invitationSource ||
		!strings.Contains(evs[0].Note, "sent by hand") {
		t.Errorf("log %+v", evs)
	}
	cr, _ := s.Creator(ctx, "anna")
	if !cr.LastContactAt.Equal(at) {
		t.Errorf("last contact %v", cr.LastContactAt)
	}
	before := invEvents(t, s)
	if err := s.MarkSent(ctx, inv.ID, time.Time{}); err == nil {
		t.Error("sent twice")
	}
	if invEvents(t, s) != before {
		t.Error("a refused MarkSent wrote events")
	}
	// Invited now: no new invitation through the queue.
	n, held, _ := s.QueueInvitations(ctx, []string{"anna"}, "Glow", invMia)
	if n != 0 || len(held) != 1 {
		t.Errorf("queued an invited creator: %d %v", n, held)
	}
}

func TestMarkSentRefusedWritesNothing(t *testing.T) {
	s, _ := invSetup(t, "anna", "bo")
	ctx := context.Background()
	invQueue(t, s, "Glow", "anna", "bo")
	anna, bo := invOpen(t, s, "anna", "Glow"), invOpen(t, s, "bo", "Glow")
	if _, err := s.MoveStage(ctx, Move{Handle: "anna", To: outreach.DoNotContact, Note: "stop"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MoveStage(ctx, Move{Handle: "bo", Campaign: "Glow", To: outreach.Replied}); err != nil {
		t.Fatal(err)
	}
	for _, inv := range []outreach.Invitation{anna, bo} {
		before := invEvents(t, s)
		was, _ := s.Invitation(ctx, inv.ID) // do-not-contact has closed anna's already
		if err := s.MarkSent(ctx, inv.ID, time.Time{}); err == nil {
			t.Errorf("@%s: sent", inv.Handle)
		}
		got, _ := s.Invitation(ctx, inv.ID)
		if got.Status != was.Status || !got.SentAt.IsZero() || invEvents(t, s) != before {
			t.Errorf("@%s: a refused send wrote: %+v", inv.Handle, got)
		}
	}
}

func TestMarkSentFollowUpLimit(t *testing.T) {
	s, _ := invSetup(t, "anna")
	ctx := context.Background()
	if _, err := s.SetSender(ctx, "Mia"); err != nil {
		t.Fatal(err)
	}
	invQueue(t, s, "Glow", "anna")
	first := invOpen(t, s, "anna", "Glow")
	if err := s.MarkSent(ctx, first.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	// The sequence queues two follow-ups itself; more are written by hand
	// to reach TikTok's limit.
	auto := 0
	followUp := func() int64 {
		var id int64
		err := s.db.QueryRow(`SELECT id FROM invitations WHERE pipeline_id = (SELECT pipeline_id FROM invitations WHERE id = ?)
			AND status = 'approved'`, first.ID).Scan(&id)
		if err == nil {
			auto++
			return id
		}
		err = s.db.QueryRow(`INSERT INTO invitations (pipeline_id, body, status, purpose, created_at, updated_at)
			SELECT pipeline_id, 'follow-up', 'queued', 'followup2', 0, 0 FROM invitations WHERE id = ? RETURNING id`, first.ID).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	for i := 2; i <= outreach.MaxMessagesBeforeReply; i++ {
		if err := s.MarkSent(ctx, followUp(), time.Time{}); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
	}
	if p, _ := invPipeline(t, s, "anna", "Glow"); p.Position.Stage != outreach.Invited {
		t.Errorf("follow-ups moved the pipeline: %s", p.Position.Stage)
	}
	if auto != len(outreach.DefaultFollowUps().Days) {
		t.Errorf("%d follow-ups queued themselves, want %d", auto, len(outreach.DefaultFollowUps().Days))
	}
	last := followUp()
	if err := s.MarkSent(ctx, last, time.Time{}); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("message %d: %v, want the limit", outreach.MaxMessagesBeforeReply+1, err)
	}
}

func TestMarkReplied(t *testing.T) {
	s, c := invSetup(t, "anna", "bo")
	ctx := context.Background()
	invQueue(t, s, "Glow", "anna", "bo")
	anna, bo := invOpen(t, s, "anna", "Glow"), invOpen(t, s, "bo", "Glow")
	if err := s.MarkSent(ctx, anna.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(24 * time.Hour)
	if err := s.MarkReplied(ctx, anna.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	p, _ := invPipeline(t, s, "anna", "Glow")
	if p.Position.Stage != outreach.Replied {
		t.Errorf("anna: %s", p.Position.Stage)
	}
	evs, _, _ := s.Events(ctx, "anna", 0, 1)
	if len(evs) != 1 || evs[0].From != outreach.Invited || evs[0].To != outreach.Replied || !evs[0].At.Equal(c.t) {
		t.Errorf("log %+v", evs)
	}
	got, _ := s.Invitation(ctx, anna.ID)
	if got.Status != outreach.InvitationSent {
		t.Errorf("a reply changed a sent invitation: %s", got.Status)
	}
	before := invEvents(t, s)
	if err := s.MarkReplied(ctx, anna.ID, time.Time{}); err == nil {
		t.Error("replied twice")
	}
	if invEvents(t, s) != before {
		t.Error("a refused reply wrote events")
	}
	// A reply before the invitation went: the pipeline jumps ahead and the
	// invitation is skipped.
	if err := s.MarkReplied(ctx, bo.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Invitation(ctx, bo.ID)
	if got.Status != outreach.InvitationSkipped || got.Stage != outreach.Replied || !strings.Contains(got.Reason, "replied") {
		t.Errorf("bo: %+v", got)
	}
}

func TestSender(t *testing.T) {
	s, _ := invSetup(t, "anna")
	ctx := context.Background()
	if _, _, err := s.Queue(ctx, QueueRequest{Handles: []string{"anna"}}); !errors.Is(err, ErrNoSender) {
		t.Errorf("queued unsigned: %v", err)
	}
	if n, err := s.Sender(ctx); err != nil || n != "" {
		t.Errorf("unset sender: %q %v", n, err)
	}
	if _, err := s.SetSender(ctx, "Mia\r\nBcc: x@y"); err == nil {
		t.Error("a two-line sender was accepted")
	}
	if n, err := s.SetSender(ctx, "  Mia  from GlowLab "); err != nil || n != "Mia from GlowLab" {
		t.Errorf("set: %q %v", n, err)
	}
	if n, _ := s.Sender(ctx); n != "Mia from GlowLab" {
		t.Errorf("sender %q", n)
	}
	n, held, err := s.Queue(ctx, QueueRequest{Handles: []string{"anna"}})
	if err != nil || n != 1 || len(held) != 0 {
		t.Fatalf("default message: %d %v %v", n, held, err)
	}
	inv := invOpen(t, s, "anna", "")
	if !strings.Contains(inv.Body, "Thanks,\nMia from GlowLab") || inv.CampaignName != outreach.DefaultCampaign {
		t.Errorf("default campaign invitation %+v", inv)
	}
}

// Marking a creator do-not-contact closes every invitation still waiting to
// go to them, in the same transaction.
func TestDoNotContactClosesOpenInvitations(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "quiet1", i64(1000)))
	if _, err := s.SetSender(ctx, "Mia from Glow"); err != nil {
		t.Fatal(err)
	}
	n, held, err := s.Queue(ctx, QueueRequest{Handles: []string{"quiet1"}})
	if err != nil || n != 1 {
		t.Fatalf("queued %d, held %v, %v", n, held, err)
	}
	if _, err := s.MoveStage(ctx, Move{Handle: "quiet1", To: outreach.DoNotContact, Note: "asked us to stop"}); err != nil {
		t.Fatal(err)
	}
	page, err := s.Invitations(ctx, InvitationQuery{Limit: 10})
	if err != nil || len(page.Invitations) != 1 {
		t.Fatalf("%+v %v", page, err)
	}
	if inv := page.Invitations[0]; inv.Status != outreach.InvitationSkipped || inv.Reason != "do not contact" {
		t.Errorf("invitation after do-not-contact: %s (%s)", inv.Status, inv.Reason)
	}
}
