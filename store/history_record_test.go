package store

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"creatordesk/outreach"
)

// allHistory pages a creator's whole history, newest first, two rows a
// page so the paging is exercised too.
func allHistory(t *testing.T, s *Store, handle string) []Entry {
	t.Helper()
	var all []Entry
	before := int64(0)
	for {
		page, more, err := s.History(context.Background(), HistoryQuery{Handle: handle, Before: before, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		if !more {
			return all
		}
		before = page[len(page)-1].ID
	}
}

// since returns the entries newer than the first n of a history read
// earlier, oldest first, as "field:old>new" with the campaign and who.
func since(t *testing.T, s *Store, handle string, n int) []string {
	t.Helper()
	all := allHistory(t, s, handle)
	var out []string
	for i := len(all) - n - 1; i >= 0; i-- {
		e := all[i]
		out = append(out, e.Field+":"+e.Old+">"+e.New+"|"+e.Campaign+"|"+e.Who)
	}
	return out
}

func wantRows(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s recorded\n  %q\nwant\n  %q", what, got, want)
	}
}

func TestNotesAreRecorded(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)))
	n := len(allHistory(t, s, "anna"))
	if err := s.AddNote(ctx, "anna", "  likes   serums "); err != nil {
		t.Fatal(err)
	}
	if err := s.SetNotes(By(ctx, ByDashboard), "anna", "calls on Fridays"); err != nil {
		t.Fatal(err)
	}
	// The same notes again change nothing, and record nothing.
	if err := s.SetNotes(ctx, "anna", " calls on Fridays "); err != nil {
		t.Fatal(err)
	}
	if err := s.SetNotes(ctx, "anna", ""); err != nil {
		t.Fatal(err)
	}
	wantRows(t, "notes", since(t, s, "anna", n), []string{
		"notes:>2026-11-02 likes serums||cli",
		"notes:2026-11-02 likes serums>calls on Fridays||dashboard",
		"notes:calls on Fridays>||cli",
	})
}

func TestTagsAreRecordedOnePerTag(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)))
	n := len(allHistory(t, s, "anna"))
	if err := s.EditTags(ctx, "anna", []string{"VIP", "skincare"}, nil); err != nil {
		t.Fatal(err)
	}
	// Adding a tag she has and removing one she has not: nothing.
	if err := s.EditTags(ctx, "anna", []string{"vip"}, []string{"never"}); err != nil {
		t.Fatal(err)
	}
	// Added and removed at once is added (she has it: nothing).
	if err := s.EditTags(ctx, "anna", []string{"skincare"}, []string{"skincare", "vip"}); err != nil {
		t.Fatal(err)
	}
	wantRows(t, "tags", since(t, s, "anna", n), []string{
		"tag:>skincare||cli", // in the order NormalizeTags gives
		"tag:>vip||cli",
		"tag:vip>||cli",
	})
	c, err := s.Creator(ctx, "anna")
	if err != nil || strings.Join(c.Tags, ",") != "skincare" {
		t.Errorf("tags %v, %v", c.Tags, err)
	}
}

func TestTermsAndCodesAreRecordedWithTheCampaign(t *testing.T) {
	s, _ := invSetup(t, "anna")
	ctx := context.Background()
	n := len(allHistory(t, s, "anna"))
	terms := outreach.Terms{Commission: 1500, SlotFee: outreach.Money{Minor: 20000, Currency: "USD"}, DiscountPct: 20}
	if err := s.SetTerms(ctx, "anna", "Glow", terms); err != nil {
		t.Fatal(err)
	}
	// The same terms again: nothing.
	if err := s.SetTerms(ctx, "anna", "Glow", terms); err != nil {
		t.Fatal(err)
	}
	terms.Commission = 0
	if err := s.SetTerms(ctx, "anna", "Glow", terms); err != nil {
		t.Fatal(err)
	}
	code, err := s.GiveDiscountCode(ctx, "anna", "Glow")
	if err != nil || code == "" {
		t.Fatalf("code %q, %v", code, err)
	}
	// She has one: nothing.
	if _, err := s.GiveDiscountCode(ctx, "anna", "Glow"); err != nil {
		t.Fatal(err)
	}
	wantRows(t, "terms", since(t, s, "anna", n), []string{
		"stage:>prospect|Glow|cli", // SetTerms started her pipeline
		"slot_fee_minor:>20000|Glow|cli",
		"slot_fee_currency:>USD|Glow|cli",
		"commission_bp:>1500|Glow|cli",
		"discount_pct:>20|Glow|cli",
		"commission_bp:1500>|Glow|cli",
		"discount_code:>" + code + "|Glow|cli",
	})
	// The rows of one SetTerms are one change.
	all := allHistory(t, s, "anna")
	if all[len(all)-n-2].Change != all[len(all)-n-5].Change || all[len(all)-n-5].Change == all[len(all)-n-6].Change {
		t.Errorf("changes of the first SetTerms: %+v", all[len(all)-n-6:len(all)-n-1])
	}
}

