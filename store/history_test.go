package store

import (
	"context"
	"testing"
	"time"

	"creatordesk/outreach"
)

func TestHistoryKeepsEveryMoveWithWhoAndCampaign(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)))
	tctx, tr := Track(ctx)
	for i, to := range []outreach.Stage{outreach.Invited, outreach.Replied, outreach.Negotiating} {
		c.t = t0.Add(time.Duration(i+1) * time.Hour)
		if _, err := s.MoveStage(tctx, Move{Handle: "anna", To: to, Source: ByDashboard, Note: "n" + string(to)}); err != nil {
			t.Fatal(err)
		}
	}
	if got := tr.Changes(); len(got) != 3 || got[0] >= got[1] || got[1] >= got[2] {
		t.Fatalf("tracked changes %v, want 3 rising ids (one per move)", got)
	}
	var all []Entry
	before := int64(0)
	for {
		page, more, err := s.History(ctx, HistoryQuery{Handle: "@ANNA", Before: before, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		if !more {
			break
		}
		before = page[len(page)-1].ID
	}
	// The import started nothing (no campaign); the first move started
	// the default campaign's pipeline at prospect in the same change.
	if len(all) != 4 {
		t.Fatalf("%d entries, want 4: %+v", len(all), all)
	}
	last := all[0]
	if last.Field != FieldStage || last.Old != "replied" || last.New != "negotiating" || last.Who != ByDashboard ||
		last.Campaign != "default" || last.Note != "nnegotiating" || last.Change != tr.Changes()[2] {
		t.Errorf("newest entry %+v", last)
	}
	if all[3].New != "prospect" || all[3].Change != all[2].Change {
		t.Errorf("the pipeline's start %+v is not in the first move's change %+v", all[3], all[2])
	}
	if _, err := s.db.Exec("UPDATE history SET who = 'x'"); err == nil {
		t.Error("the history can be rewritten")
	}
	if _, _, err := s.History(ctx, HistoryQuery{Handle: "anna", Campaign: "nope"}); err == nil {
		t.Error("history of an unknown campaign: no error")
	}
	if _, err := s.Forget(ctx, "anna"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.db.QueryRow("SELECT COUNT(*) FROM history").Scan(&n); err != nil || n != 0 {
		t.Errorf("forget left %d history rows (%v)", n, err)
	}
}

func TestHistoryChangesRolledBackAreNotTracked(t *testing.T) {
	s, _ := openTest(t)
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)))
	if _, err := s.MoveStage(context.Background(), Move{Handle: "anna", To: outreach.DoNotContact}); err != nil {
		t.Fatal(err)
	}
	tctx, tr := Track(context.Background())
	if _, err := s.MoveStage(tctx, Move{Handle: "anna", To: outreach.Invited}); err == nil {
		t.Fatal("a do-not-contact creator was invited")
	}
	if got := tr.Changes(); len(got) != 0 {
		t.Errorf("a refused move tracked changes %v", got)
	}
	n := 0
	openChanges.Range(func(any, any) bool { n++; return true })
	if n != 0 {
		t.Errorf("%d transactions' changes left open", n)
	}
}

// Amounts in the history show in their pipeline's currency, not as the
// minor units stored.
func TestHistoryShowsAmountsInTheirCurrency(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "bob", i64(5_000_000)))
	if err := s.SetTerms(ctx, "bob", "", outreach.Terms{SlotFee: outreach.Money{Minor: 20000, Currency: "USD"}}); err != nil {
		t.Fatal(err)
	}
	es, _, err := s.History(ctx, HistoryQuery{Handle: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range es {
		if e.Field == "slot_fee_minor" {
			found = true
			if old, new := e.Values(); old != "" || new != "USD 200.00" || e.Label() != "slot fee" {
				t.Errorf("%s: %q → %q, want \"\" → \"USD 200.00\"", e.Label(), old, new)
			}
		}
	}
	if !found {
		t.Fatalf("no slot fee in the history: %+v", es)
	}
}
