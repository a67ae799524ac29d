package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

// lastChange is the newest change recorded.
func lastChange(t *testing.T, s *Store) int64 {
	t.Helper()
	var id int64
	if err := s.db.QueryRow(`SELECT COALESCE(MAX(id), 0) FROM changes`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func mustUndo(t *testing.T, s *Store, id int64) UndoResult {
	t.Helper()
	res, err := s.Undo(context.Background(), id)
	if err != nil {
		t.Fatalf("undo %d: %v", id, err)
	}
	if res.Change != id || res.Undo <= id || res.Rows == 0 || res.What == "" {
		t.Fatalf("undo %d: result %+v", id, res)
	}
	return res
}

// refusedUndo checks that undoing id is refused with an *UndoError saying
// want, and writes nothing.
func refusedUndo(t *testing.T, s *Store, id int64, want string) {
	t.Helper()
	var before, after int
	s.db.QueryRow(`SELECT COUNT(*) FROM history`).Scan(&before)
	_, err := s.Undo(context.Background(), id)
	var ue *UndoError
	if !errors.As(err, &ue) || ue.Change != id || !strings.Contains(err.Error(), want) {
		t.Errorf("undo %d: %v, want an *UndoError saying %q", id, err, want)
	}
	s.db.QueryRow(`SELECT COUNT(*) FROM history`).Scan(&after)
	if after != before {
		t.Errorf("a refused undo wrote %d history rows", after-before)
	}
}

func TestUndoAMoveAndTheStartOfAPipeline(t *testing.T) {
	s, c := openTest(t)
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)))
	tctx, tr := Track(By(context.Background(), ByDashboard))
	c.t = c.t.Add(time.Hour)
	if _, err := s.MoveStage(tctx, Move{Handle: "anna", To: outreach.Invited}); err != nil {
		t.Fatal(err)
	}
	invited := readPipe(t, s, "anna", "default")
	c.t = c.t.Add(time.Hour)
	if _, err := s.MoveStage(tctx, Move{Handle: "anna", To: outreach.Replied}); err != nil {
		t.Fatal(err)
	}
	ids := tr.Changes()
	if len(ids) != 2 {
		t.Fatalf("tracked %v", ids)
	}
	c.t = c.t.Add(time.Hour)
	res := mustUndo(t, s, ids[1])
	if res.What != "@anna in default: replied → invited" {
		t.Errorf("what: %q", res.What)
	}
	if p := readPipe(t, s, "anna", "default"); p.stage != outreach.Invited || p.furthest != 1 || p.stamps[1].Valid ||
		p.stamps[0] != invited.stamps[0] || p.stageAt != invited.stageAt {
		t.Errorf("after undo %+v, want %+v", p, invited)
	}
	e := lastStageRow(t, s, "anna")
	if e.Old != "replied" || e.New != "invited" || e.Note != "undo of change "+strconv.FormatInt(ids[1], 10) || e.Change != res.Undo {
		t.Errorf("undo row %+v", e)
	}
	checkCounters(t, s, "after undoing a move")
	refusedUndo(t, s, ids[1], "undone already")

	// The undo of the undo puts the reply back (the history replays
	// either way), and the move can be undone again.
	mustUndo(t, s, res.Undo)
	if p := readPipe(t, s, "anna", "default"); p.stage != outreach.Replied || p.furthest != 2 || !p.stamps[1].Valid {
		t.Errorf("after undoing the undo %+v", p)
	}
	checkCounters(t, s, "after undoing an undo")
	mustUndo(t, s, ids[1])

	// The first move started the pipeline: it goes.
	res = mustUndo(t, s, ids[0])
	if res.What != "@anna in default: invited → prospect (and 1 more)" || res.Rows != 2 {
		t.Errorf("undo of the first move: %+v", res)
	}
	if ps, _ := s.Pipelines(context.Background(), "anna"); len(ps) != 0 {
		t.Errorf("pipelines left: %+v", ps)
	}
	checkCounters(t, s, "after undoing the start")
	refusedUndo(t, s, res.Undo, "it took @anna out of default, which undo does not put back")
}

