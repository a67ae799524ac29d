package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

// sndDay is the start of day n of a sequence that began at t0.
func sndDay(n int) time.Time { return t0.AddDate(0, 0, n) }

// sndMarkSent marks an invitation sent by hand now.
func sndMarkSent(t *testing.T, s *Store, id int64) {
	t.Helper()
	if err := s.MarkSent(context.Background(), id, time.Time{}); err != nil {
		t.Fatalf("mark #%d sent: %v", id, err)
	}
}

func sndStage(t *testing.T, s *Store, handle string) outreach.Stage {
	t.Helper()
	p, ok := invPipeline(t, s, handle, "Glow")
	if !ok {
		t.Fatalf("@%s has no pipeline in Glow", handle)
	}
	return p.Position.Stage
}

// The follow-up sequence of a DM sent by hand: follow-up 1 on day 3,
// follow-up 2 on day 7, no_response on day 14.
func TestSndFollowUpSequenceByHand(t *testing.T) {
	s, c := sndSetup(t, Options{}, sndCreator("anna", "anna@example.com"))
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Approve: true})
	inv := sndLast(t, s, "anna")
	if inv.Channel != outreach.ChannelDM || inv.QuotaRank != 1 {
		t.Fatalf("invitation %s, quota rank %d; want a DM costing quota", inv.Channel, inv.QuotaRank)
	}
	sndMarkSent(t, s, inv.ID) // day 0

	fu1 := sndLast(t, s, "anna")
	if fu1.ID == inv.ID || fu1.Purpose != outreach.PurposeFollowUp1 || fu1.Status != outreach.InvitationApproved ||
		!fu1.DueAt.Equal(sndDay(3)) || fu1.Channel != outreach.ChannelDM || fu1.ToAddr != "" || fu1.QuotaRank != 0 {
		t.Fatalf("follow-up 1: %+v", fu1)
	}
	if !strings.HasPrefix(fu1.Body, "Hi Anna,") || !strings.Contains(fu1.Body, "Just checking you saw my note") ||
		!strings.HasSuffix(fu1.Body, "Mia") {
		t.Errorf("follow-up 1 text:\n%s", fu1.Body)
	}
	c.t = sndDay(3)
	sndMarkSent(t, s, fu1.ID)
	if st := sndStage(t, s, "anna"); st != outreach.Invited {
		t.Errorf("after follow-up 1: %s", st)
	}
	fu2 := sndLast(t, s, "anna")
	if fu2.ID == fu1.ID || fu2.Purpose != outreach.PurposeFollowUp2 || fu2.Status != outreach.InvitationApproved ||
		!fu2.DueAt.Equal(sndDay(7)) || fu2.Channel != outreach.ChannelDM {
		t.Fatalf("follow-up 2: %+v", fu2)
	}
	if !strings.Contains(fu2.Body, "One last note from me") {
		t.Errorf("follow-up 2 text:\n%s", fu2.Body)
	}
	c.t = sndDay(7)
	sndMarkSent(t, s, fu2.ID)
	invs := sndInvs(t, s, "anna")
	if len(invs) != 3 {
		t.Fatalf("%d messages after follow-up 2, want 3 (nothing more queued)", len(invs))
	}
	for _, i := range invs {
		if i.Status != outreach.InvitationSent {
			t.Errorf("#%d %s: %s", i.ID, i.Purpose, i.Status)
		}
	}

	c.t = sndDay(14).Add(-time.Second)
	if n, err := s.CloseUnanswered(ctx); err != nil || n != 0 {
		t.Errorf("a second before day 14: %d moved (%v)", n, err)
	}
	if st := sndStage(t, s, "anna"); st != outreach.Invited {
		t.Errorf("before day 14: %s", st)
	}
	if due, err := s.UnansweredDue(ctx); err != nil || due {
		t.Errorf("a second before day 14: due %v (%v)", due, err)
	}
	c.t = sndDay(14)
	if due, err := s.UnansweredDue(ctx); err != nil || !due {
		t.Errorf("day 14: due %v (%v), want due", due, err)
	}
	if n, err := s.CloseUnanswered(ctx); err != nil || n != 1 {
		t.Errorf("day 14: %d moved (%v), want 1", n, err)
	}
	if st := sndStage(t, s, "anna"); st != outreach.NoResponse {
		t.Errorf("day 14: %s, want no_response", st)
	}
	evs, _, _ := s.Events(ctx, "anna", 0, 10)
	if len(evs) != 3 {
		t.Errorf("%d events, want 3 (prospect, invited, no_response): follow-ups move nothing", len(evs))
	}
	if len(evs) == 0 || evs[0].From != outreach.Invited || evs[0].To != outreach.NoResponse || !evs[0].At.Equal(sndDay(14)) ||
		evs[0].Note != "no reply 14 days after the invitation" || evs[0].Source != invitationSource {
		t.Errorf("last event %+v", evs)
	}
	if n, err := s.CloseUnanswered(ctx); err != nil || n != 0 {
		t.Errorf("again: %d moved (%v)", n, err)
	}
	if due, err := s.UnansweredDue(ctx); err != nil || due {
		t.Errorf("after closing: due %v (%v)", due, err)
	}
	if n, err := s.CloseUnansweredIfDue(ctx); err != nil || n != 0 {
		t.Errorf("if due, again: %d moved (%v)", n, err)
	}

	f, err := s.Funnel(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if f.All.Invited != 1 || f.All.Replied != 0 || f.ByTier[outreach.Micro].Invited != 1 {
		t.Errorf("funnel %+v: one creator invited, follow-ups are no new invitations", f.All)
	}
	if n, err := s.NewCreatorsInvited(ctx, t0.Add(-time.Hour)); err != nil || n != 1 {
		t.Errorf("new creators invited %d (%v), want 1", n, err)
	}
}

