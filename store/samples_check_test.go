package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"creatordesk/outreach"
)

// SampleCampaign answers as RecordSample would, without writing: the
// campaign the sample goes to, or why the creator cannot have one.
func TestSampleCampaignChecksLikeRecordSample(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	for _, c := range []string{"Glow", "Spring"} {
		if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: c}); err != nil {
			t.Fatal(err)
		}
	}
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(10)), row(3, "bo", i64(10)), row(4, "cy", i64(10)))
	shipPartner(t, s, "anna", "Glow")
	shipPartner(t, s, "bo", "Glow")
	shipPartner(t, s, "bo", "Spring")
	if _, err := s.MoveStage(ctx, Move{Handle: "cy", Campaign: "Glow", To: outreach.Invited}); err != nil {
		t.Fatal(err)
	}
	var amb *AmbiguousCampaignError
	for _, c := range []struct {
		handle, campaign string
		want             string // the campaign, or part of the error
		ok               bool
	}{
		{"@Anna", "", "Glow", true},
		{"anna", "spring", "not in campaign", false},
		{"bo", "spring", "Spring", true},
		{"cy", "", "record samples for partners", false},
		{"nobody", "", "no creator @nobody", false},
		{"no such handle!", "", "handle", false},
	} {
		camp, err := s.SampleCampaign(ctx, c.handle, c.campaign)
		if c.ok && (err != nil || camp.Name != c.want) || !c.ok && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("@%s in %q: %q, %v; want %q", c.handle, c.campaign, camp.Name, err, c.want)
		}
		// RecordSample agrees.
		_, rerr := s.RecordSample(ctx, c.handle, c.campaign, outreach.Shipment{SKU: "X", Qty: 1}, 14)
		if (rerr == nil) != (err == nil) {
			t.Errorf("@%s in %q: SampleCampaign says %v, RecordSample %v", c.handle, c.campaign, err, rerr)
		}
	}
	if _, err := s.SampleCampaign(ctx, "bo", ""); !errors.As(err, &amb) || len(amb.Campaigns) != 2 {
		t.Errorf("bo in two campaigns: %v", err)
	}
	var n int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM samples`).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d samples recorded (only RecordSample writes, twice), %v", n, err)
	}
}