func TestUndoRefusals(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Spring"}); err != nil {
		t.Fatal(err)
	}
	importRows(t, s, ImportOptions{Campaign: "Spring"}, row(2, "anna", i64(1000)))
	imported := lastChange(t, s)
	refusedUndo(t, s, imported, "it is an import")
	mustMove(t, s, Move{Handle: "anna", To: outreach.Invited})
	invited := lastChange(t, s)
	c.t = c.t.Add(time.Hour)
	mustMove(t, s, Move{Handle: "anna", To: outreach.Replied})
	refusedUndo(t, s, invited, "@anna in Spring is replied now, not invited: it changed since")
	if _, err := s.AddCreator(ctx, "bob", CreatorEdit{}, ""); err != nil {
		t.Fatal(err)
	}
	refusedUndo(t, s, lastChange(t, s), "it added @bob")
	if _, err := s.Undo(ctx, 9999); !errors.Is(err, ErrNotFound) {
		t.Errorf("undo of no change: %v", err)
	}
	refusedUndo(t, s, 9999, "there is no change 9999")

	// A change forget took away is refused like the others (the
	// dashboard's u then goes on to the change before), saying why.
	importRows(t, s, ImportOptions{}, row(2, "cara", i64(1000)))
	mustMove(t, s, Move{Handle: "cara", To: outreach.Invited})
	moved := lastChange(t, s)
	if _, err := s.Forget(ctx, "cara"); err != nil {
		t.Fatal(err)
	}
	refusedUndo(t, s, moved, "no longer in the history (the creator it changed was forgotten)")
	if _, err := s.Undo(ctx, moved); !errors.Is(err, ErrNotFound) {
		t.Errorf("undo of a forgotten change: %v, want it to say not found too", err)
	}
}

func TestUndoACorrectionRestoresTheFunnel(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)))
	for _, to := range []outreach.Stage{outreach.Invited, outreach.Replied, outreach.Partnered} {
		c.t = c.t.Add(24 * time.Hour)
		mustMove(t, s, Move{Handle: "anna", To: to})
	}
	partnered := readPipe(t, s, "anna", "default")
	c.t = c.t.Add(24 * time.Hour)
	mustMove(t, s, Move{Handle: "anna", To: outreach.Invited, Correct: true, Note: "wrong row"})
	correction := lastChange(t, s)
	c.t = c.t.Add(24 * time.Hour)
	mustUndo(t, s, correction)
	if p := readPipe(t, s, "anna", "default"); p != partnered {
		t.Errorf("after undoing the correction %+v, want %+v (milestones as they were)", p, partnered)
	}
	f, _ := s.Funnel(ctx, "")
	if f.All.Partnered != 1 {
		t.Errorf("funnel %+v", f.All)
	}
	checkCounters(t, s, "after undoing a correction")
}

func TestUndoDoNotContactAndItsCorrection(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	for _, n := range []string{"Spring", "Autumn"} {
		if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: n}); err != nil {
			t.Fatal(err)
		}
	}
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)))
	mustMove(t, s, Move{Handle: "anna", Campaign: "Spring", To: outreach.Partnered})
	mustMove(t, s, Move{Handle: "anna", Campaign: "Autumn", To: outreach.Invited})
	spring, autumn := readPipe(t, s, "anna", "Spring"), readPipe(t, s, "anna", "Autumn")
	c.t = c.t.Add(time.Hour)
	mustMove(t, s, Move{Handle: "anna", Campaign: "Spring", To: outreach.DoNotContact, Note: "asked us to stop"})
	stop := lastChange(t, s)
	c.t = c.t.Add(time.Hour)
	res := mustUndo(t, s, stop)
	if res.Rows != 2 || !strings.HasPrefix(res.What, "@anna in Spring: do not contact → partnered") {
		t.Errorf("result %+v", res)
	}
	if cr, _ := s.Creator(ctx, "anna"); cr.DoNotContact {
		t.Error("still do-not-contact")
	}
	if p := readPipe(t, s, "anna", "Spring"); p != spring {
		t.Errorf("Spring %+v, want %+v", p, spring)
	}
	if p := readPipe(t, s, "anna", "Autumn"); p != autumn {
		t.Errorf("Autumn %+v, want %+v", p, autumn)
	}
	checkCounters(t, s, "after undoing do-not-contact")

	// Set again, corrected out, and the correction undone: do-not-contact
	// again, with its reason, everywhere.
	c.t = c.t.Add(time.Hour)
	mustMove(t, s, Move{Handle: "anna", Campaign: "Spring", To: outreach.DoNotContact, Note: "really, stop"})
	stopAt := c.t.Unix()
	c.t = c.t.Add(time.Hour)
	mustMove(t, s, Move{Handle: "anna", Campaign: "Spring", To: outreach.Negotiating, Correct: true, Note: "other anna"})
	mustUndo(t, s, lastChange(t, s))
	var dnc bool
	var reason string
	var at sql.NullInt64
	s.db.QueryRow(`SELECT dnc, dnc_reason, dnc_at FROM creators WHERE handle = 'anna'`).Scan(&dnc, &reason, &at)
	if !dnc || reason != "really, stop" || at.Int64 != stopAt {
		t.Errorf("after undoing the correction: dnc %v %q %v", dnc, reason, at)
	}
	for _, camp := range []string{"Spring", "Autumn"} {
		if p := readPipe(t, s, "anna", camp); p.stage != outreach.DoNotContact {
			t.Errorf("%s %+v", camp, p)
		}
	}
	checkCounters(t, s, "after undoing the correction out of do-not-contact")
}

