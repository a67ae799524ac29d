package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

// The Samples filter keeps the samples of the creators it matches, or
// whose SKU or tracking number holds it, paging both ways, and the counts
// by group follow it.
func TestShipmentsSearch(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	c.t = t0.Add(60 * shipDay)
	now := c.t
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Glow"}); err != nil {
		t.Fatal(err)
	}
	var rows []outreach.CreatorRow
	for i := range 24 {
		r := row(i+2, fmt.Sprintf("cr%02d", i), i64(5000))
		if i == 7 {
			r.Tags = []string{"gifted"}
		}
		rows = append(rows, r)
	}
	importRows(t, s, ImportOptions{}, rows...)
	statuses := []outreach.SampleStatus{outreach.SampleToShip, outreach.SampleInTransit, outreach.SampleArrived, outreach.SamplePosted}
	for i, r := range rows {
		camp := ""
		if i%3 == 0 {
			camp = "Glow"
		}
		shipPartner(t, s, r.Handle, camp)
		sh := outreach.Shipment{SKU: []string{"SERUM-30", "LIP-OIL"}[i%2], Status: statuses[i%4], UnitCost: shipUSD(100),
			CreatedAt: now.Add(-time.Duration(i%5) * shipDay)}
		if sh.Status != outreach.SampleToShip {
			sh.ShippedAt = now.Add(-time.Duration(20+i%7) * shipDay)
			sh.Carrier, sh.Tracking = "UPS", fmt.Sprintf("1Z%04d", i*37)
		}
		if sh.Status == outreach.SampleArrived || sh.Status == outreach.SamplePosted {
			sh.DeliveredAt = now.Add(-time.Duration(i%23) * shipDay)
		}
		shipRecord(t, s, r.Handle, camp, sh)
	}
	defer func(n int) { manyMatches = n }(manyMatches)
	for _, tc := range []struct {
		q    ShipmentQuery
		keep func(r ShipmentRow) bool
	}{
		{ShipmentQuery{Search: "cr1"}, func(r ShipmentRow) bool { return strings.HasPrefix(r.Handle, "cr1") }},
		{ShipmentQuery{Search: "lip-o"}, func(r ShipmentRow) bool { return r.SKU == "LIP-OIL" }},
		{ShipmentQuery{Search: "1z0"}, func(r ShipmentRow) bool { return strings.HasPrefix(r.Tracking, "1Z0") }},
		{ShipmentQuery{Search: "gift"}, func(r ShipmentRow) bool { return r.Handle == "cr07" }},
		{ShipmentQuery{Search: "03", Campaign: "glow"}, func(r ShipmentRow) bool {
			return r.Campaign == "Glow" && (strings.Contains(r.Handle, "03") || strings.Contains(r.Tracking, "03"))
		}},
		{ShipmentQuery{Search: "nothing"}, func(ShipmentRow) bool { return false }},
	} {
		all, err := s.Shipments(ctx, ShipmentQuery{Campaign: tc.q.Campaign, Limit: MaxPage})
		if err != nil {
			t.Fatal(err)
		}
		var want []ShipmentRow
		counts := map[ShipmentGroup]int64{}
		for _, r := range all {
			if tc.keep(r) {
				want = append(want, r)
				counts[r.Group]++
			}
		}
		if (len(want) == 0) != (tc.q.Search == "nothing") || len(want) == len(all) {
			t.Fatalf("test is blind: %+v keeps %d of %d", tc.q, len(want), len(all))
		}
		for _, many := range []int{20_000, 1} {
			manyMatches = many
			var fwd []ShipmentRow
			p := tc.q
			p.Limit = 2
			for pages := 0; pages < 50; pages++ {
				page, err := s.Shipments(ctx, p)
				if err != nil {
					t.Fatal(err)
				}
				fwd = append(fwd, page...)
				if len(page) < p.Limit {
					break
				}
				p.After = page[len(page)-1].Cursor()
			}
			var back []ShipmentRow
			p = tc.q
			p.Limit, p.Reverse = 3, true
			for pages := 0; pages < 50; pages++ {
				page, err := s.Shipments(ctx, p)
				if err != nil {
					t.Fatal(err)
				}
				back = append(append([]ShipmentRow{}, page...), back...)
				if len(page) < p.Limit {
					break
				}
				p.After = page[0].Cursor()
			}
			if ids(fwd) != ids(want) || ids(back) != ids(want) {
				t.Errorf("%+v (many from %d):\nforward  %s\nbackward %s\nwant     %s", tc.q, many, ids(fwd), ids(back), ids(want))
			}
		}
		got, _, err := s.ShipmentCountsWhere(ctx, tc.q)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range ShipmentGroups {
			if got[g] != counts[g] {
				t.Errorf("%+v: %s counted %d, listed %d", tc.q, g, got[g], counts[g])
			}
		}
	}
}

// ids lists the rows' ids, for comparing listings.
func ids(rows []ShipmentRow) string {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%d ", r.ID)
	}
	return b.String()
}