// No_response waits, after the last follow-up, as long as the sequence
// allows (14 - 7 = 7 days), and never closes a pipeline with a message
// still to go.
func TestSndCloseUnansweredWaitsForTheSequence(t *testing.T) {
	s, c := sndSetup(t, Options{}, sndCreator("anna", ""), sndCreator("bo", ""))
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: []string{"anna", "bo"}, Approve: true})
	sndMarkSent(t, s, sndLast(t, s, "anna").ID)
	sndMarkSent(t, s, sndLast(t, s, "bo").ID)
	c.t = sndDay(3)
	sndMarkSent(t, s, sndLast(t, s, "anna").ID) // follow-up 1; bo's never goes
	c.t = sndDay(10)
	sndMarkSent(t, s, sndLast(t, s, "anna").ID) // follow-up 2, three days late
	for _, day := range []int{14, 16} {
		c.t = sndDay(day).Add(23 * time.Hour)
		if n, err := s.CloseUnanswered(ctx); err != nil || n != 0 {
			t.Errorf("day %d: %d moved (%v), want 0", day, n, err)
		}
	}
	c.t = sndDay(17)
	if n, err := s.CloseUnanswered(ctx); err != nil || n != 1 {
		t.Errorf("day 17: %d moved (%v), want 1", n, err)
	}
	if st := sndStage(t, s, "anna"); st != outreach.NoResponse {
		t.Errorf("anna: %s", st)
	}
	c.t = sndDay(60)
	if n, err := s.CloseUnanswered(ctx); err != nil || n != 0 {
		t.Errorf("day 60: %d moved (%v), want 0", n, err)
	}
	if st := sndStage(t, s, "bo"); st != outreach.Invited {
		t.Errorf("bo, with follow-up 1 still to go: %s", st)
	}
}