func TestUndoMessagesSkippedAndSent(t *testing.T) {
	s, c := sndSetup(t, Options{}, sndCreator("anna", "anna@example.com"), sndCreator("bob", "bob@example.com"))
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: []string{"anna", "bob"}})
	bob := sndLast(t, s, "bob")
	if err := s.SetInvitationStatus(ctx, bob.ID, outreach.InvitationSkipped); err != nil {
		t.Fatal(err)
	}
	skip := lastChange(t, s)
	res := mustUndo(t, s, skip)
	if got := sndGet(t, s, bob.ID); got.Status != outreach.InvitationQueued || got.Reason != "" {
		t.Errorf("bob's message after the undo: %s %q", got.Status, got.Reason)
	}
	if !strings.Contains(res.What, "skipped → queued") {
		t.Errorf("what %q", res.What)
	}

	anna := sndLast(t, s, "anna")
	if err := s.SetInvitationStatus(ctx, anna.ID, outreach.InvitationApproved); err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(time.Hour)
	sndMarkSent(t, s, anna.ID)
	sent := lastChange(t, s)
	fu := sndLast(t, s, "anna")
	if fu.Purpose != outreach.PurposeFollowUp1 {
		t.Fatalf("no follow-up: %+v", fu)
	}
	c.t = c.t.Add(time.Hour)
	mustUndo(t, s, sent)
	if got := sndGet(t, s, anna.ID); got.Status != outreach.InvitationApproved || !got.SentAt.IsZero() {
		t.Errorf("anna's invitation after the undo: %s, sent %v", got.Status, got.SentAt)
	}
	if got := sndGet(t, s, fu.ID); got.Status != outreach.InvitationSkipped {
		t.Errorf("the follow-up the send queued: %s", got.Status)
	}
	if p := readPipe(t, s, "anna", "Glow"); p.stage != outreach.Prospect || p.furthest != 0 || p.stamps[0].Valid {
		t.Errorf("anna %+v", p)
	}
	checkCounters(t, s, "after undoing a send")
	// It can go again.
	sndMarkSent(t, s, anna.ID)
}

func TestUndoASampleDelivered(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)))
	mustMove(t, s, Move{Handle: "anna", To: outreach.Partnered})
	id, err := s.RecordSample(ctx, "anna", "", outreach.Shipment{SKU: "S-1", Qty: 2, UnitCost: outreach.Money{Minor: 500, Currency: "USD"}}, 14)
	if err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(24 * time.Hour)
	if err := s.MarkShipped(ctx, id, "UPS", "1Z", time.Time{}); err != nil {
		t.Fatal(err)
	}
	shipped := readPipe(t, s, "anna", "default")
	c.t = c.t.Add(72 * time.Hour)
	// Delivered yesterday: content is due 14 days after that, not after now.
	yesterday := c.t.Add(-24 * time.Hour)
	if err := s.MarkDelivered(ctx, id, yesterday, 14); err != nil {
		t.Fatal(err)
	}
	delivered := lastChange(t, s)
	var due int64
	s.db.QueryRow(`SELECT content_due_at FROM samples WHERE id = ?`, id).Scan(&due)
	if due != yesterday.AddDate(0, 0, 14).Unix() {
		t.Errorf("content due %v, want 14 days after the delivery %v", time.Unix(due, 0).UTC(), yesterday)
	}
	var rows int
	s.db.QueryRow(`SELECT COUNT(*) FROM history WHERE change_id = ? AND field = 'sample' AND ref_id = ? AND old_value = 'shipped' AND new_value = 'delivered'`,
		delivered, id).Scan(&rows)
	if rows != 1 {
		t.Errorf("%d sample rows in the delivery's change", rows)
	}
	checkCounters(t, s, "after delivery")
	c.t = c.t.Add(time.Hour)
	res := mustUndo(t, s, delivered)
	if res.Rows != 2 {
		t.Errorf("rows %d, want the stage and the sample", res.Rows)
	}
	var status string
	var deliveredAt, dueAt sql.NullInt64
	s.db.QueryRow(`SELECT status, delivered_at, content_due_at FROM samples WHERE id = ?`, id).Scan(&status, &deliveredAt, &dueAt)
	if status != "shipped" || deliveredAt.Valid || dueAt.Valid {
		t.Errorf("sample after the undo: %s %v %v", status, deliveredAt, dueAt)
	}
	if p := readPipe(t, s, "anna", "default"); p != shipped {
		t.Errorf("pipeline %+v, want %+v", p, shipped)
	}
	checkCounters(t, s, "after undoing a delivery")
	// A delivery dated before the shipping is refused.
	if err := s.MarkDelivered(ctx, id, c.t.AddDate(0, 0, -10), 14); err == nil || !strings.Contains(err.Error(), "before the shipping") {
		t.Errorf("delivered before it shipped: %v", err)
	}
}

