package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"creatordesk/outreach"
)

// figuresFixture is three campaigns with outreach over four weeks: creators
// in two campaigns, one in none, samples in two currencies, an import at
// invited and imported partners (one of them in two campaigns). It
// returns the dashboard's week.
func figuresFixture(t *testing.T) (*Store, *clock, time.Time) {
	t.Helper()
	s, c := openTest(t)
	ctx := context.Background()
	week := outreach.WeekStart(t0)
	c.t = t0.AddDate(0, 0, -21)
	for _, name := range []string{"A", "B", "C"} {
		if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: name, DefaultCommission: 1200}); err != nil {
			t.Fatal(err)
		}
	}
	importRows(t, s, ImportOptions{Campaign: "A"}, row(2, "m1", i64(5_000)), row(3, "m2", i64(6_000)),
		row(4, "m3", i64(7_000)), row(5, "h1", i64(900_000)), row(6, "m4", i64(8_000)))
	importRows(t, s, ImportOptions{}, row(2, "loner", i64(9_000))) // in no campaign
	step := func(handle, camp string, to ...outreach.Stage) {
		t.Helper()
		for _, st := range to {
			c.t = c.t.Add(time.Hour)
			if _, err := s.MoveStage(ctx, Move{Handle: handle, Campaign: camp, To: st}); err != nil {
				t.Fatalf("@%s in %s → %s: %v", handle, camp, st, err)
			}
		}
	}
	sample := func(handle, camp string, sh outreach.Shipment) {
		t.Helper()
		if _, err := s.RecordSample(ctx, handle, camp, sh, outreach.DefaultContentDueDays); err != nil {
			t.Fatalf("sample for @%s in %s: %v", handle, camp, err)
		}
	}
	// Three weeks ago, in A.
	step("m1", "A", outreach.Invited, outreach.Replied, outreach.Partnered)
	step("m2", "A", outreach.Invited, outreach.NoResponse)
	step("m3", "A", outreach.Invited)
	step("h1", "A", outreach.Invited, outreach.Replied, outreach.Partnered)
	sample("m1", "A", outreach.Shipment{SKU: "GLOW", Qty: 1, UnitCost: outreach.Money{Minor: 480, Currency: "USD"},
		Status: outreach.SampleInTransit, ShippedAt: c.t})
	// Last week, in B.
	c.t = t0.AddDate(0, 0, -7)
	step("m1", "B", outreach.Invited, outreach.Replied, outreach.Partnered)
	sample("m1", "B", outreach.Shipment{SKU: "PAN", Qty: 2, UnitCost: outreach.Money{Minor: 900, Currency: "EUR"},
		Status: outreach.SampleArrived, ShippedAt: c.t, DeliveredAt: c.t.Add(-24 * time.Hour),
		ContentDueAt: c.t.Add(time.Hour)})
	// This week: creators known in A invited in B and C.
	c.t = t0
	step("m2", "B", outreach.Invited, outreach.Replied)
	step("m3", "C", outreach.Invited)
	step("h1", "C", outreach.Invited, outreach.Partnered)
	sample("h1", "C", outreach.Shipment{SKU: "GLOW", Qty: 1, UnitCost: outreach.Money{Minor: 480, Currency: "USD"},
		Status: outreach.SampleInTransit, ShippedAt: c.t})
	// Files: one at invited (on record), partners in B and C (brought
	// their outcome), p1 in both.
	c.t = c.t.Add(time.Hour)
	at := func(r outreach.CreatorRow, st outreach.Stage) outreach.CreatorRow { r.Stage = st; return r }
	importRows(t, s, ImportOptions{Campaign: "C"}, at(row(2, "i1", i64(4_000)), outreach.Invited))
	importRows(t, s, ImportOptions{Campaign: "B"}, at(row(2, "p1", i64(3_000)), outreach.Partnered),
		at(row(3, "p2", i64(800_000)), outreach.ContentPosted), at(row(4, "p3", i64(2_000)), outreach.Declined))
	importRows(t, s, ImportOptions{Campaign: "C"}, at(row(2, "p1", i64(3_000)), outreach.Partnered))
	c.t = c.t.Add(time.Hour)
	return s, c, week
}