// A reply or any stage change calls off the rest of the sequence at once.
func TestSndReplyStopsTheSequence(t *testing.T) {
	handles := []string{"anna", "bo", "cy", "dee", "eve"}
	var creators []outreach.Creator
	for _, h := range handles {
		creators = append(creators, sndCreator(h, h+"@example.com"))
	}
	s, c := sndSetup(t, Options{Email: true}, creators...)
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: handles, Approve: true})
	first := map[string]int64{}
	for _, h := range handles {
		first[h] = sndLast(t, s, h).ID
		sndMarkSent(t, s, first[h])
	}
	c.t = sndDay(1)
	if err := s.MarkReplied(ctx, first["anna"], time.Time{}); err != nil {
		t.Fatal(err)
	}
	for h, to := range map[string]outreach.Stage{"bo": outreach.Negotiating, "cy": outreach.Declined, "dee": outreach.DoNotContact} {
		if _, err := s.MoveStage(ctx, Move{Handle: h, Campaign: "Glow", To: to, Note: "by hand"}); err != nil {
			t.Fatalf("@%s to %s: %v", h, to, err)
		}
	}
	want := map[string]string{"anna": "stopped: moved to replied", "bo": "stopped: moved to negotiating",
		"cy": "stopped: moved to declined", "dee": "do not contact"}
	for h, reason := range want {
		fu := sndLast(t, s, h)
		if fu.Purpose != outreach.PurposeFollowUp1 || fu.Status != outreach.InvitationSkipped || fu.Reason != reason {
			t.Errorf("@%s follow-up: %s %s %q, want skipped %q", h, fu.Purpose, fu.Status, fu.Reason, reason)
		}
		if err := s.MarkSent(ctx, fu.ID, time.Time{}); err == nil {
			t.Errorf("@%s: a stopped follow-up was marked sent", h)
		}
	}
	if fu := sndLast(t, s, "eve"); fu.Status != outreach.InvitationApproved {
		t.Errorf("eve's follow-up %s, want approved (nothing happened to her)", fu.Status)
	}
	// Nothing of theirs goes out by email either.
	c.t = sndDay(30)
	due, _, err := s.EmailDue(ctx, sndNoQuota, c.t, 50)
	if err != nil || len(due) != 1 || due[0].Handle != "eve" {
		t.Errorf("due on day 30: %+v (%v), want eve's follow-up only", due, err)
	}
	// eve's follow-up is skipped by hand: her sequence is over and she
	// closes; anna replied and stays.
	if err := s.SetInvitationStatus(ctx, sndLast(t, s, "eve").ID, outreach.InvitationSkipped); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CloseUnanswered(ctx); err != nil || n != 1 {
		t.Errorf("close unanswered: %d (%v), want 1 (eve)", n, err)
	}
	for h, st := range map[string]outreach.Stage{"anna": outreach.Replied, "bo": outreach.Negotiating, "cy": outreach.Declined,
		"dee": outreach.DoNotContact, "eve": outreach.NoResponse} {
		if got := sndStage(t, s, h); got != st {
			t.Errorf("@%s: %s, want %s", h, got, st)
		}
	}
}

// A follow-up whose template needs a value the store lacks waits for
// review, without text, with the reason.
func TestSndFollowUpHeldWithoutSender(t *testing.T) {
	s, c := sndSetup(t, Options{Email: true}, sndCreator("anna", "anna@example.com"))
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Approve: true})
	if _, err := s.db.Exec("DELETE FROM settings WHERE key = ?", settingSender); err != nil {
		t.Fatal(err)
	}
	r := sndStart(t, s, "pid 1")
	o := sndClaim(t, r, sndNoQuota)
	sndFinish(t, r, o.ID, OutcomeSent, "250 ok")
	fu := sndLast(t, s, "anna")
	if fu.Purpose != outreach.PurposeFollowUp1 || fu.Status != outreach.InvitationQueued || fu.Body != "" || fu.Subject != "Re: A free sample for you: Glow" ||
		!strings.HasPrefix(fu.Reason, "held:") || !strings.Contains(fu.Reason, "sender") || !fu.DueAt.Equal(c.t.Add(72*time.Hour)) ||
		fu.Channel != outreach.ChannelEmail || fu.ToAddr != "anna@example.com" {
		t.Fatalf("held follow-up %+v", fu)
	}
	err := s.SetInvitationStatus(ctx, fu.ID, outreach.InvitationApproved)
	if err == nil || !strings.Contains(err.Error(), "has no text") {
		t.Errorf("approve a follow-up without text: %v", err)
	}
	c.t = sndDay(5)
	sndNothingDue(t, r, sndNoQuota)
	// Written by hand, it may go.
	if err := s.EditInvitation(ctx, fu.ID, "Hi Anna, just checking. Mia"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetInvitationStatus(ctx, fu.ID, outreach.InvitationApproved); err != nil {
		t.Fatal(err)
	}
	if o := sndClaim(t, r, sndNoQuota); o.ID != fu.ID || o.Body != "Hi Anna, just checking. Mia" {
		t.Errorf("claimed #%d %q", o.ID, o.Body)
	}
}

