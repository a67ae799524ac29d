package store

import (
	"context"
	"errors"
	"testing"

	"creatordesk/outreach"
)

func TestAddCreatorByHand(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Glow"}); err != nil {
		t.Fatal(err)
	}
	c, err := s.AddCreator(ctx, "@Anna.V", CreatorEdit{Name: Str("Anna V"), Followers: Str("1.2M"), Email: Str("Anna <anna@Example.COM>"),
		Region: Str("us")}, "glow")
	if err != nil {
		t.Fatal(err)
	}
	if c.Handle != "anna.v" || c.DisplayName != "Anna V" || c.Followers == nil || *c.Followers != 1_200_000 ||
		c.Email != "anna@example.com" || c.Region != "US" || c.Tier != outreach.Head || c.TierManual {
		t.Errorf("added %+v", c)
	}
	ps, err := s.Pipelines(ctx, "anna.v")
	if err != nil || len(ps) != 1 || ps[0].Campaign != "Glow" || ps[0].Position.Stage != outreach.Prospect {
		t.Errorf("pipelines %+v %v, want Glow at prospect", ps, err)
	}
	var exists *ExistsError
	if _, err := s.AddCreator(ctx, "ANNA.V", CreatorEdit{}, ""); !errors.As(err, &exists) {
		t.Errorf("adding @anna.v again: %v", err)
	}
	var fe *FieldError
	if _, err := s.AddCreator(ctx, "bob", CreatorEdit{Email: Str("not an address")}, ""); !errors.As(err, &fe) || fe.Field != "email" {
		t.Errorf("bad email: %v", err)
	}
	if _, err := s.Creator(ctx, "bob"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a refused add left @bob: %v", err)
	}
	if _, err := s.AddCreator(ctx, "cara", CreatorEdit{}, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown campaign: %v", err)
	}
	if _, err := s.Creator(ctx, "cara"); !errors.Is(err, ErrNotFound) {
		t.Errorf("an add into an unknown campaign left @cara: %v", err)
	}
}

func TestUpdateCreatorFieldsTierAndHistory(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, outreach.CreatorRow{Line: 2, Creator: outreach.Creator{Handle: "anna", Email: "old@example.com",
		Followers: i64(600_000), Tier: outreach.Micro, TierManual: true}})
	if c, _ := s.Creator(ctx, "anna"); c.Tier != outreach.Micro || !c.TierManual {
		t.Fatalf("fixture: %+v", c)
	}
	c, fields, err := s.UpdateCreator(ctx, "anna", CreatorEdit{Email: Str("new@example.com"), Tier: Str("auto"), Phone: Str("")})
	if err != nil {
		t.Fatal(err)
	}
	if c.Email != "new@example.com" || c.Tier != outreach.Head || c.TierManual || len(fields) != 2 {
		t.Errorf("after set: %+v, fields %v", c, fields)
	}
	// Followers below the threshold re-tier a creator tiered by followers.
	if c, _, err = s.UpdateCreator(ctx, "anna", CreatorEdit{Followers: Str("12.5万")}); err != nil || c.Tier != outreach.Micro {
		t.Errorf("followers 125000: %+v %v", c, err)
	}
	if c, _, err = s.UpdateCreator(ctx, "anna", CreatorEdit{Email: Str(""), Followers: Str("")}); err != nil || c.Email != "" || c.Followers != nil {
		t.Errorf("clearing: %+v %v", c, err)
	}
	if _, fields, err = s.UpdateCreator(ctx, "anna", CreatorEdit{Email: Str("")}); err != nil || len(fields) != 0 {
		t.Errorf("a change to nothing: fields %v, %v", fields, err)
	}
	var fe *FieldError
	if _, _, err := s.UpdateCreator(ctx, "anna", CreatorEdit{Tier: Str("mega")}); !errors.As(err, &fe) || fe.Field != "tier" {
		t.Errorf("tier mega: %v", err)
	}
	es, _, err := s.History(ctx, HistoryQuery{Handle: "anna"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Field+":"+e.Old+">"+e.New)
	}
	// Newest first; the rows of one change in reverse of the order written.
	want := []string{"email:new@example.com>", "followers:125000>", "tier:head (auto)>micro (auto)", "followers:600000>125000",
		"tier:micro>head (auto)", "email:old@example.com>new@example.com"}
	if len(got) != len(want) {
		t.Fatalf("history %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("history[%d] %q, want %q", i, got[i], want[i])
		}
	}
	counts, err := s.CountCreators(ctx)
	if err != nil || counts.Micro != 1 || counts.Head != 0 {
		t.Errorf("tier counters %+v %v", counts, err)
	}
}

// Followers are read as an import reads them: an approximate count from a
// Chinese tool ("10万+", "约5万") is the number given; a count unreadable
// without its marks is still refused.
func TestEditReadsApproximateFollowers(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if _, err := s.AddCreator(ctx, "anna", CreatorEdit{Followers: Str("10万+")}, ""); err != nil {
		t.Fatalf("add with 10万+: %v", err)
	}
	for in, want := range map[string]int64{"约5万": 50_000, "1.2M+": 1_200_000, "~3000": 3000} {
		c, _, err := s.UpdateCreator(ctx, "anna", CreatorEdit{Followers: Str(in)})
		if err != nil || c.Followers == nil || *c.Followers != want {
			t.Errorf("followers %q: %v %v, want %d", in, c.Followers, err, want)
		}
	}
	var fe *FieldError
	if _, _, err := s.UpdateCreator(ctx, "anna", CreatorEdit{Followers: Str("约很多")}); !errors.As(err, &fe) || fe.Field != "followers" {
		t.Errorf("an unreadable count: %v", err)
	}
	if err := (CreatorEdit{Followers: Str("10万+")}).Check(); err != nil {
		t.Errorf("Check refuses 10万+: %v", err)
	}
}