// figureReading is one figure read for one campaign ("" all), as named
// numbers.
type figureReading func(t *testing.T, s *Store, campaign string, week time.Time) map[string]int64

// figureReadings reads each of outreach.Figures. The test below fails when
// a figure has none, so a new figure needs a reading and a decision on
// whether it adds up.
var figureReadings = map[string]figureReading{
	outreach.FigureCreators.Label: func(t *testing.T, s *Store, camp string, _ time.Time) map[string]int64 {
		o := overviewOf(t, s, camp)
		return map[string]int64{"total": o.Creators.Total, "head": o.Creators.Head, "micro": o.Creators.Micro}
	},
	outreach.FigureInvitedThisWeek.Label: func(t *testing.T, s *Store, camp string, week time.Time) map[string]int64 {
		tr := trendOf(t, s, camp, week)
		return map[string]int64{"invited": tr[len(tr)-1].Invited}
	},
	outreach.FigureReplyRate.Label: func(t *testing.T, s *Store, camp string, _ time.Time) map[string]int64 {
		f := funnelOf(t, s, camp)
		return map[string]int64{"per mille": int64(f.All.ReplyRate() * 1000)}
	},
	outreach.FigureConversion.Label: func(t *testing.T, s *Store, camp string, _ time.Time) map[string]int64 {
		f := funnelOf(t, s, camp)
		return map[string]int64{"head per mille": int64(f.ByTier[outreach.Head].Conversion() * 1000),
			"micro per mille": int64(f.ByTier[outreach.Micro].Conversion() * 1000)}
	},
	outreach.FigureInTransit.Label: func(t *testing.T, s *Store, camp string, _ time.Time) map[string]int64 {
		return map[string]int64{"in transit": overviewOf(t, s, camp).Samples.InTransit}
	},
	outreach.FigureOverdue.Label: func(t *testing.T, s *Store, camp string, _ time.Time) map[string]int64 {
		return map[string]int64{"overdue": overviewOf(t, s, camp).Samples.Overdue}
	},
	outreach.FigureSpend.Label: func(t *testing.T, s *Store, camp string, _ time.Time) map[string]int64 {
		out := map[string]int64{}
		for _, m := range overviewOf(t, s, camp).Spend {
			out[m.Currency] = m.Minor
		}
		return out
	},
	outreach.FigureFunnel.Label: func(t *testing.T, s *Store, camp string, _ time.Time) map[string]int64 {
		out := map[string]int64{}
		for _, tier := range outreach.Tiers {
			for _, step := range outreach.FunnelSteps {
				out[string(tier)+" "+string(step)] = funnelOf(t, s, camp).ByTier[tier].Count(step)
			}
		}
		return out
	},
	outreach.FigureImported.Label: func(t *testing.T, s *Store, camp string, _ time.Time) map[string]int64 {
		im := funnelOf(t, s, camp).Imported
		return map[string]int64{"head": im.Head, "micro": im.Micro}
	},
	outreach.FigureTrend.Label: func(t *testing.T, s *Store, camp string, week time.Time) map[string]int64 {
		out := map[string]int64{}
		for _, w := range trendOf(t, s, camp, week) {
			out["invited "+w.Week.Format("01-02")] = w.Invited
			out["partnered "+w.Week.Format("01-02")] = w.Partnered
		}
		return out
	},
}