// TestUndoFieldsByTheContract writes history rows as the creator, tag and
// terms edits record them (history.go's field naming contract) and undoes
// them.
func TestUndoFieldsByTheContract(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)))
	mustMove(t, s, Move{Handle: "anna", To: outreach.Partnered})
	var creator, camp int64
	s.db.QueryRow(`SELECT id FROM creators WHERE handle = 'anna'`).Scan(&creator)
	s.db.QueryRow(`SELECT campaign_id FROM pipelines WHERE creator_id = ?`, creator).Scan(&camp)
	if _, err := s.db.Exec(`INSERT INTO creator_tags (creator_id, tag) VALUES (?, 'old')`, creator); err != nil {
		t.Fatal(err)
	}
	// The edit: each column changed and recorded in one change.
	edit := func(sqls []string, cs []Change) int64 {
		t.Helper()
		c.t = c.t.Add(time.Hour)
		if err := s.tx(ctx, func(tx *sql.Tx) error {
			for _, q := range sqls {
				if _, err := tx.Exec(q, creator); err != nil {
					return err
				}
			}
			for _, ch := range cs {
				ch.CreatorID = creator
				if err := s.record(ctx, tx, "", c.t.Unix(), ch); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return lastChange(t, s)
	}
	id := edit([]string{
		`UPDATE creators SET email = 'new@example.com', followers = 900000, tier = 'head', tier_manual = 1 WHERE id = ?`,
		`INSERT INTO creator_tags (creator_id, tag) VALUES (?, 'vip')`,
		`DELETE FROM creator_tags WHERE creator_id = ? AND tag = 'old'`,
		`UPDATE pipelines SET slot_fee_minor = 25000, slot_fee_currency = 'USD', discount_code = 'ANNA15' WHERE creator_id = ?`,
	}, []Change{
		{Field: "email", Old: "", New: "new@example.com"},
		{Field: "followers", Old: "1000", New: "900000"},
		{Field: "tier", Old: "micro (auto)", New: "head"},
		{Field: FieldTag, Old: "", New: "vip"},
		{Field: FieldTag, Old: "old", New: ""},
		{CampaignID: camp, Field: "slot_fee_minor", Old: "", New: "25000"},
		{CampaignID: camp, Field: "slot_fee_currency", Old: "", New: "USD"},
		{CampaignID: camp, Field: "discount_code", Old: "", New: "ANNA15"},
	})
	var fee sql.NullInt64
	s.db.QueryRow(`SELECT n FROM money_counts WHERE kind = 'fee'`).Scan(&fee)
	if fee.Int64 != 25000 {
		t.Fatalf("fee counted %v", fee)
	}
	res := mustUndo(t, s, id)
	if res.Rows != 8 {
		t.Errorf("%d rows reverted, want 8", res.Rows)
	}
	var email, tier string
	var followers sql.NullInt64
	var manual bool
	s.db.QueryRow(`SELECT email, followers, tier, tier_manual FROM creators WHERE id = ?`, creator).Scan(&email, &followers, &tier, &manual)
	if email != "" || followers.Int64 != 1000 || tier != "micro" || manual {
		t.Errorf("creator after the undo: %q %v %s manual=%v", email, followers, tier, manual)
	}
	var tags []string
	rows, _ := s.db.Query(`SELECT tag FROM creator_tags WHERE creator_id = ? ORDER BY tag`, creator)
	for rows.Next() {
		var tg string
		rows.Scan(&tg)
		tags = append(tags, tg)
	}
	rows.Close()
	if strings.Join(tags, ",") != "old" {
		t.Errorf("tags %v", tags)
	}
	var code sql.NullString
	var feeCur string
	s.db.QueryRow(`SELECT slot_fee_minor, slot_fee_currency, discount_code FROM pipelines WHERE creator_id = ?`, creator).Scan(&fee, &feeCur, &code)
	if fee.Valid || feeCur != "" || code.Valid {
		t.Errorf("terms after the undo: %v %q %v", fee, feeCur, code)
	}
	checkCounters(t, s, "after undoing the edit")
	// The undo's own rows follow the contract: each field back.
	es, _, _ := s.History(ctx, HistoryQuery{Handle: "anna", Limit: 8})
	for _, e := range es {
		if e.Change != res.Undo || !strings.HasPrefix(e.Note, "undo of change") {
			t.Errorf("undo row %+v", e)
		}
		if e.Field == "email" && (e.Old != "new@example.com" || e.New != "") {
			t.Errorf("email row %+v", e)
		}
	}

	// Changed since: the email was edited again.
	id = edit([]string{`UPDATE creators SET email = 'b@example.com' WHERE id = ?`}, []Change{{Field: "email", Old: "", New: "b@example.com"}})
	edit([]string{`UPDATE creators SET email = 'c@example.com' WHERE id = ?`}, []Change{{Field: "email", Old: "b@example.com", New: "c@example.com"}})
	refusedUndo(t, s, id, `@anna's email is "c@example.com" now, not "b@example.com": it changed since`)
	// A field undo does not know is refused by name.
	id = edit(nil, []Change{{Field: "shoe_size", Old: "", New: "41"}})
	refusedUndo(t, s, id, "it changed shoe_size of @anna")
}

// Queueing is undone by taking the message back (and the pipeline it
// started); a move to partnered by taking the frozen terms back too.
func TestUndoQueueingAndTheTermsFrozenAtPartnered(t *testing.T) {
	s, _ := sndSetup(t, Options{}, sndCreator("anna", "anna@example.com"), sndCreator("bob", "bob@example.com"))
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}})
	queued := lastChange(t, s)
	msg := sndLast(t, s, "anna")
	res := mustUndo(t, s, queued)
	if !strings.HasPrefix(res.What, "@anna's message #"+strconv.FormatInt(msg.ID, 10)+" (queued) taken back") {
		t.Errorf("what %q", res.What)
	}
	if _, err := s.Invitation(ctx, msg.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the message is still there: %v", err)
	}
	if ps, _ := s.Pipelines(ctx, "anna"); len(ps) != 0 {
		t.Errorf("the pipeline queueing started is still there: %+v", ps)
	}
	checkCounters(t, s, "after undoing a queueing")
	refusedUndo(t, s, res.Undo, "it took @anna out of Glow, which undo does not put back")

	mustMove(t, s, Move{Handle: "bob", Campaign: "Glow", To: outreach.Negotiating})
	mustMove(t, s, Move{Handle: "bob", Campaign: "Glow", To: outreach.Partnered})
	p, _ := invPipeline(t, s, "bob", "Glow")
	if p.Terms.Commission == 0 || p.Terms.DiscountCode == "" {
		t.Fatalf("no terms frozen: %+v", p.Terms)
	}
	var fee, code int
	s.db.QueryRow(`SELECT COUNT(*) FROM history WHERE change_id = ? AND note = 'frozen at partnered'`, lastChange(t, s)).Scan(&fee)
	if fee == 0 {
		t.Fatal("the frozen terms are not in the move's change")
	}
	mustUndo(t, s, lastChange(t, s))
	p, _ = invPipeline(t, s, "bob", "Glow")
	if p.Position.Stage != outreach.Negotiating || p.Terms.Commission != 0 || p.Terms.DiscountCode != "" {
		t.Errorf("after undoing partnered: %s, terms %+v", p.Position.Stage, p.Terms)
	}
	s.db.QueryRow(`SELECT COUNT(*) FROM pipelines WHERE discount_code IS NOT NULL`).Scan(&code)
	if code != 0 {
		t.Errorf("%d codes left", code)
	}
	checkCounters(t, s, "after undoing partnered")

	// Queued into a pipeline there already: only the message goes, and it
	// is not queued again by undoing the undo.
	if _, err := s.GiveDiscountCode(ctx, "anna", "Glow"); err != nil {
		t.Fatal(err)
	}
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}})
	res = mustUndo(t, s, lastChange(t, s))
	if res.Rows != 1 {
		t.Errorf("rows %d, want the message only", res.Rows)
	}
	if ps, _ := s.Pipelines(ctx, "anna"); len(ps) != 1 {
		t.Errorf("pipelines %+v", ps)
	}
	refusedUndo(t, s, res.Undo, "it took back a message queued to @anna, which undo does not queue again")
}

