package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

// pipeRow is a pipeline's stage and funnel columns as stored.
type pipeRow struct {
	stage    outreach.Stage
	furthest int
	stageAt  int64
	stamps   [4]sql.NullInt64 // invited, replied, partnered, content posted
}

func readPipe(t *testing.T, s *Store, handle, campaign string) pipeRow {
	t.Helper()
	var r pipeRow
	var stage string
	err := s.db.QueryRow(`SELECT k.stage, k.furthest_rank, k.stage_at, k.invited_at, k.replied_at, k.partnered_at, k.content_posted_at
		FROM pipelines k JOIN creators c ON c.id = k.creator_id JOIN campaigns cp ON cp.id = k.campaign_id
		WHERE c.handle = ? AND cp.name = ?`, handle, campaign).
		Scan(&stage, &r.furthest, &r.stageAt, &r.stamps[0], &r.stamps[1], &r.stamps[2], &r.stamps[3])
	if err != nil {
		t.Fatalf("@%s in %s: %v", handle, campaign, err)
	}
	r.stage = outreach.Stage(stage)
	return r
}

// mustMove moves (or corrects) and fails the test on an error.
func mustMove(t *testing.T, s *Store, m Move) MoveResult {
	t.Helper()
	res, err := s.MoveStage(context.Background(), m)
	if err != nil {
		t.Fatalf("move @%s to %s (correct %v): %v", m.Handle, m.To, m.Correct, err)
	}
	return res
}

// lastStageRow is the newest stage row of the creator's history.
func lastStageRow(t *testing.T, s *Store, handle string) Entry {
	t.Helper()
	es, _, err := s.History(context.Background(), HistoryQuery{Handle: handle, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.Field == FieldStage {
			return e
		}
	}
	t.Fatalf("@%s has no stage rows", handle)
	return Entry{}
}

func TestCorrectBackwardsLowersTheFunnel(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)), row(3, "bob", i64(2000)))
	for _, to := range []outreach.Stage{outreach.Invited, outreach.Replied, outreach.Partnered} {
		c.t = c.t.Add(time.Hour)
		mustMove(t, s, Move{Handle: "anna", To: to})
	}
	mustMove(t, s, Move{Handle: "bob", To: outreach.Partnered})
	before := readPipe(t, s, "anna", "default")
	if before.furthest != 4 || !before.stamps[2].Valid {
		t.Fatalf("before: %+v", before)
	}
	f, _ := s.Funnel(ctx, "")
	if f.All.Partnered != 2 {
		t.Fatalf("funnel before %+v", f.All)
	}

	// The reason is required, and a forward move is no correction.
	if _, err := s.MoveStage(ctx, Move{Handle: "anna", To: outreach.Replied, Correct: true, Note: "  "}); err == nil ||
		!strings.Contains(err.Error(), "needs a reason") {
		t.Errorf("a correction without a reason: %v", err)
	}
	_, err := s.MoveStage(ctx, Move{Handle: "anna", To: outreach.SampleShipped, Correct: true, Note: "x"})
	var me *outreach.MoveError
	if !errors.As(err, &me) || !me.Correction {
		t.Errorf("a forward correction: %v", err)
	}
	// Moving back without --correct is refused, and says a correction could.
	_, err = s.MoveStage(ctx, Move{Handle: "anna", To: outreach.Replied})
	if !errors.As(err, &me) || !me.Correctable || me.Correction {
		t.Errorf("moving back: %v (%+v)", err, me)
	}
	if _, err := s.MoveStage(ctx, Move{Handle: "nobody", To: outreach.Replied, Correct: true, Note: "x"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("correcting an unknown creator: %v", err)
	}
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Empty"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MoveStage(ctx, Move{Handle: "anna", Campaign: "Empty", To: outreach.Prospect, Correct: true, Note: "x"}); err == nil ||
		!strings.Contains(err.Error(), "nothing to correct") {
		t.Errorf("correcting a campaign the creator is not in: %v", err)
	}
	if ps, _ := s.Pipelines(ctx, "anna"); len(ps) != 1 {
		t.Errorf("a refused correction started a pipeline: %d", len(ps))
	}

	c.t = c.t.Add(time.Hour)
	res := mustMove(t, s, Move{Handle: "anna", To: outreach.Replied, Correct: true, Note: "clicked the wrong row", Source: ByCLI})
	if res.From != outreach.Partnered || res.To != outreach.Replied {
		t.Errorf("result %+v", res)
	}
	after := readPipe(t, s, "anna", "default")
	if after.stage != outreach.Replied || after.furthest != 2 || after.stamps[2].Valid || after.stamps[3].Valid ||
		after.stamps[0] != before.stamps[0] || after.stamps[1] != before.stamps[1] || after.stageAt != c.t.Unix() {
		t.Errorf("after the correction %+v (before %+v)", after, before)
	}
	e := lastStageRow(t, s, "anna")
	if e.Old != "partnered" || e.New != "replied" || e.Note != "correction: clicked the wrong row" || e.Who != ByCLI {
		t.Errorf("history row %+v", e)
	}
	f, _ = s.Funnel(ctx, "")
	if f.All.Partnered != 1 || f.All.Replied != 2 || f.All.Invited != 2 { // bob, a partner, has replied too
		t.Errorf("funnel after %+v", f.All)
	}
	checkCounters(t, s, "after a correction back")

	// All the way back to prospect: no longer reached at all.
	mustMove(t, s, Move{Handle: "anna", To: outreach.Prospect, Correct: true, Note: "never contacted"})
	if p := readPipe(t, s, "anna", "default"); p.furthest != 0 || p.stamps[0].Valid || p.stamps[1].Valid {
		t.Errorf("at prospect: %+v", p)
	}
	checkCounters(t, s, "after a correction to prospect")
}