func overviewOf(t *testing.T, s *Store, camp string) Overview {
	t.Helper()
	o, err := s.Overview(context.Background(), camp)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func funnelOf(t *testing.T, s *Store, camp string) TierFunnel {
	t.Helper()
	f, err := s.Funnel(context.Background(), camp)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func trendOf(t *testing.T, s *Store, camp string, week time.Time) []WeekTrend {
	t.Helper()
	tr, err := s.Trend(context.Background(), camp, week, 12)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// The figures outreach.Figure marks Adds sum over the campaigns to the
// all-campaigns figure; the others say why they need not, and in this
// fixture they do not.
func TestFiguresAddUpOverCampaigns(t *testing.T) {
	s, _, week := figuresFixture(t)
	ctx := context.Background()
	camps, err := s.Campaigns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range outreach.Figures {
		read, ok := figureReadings[f.Label]
		if !ok {
			t.Errorf("figure %q has no reading here: decide whether it adds up", f.Label)
			continue
		}
		if f.Adds == (f.NotAdded != "") {
			t.Errorf("figure %q: Adds %v with NotAdded %q", f.Label, f.Adds, f.NotAdded)
		}
		all := read(t, s, "", week)
		sum := map[string]int64{}
		for _, c := range camps {
			for k, v := range read(t, s, c.Name, week) {
				sum[k] += v
			}
		}
		same := fmt.Sprint(all) == fmt.Sprint(sum)
		var nonzero bool
		for _, v := range all {
			nonzero = nonzero || v != 0
		}
		switch {
		case !nonzero:
			t.Errorf("%q is zero for all campaigns: the fixture tests nothing: %v", f.Label, all)
		case f.Adds && !same:
			t.Errorf("%q: campaigns add up to %v, all campaigns show %v", f.Label, sum, all)
		case !f.Adds && same:
			t.Errorf("%q adds up here (%v) though it is said not to: %s", f.Label, all, f.NotAdded)
		}
	}
}

// What each figure is in the fixture, worked out by hand from its
// definition.
func TestFiguresFollowTheirDefinitions(t *testing.T) {
	s, _, week := figuresFixture(t)
	tr := trendOf(t, s, "", week)
	// This week: m2 in B, m3 and h1 in C; h1's partnership in C. The
	// imports (i1 at invited, the partners) carry the import's date.
	if got := tr[len(tr)-1]; got.Invited != 3 || got.Partnered != 1 {
		t.Errorf("this week %+v, want 3 invited, 1 partnered", got)
	}
	if got := tr[len(tr)-2]; got.Invited != 1 || got.Partnered != 1 {
		t.Errorf("last week %+v, want m1 in B", got)
	}
	f := funnelOf(t, s, "")
	// Creators on record, once each at their furthest: m1 partnered, m2
	// replied (B), m3 invited, h1 partnered, i1 invited. p1, p2, p3 came
	// with their outcome.
	if want := (outreach.Funnel{Invited: 5, Replied: 3, Partnered: 2}); f.All != want {
		t.Errorf("all campaigns %+v, want %+v", f.All, want)
	}
	if f.Imported != (CreatorCounts{Total: 3, Head: 1, Micro: 2}) {
		t.Errorf("imported %+v", f.Imported)
	}
	if b := funnelOf(t, s, "B"); b.All != (outreach.Funnel{Invited: 2, Replied: 2, Partnered: 1}) || b.Imported.Total != 3 {
		t.Errorf("campaign B %+v imported %+v", b.All, b.Imported)
	}
	o := overviewOf(t, s, "")
	if o.Creators.Total != 10 || o.Samples.InTransit != 2 || o.Samples.Overdue != 1 {
		t.Errorf("overview %+v", o)
	}
	// Slot fees of h1's two partnerships, the samples' costs; imported
	// partners' terms are the importer's.
	spend := map[string]int64{}
	for _, m := range o.Spend {
		spend[m.Currency] = m.Minor
	}
	if spend["EUR"] != 1800 || spend["USD"] < 2*20000+2*480 {
		t.Errorf("spend %v", spend)
	}
	// The cohort table adds up to the funnel.
	for _, camp := range []string{"", "A", "B", "C"} {
		weeks, err := s.FunnelByWeek(context.Background(), camp, week.AddDate(0, 0, -70), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		var sum outreach.Funnel
		for _, w := range weeks {
			sum = sum.Plus(w.Funnel)
		}
		if all := funnelOf(t, s, camp).All; sum != all {
			t.Errorf("%q: weeks add up to %+v, the funnel is %+v", camp, sum, all)
		}
	}
}

// Importing partners moves no rate and no week: the reply rate with a
// file of partners was 100%.
func TestImportedOutcomesLeaveRatesAlone(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{Campaign: "A"}, row(2, "u1", i64(1000)), row(3, "u2", i64(1000)),
		row(4, "u3", i64(1000)), row(5, "u4", i64(1000)))
	for _, m := range []Move{{Handle: "u1", To: outreach.Invited}, {Handle: "u2", To: outreach.Invited},
		{Handle: "u3", To: outreach.Invited}, {Handle: "u4", To: outreach.Invited}, {Handle: "u1", To: outreach.Replied}} {
		if _, err := s.MoveStage(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	week := outreach.WeekStart(c.t)
	before, trend := funnelOf(t, s, "A"), trendOf(t, s, "A", week)
	var partners []outreach.CreatorRow
	for i := range 4 {
		r := row(i+2, fmt.Sprintf("p%d", i), i64(int64(1000+i*400_000)))
		r.Stage = outreach.Partnered
		partners = append(partners, r)
	}
	importRows(t, s, ImportOptions{Campaign: "A"}, partners...)
	for _, camp := range []string{"", "A"} {
		after := funnelOf(t, s, camp)
		if after.All != before.All || after.All.ReplyRate() != 0.25 {
			t.Errorf("%q: funnel %+v after importing partners, %+v before", camp, after.All, before.All)
		}
		if after.Imported.Total != 4 {
			t.Errorf("%q: imported %+v", camp, after.Imported)
		}
		if got := trendOf(t, s, camp, week); fmt.Sprint(got) != fmt.Sprint(trend) {
			t.Errorf("%q: trend %+v after importing partners, %+v before", camp, got, trend)
		}
	}
	// A partner imported is still moved on in creatordesk: their content
	// is a week's activity no more than the import was, and the funnel
	// leaves them out.
	if _, err := s.MoveStage(ctx, Move{Handle: "p2", To: outreach.ContentPosted}); err != nil {
		t.Fatal(err)
	}
	if f := funnelOf(t, s, ""); f.All != before.All {
		t.Errorf("funnel %+v after an imported partner posted", f.All)
	}
}

// A file of partners does not spend the week's quota: they were in touch
// before creatordesk knew them, whatever day the import dated them.
func TestImportedPartnersSpendNoQuota(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{Campaign: "A"}, row(2, "u1", i64(1000)), row(3, "u2", i64(1000)))
	if _, err := s.MoveStage(ctx, Move{Handle: "u1", To: outreach.Invited}); err != nil {
		t.Fatal(err)
	}
	var partners []outreach.CreatorRow
	for i := range 3 {
		r := row(i+2, fmt.Sprintf("p%d", i), i64(1000))
		r.Stage = outreach.Partnered
		partners = append(partners, r)
	}
	invitedRow := row(5, "inv", i64(1000)) // invited: its reply is recorded here, so it counts
	invitedRow.Stage = outreach.Invited
	importRows(t, s, ImportOptions{Campaign: "A"}, append(partners, invitedRow)...)
	week := outreach.WeekStart(c.t)
	n, err := s.NewCreatorsInvited(ctx, week)
	if err != nil || n != 2 {
		t.Errorf("new creators invited this week: %d (%v), want 2 (@u1 and @inv, not the 3 partners)", n, err)
	}
	f, err := s.QueueFigures(ctx, "", week, week)
	if err != nil || f.QuotaWeek != 2 || f.QuotaToday != 2 {
		t.Errorf("queue figures %+v (%v), want 2 this week and today", f, err)
	}
	left, err := s.QuotaLeft(ctx, outreach.Quota{Weekly: 5}, c.t)
	if err != nil || left != 3 {
		t.Errorf("quota left %d (%v), want 3 of 5", left, err)
	}
}