func TestSndFollowUpHeldHeadWithoutFee(t *testing.T) {
	terms := outreach.StandardTerms()
	terms.Head.SlotFee = outreach.Money{} // no fee configured for head creators
	s, _ := sndSetup(t, Options{Terms: &terms}, sndCreator("head_bo", ""))
	ctx := context.Background()
	// The default head invitation needs the fee too: without one nothing is queued.
	n, held, err := s.Queue(ctx, QueueRequest{Handles: []string{"head_bo"}, Campaign: "Glow"})
	if err != nil || n != 0 || len(held) != 1 || !strings.Contains(held[0].Reason, "slot fee") {
		t.Fatalf("default head invitation without a fee: %d %v %v", n, held, err)
	}
	// An invitation that names no fee goes; follow-up 1 names it.
	if err := s.SaveTemplate(ctx, outreach.Template{Tier: outreach.Head, Purpose: outreach.PurposeInvitation,
		Subject: "Paid collaboration", Body: "Hi {{.Name}}, {{.Commission}} commission for {{.Campaign}}.\n{{.Sender}}"}); err != nil {
		t.Fatal(err)
	}
	sndQueue(t, s, QueueRequest{Handles: []string{"head_bo"}, Approve: true})
	inv := sndLast(t, s, "head_bo")
	if inv.Body != "Hi Head_bo, 12% commission for Glow.\nMia" {
		t.Errorf("invitation from the saved template: %q", inv.Body)
	}
	sndMarkSent(t, s, inv.ID)
	fu := sndLast(t, s, "head_bo")
	if fu.Purpose != outreach.PurposeFollowUp1 || fu.Status != outreach.InvitationQueued || fu.Body != "" ||
		!strings.HasPrefix(fu.Reason, "held:") || !strings.Contains(fu.Reason, "slot fee") {
		t.Fatalf("follow-up %+v", fu)
	}
	if err := s.SetInvitationStatus(ctx, fu.ID, outreach.InvitationApproved); err == nil || !strings.Contains(err.Error(), "has no text") {
		t.Errorf("approve: %v", err)
	}
}