func TestCorrectOutOfDeclinedAndNoResponse(t *testing.T) {
	s, c := openTest(t)
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)), row(3, "bob", i64(2000)))
	for _, to := range []outreach.Stage{outreach.Invited, outreach.Replied, outreach.Partnered, outreach.Declined} {
		c.t = c.t.Add(time.Hour)
		mustMove(t, s, Move{Handle: "anna", To: to})
	}
	mustMove(t, s, Move{Handle: "bob", To: outreach.Invited})
	mustMove(t, s, Move{Handle: "bob", To: outreach.NoResponse})

	// Declined after a deal: it was the reply that was wrong.
	mustMove(t, s, Move{Handle: "anna", To: outreach.Invited, Correct: true, Note: "declined was for another brand"})
	if p := readPipe(t, s, "anna", "default"); p.stage != outreach.Invited || p.furthest != 1 || p.stamps[1].Valid || p.stamps[2].Valid {
		t.Errorf("anna %+v", p)
	}
	// No response, but the DM had never gone out: back to invited, where
	// an ordinary move cannot go.
	mustMove(t, s, Move{Handle: "bob", To: outreach.Invited, Correct: true, Note: "the DM bounced"})
	if p := readPipe(t, s, "bob", "default"); p.stage != outreach.Invited || p.furthest != 1 {
		t.Errorf("bob %+v", p)
	}
	mustMove(t, s, Move{Handle: "bob", To: outreach.Replied})
	mustMove(t, s, Move{Handle: "bob", To: outreach.Declined})
	// Declined, but they never said no: the funnel keeps their reply.
	mustMove(t, s, Move{Handle: "bob", To: outreach.NoResponse, Correct: true, Note: "they never said no"})
	if p := readPipe(t, s, "bob", "default"); p.stage != outreach.NoResponse || p.furthest != 2 || !p.stamps[1].Valid {
		t.Errorf("bob %+v", p)
	}
	// Declined on a prospect's say-so, but they had agreed: the funnel
	// rises to what they reached.
	mustMove(t, s, Move{Handle: "anna", To: outreach.Declined})
	mustMove(t, s, Move{Handle: "anna", To: outreach.ContentPosted, Correct: true, Note: "the video is up"})
	if p := readPipe(t, s, "anna", "default"); p.furthest != 7 || !p.stamps[2].Valid || !p.stamps[3].Valid {
		t.Errorf("anna %+v", p)
	}
	checkCounters(t, s, "after corrections out of exits")
}

func TestCorrectCallsOffMessagesThatNoLongerFit(t *testing.T) {
	s, c := sndSetup(t, Options{}, sndCreator("anna", "anna@example.com"))
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Approve: true})
	sndMarkSent(t, s, sndLast(t, s, "anna").ID)
	fu := sndLast(t, s, "anna")
	if fu.Purpose != outreach.PurposeFollowUp1 || !fu.Status.Stoppable() {
		t.Fatalf("no follow-up queued: %+v", fu)
	}
	c.t = c.t.Add(time.Hour)
	res := mustMove(t, s, Move{Handle: "anna", Campaign: "Glow", To: outreach.Prospect, Correct: true, Note: "the DM never went"})
	if res.CalledOff != 1 {
		t.Errorf("called off %d, want the follow-up", res.CalledOff)
	}
	fu = sndLast(t, s, "anna")
	if fu.Status != outreach.InvitationSkipped || !strings.Contains(fu.Reason, "corrected to prospect") {
		t.Errorf("follow-up after the correction: %s (%s)", fu.Status, fu.Reason)
	}
	if p := readPipe(t, s, "anna", "Glow"); p.furthest != 0 || p.stamps[0].Valid {
		t.Errorf("pipeline %+v", p)
	}
	checkCounters(t, s, "after calling off")
}

