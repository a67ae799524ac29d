package store

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

// stages maps each of a creator's pipelines' campaign to its stage.
func stages(t *testing.T, s *Store, handle string) map[string]outreach.Stage {
	t.Helper()
	ps, err := s.Pipelines(context.Background(), handle)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]outreach.Stage{}
	for _, p := range ps {
		out[p.Campaign] = p.Position.Stage
	}
	return out
}

// ruleSetup gives anna_1 a pipeline in Glow only, bo in Glow, spring and
// Autumn, and cy none (campaigns are made, creators imported, by name).
func ruleSetup(t *testing.T) *Store {
	t.Helper()
	s, _ := openTest(t)
	importRows(t, s, ImportOptions{Campaign: "Glow"}, row(2, "anna_1", i64(10)), row(3, "bo", i64(10)))
	importRows(t, s, ImportOptions{Campaign: "spring"}, row(2, "bo", i64(10)))
	importRows(t, s, ImportOptions{Campaign: "Autumn"}, row(2, "bo", i64(10)))
	importRows(t, s, ImportOptions{}, row(2, "cy", i64(10)))
	if got := stages(t, s, "cy"); len(got) != 0 {
		t.Fatalf("cy starts in %v, want no pipeline", got)
	}
	return s
}

func TestCampaignRuleNamed(t *testing.T) {
	s := ruleSetup(t)
	ctx := context.Background()
	for _, c := range []struct{ handle, named, want string }{
		{"anna_1", "glow", "Glow"},      // named, any case
		{"bo", "SPRING", "spring"},      // named among several
		{"cy", "Autumn", "Autumn"},      // named, not in it yet
		{"@Anna_1", "Autumn", "Autumn"}, // named wins over the only pipeline
	} {
		got, err := s.ResolveCampaign(ctx, c.handle, c.named)
		if err != nil || got.Name != c.want {
			t.Errorf("ResolveCampaign(%q, %q) = %q, %v; want %q", c.handle, c.named, got.Name, err, c.want)
		}
	}
}

// The campaign named (or in view) wins over the creator's only pipeline:
// the move starts a pipeline there and leaves the other alone.
func TestCampaignRuleNamedWinsOverOnlyPipeline(t *testing.T) {
	s := ruleSetup(t)
	res, err := s.MoveStage(context.Background(), Move{Handle: "anna_1", Campaign: "autumn", To: outreach.Invited})
	if err != nil || res.Campaign != "Autumn" || res.From != outreach.Prospect {
		t.Fatalf("move: %+v, %v", res, err)
	}
	if got := stages(t, s, "anna_1"); !maps.Equal(got, map[string]outreach.Stage{"Glow": outreach.Prospect, "Autumn": outreach.Invited}) {
		t.Errorf("pipelines %v", got)
	}
}