func TestSndTemplates(t *testing.T) {
	s, c := sndSetup(t, Options{}, sndCreator("anna", ""), sndCreator("bo", ""))
	ctx := context.Background()
	def, err := s.Template(ctx, outreach.Micro, outreach.PurposeInvitation)
	if err != nil || def.Custom || def.Body != outreach.DefaultTemplate(outreach.Micro, outreach.PurposeInvitation).Body {
		t.Fatalf("default template %+v %v", def, err)
	}
	all, err := s.Templates(ctx)
	if err != nil || len(all) != 2*len(outreach.Purposes) {
		t.Errorf("%d templates (%v)", len(all), err)
	}

	c.t = t0.Add(time.Hour)
	custom := outreach.Template{Tier: outreach.Micro, Purpose: outreach.PurposeInvitation,
		Subject: "  A gift for {{.Name}}  ", Body: "Hello {{.Name}}, CUSTOM-INVITE for {{.Campaign}}.\n{{.Sender}}"}
	if err := s.SaveTemplate(ctx, custom); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Template(ctx, outreach.Micro, outreach.PurposeInvitation)
	if !got.Custom || got.Subject != "A gift for {{.Name}}" || got.Body != custom.Body || !got.UpdatedAt.Equal(c.t) {
		t.Errorf("saved %+v", got)
	}
	if head, _ := s.Template(ctx, outreach.Head, outreach.PurposeInvitation); head.Custom {
		t.Error("saving the micro template changed the head one")
	}

	refused := []struct {
		name string
		t    outreach.Template
		want []string
	}{
		{"syntax error", outreach.Template{Subject: "Hi", Body: "Hello,\nthanks {{.Name}\n"}, []string{"body", "line 2"}},
		{"unclosed if", outreach.Template{Subject: "Hi", Body: "Hello\n\n{{if .Code}}code"}, []string{"body", "line 3"}},
		{"unknown placeholder", outreach.Template{Subject: "Hi", Body: "Hello {{.Nmae}}"}, []string{"did you mean .Name", "line 1, column 9"}},
		{"unknown in subject", outreach.Template{Subject: "For {{.Handel}}", Body: "Hello"}, []string{"subject", "did you mean .Handle"}},
		{"subject on two lines", outreach.Template{Subject: "Hi\nBcc: x@y", Body: "Hello"}, []string{"subject", "more than one line"}},
		{"subject with CR", outreach.Template{Subject: "Hi\rthere", Body: "Hello"}, []string{"subject"}},
		{"empty body", outreach.Template{Subject: "Hi", Body: "  \n "}, []string{"empty"}},
		{"no such purpose", outreach.Template{Purpose: "spam", Subject: "Hi", Body: "Hello"}, []string{"no template"}},
	}
	for _, tc := range refused {
		tm := tc.t
		tm.Tier = outreach.Micro
		if tm.Purpose == "" {
			tm.Purpose = outreach.PurposeInvitation
		}
		err := s.SaveTemplate(ctx, tm)
		if err == nil {
			t.Errorf("%s: saved", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not say %q", tc.name, err, w)
			}
		}
	}
	if kept, _ := s.Template(ctx, outreach.Micro, outreach.PurposeInvitation); kept.Body != custom.Body || kept.Subject != "A gift for {{.Name}}" {
		t.Errorf("a refused save replaced the template: %+v", kept)
	}

	if err := s.SaveTemplate(ctx, outreach.Template{Tier: outreach.Micro, Purpose: outreach.PurposeFollowUp1,
		Subject: "Re: a gift", Body: "Hi {{.Name}}, CUSTOM-FOLLOWUP.\n{{.Sender}}"}); err != nil {
		t.Fatal(err)
	}
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Approve: true})
	inv := sndLast(t, s, "anna")
	if inv.Subject != "A gift for Anna" || inv.Body != "Hello Anna, CUSTOM-INVITE for Glow.\nMia" {
		t.Errorf("invitation from the saved template: %q / %q", inv.Subject, inv.Body)
	}
	sndMarkSent(t, s, inv.ID)
	if fu := sndLast(t, s, "anna"); fu.Purpose != outreach.PurposeFollowUp1 || fu.Body != "Hi Anna, CUSTOM-FOLLOWUP.\nMia" || fu.Subject != "Re: a gift" {
		t.Errorf("follow-up from the saved template: %s %q / %q", fu.Purpose, fu.Subject, fu.Body)
	}

	if err := s.ResetTemplate(ctx, outreach.Micro, outreach.PurposeInvitation); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Template(ctx, outreach.Micro, outreach.PurposeInvitation)
	if got.Custom || got.Body != def.Body || got.Subject != def.Subject || !got.UpdatedAt.IsZero() {
		t.Errorf("after reset %+v", got)
	}
	sndQueue(t, s, QueueRequest{Handles: []string{"bo"}, Approve: true})
	if bo := sndLast(t, s, "bo"); strings.Contains(bo.Body, "CUSTOM") || bo.Subject != "A free sample for you: Glow" ||
		!strings.Contains(bo.Body, "free sample from Glow") {
		t.Errorf("invitation after reset: %q / %q", bo.Subject, bo.Body)
	}
	// Messages already queued keep their text.
	if again := sndGet(t, s, inv.ID); again.Body != inv.Body {
		t.Errorf("reset rewrote a sent invitation: %q", again.Body)
	}
}

// Template.Check promises that a syntax error names the line and column.
func TestSndTemplateSyntaxErrorNamesColumn(t *testing.T) {
	s, _ := sndSetup(t, Options{})
	err := s.SaveTemplate(context.Background(), outreach.Template{Tier: outreach.Micro, Purpose: outreach.PurposeInvitation,
		Subject: "Hi", Body: "Hello,\nthanks {{.Name}\n"})
	if err == nil || !strings.Contains(err.Error(), "line 2, column ") {
		t.Errorf("syntax error %q: want the line and column", err)
	}
}