func TestCorrectOutOfDoNotContact(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	for _, n := range []string{"Spring", "Autumn", "Winter"} {
		if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: n}); err != nil {
			t.Fatal(err)
		}
	}
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)))
	mustMove(t, s, Move{Handle: "anna", Campaign: "Spring", To: outreach.Partnered})
	mustMove(t, s, Move{Handle: "anna", Campaign: "Autumn", To: outreach.Invited})
	mustMove(t, s, Move{Handle: "anna", Campaign: "Autumn", To: outreach.Declined})
	c.t = c.t.Add(time.Hour)
	if res := mustMove(t, s, Move{Handle: "anna", Campaign: "Spring", To: outreach.DoNotContact, Note: "wrong creator"}); res.AlsoStopped != 1 {
		t.Fatalf("stopped %d others", res.AlsoStopped)
	}
	// A campaign joined at do-not-contact later is not that do-not-contact's.
	c.t = c.t.Add(time.Hour)
	importRows(t, s, ImportOptions{Campaign: "Winter"}, outreach.CreatorRow{Line: 2, Creator: outreach.Creator{Handle: "anna"}, Stage: outreach.DoNotContact})
	if p := readPipe(t, s, "anna", "Winter"); p.stage != outreach.DoNotContact {
		t.Fatalf("Winter %+v", p)
	}

	// An ordinary move out is refused, and says it can be corrected.
	_, err := s.MoveStage(ctx, Move{Handle: "anna", Campaign: "Spring", To: outreach.Partnered})
	var me *outreach.MoveError
	if !errors.As(err, &me) || !me.Correctable || strings.Contains(err.Error(), "clear it on the creator") {
		t.Fatalf("moving out of do-not-contact: %v", err)
	}

	c.t = c.t.Add(time.Hour)
	// Corrected from the campaign that was stopped with it: the one it was
	// set in goes back too.
	res := mustMove(t, s, Move{Handle: "anna", Campaign: "Autumn", To: outreach.Declined, Correct: true, Note: "marked the wrong anna"})
	if res.Restored != 1 {
		t.Errorf("restored %d, want Spring", res.Restored)
	}
	cr, err := s.Creator(ctx, "anna")
	if err != nil || cr.DoNotContact {
		t.Errorf("the creator is still do-not-contact (%v)", err)
	}
	var reason string
	var at sql.NullInt64
	s.db.QueryRow(`SELECT dnc_reason, dnc_at FROM creators WHERE handle = 'anna'`).Scan(&reason, &at)
	if reason != "" || at.Valid {
		t.Errorf("dnc reason %q, at %v left", reason, at)
	}
	if p := readPipe(t, s, "anna", "Spring"); p.stage != outreach.Partnered || p.furthest != 4 || !p.stamps[2].Valid {
		t.Errorf("Spring %+v", p)
	}
	if p := readPipe(t, s, "anna", "Autumn"); p.stage != outreach.Declined || p.furthest != 1 {
		t.Errorf("Autumn %+v", p)
	}
	if p := readPipe(t, s, "anna", "Winter"); p.stage != outreach.DoNotContact {
		t.Errorf("Winter, started at do-not-contact by an import, %+v", p)
	}
	var n int
	s.db.QueryRow(`SELECT COUNT(*) FROM history WHERE field = 'stage' AND note = 'correction: marked the wrong anna'`).Scan(&n)
	if n != 2 {
		t.Errorf("%d correction rows, want 2 (Autumn and Spring)", n)
	}
	// Moves go on as usual.
	mustMove(t, s, Move{Handle: "anna", Campaign: "Spring", To: outreach.SampleShipped})
	checkCounters(t, s, "after a correction out of do-not-contact")
}

func TestMoveOnADayInThePast(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)))
	c.t = t0.AddDate(0, 0, 10)
	day := func(n int) time.Time { return t0.AddDate(0, 0, n).Truncate(24 * time.Hour).Add(12 * time.Hour) }
	mustMove(t, s, Move{Handle: "anna", To: outreach.Invited, At: day(3)})
	if p := readPipe(t, s, "anna", "default"); p.stamps[0].Int64 != day(3).Unix() || p.stageAt != day(3).Unix() {
		t.Errorf("invited on day 3: %+v", p)
	}
	if _, err := s.MoveStage(ctx, Move{Handle: "anna", To: outreach.Replied, At: day(2)}); err == nil || !strings.Contains(err.Error(), "is before the last move") {
		t.Errorf("a reply before the invitation: %v", err)
	}
	// Earlier on the same day as the last move: at the last move.
	mustMove(t, s, Move{Handle: "anna", To: outreach.Replied, At: day(3).Add(-time.Hour)})
	if p := readPipe(t, s, "anna", "default"); p.stamps[1].Int64 != day(3).Unix() {
		t.Errorf("replied the same day: %+v", p)
	}
	// A creator added to a campaign today (at prospect) can still be
	// recorded as invited last week: the start is not a step of the work.
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "B"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCreator(ctx, "bob", CreatorEdit{}, "B"); err != nil {
		t.Fatal(err)
	}
	mustMove(t, s, Move{Handle: "bob", Campaign: "B", To: outreach.Invited, At: day(4)})
	if p := readPipe(t, s, "bob", "B"); p.stamps[0].Int64 != day(4).Unix() {
		t.Errorf("invited on day 4 after being added on day 10: %+v", p)
	}
}