// recordTerms is what the move to partnered calls around freezeTerms.
func TestRecordTermsAroundAFreeze(t *testing.T) {
	s, _ := invSetup(t, "anna")
	ctx := context.Background()
	if err := s.SetTerms(ctx, "anna", "Glow", outreach.Terms{Commission: 1500}); err != nil {
		t.Fatal(err)
	}
	n := len(allHistory(t, s, "anna"))
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		if err := tx.QueryRow("SELECT id FROM pipelines").Scan(&id); err != nil {
			return err
		}
		before, err := pipelineTerms(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.freezeTerms(ctx, tx, id, outreach.Micro, s.now().Unix()); err != nil {
			return err
		}
		after, err := pipelineTerms(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.recordTerms(ctx, tx, id, before, after, s.now().Unix(), "frozen at partnered")
	})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := s.Pipelines(ctx, "anna")
	if err != nil {
		t.Fatal(err)
	}
	got := since(t, s, "anna", n)
	// Her own commission stays; the tier fills the rest, and a code comes.
	if len(got) == 0 || strings.Contains(strings.Join(got, " "), "commission_bp") ||
		!strings.Contains(strings.Join(got, " "), "discount_code:>"+ps[0].Terms.DiscountCode+"|Glow|cli") {
		t.Errorf("frozen terms recorded %q (code %s)", got, ps[0].Terms.DiscountCode)
	}
	for _, e := range allHistory(t, s, "anna")[:len(got)] {
		if e.Note != "frozen at partnered" {
			t.Errorf("row %+v: note %q", e, e.Note)
		}
	}
}

func TestQueueingIsRecordedPerMessage(t *testing.T) {
	s, _ := invSetup(t, "anna", "bob", "cara")
	ctx := context.Background()
	if _, err := s.SetSender(ctx, "Mia"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`UPDATE creators SET dnc = 1 WHERE handle = 'cara'`); err != nil {
		t.Fatal(err)
	}
	n := len(allHistory(t, s, "anna"))
	tctx, tr := Track(By(ctx, ByDashboard))
	queued, held, err := s.Queue(tctx, QueueRequest{Handles: []string{"anna", "bob", "cara"}, Campaign: "Glow"})
	if err != nil || queued != 2 || len(held) != 1 {
		t.Fatalf("queued %d, held %v, %v", queued, held, err)
	}
	if _, _, err := s.Queue(ctx, QueueRequest{Handles: []string{"anna"}, Campaign: "Glow", Approve: true}); err != nil {
		t.Fatal(err)
	}
	inv := invOpen(t, s, "anna", "Glow")
	wantRows(t, "queueing", since(t, s, "anna", n), []string{
		"stage:>prospect|Glow|queue",
		"invitation:>queued|Glow|dashboard",
	})
	es := allHistory(t, s, "anna")
	if e := es[0]; e.Ref != inv.ID || e.Note != "invitation by dm" || e.Change != tr.Changes()[0] {
		t.Errorf("queued row %+v, invitation %d, changes %v", e, inv.ID, tr.Changes())
	}
	if bob := allHistory(t, s, "bob"); bob[0].Field != FieldInvitation || bob[0].Change != es[0].Change {
		t.Errorf("bob's row %+v is not in anna's change %d", bob[0], es[0].Change)
	}
	for _, e := range allHistory(t, s, "cara") {
		if e.Field == FieldInvitation {
			t.Errorf("a held creator has a queued row: %+v", e)
		}
	}
	// Approved at once when asked.
	if _, err := s.db.Exec(`UPDATE invitations SET status = 'skipped'`); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Queue(ctx, QueueRequest{Handles: []string{"bob"}, Campaign: "Glow", Approve: true}); err != nil {
		t.Fatal(err)
	}
	if e := allHistory(t, s, "bob")[0]; e.New != "approved" || e.Who != ByCLI {
		t.Errorf("approved at once: %+v", e)
	}
}