// A display name that tries to start a header line never gets a CR or LF
// into a stored subject; the raw name goes to the email package, which
// encodes it.
func TestSndSubjectNeverHoldsLineBreaks(t *testing.T) {
	s, _ := sndSetup(t, Options{Email: true}, sndCreator("anna", "anna@example.com"))
	ctx := context.Background()
	evil := "Anna\r\nBcc: x@y"
	if _, err := s.db.Exec("UPDATE creators SET display_name = ? WHERE handle = 'anna'", evil); err != nil {
		t.Fatal(err)
	}
	for _, p := range []outreach.Purpose{outreach.PurposeInvitation, outreach.PurposeFollowUp1} {
		if err := s.SaveTemplate(ctx, outreach.Template{Tier: outreach.Micro, Purpose: p,
			Subject: "For {{.Name}}", Body: "Hi {{.Name}},\nhello.\n{{.Sender}}"}); err != nil {
			t.Fatal(err)
		}
	}
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Approve: true})
	r := sndStart(t, s, "pid 1")
	o := sndClaim(t, r, sndNoQuota)
	if o.ToName != evil {
		t.Errorf("ToName %q, want the raw display name %q", o.ToName, evil)
	}
	if o.Subject != "For Anna Bcc: x@y" {
		t.Errorf("subject %q", o.Subject)
	}
	if strings.Contains(o.Body, "\r") || !strings.HasPrefix(o.Body, "Hi Anna Bcc: x@y,\n") {
		t.Errorf("body %q", o.Body)
	}
	sndFinish(t, r, o.ID, OutcomeSent, "250 ok")
	var subjects, bad int
	if err := s.db.QueryRow(`SELECT COUNT(*), COALESCE(SUM(instr(subject, char(13)) > 0 OR instr(subject, char(10)) > 0 OR instr(body, char(13)) > 0), 0)
		FROM invitations`).Scan(&subjects, &bad); err != nil {
		t.Fatal(err)
	}
	if subjects != 2 || bad != 0 {
		t.Errorf("%d of %d stored messages hold a CR or LF in the subject, or a CR in the body", bad, subjects)
	}
	if fu := sndLast(t, s, "anna"); fu.Purpose != outreach.PurposeFollowUp1 || fu.Subject != "For Anna Bcc: x@y" {
		t.Errorf("follow-up subject %q", fu.Subject)
	}
}

// A sample reminder needs a sample out and names the day the video is
// due; a thank-you needs posted content; a reminder still open when the
// video is posted is called off.
func TestSndSampleReminderAndThankYou(t *testing.T) {
	s, c := sndSetup(t, Options{}, sndCreator("anna", "anna@example.com"))
	ctx := context.Background()
	for _, p := range []outreach.Purpose{outreach.PurposeSampleReminder, outreach.PurposeThankYou} {
		n, held, err := s.Queue(ctx, QueueRequest{Handles: []string{"anna"}, Campaign: "Glow", Purpose: p})
		if err != nil || n != 0 || len(held) != 1 {
			t.Fatalf("%s to a prospect: %d %v %v", p, n, held, err)
		}
	}
	if _, _, err := s.Queue(ctx, QueueRequest{Handles: []string{"anna"}, Purpose: outreach.PurposeFollowUp1}); err == nil {
		t.Error("a follow-up was queued by hand")
	}
	if _, err := s.MoveStage(ctx, Move{Handle: "anna", Campaign: "Glow", To: outreach.Partnered}); err != nil {
		t.Fatal(err)
	}
	id, err := s.RecordSample(ctx, "anna", "Glow", outreach.Shipment{SKU: "GLOW-30", Qty: 1}, 14)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MarkShipped(ctx, id, "UPS", "1Z999AA10123456784", sndDay(1)); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDelivered(ctx, id, sndDay(3), 14); err != nil {
		t.Fatal(err)
	}
	c.t = sndDay(10)
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Purpose: outreach.PurposeSampleReminder})
	r := sndLast(t, s, "anna")
	want := sndDay(17).Format("Jan 2")
	if r.Purpose != outreach.PurposeSampleReminder || r.Status != outreach.InvitationQueued || !strings.Contains(r.Body, "due on "+want) {
		t.Fatalf("reminder %s %s:\n%s", r.Purpose, r.Status, r.Body)
	}
	if err := s.MarkPosted(ctx, id, "https://www.tiktok.com/@anna/video/1", sndDay(12)); err != nil {
		t.Fatal(err)
	}
	if r := sndGet(t, s, r.ID); r.Status != outreach.InvitationSkipped || !strings.Contains(r.Reason, "stopped") {
		t.Errorf("reminder after the video: %s %q", r.Status, r.Reason)
	}
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Purpose: outreach.PurposeThankYou})
	ty := sndLast(t, s, "anna")
	if ty.Purpose != outreach.PurposeThankYou || !strings.HasPrefix(ty.Body, "Hi Anna,") {
		t.Fatalf("thank-you %s:\n%s", ty.Purpose, ty.Body)
	}
	sndMarkSent(t, s, ty.ID)
	if st := sndStage(t, s, "anna"); st != outreach.ContentPosted {
		t.Errorf("a thank-you moved the stage to %s", st)
	}
	if got := sndLast(t, s, "anna"); got.ID != ty.ID {
		t.Errorf("a thank-you queued a follow-up: %+v", got)
	}
}