// A correction out of do-not-contact to a partnership the pipeline never
// had gets the terms a move to partnered gives (a micro partner's code, a
// head partner's slot fee), in the correction's change, so that undoing it
// takes them back. They used to stay empty, and the export showed none.
func TestCorrectToAPartnershipFreezesTheTerms(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)), row(3, "bob", i64(5_000_000)))
	for _, h := range []string{"anna", "bob"} {
		mustMove(t, s, Move{Handle: h, To: outreach.Invited})
		c.t = c.t.Add(time.Hour)
		mustMove(t, s, Move{Handle: h, To: outreach.DoNotContact, Note: "asked"})
		c.t = c.t.Add(time.Hour)
		mustMove(t, s, Move{Handle: h, To: outreach.Partnered, Correct: true, Note: "wrong creator"})
		checkCounters(t, s, "after correcting @"+h+" to partnered")
	}
	terms := func(h string) outreach.Terms {
		t.Helper()
		ps, err := s.Pipelines(ctx, h)
		if err != nil || len(ps) != 1 {
			t.Fatalf("@%s: %v %+v", h, err, ps)
		}
		return ps[0].Terms
	}
	if tr := terms("anna"); tr.DiscountCode == "" || tr.Commission == 0 {
		t.Errorf("micro @anna corrected to partnered: terms %+v, want her code and commission", tr)
	}
	if tr := terms("bob"); tr.SlotFee.Minor == 0 || tr.Commission == 0 {
		t.Errorf("head @bob corrected to partnered: terms %+v, want his slot fee and commission", tr)
	}
	es, _, err := s.History(ctx, HistoryQuery{Handle: "bob", Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	var frozen int
	for _, e := range es {
		if e.Note == "frozen at partnered" && e.Change == es[0].Change {
			frozen++
		}
	}
	if frozen == 0 {
		t.Errorf("the terms frozen are not in the correction's change: %+v", es)
	}
	c.t = c.t.Add(time.Hour)
	mustUndo(t, s, lastChange(t, s))
	if tr := terms("bob"); tr.SlotFee.Minor != 0 || tr.Commission != 0 {
		t.Errorf("after undoing the correction: terms %+v, want none", tr)
	}
	checkCounters(t, s, "after undoing the correction to partnered")
}

// Do-not-contact on an earlier day stops every campaign, so that day may
// not be before the last move in any of them (it used to stop a campaign
// on a day before the creator was even invited there).
func TestDoNotContactOnADayInThePast(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	for _, n := range []string{"Spring", "Autumn"} {
		if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: n}); err != nil {
			t.Fatal(err)
		}
	}
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)))
	c.t = t0.AddDate(0, 0, 10)
	day := func(n int) time.Time { return t0.AddDate(0, 0, n).Truncate(24 * time.Hour).Add(12 * time.Hour) }
	mustMove(t, s, Move{Handle: "anna", Campaign: "Spring", To: outreach.Invited, At: day(1)})
	mustMove(t, s, Move{Handle: "anna", Campaign: "Autumn", To: outreach.Invited, At: day(6)})
	_, err := s.MoveStage(ctx, Move{Handle: "anna", Campaign: "Spring", To: outreach.DoNotContact, Note: "asked", At: day(3)})
	if err == nil || !strings.Contains(err.Error(), "is before the last move in Autumn") {
		t.Errorf("do-not-contact before the invitation in Autumn: %v", err)
	}
	if p := readPipe(t, s, "anna", "Autumn"); p.stage != outreach.Invited {
		t.Errorf("a refused do-not-contact stopped Autumn: %+v", p)
	}
	mustMove(t, s, Move{Handle: "anna", Campaign: "Spring", To: outreach.DoNotContact, Note: "asked", At: day(7)})
	for _, camp := range []string{"Spring", "Autumn"} {
		if p := readPipe(t, s, "anna", camp); p.stage != outreach.DoNotContact || p.stageAt != day(7).Unix() {
			t.Errorf("%s after do-not-contact on day 7: %+v", camp, p)
		}
	}
	checkCounters(t, s, "after do-not-contact on an earlier day")
}
