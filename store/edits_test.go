package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"creatordesk/outreach"
)

func TestSetNotesAndTags(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	r := row(2, "noted", i64(10))
	r.Tags = []string{"beauty", "old"}
	importRows(t, s, ImportOptions{}, r)
	if err := s.SetNotes(ctx, "@Noted", "  prefers email  "); err != nil {
		t.Fatal(err)
	}
	if err := s.EditTags(ctx, "noted", []string{"Fast Reply", "beauty"}, []string{"OLD"}); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Creator(ctx, "noted")
	if c.Notes != "prefers email" || strings.Join(c.Tags, ",") != "beauty,fast reply" {
		t.Errorf("notes %q tags %v", c.Notes, c.Tags)
	}
	if err := s.SetNotes(ctx, "noted", strings.Repeat("x", MaxNotes+1)); err == nil {
		t.Error("over-long notes accepted")
	}
	if err := s.SetNotes(ctx, "nobody", "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown creator: %v", err)
	}
}

func TestSetTermsAndFreeze(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "micro_a", i64(10)), row(3, "micro_b", i64(10)))
	terms := outreach.Terms{Commission: 1200, SampleSKU: "SERUM-30", SampleQty: 2, DiscountCode: "anna15", DiscountPct: 15}
	if err := s.SetTerms(ctx, "micro_a", "", terms); err != nil {
		t.Fatal(err)
	}
	if err := s.SetTerms(ctx, "micro_b", "", outreach.Terms{DiscountCode: "ANNA15"}); err == nil || !strings.Contains(err.Error(), "@micro_a") {
		t.Errorf("a taken code: %v", err)
	}
	if err := s.SetTerms(ctx, "micro_b", "", outreach.Terms{Commission: 9000}); err == nil {
		t.Error("90% commission accepted")
	}
	// Setting terms again for the same creator keeps its own code.
	if err := s.SetTerms(ctx, "micro_a", "", terms); err != nil {
		t.Fatalf("re-saving: %v", err)
	}
	if _, err := s.MoveStage(ctx, Move{Handle: "micro_a", To: outreach.Partnered}); err != nil {
		t.Fatal(err)
	}
	ps, err := s.Pipelines(ctx, "micro_a")
	if err != nil || len(ps) != 1 {
		t.Fatalf("%v %v", ps, err)
	}
	got := ps[0].Terms
	if got.Commission != 1200 || got.SampleSKU != "SERUM-30" || got.SampleQty != 2 || got.DiscountCode != "ANNA15" || got.DiscountPct != 15 {
		t.Errorf("terms after partnering %+v: set terms must win over defaults", got)
	}
}

func TestAddNoteKeepsWhatWasThere(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	r := row(2, "noted2", i64(10))
	r.Notes = "line one\nline two " + strings.Repeat("x", 800)
	importRows(t, s, ImportOptions{}, r)
	if err := s.AddNote(ctx, "noted2", "  called,   said yes "); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Creator(ctx, "noted2")
	if c.Notes != r.Notes+"\n2026-11-02 called, said yes" {
		t.Errorf("notes now %q", c.Notes[len(c.Notes)-40:])
	}
	if err := s.AddNote(ctx, "noted2", "   "); err == nil {
		t.Error("an empty note was added")
	}
}

// A micro creator becoming a partner gets a personal discount code derived
// from the handle, unique across the database; a code set by hand is kept;
// head creators get none.
func TestPartnersGetDiscountCodes(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "anna_1", i64(10)), row(3, "anna.1", i64(10)), row(4, "bigstar", i64(900_000)), row(5, "own_code", i64(10)))
	if err := s.SetTerms(ctx, "own_code", "", outreach.Terms{DiscountCode: "MINE20"}); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"anna_1", "anna.1", "bigstar", "own_code"} {
		if _, err := s.MoveStage(ctx, Move{Handle: h, To: outreach.Partnered}); err != nil {
			t.Fatal(err)
		}
	}
	code := func(h string) string {
		ps, err := s.Pipelines(ctx, h)
		if err != nil || len(ps) != 1 {
			t.Fatalf("%s: %v %v", h, ps, err)
		}
		return ps[0].Terms.DiscountCode
	}
	if a, b := code("anna_1"), code("anna.1"); a != "ANNA115" || b != "ANNA1" {
		t.Errorf("codes %q and %q, want ANNA115 and ANNA1 (15%% is the micro default)", a, b)
	}
	if c := code("bigstar"); c != "" {
		t.Errorf("head creator got code %q", c)
	}
	if c := code("own_code"); c != "MINE20" {
		t.Errorf("hand-set code replaced by %q", c)
	}
}

func TestGiveDiscountCodeOnDemand(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "anna_1", i64(10)), row(3, "anna.1", i64(10)), row(4, "bigstar", i64(900_000)), row(5, "quiet", i64(10)))
	a, err := s.GiveDiscountCode(ctx, "@Anna_1", "")
	if err != nil || a != "ANNA115" {
		t.Fatalf("anna_1: %q %v", a, err)
	}
	if again, _ := s.GiveDiscountCode(ctx, "anna_1", ""); again != a {
		t.Errorf("asked again: %q, want the same %q", again, a)
	}
	if b, _ := s.GiveDiscountCode(ctx, "anna.1", ""); b != "ANNA1" {
		t.Errorf("anna.1: %q, want ANNA1 (ANNA115 is taken)", b)
	}
	// The code given before partnering is kept when they partner.
	if _, err := s.MoveStage(ctx, Move{Handle: "anna_1", To: outreach.Partnered}); err != nil {
		t.Fatal(err)
	}
	if ps, _ := s.Pipelines(ctx, "anna_1"); len(ps) != 1 || ps[0].Terms.DiscountCode != a {
		t.Errorf("after partnering: %+v", ps)
	}
	if _, err := s.GiveDiscountCode(ctx, "bigstar", ""); err == nil || !strings.Contains(err.Error(), "micro") {
		t.Errorf("head creator: %v", err)
	}
	if _, err := s.MoveStage(ctx, Move{Handle: "quiet", To: outreach.DoNotContact, Note: "asked"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GiveDiscountCode(ctx, "quiet", ""); err == nil {
		t.Error("do-not-contact creator got a code")
	}
}