// Writes made Together (the dashboard's move of several selected
// creators, each its own transaction) are one change, which one undo
// takes back whole; a refused write in the middle, or first, leaves no
// trace in it.
func TestUndoAMoveOfSeveralTogether(t *testing.T) {
	s, c := openTest(t)
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)), row(3, "bob", i64(2000)), row(4, "cara", i64(3000)), row(5, "dan", i64(4000)))
	mustMove(t, s, Move{Handle: "bob", To: outreach.DoNotContact, Note: "asked"})
	for _, h := range []string{"anna", "cara", "dan"} {
		mustMove(t, s, Move{Handle: h, To: outreach.Invited})
	}
	before := map[string]pipeRow{}
	for _, h := range []string{"anna", "cara", "dan"} {
		before[h] = readPipe(t, s, h, "default")
	}
	c.t = c.t.Add(time.Hour)
	ctx, tr := Track(By(context.Background(), ByDashboard))
	ctx = Together(ctx)
	for _, h := range []string{"bob", "anna", "bob", "cara", "dan"} { // bob is refused: do-not-contact
		_, err := s.MoveStage(ctx, Move{Handle: h, To: outreach.Replied})
		if (err != nil) != (h == "bob") {
			t.Fatalf("move @%s: %v", h, err)
		}
	}
	ids := tr.Changes()
	if len(ids) != 1 {
		t.Fatalf("the moves made %d changes (%v), want one", len(ids), ids)
	}
	var rows, creators int
	s.db.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT creator_id) FROM history WHERE change_id = ?`, ids[0]).Scan(&rows, &creators)
	if rows != 3 || creators != 3 {
		t.Errorf("change %d holds %d rows of %d creators, want 3 of 3", ids[0], rows, creators)
	}
	c.t = c.t.Add(time.Hour)
	res := mustUndo(t, s, ids[0])
	if res.Rows != 3 {
		t.Errorf("undo: %+v", res)
	}
	for h, want := range before {
		if p := readPipe(t, s, h, "default"); p != want {
			t.Errorf("@%s after undo %+v, want %+v", h, p, want)
		}
	}
	checkCounters(t, s, "after undoing a move of several")

	// A change forget took away between two writes is not reused.
	ctx = Together(context.Background())
	if _, err := s.MoveStage(ctx, Move{Handle: "cara", To: outreach.Replied}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Forget(context.Background(), "cara"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MoveStage(ctx, Move{Handle: "dan", To: outreach.Replied}); err != nil {
		t.Fatalf("a move after the change it joined was forgotten: %v", err)
	}
}

// Whether a change was undone is read through the index of changes, not
// by reading the whole history (0.2 s at 800,000 rows, in the write lock,
// more than once an undo).
func TestUndoneByReadsTheIndex(t *testing.T) {
	s, _ := openTest(t)
	plan := queryPlan(t, s, undoneByQuery, 1, undoNote+"1")
	if got := strings.Join(plan, "; "); !strings.Contains(got, "USING INDEX history_by_change (change_id>?)") {
		t.Errorf("query plan %q: want a search of history_by_change from the change on", got)
	}
}

// The demo seeds through an import (and a batch of moves) by ByDemo, not
// ByImport: undo refuses it as it refuses an import, and writes nothing.
func TestUndoRefusesTheDemosImport(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Spring"}); err != nil {
		t.Fatal(err)
	}
	importRows(t, s, ImportOptions{Campaign: "Spring", Source: ByDemo}, row(2, "anna", i64(1000)))
	refusedUndo(t, s, lastChange(t, s), "it is the demo data")
	if ps, err := s.Pipelines(ctx, "anna"); err != nil || len(ps) != 1 {
		t.Errorf("after a refused undo of the demo's import: %+v, %v", ps, err)
	}
}