// None named: the creator's only pipeline, not the default campaign. This
// is `import creators --campaign Glow` then `stage anna_1 partnered`.
func TestCampaignRuleOnlyPipeline(t *testing.T) {
	s := ruleSetup(t)
	ctx := context.Background()
	if got, err := s.ResolveCampaign(ctx, "anna_1", ""); err != nil || got.Name != "Glow" {
		t.Fatalf("ResolveCampaign = %q, %v; want Glow", got.Name, err)
	}
	res, err := s.MoveStage(ctx, Move{Handle: "anna_1", To: outreach.Partnered})
	if err != nil || res.Campaign != "Glow" || res.From != outreach.Prospect || res.To != outreach.Partnered {
		t.Fatalf("move: %+v, %v", res, err)
	}
	if got := stages(t, s, "anna_1"); !maps.Equal(got, map[string]outreach.Stage{"Glow": outreach.Partnered}) {
		t.Errorf("pipelines %v, want Glow partnered and nothing in default", got)
	}
	// The other writes that act on one creator's pipeline follow it too.
	if err := s.SetTerms(ctx, "anna_1", "", outreach.Terms{SampleQty: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordSample(ctx, "anna_1", "", outreach.Shipment{SKU: "GLOW-1", Qty: 1}, 14); err != nil {
		t.Fatal(err)
	}
	ps, err := s.Pipelines(ctx, "anna_1")
	if err != nil || len(ps) != 1 || ps[0].Campaign != "Glow" || ps[0].Terms.SampleQty != 2 || len(ps[0].Samples) != 1 {
		t.Errorf("terms and sample went elsewhere: %+v, %v", ps, err)
	}
}

// Several pipelines and none named: a typed error naming them, sorted as
// the campaign list is; nothing is written.
func TestCampaignRuleSeveralAsks(t *testing.T) {
	s := ruleSetup(t)
	ctx := context.Background()
	want := []string{"Autumn", "Glow", "spring"}
	check := func(what string, err error) {
		t.Helper()
		var amb *AmbiguousCampaignError
		if !errors.As(err, &amb) {
			t.Fatalf("%s: %v, want *AmbiguousCampaignError", what, err)
		}
		if amb.Handle != "bo" || !slices.Equal(amb.Campaigns, want) {
			t.Errorf("%s: %+v, want bo in %v", what, amb, want)
		}
		if !sort.SliceIsSorted(amb.Campaigns, func(i, j int) bool {
			return strings.ToLower(amb.Campaigns[i]) < strings.ToLower(amb.Campaigns[j])
		}) {
			t.Errorf("%s: %v not sorted", what, amb.Campaigns)
		}
		if msg := err.Error(); !strings.Contains(msg, "@bo is in 3 campaigns: Autumn, Glow, spring") {
			t.Errorf("%s: message %q", what, msg)
		}
	}
	_, err := s.ResolveCampaign(ctx, "@BO", "")
	check("ResolveCampaign", err)
	_, err = s.MoveStage(ctx, Move{Handle: "bo", To: outreach.Invited})
	check("MoveStage", err)
	check("SetTerms", s.SetTerms(ctx, "bo", "", outreach.Terms{SampleQty: 2}))
	_, err = s.GiveDiscountCode(ctx, "bo", "")
	check("GiveDiscountCode", err)
	if _, err := s.SetSender(ctx, "Mia"); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.Queue(ctx, QueueRequest{Handles: []string{"anna_1", "bo"}, ByRule: true})
	check("Queue", err)
	if got := stages(t, s, "bo"); !maps.Equal(got, map[string]outreach.Stage{"Glow": outreach.Prospect, "spring": outreach.Prospect, "Autumn": outreach.Prospect}) {
		t.Errorf("pipelines %v after refusals", got)
	}
	if n, err := s.CountInvitations(ctx, ""); err != nil || total(n) != 0 {
		t.Errorf("queued %+v, %v: the refused queue must queue nobody", n, err)
	}
}

// No pipeline: the default campaign.
func TestCampaignRuleNoneIsDefault(t *testing.T) {
	s := ruleSetup(t)
	ctx := context.Background()
	if got, err := s.ResolveCampaign(ctx, "cy", ""); err != nil || got.Name != outreach.DefaultCampaign {
		t.Fatalf("ResolveCampaign = %q, %v; want %s", got.Name, err, outreach.DefaultCampaign)
	}
	res, err := s.MoveStage(ctx, Move{Handle: "cy", To: outreach.Invited})
	if err != nil || res.Campaign != outreach.DefaultCampaign {
		t.Fatalf("move: %+v, %v", res, err)
	}
	if got := stages(t, s, "cy"); !maps.Equal(got, map[string]outreach.Stage{outreach.DefaultCampaign: outreach.Invited}) {
		t.Errorf("pipelines %v", got)
	}
}

// A campaign named that does not exist is an error saying so, never a
// fallback to another campaign; so is a creator who does not exist.
func TestCampaignRuleUnknown(t *testing.T) {
	s := ruleSetup(t)
	ctx := context.Background()
	_, err := s.ResolveCampaign(ctx, "anna_1", "Glwo")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), `no campaign named "Glwo"`) {
		t.Errorf("unknown campaign: %v", err)
	}
	if _, err := s.MoveStage(ctx, Move{Handle: "anna_1", Campaign: "Glwo", To: outreach.Invited}); !errors.Is(err, ErrNotFound) {
		t.Errorf("move into an unknown campaign: %v", err)
	}
	if got := stages(t, s, "anna_1"); !maps.Equal(got, map[string]outreach.Stage{"Glow": outreach.Prospect}) {
		t.Errorf("pipelines %v", got)
	}
	if _, err := s.ResolveCampaign(ctx, "nobody", ""); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "@nobody") {
		t.Errorf("unknown creator: %v", err)
	}
}

