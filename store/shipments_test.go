package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

const shipDay = 24 * time.Hour

// partner moves a creator's pipeline in a campaign to partnered.
func shipPartner(t *testing.T, s *Store, handle, campaign string) {
	t.Helper()
	for _, to := range []outreach.Stage{outreach.Invited, outreach.Replied, outreach.Partnered} {
		if _, err := s.MoveStage(context.Background(), Move{Handle: handle, Campaign: campaign, To: to, Source: "test"}); err != nil {
			t.Fatalf("@%s → %s: %v", handle, to, err)
		}
	}
}

func shipRecord(t *testing.T, s *Store, handle, campaign string, sh outreach.Shipment) int64 {
	t.Helper()
	if sh.SKU == "" {
		sh.SKU = "SKU-" + handle
	}
	if sh.Qty == 0 {
		sh.Qty = 1
	}
	id, err := s.RecordSample(context.Background(), handle, campaign, sh, outreach.DefaultContentDueDays)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func shipUSD(minor int64) outreach.Money { return outreach.Money{Minor: minor, Currency: "USD"} }

func shipEventCount(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT COUNT(*) FROM history WHERE field = 'stage'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func shipStageOf(t *testing.T, s *Store, handle string) outreach.Stage {
	t.Helper()
	ps, err := s.Pipelines(context.Background(), handle)
	if err != nil || len(ps) == 0 {
		t.Fatalf("pipelines of @%s: %v %v", handle, ps, err)
	}
	return ps[0].Position.Stage
}

func shipGroupsOf(rows []ShipmentRow) string {
	var parts []string
	for _, r := range rows {
		parts = append(parts, r.Handle+":"+string(r.Group))
	}
	return strings.Join(parts, " ")
}

func TestShipmentGroupsAtClock(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	c.t = t0.Add(30 * shipDay)
	now := c.t
	var rows []outreach.CreatorRow
	for i, h := range []string{"toship", "transit", "late15", "wait13", "posted", "gone"} {
		rows = append(rows, row(i+2, h, i64(5000)))
	}
	importRows(t, s, ImportOptions{}, rows...)
	for _, r := range rows {
		shipPartner(t, s, r.Handle, "")
	}
	shipRecord(t, s, "toship", "", outreach.Shipment{UnitCost: shipUSD(480), Qty: 2, CreatedAt: now.Add(-1 * shipDay)})
	shipRecord(t, s, "transit", "", outreach.Shipment{UnitCost: shipUSD(300), Status: outreach.SampleInTransit, ShippedAt: now.Add(-3 * shipDay)})
	shipRecord(t, s, "late15", "", outreach.Shipment{UnitCost: outreach.Money{Minor: 1000, Currency: "EUR"}, Status: outreach.SampleArrived,
		ShippedAt: now.Add(-20 * shipDay), DeliveredAt: now.Add(-15 * shipDay)})
	shipRecord(t, s, "wait13", "", outreach.Shipment{UnitCost: shipUSD(100), Status: outreach.SampleArrived,
		ShippedAt: now.Add(-18 * shipDay), DeliveredAt: now.Add(-13 * shipDay)})
	shipRecord(t, s, "posted", "", outreach.Shipment{UnitCost: shipUSD(50), Status: outreach.SamplePosted,
		DeliveredAt: now.Add(-10 * shipDay), ContentPostedAt: now.Add(-2 * shipDay), VideoURL: "https://www.tiktok.com/@posted/video/1"})
	shipRecord(t, s, "gone", "", outreach.Shipment{UnitCost: shipUSD(99999), Status: outreach.SampleCancelled})

	got, err := s.Shipments(ctx, ShipmentQuery{})
	if err != nil {
		t.Fatal(err)
	}
	want := "late15:overdue toship:to_ship transit:in_transit wait13:awaiting_content posted:content_posted"
	if shipGroupsOf(got) != want {
		t.Errorf("listing\n got %s\nwant %s", shipGroupsOf(got), want)
	}
	for _, r := range got {
		if r.Overdue(now) != (r.Group == GroupOverdue) {
			t.Errorf("@%s: group %s but Shipment.Overdue %v", r.Handle, r.Group, r.Overdue(now))
		}
	}
	counts, costs, err := s.ShipmentCounts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	wantCounts := map[ShipmentGroup]int64{GroupOverdue: 1, GroupToShip: 1, GroupInTransit: 1, GroupAwaiting: 1, GroupPosted: 1}
	if !reflect.DeepEqual(counts, wantCounts) {
		t.Errorf("counts %v, want %v", counts, wantCounts)
	}
	wantCosts := []outreach.Money{{Minor: 1000, Currency: "EUR"}, shipUSD(960 + 300 + 100 + 50)} // cancelled left out
	if !reflect.DeepEqual(costs, wantCosts) {
		t.Errorf("costs %v, want %v", costs, wantCosts)
	}

	// Two days on, the 13-day sample is late too.
	c.t = now.Add(2 * shipDay)
	late, err := s.Shipments(ctx, ShipmentQuery{Group: GroupOverdue})
	if err != nil {
		t.Fatal(err)
	}
	if shipGroupsOf(late) != "late15:overdue wait13:overdue" {
		t.Errorf("overdue two days later: %s", shipGroupsOf(late))
	}
	if counts, _, _ := s.ShipmentCounts(ctx, ""); counts[GroupOverdue] != 2 || counts[GroupAwaiting] != 0 {
		t.Errorf("counts two days later %v", counts)
	}
	if _, err := s.Shipments(ctx, ShipmentQuery{Campaign: "nope"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown campaign: %v", err)
	}
	if _, err := s.Shipments(ctx, ShipmentQuery{Group: "lost"}); err == nil {
		t.Error("unknown group accepted")
	}
}

func TestShipmentsKeysetPaging(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	c.t = t0.Add(60 * shipDay)
	now := c.t
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Glow"}); err != nil {
		t.Fatal(err)
	}
	var rows []outreach.CreatorRow
	for i := range 30 {
		rows = append(rows, row(i+2, fmt.Sprintf("cr%02d", i), i64(5000)))
	}
	importRows(t, s, ImportOptions{}, rows...)
	statuses := []outreach.SampleStatus{outreach.SampleToShip, outreach.SampleInTransit, outreach.SampleArrived, outreach.SamplePosted}
	for i, r := range rows {
		camp := ""
		if i%3 == 0 {
			camp = "Glow"
		}
		shipPartner(t, s, r.Handle, camp)
		sh := outreach.Shipment{Status: statuses[i%4], UnitCost: shipUSD(100), CreatedAt: now.Add(-time.Duration(i%5) * shipDay)}
		if sh.Status != outreach.SampleToShip {
			sh.ShippedAt = now.Add(-time.Duration(20+i%7) * shipDay)
		}
		if sh.Status == outreach.SampleArrived || sh.Status == outreach.SamplePosted {
			sh.DeliveredAt = now.Add(-time.Duration(i%23) * shipDay) // some overdue, some not; equal dates tie on id
		}
		shipRecord(t, s, r.Handle, camp, sh)
	}
	for _, q := range []ShipmentQuery{{}, {Campaign: "glow"}, {Group: GroupAwaiting}, {Group: GroupOverdue, Campaign: outreach.DefaultCampaign}} {
		all, err := s.Shipments(ctx, ShipmentQuery{Campaign: q.Campaign, Group: q.Group, Limit: MaxPage})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) == 0 {
			t.Fatalf("%+v: nothing listed", q)
		}
		for i := 1; i < len(all); i++ {
			a, b := all[i-1].Cursor(), all[i].Cursor()
			if a.Rank > b.Rank || a.Rank == b.Rank && (a.Due > b.Due || a.Due == b.Due && a.ID >= b.ID) {
				t.Errorf("%+v: rows %d and %d out of order: %+v %+v", q, i-1, i, a, b)
			}
		}
		// forward, 4 at a time
		var fwd []ShipmentRow
		p := q
		p.Limit = 4
		for pages := 0; ; pages++ {
			page, err := s.Shipments(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			fwd = append(fwd, page...)
			if len(page) < p.Limit || pages > 20 {
				break
			}
			p.After = page[len(page)-1].Cursor()
		}
		if shipGroupsOf(fwd) != shipGroupsOf(all) {
			t.Errorf("%+v forward pages\n got %s\nwant %s", q, shipGroupsOf(fwd), shipGroupsOf(all))
		}
		// backward from the end, 3 at a time
		var back []ShipmentRow
		p = q
		p.Limit, p.Reverse = 3, true
		for pages := 0; ; pages++ {
			page, err := s.Shipments(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			back = append(append([]ShipmentRow{}, page...), back...)
			if len(page) < p.Limit || pages > 20 {
				break
			}
			p.After = page[0].Cursor()
		}
		if shipGroupsOf(back) != shipGroupsOf(all) {
			t.Errorf("%+v backward pages\n got %s\nwant %s", q, shipGroupsOf(back), shipGroupsOf(all))
		}
	}
	glow, _ := s.Shipments(ctx, ShipmentQuery{Campaign: "Glow"})
	if len(glow) != 10 {
		t.Errorf("Glow lists %d samples, want 10", len(glow))
	}
	for _, r := range glow {
		if r.Campaign != "Glow" {
			t.Errorf("@%s listed in Glow from %q", r.Handle, r.Campaign)
		}
	}
}

func TestMarkSampleMovesPipelineAndLogs(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "mia", i64(8000)))
	shipPartner(t, s, "mia", "")
	id := shipRecord(t, s, "mia", "", outreach.Shipment{SKU: "GLOW-30", UnitCost: shipUSD(480)})
	last := func() Event {
		t.Helper()
		evs, _, err := s.Events(ctx, "mia", 0, 1)
		if err != nil || len(evs) != 1 {
			t.Fatalf("events: %v %v", evs, err)
		}
		return evs[0]
	}
	sample := func() ShipmentRow {
		t.Helper()
		rows, err := s.Shipments(ctx, ShipmentQuery{})
		if err != nil || len(rows) != 1 {
			t.Fatalf("shipments: %v %v", rows, err)
		}
		return rows[0]
	}

	c.t = c.t.Add(shipDay)
	if err := s.MarkShipped(ctx, id, " UPS ", "1Z999AA10123456784", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if st := shipStageOf(t, s, "mia"); st != outreach.SampleShipped {
		t.Errorf("after MarkShipped stage %s", st)
	}
	e := last()
	if e.From != outreach.Partnered || e.To != outreach.SampleShipped || e.Source != "dashboard" ||
		!strings.Contains(e.Note, "UPS 1Z999AA10123456784") || !e.At.Equal(c.t) {
		t.Errorf("ship event %+v", e)
	}
	if r := sample(); r.Group != GroupInTransit || r.Carrier != "UPS" || !r.ShippedAt.Equal(c.t) {
		t.Errorf("after MarkShipped %+v", r)
	}

	c.t = c.t.Add(shipDay)
	if err := s.SetTracking(ctx, id, "USPS", "9400 1000"); err != nil {
		t.Fatal(err)
	}
	if e := last(); e.From != outreach.SampleShipped || e.To != outreach.SampleShipped || !strings.Contains(e.Note, "USPS 9400 1000") {
		t.Errorf("tracking event %+v", e)
	}
	if r := sample(); r.Carrier != "USPS" || r.Tracking != "9400 1000" {
		t.Errorf("after SetTracking %+v", r)
	}

	c.t = c.t.Add(3 * shipDay)
	delivered := c.t
	if err := s.MarkDelivered(ctx, id, delivered, 10); err != nil {
		t.Fatal(err)
	}
	if st := shipStageOf(t, s, "mia"); st != outreach.SampleDelivered {
		t.Errorf("after MarkDelivered stage %s", st)
	}
	if e := last(); e.From != outreach.SampleShipped || e.To != outreach.SampleDelivered {
		t.Errorf("deliver event %+v", e)
	}
	r := sample()
	if r.Group != GroupAwaiting || !r.ContentDueAt.Equal(delivered.Add(10*shipDay)) {
		t.Errorf("after MarkDelivered %+v", r)
	}
	c.t = delivered.Add(11 * shipDay)
	if r := sample(); r.Group != GroupOverdue {
		t.Errorf("11 days after delivery with 10 to post: group %s", r.Group)
	}

	before := shipEventCount(t, s)
	for _, bad := range []string{"", "https://www.youtube.com/watch?v=1", "https://tiktok.com.evil.example/x", "https://www.tiktok.com/", "javascript:alert(1)"} {
		if err := s.MarkPosted(ctx, id, bad, time.Time{}); err == nil {
			t.Errorf("video URL %q accepted", bad)
		}
	}
	if shipEventCount(t, s) != before || sample().Status != outreach.SampleArrived {
		t.Error("a refused video URL wrote something")
	}
	if err := s.MarkPosted(ctx, id, "vm.tiktok.com/ZMabc123/", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if st := shipStageOf(t, s, "mia"); st != outreach.ContentPosted {
		t.Errorf("after MarkPosted stage %s", st)
	}
	if r := sample(); r.Group != GroupPosted || r.VideoURL != "https://vm.tiktok.com/ZMabc123/" || !r.ContentPostedAt.Equal(c.t) {
		t.Errorf("after MarkPosted %+v", r)
	}
	if e := last(); e.To != outreach.ContentPosted || !strings.Contains(e.Note, "vm.tiktok.com") {
		t.Errorf("post event %+v", e)
	}
	ps, _ := s.Pipelines(ctx, "mia")
	if cr, _ := s.Creator(ctx, "mia"); !cr.LastContactAt.Equal(c.t) {
		t.Errorf("last contact %v, want %v (%+v)", cr.LastContactAt, c.t, ps)
	}
	// A posted sample cannot be shipped or posted again.
	if err := s.MarkShipped(ctx, id, "UPS", "1", time.Time{}); err == nil {
		t.Error("posted sample shipped again")
	}
	if err := s.MarkDelivered(ctx, 9999, time.Time{}, 14); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown sample: %v", err)
	}
}

func TestRefusedSampleMoveWritesNothing(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "early", i64(8000)), row(3, "stopped", i64(8000)), row(4, "both", i64(8000)))
	// Invited, not partnered: the rules refuse a sample stage.
	if _, err := s.MoveStage(ctx, Move{Handle: "early", To: outreach.Invited}); err != nil {
		t.Fatal(err)
	}
	// A sample for a creator who is not a partner is refused when recorded.
	if _, err := s.RecordSample(ctx, "early", "", outreach.Shipment{SKU: "S", Qty: 1}, 14); err == nil || !strings.Contains(err.Error(), "partners") {
		t.Errorf("sample recorded for an invited creator: %v", err)
	}
	shipPartner(t, s, "stopped", "")
	stopped := shipRecord(t, s, "stopped", "", outreach.Shipment{})
	early := stopped // the refusals below hold for it too
	if _, err := s.MoveStage(ctx, Move{Handle: "stopped", To: outreach.DoNotContact, Note: "asked to stop"}); err != nil {
		t.Fatal(err)
	}
	before := shipEventCount(t, s)
	var me *outreach.MoveError
	if err := s.MarkShipped(ctx, stopped, "UPS", "1Z", time.Time{}); !errors.As(err, &me) {
		t.Errorf("ship to a do-not-contact creator: %v, want a MoveError", err)
	}
	if err := s.MarkDelivered(ctx, early, time.Time{}, 14); err == nil {
		t.Error("a sample never shipped marked delivered")
	}
	if err := s.MarkShipped(ctx, early, "UPS", strings.Repeat("9", 100), time.Time{}); err == nil {
		t.Error("a 100-character tracking number accepted")
	}
	if err := s.SetTracking(ctx, early, "UPS\x1b]52;c;AAAA\x07", "1Z"); err == nil {
		t.Error("a carrier with an escape sequence accepted")
	}
	if n := shipEventCount(t, s); n != before {
		t.Errorf("refused updates wrote %d events", n-before)
	}
	rows, err := s.Shipments(ctx, ShipmentQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Status != outreach.SampleToShip || r.Carrier != "" || r.Tracking != "" || !r.ShippedAt.IsZero() {
			t.Errorf("@%s changed by a refused update: %+v", r.Handle, r.Shipment)
		}
	}
	if st := shipStageOf(t, s, "early"); st != outreach.Invited {
		t.Errorf("early moved to %s", st)
	}

	// A second sample in a campaign the pipeline has moved past: the
	// sample updates, the pipeline stays, the event says so.
	shipPartner(t, s, "both", "")
	first := shipRecord(t, s, "both", "", outreach.Shipment{SKU: "A"})
	second := shipRecord(t, s, "both", "", outreach.Shipment{SKU: "B"})
	if err := s.MarkShipped(ctx, first, "DHL", "1", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDelivered(ctx, first, time.Time{}, 14); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkShipped(ctx, second, "DHL", "2", time.Time{}); err != nil {
		t.Fatalf("second sample after the first was delivered: %v", err)
	}
	if st := shipStageOf(t, s, "both"); st != outreach.SampleDelivered {
		t.Errorf("second sample moved the pipeline back to %s", st)
	}
	evs, _, _ := s.Events(ctx, "both", 0, 1)
	if len(evs) != 1 || evs[0].From != outreach.SampleDelivered || evs[0].To != outreach.SampleDelivered || !strings.Contains(evs[0].Note, "B ×1") {
		t.Errorf("second sample's event %+v", evs)
	}
}
