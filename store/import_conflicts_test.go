package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

// contact is a row with the contacts and notes given.
func contact(line int, handle, email, phone, notes string) outreach.CreatorRow {
	return outreach.CreatorRow{Line: line, Creator: outreach.Creator{Handle: handle, Email: email, Phone: phone, Notes: notes}}
}

// dryRows counts rows in a dry run.
func dryRows(t *testing.T, s *Store, opt ImportOptions, rows ...outreach.CreatorRow) ImportResult {
	t.Helper()
	opt.DryRun = true
	res, err := addRows(t, s, opt, rows...).Rollback()
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// historyOf lists a creator's history, oldest first, as "field old→new who".
func historyOf(t *testing.T, s *Store, handle string) []string {
	t.Helper()
	es, _, err := s.History(context.Background(), HistoryQuery{Handle: handle, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		line := fmt.Sprintf("%s %q→%q %s", e.Field, e.Old, e.New, e.Who)
		if e.Campaign != "" {
			line += " in " + e.Campaign
		}
		out = append(out, line)
	}
	return out
}

// A re-import that contradicts a stored contact keeps it and counts it,
// field by field, dry run or not; one that fills an empty one fills it.
func TestImportKeepsAndCountsContradictedContacts(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{},
		contact(2, "anna", "anna@example.com", "+1 555 0100", "met at expo"),
		contact(3, "bob", "bob@example.com", "", ""),
		contact(4, "cara", "cara@example.com", "", "vip"),
		contact(5, "dan", "", "", ""))
	again := []outreach.CreatorRow{
		contact(2, "anna", "anna@new.example", "+1 555 0100", "spam"),
		contact(3, "bob", "bob@new.example", "+1 555 0200", ""),
		contact(4, "cara", "cara@new.example", "", "vip"),
		contact(5, "dan", "dan@example.com", "", ""),
		contact(6, "eve", "eve@example.com", "", "new"),
	}
	want := Kept{Email: 3, Notes: 1}
	if dry := dryRows(t, s, ImportOptions{}, again...); dry.Kept != want {
		t.Errorf("dry run kept %+v, want %+v", dry.Kept, want)
	}
	res := importRows(t, s, ImportOptions{}, again...)
	if res.Kept != want || res.New != 1 || res.Updated != 4 {
		t.Errorf("re-import %+v, want kept %+v, 1 new, 4 updated", res, want)
	}
	for h, email := range map[string]string{"anna": "anna@example.com", "bob": "bob@example.com", "cara": "cara@example.com", "dan": "dan@example.com"} {
		c, err := s.Creator(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		if c.Email != email {
			t.Errorf("@%s email %q, want %q", h, c.Email, email)
		}
	}
	if b, _ := s.Creator(ctx, "bob"); b.Phone != "+1 555 0200" {
		t.Errorf("bob's empty phone was not filled: %q", b.Phone)
	}
	// The file agreeing with itself twice is no conflict; the same creator
	// twice in one file with two emails is one.
	res = importRows(t, s, ImportOptions{}, contact(2, "fay", "fay@example.com", "", ""), contact(3, "fay", "fay@other.example", "", ""))
	if res.Kept != (Kept{Email: 1}) {
		t.Errorf("a file contradicting itself: kept %+v, want 1 email", res.Kept)
	}
	if Kept.Fields(want) == nil || !reflect.DeepEqual(want.Fields(), []KeptField{{"email", 3}, {"notes", 1}}) {
		t.Errorf("Fields() = %+v", want.Fields())
	}
}

// --overwrite takes the file's non-empty contacts and notes; blank cells
// still erase nothing.
func TestImportOverwrite(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, contact(2, "anna", "anna@example.com", "+1 555 0100", "met at expo"))
	rows := []outreach.CreatorRow{contact(2, "anna", "anna@new.example", "", "from the tracker")}
	if dry := dryRows(t, s, ImportOptions{Overwrite: true}, rows...); dry.Kept != (Kept{}) {
		t.Errorf("dry run with overwrite kept %+v", dry.Kept)
	}
	res := importRows(t, s, ImportOptions{Overwrite: true}, rows...)
	if res.Kept != (Kept{}) || res.Updated != 1 {
		t.Errorf("overwrite: %+v", res)
	}
	c, _ := s.Creator(ctx, "anna")
	if c.Email != "anna@new.example" || c.Notes != "from the tracker" || c.Phone != "+1 555 0100" {
		t.Errorf("after overwrite: email %q notes %q phone %q", c.Email, c.Notes, c.Phone)
	}
	h := historyOf(t, s, "anna")
	want := []string{`email "anna@example.com"→"anna@new.example" import`, `notes "met at expo"→"from the tracker" import`}
	if !reflect.DeepEqual(h, want) {
		t.Errorf("history\n%s\nwant\n%s", strings.Join(h, "\n"), strings.Join(want, "\n"))
	}
}

// Every field an import changes on a creator who was there before is in
// their history, as one change by the import; creating a creator is not a
// change of fields, and an import that changes nothing leaves no change.
func TestImportRecordsWhatItChanges(t *testing.T) {
	s, _ := openTest(t)
	first := outreach.CreatorRow{Line: 2, Creator: outreach.Creator{Handle: "anna", DisplayName: "Anna",
		Followers: i64(1000), Region: "US", Tags: []string{"beauty"}}}
	importRows(t, s, ImportOptions{}, first, row(3, "bob", i64(10)))
	if h := historyOf(t, s, "anna"); len(h) != 0 {
		t.Errorf("a new creator has history: %q", h)
	}
	changes := func() int {
		var n int
		if err := s.db.QueryRow(`SELECT COUNT(*) FROM changes`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := changes()
	importRows(t, s, ImportOptions{}, first) // the same again
	if h := historyOf(t, s, "anna"); len(h) != 0 || changes() != before {
		t.Errorf("an import that changed nothing: history %q, changes %d → %d", h, before, changes())
	}
	again := outreach.CreatorRow{Line: 2, Creator: outreach.Creator{Handle: "anna", DisplayName: "Anna Lee",
		Followers: i64(700_000), Region: "US", Category: "Beauty", Email: "anna@example.com", Tags: []string{"beauty", "vip"}}}
	manual := row(3, "bob", nil)
	manual.Tier, manual.TierManual = outreach.Head, true
	importRows(t, s, ImportOptions{}, again, manual, row(4, "cara", i64(5)))
	want := []string{
		`display_name "Anna"→"Anna Lee" import`,
		`followers "1000"→"700000" import`,
		`email ""→"anna@example.com" import`,
		`category ""→"Beauty" import`,
		`tier "micro (auto)"→"head (auto)" import`,
		`tag ""→"vip" import`,
	}
	if h := historyOf(t, s, "anna"); !reflect.DeepEqual(h, want) {
		t.Errorf("anna's history\n%s\nwant\n%s", strings.Join(h, "\n"), strings.Join(want, "\n"))
	}
	if h := historyOf(t, s, "bob"); !reflect.DeepEqual(h, []string{`tier "micro (auto)"→"head" import`}) {
		t.Errorf("bob's history %q", h)
	}
	if h := historyOf(t, s, "cara"); len(h) != 0 {
		t.Errorf("cara, new, has history %q", h)
	}
	var ids int
	if err := s.db.QueryRow(`SELECT COUNT(DISTINCT change_id) FROM history`).Scan(&ids); err != nil || ids != 1 || changes() != before+1 {
		t.Errorf("the import's rows are in %d changes (%v), changes %d → %d; want one", ids, err, before, changes())
	}
	// The history is only written during an import: a write after it
	// records nothing of its own accord.
	if _, err := s.db.Exec(`UPDATE creators SET email = 'x@example.com' WHERE handle = 'cara'`); err != nil {
		t.Fatal(err)
	}
	if h := historyOf(t, s, "cara"); len(h) != 0 {
		t.Errorf("the import's trigger outlived it: %q", h)
	}
}

// A row imported at partnered gets the terms a move to partnered gives:
// the tier's commission and slot fee frozen, and a micro creator's code.
func TestImportAtPartneredFreezesTerms(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	// The same creators moved to partnered by hand, for comparison.
	importRows(t, s, ImportOptions{}, row(2, "hand_micro", i64(1000)), row(3, "hand_head", i64(900_000)))
	for _, h := range []string{"hand_micro", "hand_head"} {
		if _, err := s.MoveStage(ctx, Move{Handle: h, To: outreach.Partnered}); err != nil {
			t.Fatal(err)
		}
	}
	micro, head, posted := row(2, "file_micro", i64(1000)), row(3, "file_head", i64(900_000)), row(4, "file_posted", i64(2000))
	micro.Stage, head.Stage, posted.Stage = outreach.Partnered, outreach.Partnered, outreach.ContentPosted
	importRows(t, s, ImportOptions{}, micro, head, posted)
	terms := func(h string) outreach.Terms {
		ps, err := s.Pipelines(ctx, h)
		if err != nil || len(ps) != 1 {
			t.Fatalf("@%s: %d pipelines, %v", h, len(ps), err)
		}
		return ps[0].Terms
	}
	for _, pair := range [][2]string{{"file_micro", "hand_micro"}, {"file_head", "hand_head"}, {"file_posted", "hand_micro"}} {
		got, want := terms(pair[0]), terms(pair[1])
		if (got.DiscountCode == "") != (want.DiscountCode == "") {
			t.Errorf("@%s code %q, @%s by hand %q", pair[0], got.DiscountCode, pair[1], want.DiscountCode)
		}
		got.DiscountCode, want.DiscountCode = "", ""
		if got != want || got.Commission == 0 {
			t.Errorf("@%s imported at partnered: %+v; by hand: %+v", pair[0], got, want)
		}
	}
	if c := terms("file_micro").DiscountCode; !strings.HasPrefix(c, "FILEMI") {
		t.Errorf("micro code %q, want one built from the handle", c)
	}
	if f := terms("file_head").SlotFee; f.Minor == 0 {
		t.Errorf("head slot fee %+v, want the tier's", f)
	}
	n, err := s.CountPartnerships(ctx, PartnerQuery{})
	if err != nil || n != 5 {
		t.Errorf("%d partnerships (%v), want 5", n, err)
	}
}

// A row that names a campaign enters it (created the first time), with
// the terms the file gives; terms a pipeline has are kept unless
// Overwrite, and a code another creator has is refused with a note.
func TestImportCampaignColumnAndTerms(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	when := time.Date(2026, 5, 1, 9, 30, 0, 0, time.UTC)
	glow := func(line int, handle string, t outreach.Terms) outreach.CreatorRow {
		r := row(line, handle, i64(1000))
		r.Campaign, r.Stage, r.Terms, r.PartneredAt = "Summer Glow", outreach.Partnered, t, when
		return r
	}
	rows := []outreach.CreatorRow{
		glow(2, "anna", outreach.Terms{Commission: 2000, DiscountCode: "ANNA20", DiscountPct: 20, SampleSKU: "SERUM"}),
		glow(3, "bob", outreach.Terms{SlotFee: outreach.Money{Minor: 15000, Currency: "USD"}}),
	}
	rows[1].Campaign = "summer glow" // the same campaign, named as people type
	dry := dryRows(t, s, ImportOptions{}, rows...)
	if !reflect.DeepEqual(dry.CreatedCampaigns, []string{"Summer Glow"}) || dry.Pipelines != 2 {
		t.Errorf("dry run %+v", dry)
	}
	res := importRows(t, s, ImportOptions{}, rows...)
	if !reflect.DeepEqual(res.CreatedCampaigns, []string{"Summer Glow"}) || res.Pipelines != 2 {
		t.Fatalf("%+v", res)
	}
	ps, _, err := s.Partnerships(ctx, PartnerQuery{Campaign: "Summer Glow"})
	if err != nil || len(ps) != 2 {
		t.Fatalf("%d partnerships in Summer Glow (%v)", len(ps), err)
	}
	a := ps[0]
	if a.Terms.Commission != 2000 || a.Terms.DiscountCode != "ANNA20" || a.Terms.DiscountPct != 20 || a.Terms.SampleSKU != "SERUM" ||
		!a.PartneredAt.Equal(when) {
		t.Errorf("anna: %+v at %v", a.Terms, a.PartneredAt)
	}
	if b := ps[1]; b.Terms.SlotFee != (outreach.Money{Minor: 15000, Currency: "USD"}) || b.Terms.Commission != 1500 || b.Terms.DiscountCode == "" {
		t.Errorf("bob: %+v (the file's fee, the tier's commission, a code)", b.Terms)
	}
	// Partners a file brings came with their outcome: counted apart, not in
	// the funnel's rates (see the figures).
	if f, _ := s.Funnel(ctx, "Summer Glow"); f.All.Partnered != 0 || f.Imported.Total != 2 {
		t.Errorf("funnel %+v, imported %+v", f.All, f.Imported)
	}

	// Again with other terms: kept and counted, or taken with Overwrite.
	var notes []string
	note := func(file string, line int, field, reason string) {
		notes = append(notes, fmt.Sprintf("%s:%d: %s: %s", file, line, field, reason))
	}
	changed := []outreach.CreatorRow{
		glow(2, "anna", outreach.Terms{Commission: 2500, DiscountCode: "ANNA20"}),
		glow(3, "bob", outreach.Terms{SlotFee: outreach.Money{Minor: 30000, Currency: "USD"}, DiscountCode: "ANNA20"}),
	}
	want := Kept{Commission: 1, SlotFee: 1, DiscountCode: 1}
	if dry := dryRows(t, s, ImportOptions{}, changed...); dry.Kept != want {
		t.Errorf("dry run kept %+v, want %+v", dry.Kept, want)
	}
	if res := importRows(t, s, ImportOptions{Note: note}, changed...); res.Kept != want || len(res.CreatedCampaigns) != 0 {
		t.Errorf("re-import %+v, want kept %+v", res, want)
	}
	res = importRows(t, s, ImportOptions{Overwrite: true, Note: note}, changed...)
	if res.Kept != (Kept{}) {
		t.Errorf("overwrite kept %+v", res.Kept)
	}
	ps, _, _ = s.Partnerships(ctx, PartnerQuery{Campaign: "Summer Glow"})
	if ps[0].Terms.Commission != 2500 || ps[1].Terms.SlotFee.Minor != 30000 || ps[1].Terms.DiscountCode == "ANNA20" {
		t.Errorf("after overwrite: anna %+v, bob %+v", ps[0].Terms, ps[1].Terms)
	}
	if want := []string{"test.csv:3: discount_code: ANNA20 is already @anna's; not set"}; !reflect.DeepEqual(notes, want) {
		t.Errorf("notes %q, want %q", notes, want)
	}
	h := historyOf(t, s, "anna")
	if last := h[len(h)-1]; last != `commission_bp "2000"→"2500" import in Summer Glow` {
		t.Errorf("anna's history ends %q", last)
	}
	// --campaign wins over the column.
	r := glow(2, "cara", outreach.Terms{})
	importRows(t, s, ImportOptions{Campaign: "Spring"}, r)
	if ps, _ := s.Pipelines(ctx, "cara"); len(ps) != 1 || ps[0].Campaign != "Spring" {
		t.Errorf("cara's pipelines %+v, want Spring only", ps)
	}
}

// A tier set by hand (creator set --tier) is a stored value like an
// email: a file's tier column that contradicts it is kept and reported,
// or taken with Overwrite; a creator tiered by followers takes the file's.
func TestImportKeepsATierSetByHand(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(1000)), row(3, "bob", i64(1000)))
	if _, _, err := s.UpdateCreator(ctx, "anna", CreatorEdit{Tier: Str("head")}); err != nil {
		t.Fatal(err)
	}
	file := func() []outreach.CreatorRow {
		var out []outreach.CreatorRow
		for i, h := range []string{"anna", "bob"} {
			r := row(i+2, h, i64(1000))
			r.Tier, r.TierManual = outreach.Micro, true
			out = append(out, r)
		}
		out[1].Tier = outreach.Head
		return out
	}
	tierOf := func(h string) (outreach.Tier, bool) {
		c, err := s.Creator(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		return c.Tier, c.TierManual
	}
	if dry := dryRows(t, s, ImportOptions{}, file()...); dry.Kept != (Kept{Tier: 1}) {
		t.Errorf("dry run kept %+v, want the tier of 1 creator", dry.Kept)
	}
	res := importRows(t, s, ImportOptions{}, file()...)
	if res.Kept != (Kept{Tier: 1}) {
		t.Errorf("kept %+v, want the tier of 1 creator", res.Kept)
	}
	if tier, manual := tierOf("anna"); tier != outreach.Head || !manual {
		t.Errorf("@anna's tier set by hand: %s (by hand %v) after the file said micro", tier, manual)
	}
	if tier, _ := tierOf("bob"); tier != outreach.Head {
		t.Errorf("@bob, tiered by followers, did not take the file's head: %s", tier)
	}
	if res := importRows(t, s, ImportOptions{Overwrite: true}, file()...); res.Kept != (Kept{}) {
		t.Errorf("overwrite kept %+v", res.Kept)
	}
	if tier, _ := tierOf("anna"); tier != outreach.Micro {
		t.Errorf("@anna after --overwrite: %s, want the file's micro", tier)
	}
}