// The queue by handle with no campaign named takes each creator's own
// (ByRule); without ByRule, "" stays the default campaign for everyone, as
// a campaign's prospects are queued.
func TestCampaignRuleQueue(t *testing.T) {
	s := ruleSetup(t)
	ctx := context.Background()
	if _, err := s.SetSender(ctx, "Mia"); err != nil {
		t.Fatal(err)
	}
	n, held, err := s.Queue(ctx, QueueRequest{Handles: []string{"anna_1", "cy"}, ByRule: true})
	if err != nil || n != 2 || len(held) != 0 {
		t.Fatalf("queue: %d, %v, %v", n, held, err)
	}
	for camp, want := range map[string]int{"Glow": 1, outreach.DefaultCampaign: 1, "Autumn": 0} {
		c, err := s.CountInvitations(ctx, camp)
		if err != nil || total(c) != int64(want) {
			t.Errorf("%s: %+v, %v; want %d", camp, c, err, want)
		}
	}
	if got := stages(t, s, "anna_1"); len(got) != 1 {
		t.Errorf("anna_1's pipelines %v: the queue started another", got)
	}
	n, _, err = s.Queue(ctx, QueueRequest{Handles: []string{"bo"}})
	if err != nil || n != 1 {
		t.Fatalf("queue without ByRule: %d, %v", n, err)
	}
	if got := stages(t, s, "bo"); got[outreach.DefaultCampaign] != outreach.Prospect {
		t.Errorf("bo's pipelines %v: without ByRule the default campaign", got)
	}
}

// Do-not-contact stops every campaign: with several and none named it is
// not refused, and is logged as the move in the pipeline moved last.
func TestCampaignRuleDoNotContactNeedsNoCampaign(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{Campaign: "Glow"}, row(2, "bo", i64(10)))
	importRows(t, s, ImportOptions{Campaign: "spring"}, row(2, "bo", i64(10)))
	c.t = c.t.Add(time.Hour)
	if _, err := s.MoveStage(ctx, Move{Handle: "bo", Campaign: "Glow", To: outreach.Invited}); err != nil {
		t.Fatal(err)
	}
	res, err := s.MoveStage(ctx, Move{Handle: "bo", To: outreach.DoNotContact, Note: "asked us to stop"})
	if err != nil || res.Campaign != "Glow" || res.From != outreach.Invited || res.AlsoStopped != 1 {
		t.Fatalf("dnc: %+v, %v", res, err)
	}
	if got := stages(t, s, "bo"); !maps.Equal(got, map[string]outreach.Stage{"Glow": outreach.DoNotContact, "spring": outreach.DoNotContact}) {
		t.Errorf("pipelines %v", got)
	}
	// Any other move still asks.
	var amb *AmbiguousCampaignError
	if _, err := s.MoveStage(ctx, Move{Handle: "bo", To: outreach.Prospect}); !errors.As(err, &amb) {
		t.Errorf("move out of do-not-contact: %v, want *AmbiguousCampaignError", err)
	}
}

func total(counts map[outreach.InvitationStatus]int64) int64 {
	var n int64
	for _, c := range counts {
		n += c
	}
	return n
}
