package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

// Fixes from the review of the sending engine, each a case that went wrong.

// A creator marked do-not-contact after approval is never claimed.
func TestRevClaimSkipsDoNotContact(t *testing.T) {
	s, _ := sndSetup(t, Options{Email: true}, sndCreator("anna", "anna@example.com"))
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Approve: true})
	// Set the flag alone, as an older version or another tool might.
	if _, err := s.db.Exec(`UPDATE creators SET dnc = 1 WHERE handle = 'anna'`); err != nil {
		t.Fatal(err)
	}
	sndNothingDue(t, sndStart(t, s, "pid 1"), sndNoQuota)
	if _, err := s.db.Exec(`UPDATE creators SET dnc = 0 WHERE handle = 'anna'`); err != nil {
		t.Fatal(err)
	}
	if o, err := sndStart(t, s, "pid 1").Claim(ctx, sndNoQuota); err != nil || o.Handle != "anna" {
		t.Fatalf("claim after clearing: %+v %v", o, err)
	}
}

// A reply in one campaign stops the follow-ups in the creator's others,
// and the claim refuses a message past TikTok's limit counted per creator.
func TestRevReplyElsewhereStopsFollowUps(t *testing.T) {
	s, c := sndSetup(t, Options{Email: true}, sndCreator("anna", "anna@example.com"))
	ctx := context.Background()
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Serum"}); err != nil {
		t.Fatal(err)
	}
	for _, camp := range []string{"Glow", "Serum"} {
		sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Campaign: camp, Approve: true})
	}
	r := sndStart(t, s, "pid 1")
	for range 2 {
		o := sndClaim(t, r, sndNoQuota)
		sndFinish(t, r, o.ID, OutcomeSent, "250 ok")
	}
	c.t = c.t.Add(time.Hour)
	if _, err := s.MoveStage(ctx, Move{Handle: "anna", Campaign: "Serum", To: outreach.Replied}); err != nil {
		t.Fatal(err)
	}
	for _, inv := range sndInvs(t, s, "anna") {
		if inv.Purpose == outreach.PurposeFollowUp1 && inv.Status != outreach.InvitationSkipped {
			t.Errorf("follow-up in %s after a reply in Serum: %s", inv.CampaignName, inv.Status)
		}
	}
	c.t = sndDay(20)
	if n, err := s.CloseUnanswered(ctx); err != nil || n != 1 {
		t.Errorf("closed %d (%v): Glow went unanswered, Serum replied", n, err)
	}
}

// TikTok's limit is per creator: four messages in one campaign and one in
// another reach it, and the claim skips the sixth instead of sending it.
func TestRevLimitCountedPerCreator(t *testing.T) {
	s, c := sndSetup(t, Options{Email: true}, sndCreator("anna", "anna@example.com"))
	ctx := context.Background()
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Serum"}); err != nil {
		t.Fatal(err)
	}
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Campaign: "Glow", Approve: true})
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Campaign: "Serum", Approve: true})
	// Two invitations on day 0, their follow-ups 1 on day 4, 2 on day 8.
	r := sndStart(t, s, "pid 1")
	sent := 0
	for _, day := range []int{0, 4, 8, 12} {
		c.t = sndDay(day)
		for {
			o, err := r.Claim(ctx, sndNoQuota)
			if err != nil {
				break
			}
			sndFinish(t, r, o.ID, OutcomeSent, "250 ok")
			sent++
		}
	}
	if sent != outreach.MaxMessagesBeforeReply {
		t.Errorf("sent %d messages without a reply, want TikTok's limit %d", sent, outreach.MaxMessagesBeforeReply)
	}
	skipped := 0
	for _, inv := range sndInvs(t, s, "anna") {
		if inv.Status == outreach.InvitationSkipped && strings.Contains(inv.Reason, "limit") {
			skipped++
		}
	}
	if skipped != 1 {
		t.Errorf("%d skipped at the limit, want 1", skipped)
	}
}

// A pipeline moved to invited by hand, never messaged here, is not closed
// as no response.
func TestRevCloseUnansweredNeedsAMessage(t *testing.T) {
	s, c := sndSetup(t, Options{}, sndCreator("bob", ""))
	ctx := context.Background()
	if _, err := s.MoveStage(ctx, Move{Handle: "bob", Campaign: "Glow", To: outreach.Invited}); err != nil {
		t.Fatal(err)
	}
	c.t = sndDay(30)
	if n, err := s.CloseUnanswered(ctx); err != nil || n != 0 {
		t.Errorf("closed %d (%v)", n, err)
	}
}

// Do-not-contact arriving by import stops what waits in other campaigns.
func TestRevImportedDoNotContactStopsMessages(t *testing.T) {
	s, _ := sndSetup(t, Options{Email: true}, sndCreator("anna", "anna@example.com"))
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Approve: true})
	row := outreach.CreatorRow{Line: 2, Creator: outreach.Creator{Handle: "anna"}, Stage: outreach.DoNotContact}
	importRows(t, s, ImportOptions{Campaign: "Serum"}, row)
	inv := sndLast(t, s, "anna")
	if inv.Status != outreach.InvitationSkipped || inv.Reason != "do not contact" {
		t.Errorf("invitation in Glow after do-not-contact by import: %s %q", inv.Status, inv.Reason)
	}
	if st := sndStage(t, s, "anna"); st != outreach.DoNotContact {
		t.Errorf("Glow pipeline: %s", st)
	}
}

// One thank-you per partnership.
func TestRevOneThankYou(t *testing.T) {
	s, _ := sndSetup(t, Options{}, sndCreator("head_anna", "anna@example.com"))
	ctx := context.Background()
	for _, st := range []outreach.Stage{outreach.Partnered, outreach.ContentPosted} {
		if _, err := s.MoveStage(ctx, Move{Handle: "head_anna", Campaign: "Glow", To: st}); err != nil {
			t.Fatal(err)
		}
	}
	sndQueue(t, s, QueueRequest{Handles: []string{"head_anna"}, Purpose: outreach.PurposeThankYou})
	sndMarkSent(t, s, sndLast(t, s, "head_anna").ID)
	n, held, err := s.Queue(ctx, QueueRequest{Handles: []string{"head_anna"}, Campaign: "Glow", Purpose: outreach.PurposeThankYou})
	if err != nil || n != 0 || len(held) != 1 || !strings.Contains(held[0].Reason, "thanked already") {
		t.Errorf("second thank-you: %d %v %v", n, held, err)
	}
}

// A first invitation left unknown by a killed run counts against the
// quota: it may have gone.
func TestRevUnknownSpendsQuota(t *testing.T) {
	s, _ := sndSetup(t, Options{Email: true}, sndCreator("anna", "anna@example.com"), sndCreator("bo", "bo@example.com"))
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: []string{"anna", "bo"}, Approve: true})
	q := outreach.Quota{Weekly: 1}
	r := sndStart(t, s, "pid 1")
	o := sndClaim(t, r, q)
	sndFinish(t, r, o.ID, OutcomeUnknown, "connection lost after the data")
	if err := r.End(ctx); err != nil {
		t.Fatal(err)
	}
	if left, err := s.QuotaLeft(ctx, q, s.now()); err != nil || left != 0 {
		t.Errorf("quota left %d (%v), want 0", left, err)
	}
	sndNothingDue(t, sndStart(t, s, "pid 2"), q)
}
