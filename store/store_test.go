package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) // a Monday

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func openTest(t *testing.T) (*Store, *clock) {
	t.Helper()
	c := &clock{t: t0}
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "sub", "test.db"), Options{Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, c
}

func i64(v int64) *int64 { return &v }

func row(line int, handle string, followers *int64) outreach.CreatorRow {
	return outreach.CreatorRow{Line: line, Creator: outreach.Creator{Handle: handle, Followers: followers}}
}

// importRows imports rows in one transaction and returns the result.
func importRows(tb testing.TB, s *Store, opt ImportOptions, rows ...outreach.CreatorRow) ImportResult {
	tb.Helper()
	res, err := addRows(tb, s, opt, rows...).Commit()
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// addRows begins an import of one file, test.csv, and adds rows to it.
func addRows(tb testing.TB, s *Store, opt ImportOptions, rows ...outreach.CreatorRow) *Import {
	tb.Helper()
	im, err := s.BeginImport(context.Background(), opt)
	if err != nil {
		tb.Fatal(err)
	}
	if err := im.NextFile("test.csv"); err != nil {
		tb.Fatal(err)
	}
	for _, r := range rows {
		if err := im.Add(r); err != nil {
			tb.Fatal(err)
		}
	}
	return im
}

func TestOpenCreatesPrivateFiles(t *testing.T) {
	s, _ := openTest(t)
	st, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("database mode %v, want 0600", st.Mode().Perm())
	}
	dir, _ := os.Stat(filepath.Dir(s.Path()))
	if dir.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v, want 0700", dir.Mode().Perm())
	}
	var mode string
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode %q, %v; want wal", mode, err)
	}
	var fk int
	if err := s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys %d, %v; want 1", fk, err)
	}
}

func TestMigrationsFromEachVersion(t *testing.T) {
	ctx := context.Background()
	for from := 0; from < SchemaVersion(); from++ {
		path := filepath.Join(t.TempDir(), "m.db")
		if err := prepareFile(path); err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("sqlite", dsn(path, ""))
		if err != nil {
			t.Fatal(err)
		}
		s := &Store{db: db, now: time.Now}
		if err := s.migrateTo(ctx, from); err != nil {
			t.Fatalf("to %d: %v", from, err)
		}
		db.Close()
		s2, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatalf("from %d: %v", from, err)
		}
		var v int
		s2.db.QueryRow("PRAGMA user_version").Scan(&v)
		if v != SchemaVersion() {
			t.Errorf("from %d: user_version %d, want %d", from, v, SchemaVersion())
		}
		if _, err := s2.Campaign(ctx, ""); err != nil {
			t.Errorf("from %d: default campaign: %v", from, err)
		}
		s2.Close()
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	s, _ := openTest(t)
	if _, err := s.db.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(context.Background(), s.Path(), Options{})
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("got %v, want a refusal naming the newer schema", err)
	}
}

func TestImportUpsertKeepsEditsAndCounts(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	first := outreach.CreatorRow{Line: 2, Creator: outreach.Creator{Handle: "anna_1", DisplayName: "Anna", Region: "US",
		Followers: i64(1000), Email: "anna@example.com", Notes: "met at expo", Tags: []string{"beauty"}}}
	res := importRows(t, s, ImportOptions{}, first, row(3, "bob", i64(600_000)))
	if res.New != 2 || res.Updated != 0 {
		t.Fatalf("first import %+v, want 2 new", res)
	}
	// A re-import updates figures and descriptions, fills only empty
	// contacts and notes, merges tags.
	again := outreach.CreatorRow{Line: 2, Creator: outreach.Creator{Handle: "anna_1", DisplayName: "Anna B",
		Followers: i64(700_000), Email: "other@example.com", Phone: "+1 555 0100", Notes: "spam", Tags: []string{"fashion"}}}
	res = importRows(t, s, ImportOptions{}, again, row(3, "carol", nil))
	if res.New != 1 || res.Updated != 1 {
		t.Fatalf("second import %+v, want 1 new 1 updated", res)
	}
	c, err := s.Creator(ctx, "@ANNA_1")
	if err != nil {
		t.Fatal(err)
	}
	if c.DisplayName != "Anna B" || *c.Followers != 700_000 || c.Region != "US" {
		t.Errorf("figures not updated: %+v", c)
	}
	if c.Email != "anna@example.com" || c.Phone != "+1 555 0100" || c.Notes != "met at expo" {
		t.Errorf("contacts/notes: email %q phone %q notes %q", c.Email, c.Phone, c.Notes)
	}
	if strings.Join(c.Tags, ",") != "beauty,fashion" {
		t.Errorf("tags %v", c.Tags)
	}
	if c.Tier != outreach.Head {
		t.Errorf("tier %s after 700k followers, want head", c.Tier)
	}
	// A blank followers cell keeps the count and the tier.
	importRows(t, s, ImportOptions{}, row(2, "anna_1", nil))
	c, _ = s.Creator(ctx, "anna_1")
	if c.Followers == nil || *c.Followers != 700_000 || c.Tier != outreach.Head {
		t.Errorf("blank cell erased data: %+v", c)
	}
}

func TestImportDuplicatesInOneFile(t *testing.T) {
	s, _ := openTest(t)
	type dup struct {
		file        string
		line, first int
		handle      string
	}
	var dups []dup
	im, err := s.BeginImport(context.Background(), ImportOptions{Duplicate: func(file string, line, first int, handle string) {
		dups = append(dups, dup{file, line, first, handle})
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := im.NextFile("f.csv"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 120; i++ { // duplicates across batches and within one
		h := "dup"
		if i%2 == 1 {
			h = "uniq" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		}
		if err := im.Add(row(i+2, h, i64(int64(i)))); err != nil {
			t.Fatal(err)
		}
	}
	// A second file in the same import starts afresh: its first "dup" is
	// not a duplicate, its second is one of its own line.
	if err := im.NextFile("g.csv"); err != nil {
		t.Fatal(err)
	}
	for i, h := range []string{"dup", "dup"} {
		if err := im.Add(row(i+2, h, i64(7))); err != nil {
			t.Fatal(err)
		}
	}
	res, err := im.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 61 || res.Updated != 1 || res.Duplicates != 60 {
		t.Errorf("result %+v, want 61 new, 1 updated, 60 duplicates", res)
	}
	if len(dups) != 60 {
		t.Fatalf("%d duplicates reported, want 60", len(dups))
	}
	for i, d := range dups[:59] {
		if d.file != "f.csv" || d.handle != "dup" || d.first != 2 || d.line != 2*(i+1)+2 {
			t.Errorf("duplicate %d: %+v, want line %d of @dup pointing at line 2", i, d, 2*(i+1)+2)
		}
	}
	if d := dups[59]; d.file != "g.csv" || d.line != 3 || d.first != 2 {
		t.Errorf("second file's duplicate %+v, want line 3 pointing at line 2", d)
	}
	c, _ := s.Creator(context.Background(), "dup")
	if *c.Followers != 7 {
		t.Errorf("followers %d, want the last row's 7", *c.Followers)
	}
	var tables int
	s.db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'import_seen'`).Scan(&tables)
	if tables != 0 {
		t.Error("the import's handle table outlived the import")
	}
}

func TestTierManualSticksAndRetier(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	manual := row(2, "boss", i64(10))
	manual.Tier, manual.TierManual = outreach.Head, true
	importRows(t, s, ImportOptions{}, manual, row(3, "edge", i64(500_000)), row(4, "big", i64(500_001)), row(5, "none", nil))
	check := func(h string, want outreach.Tier) {
		t.Helper()
		c, err := s.Creator(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		if c.Tier != want {
			t.Errorf("@%s tier %s, want %s", h, c.Tier, want)
		}
	}
	check("boss", outreach.Head)
	check("edge", outreach.Micro) // exactly the threshold is micro
	check("big", outreach.Head)
	check("none", outreach.Micro)
	// A re-import without a tier leaves the manual tier.
	importRows(t, s, ImportOptions{}, row(2, "boss", i64(20)))
	check("boss", outreach.Head)
	n, err := s.SetHeadThreshold(ctx, 400_000)
	if err != nil || n != 1 {
		t.Fatalf("retier changed %d (%v), want 1 (edge)", n, err)
	}
	check("edge", outreach.Head)
	check("boss", outreach.Head)
	if n, _ := s.SetHeadThreshold(ctx, 1_000_000); n != 2 {
		t.Errorf("retier to 1M changed %d, want 2", n)
	}
	check("boss", outreach.Head) // manual survives
	check("big", outreach.Micro)
}

// TestRetierMatchesTierFor keeps the SQL re-tiering in step with the
// domain rule around the threshold.
func TestRetierMatchesTierFor(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	counts := []*int64{nil, i64(0), i64(999), i64(1000), i64(1001), i64(5_000_000)}
	var rows []outreach.CreatorRow
	for i, f := range counts {
		rows = append(rows, row(i+2, "c"+string(rune('a'+i))+"x", f))
	}
	importRows(t, s, ImportOptions{}, rows...)
	if _, err := s.SetHeadThreshold(ctx, 1000); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		c, _ := s.Creator(ctx, r.Handle)
		if want := outreach.TierFor(r.Followers, 1000); c.Tier != want {
			t.Errorf("@%s: SQL tier %s, TierFor %s", r.Handle, c.Tier, want)
		}
	}
}

func TestCreatorsKeysetPaging(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	var rows []outreach.CreatorRow
	for i := 0; i < 257; i++ {
		var f *int64
		if i%7 != 0 {
			f = i64(int64(i % 50 * 1000)) // many ties
		}
		r := row(i+2, "h"+strings.Repeat("0", 3-len(strconv.Itoa(i)))+strconv.Itoa(i), f)
		r.DisplayName = "Name " + strconv.Itoa(i)
		if i%3 == 0 {
			r.Region = "VN"
		}
		rows = append(rows, r)
	}
	importRows(t, s, ImportOptions{}, rows...)
	c.t = c.t.Add(time.Hour)
	for _, h := range []string{"h010", "h020"} {
		if _, err := s.MoveStage(ctx, Move{Handle: h, To: outreach.Invited}); err != nil {
			t.Fatal(err)
		}
	}
	for _, sortBy := range []CreatorSort{ByFollowers, ByHandle, ByLastContact} {
		for _, q := range []CreatorQuery{{}, {Region: "vn"}, {Search: "NAME 1"}, {Stage: outreach.Invited}} {
			q.Sort, q.Limit = sortBy, 10
			want, _ := s.CountCreatorsWhere(ctx, q)
			seen := map[string]bool{}
			var prev *outreach.Creator
			for pages := 0; ; pages++ {
				page, err := s.Creators(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				for i := range page.Creators {
					cr := page.Creators[i]
					if seen[cr.Handle] {
						t.Fatalf("sort %d %+v: @%s twice", sortBy, q, cr.Handle)
					}
					seen[cr.Handle] = true
					if prev != nil && !ordered(sortBy, *prev, cr) {
						t.Fatalf("sort %d: @%s before @%s", sortBy, prev.Handle, cr.Handle)
					}
					prev = &page.Creators[i]
				}
				if !page.More {
					break
				}
				q.After = page.Next
			}
			if int64(len(seen)) != want {
				t.Errorf("sort %d %+v: paged %d, count %d", sortBy, q, len(seen), want)
			}
		}
	}
	if n, _ := s.CountCreatorsWhere(ctx, CreatorQuery{Search: "name 1"}); n != 1+10+100 {
		t.Errorf("search 'name 1' found %d", n)
	}
	if n, _ := s.CountCreatorsWhere(ctx, CreatorQuery{Search: "%"}); n != 0 {
		t.Errorf("a %% in the search is a wildcard: %d rows", n)
	}
}

func ordered(by CreatorSort, a, b outreach.Creator) bool {
	f := func(c outreach.Creator) int64 {
		if c.Followers == nil {
			return -1
		}
		return *c.Followers
	}
	switch by {
	case ByHandle:
		return a.Handle < b.Handle
	case ByLastContact:
		ta, tb := a.LastContactAt.Unix(), b.LastContactAt.Unix()
		if a.LastContactAt.IsZero() {
			ta = 0
		}
		if b.LastContactAt.IsZero() {
			tb = 0
		}
		return ta > tb || ta == tb && a.ID > b.ID
	}
	return f(a) > f(b) || f(a) == f(b) && a.ID > b.ID
}

func TestMoveStageRulesAndLog(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "micro1", i64(5000)), row(3, "head1", i64(900_000)))
	step := func(h string, to outreach.Stage) error {
		c.t = c.t.Add(24 * time.Hour)
		_, err := s.MoveStage(ctx, Move{Handle: h, To: to, Note: "n " + string(to), Source: "test"})
		return err
	}
	for _, st := range []outreach.Stage{outreach.Invited, outreach.Replied, outreach.Partnered} {
		if err := step("micro1", st); err != nil {
			t.Fatal(err)
		}
	}
	err := step("micro1", outreach.ContentPosted)
	var me *outreach.MoveError
	if !errors.As(err, &me) || !strings.Contains(err.Error(), "sample_shipped") {
		t.Fatalf("micro partnered → content_posted: %v, want a MoveError listing sample_shipped", err)
	}
	if err := step("head1", outreach.Partnered); err != nil {
		t.Fatal(err)
	}
	if err := step("head1", outreach.SampleShipped); !errors.As(err, &me) {
		t.Fatalf("head without sample → sample_shipped: %v", err)
	}
	if _, err := s.RecordSample(ctx, "head1", "", outreach.Shipment{SKU: "S1", Qty: 1}, 14); err != nil {
		t.Fatal(err)
	}
	if err := step("head1", outreach.SampleShipped); err != nil {
		t.Fatalf("head with a sample → sample_shipped: %v", err)
	}
	if err := step("nobody", outreach.Invited); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown creator: %v", err)
	}
	evs, _, err := s.Events(ctx, "micro1", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range evs {
		got = append(got, string(e.From)+">"+string(e.To))
	}
	if strings.Join(got, " ") != "replied>partnered invited>replied prospect>invited >prospect" {
		t.Errorf("event log %v", got)
	}
	if _, err := s.db.Exec("UPDATE history SET note = 'x'"); err == nil {
		t.Error("events can be updated; they must be append-only")
	}
	cr, _ := s.Creator(ctx, "micro1")
	if !cr.LastContactAt.Equal(t0.Add(3 * 24 * time.Hour)) { // micro1's last accepted move: day 3
		t.Errorf("last contact %v", cr.LastContactAt)
	}
}

func TestDoNotContactStopsEveryCampaign(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{Campaign: "Summer"}, row(2, "x1", i64(10)))
	if _, err := s.MoveStage(ctx, Move{Handle: "x1", Campaign: "summer", To: outreach.Invited}); err != nil {
		t.Fatal(err)
	}
	// Named: by the campaign rule "" would be Summer, the only pipeline.
	if _, err := s.MoveStage(ctx, Move{Handle: "x1", Campaign: outreach.DefaultCampaign, To: outreach.Invited}); err != nil {
		t.Fatal(err)
	}
	res, err := s.MoveStage(ctx, Move{Handle: "x1", Campaign: outreach.DefaultCampaign, To: outreach.DoNotContact, Note: "asked us to stop"})
	if err != nil || res.AlsoStopped != 1 {
		t.Fatalf("dnc: %+v %v", res, err)
	}
	c, _ := s.Creator(ctx, "x1")
	if !c.DoNotContact || c.DNCReason != "asked us to stop" {
		t.Errorf("creator not marked: %+v", c)
	}
	if _, err := s.MoveStage(ctx, Move{Handle: "x1", Campaign: "Summer", To: outreach.Replied}); err == nil {
		t.Error("moved a do-not-contact creator")
	}
}

func TestFunnelCountsFurthestAndDistinct(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "a1", i64(10)), row(3, "b1", i64(900_000)), row(4, "c1", i64(10)), row(5, "d1", i64(10)))
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Other"}); err != nil {
		t.Fatal(err)
	}
	moves := []struct {
		h, camp string
		to      []outreach.Stage
	}{
		{"a1", "", []outreach.Stage{outreach.Invited, outreach.Replied, outreach.Partnered, outreach.Declined}},
		{"a1", "Other", []outreach.Stage{outreach.Invited}},
		{"b1", "", []outreach.Stage{outreach.Invited, outreach.Partnered, outreach.ContentPosted}},
		{"c1", "Other", []outreach.Stage{outreach.Invited, outreach.NoResponse}},
		{"d1", "", []outreach.Stage{}}, // prospect only: not in the funnel
	}
	for _, m := range moves {
		for _, to := range m.to {
			c.t = c.t.Add(time.Hour)
			if _, err := s.MoveStage(ctx, Move{Handle: m.h, Campaign: m.camp, To: to}); err != nil {
				t.Fatalf("%s → %s: %v", m.h, to, err)
			}
		}
	}
	all, err := s.Funnel(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	want := outreach.Funnel{Invited: 3, Replied: 2, Partnered: 2, ContentPosted: 1}
	if all.All != want {
		t.Errorf("all campaigns %+v, want %+v", all.All, want)
	}
	if h := all.ByTier[outreach.Head]; h != (outreach.Funnel{Invited: 1, Replied: 1, Partnered: 1, ContentPosted: 1}) {
		t.Errorf("head %+v", h)
	}
	other, _ := s.Funnel(ctx, "other")
	if other.All != (outreach.Funnel{Invited: 2}) {
		t.Errorf("campaign Other %+v", other.All)
	}
	if _, err := s.Funnel(ctx, "missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown campaign: %v", err)
	}
	weeks, err := s.FunnelByWeek(ctx, "", t0.AddDate(0, 0, -7), time.UTC)
	if err != nil || len(weeks) != 1 || !weeks[0].Week.Equal(t0.Truncate(24*time.Hour)) || weeks[0].Invited != 3 {
		t.Errorf("weeks %+v %v", weeks, err)
	}
}

func TestPartnershipsFreezeTermsAndPage(t *testing.T) {
	c := &clock{t: t0}
	d := outreach.StandardTerms()
	d.Micro.SampleSKU = "SERUM-30"
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "p.db"), Options{Now: c.now, Terms: &d})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	var rows []outreach.CreatorRow
	for i := 0; i < 25; i++ {
		f := int64(1000)
		if i%5 == 0 {
			f = 2_000_000
		}
		rows = append(rows, row(i+2, "p"+strconv.Itoa(i)+"x", i64(f)))
	}
	importRows(t, s, ImportOptions{}, rows...)
	for _, r := range rows[:20] {
		if _, err := s.MoveStage(ctx, Move{Handle: r.Handle, To: outreach.Partnered}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.MoveStage(ctx, Move{Handle: rows[1].Handle, To: outreach.Declined}); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountPartnerships(ctx, PartnerQuery{}); n != 19 {
		t.Errorf("partnerships %d, want 19 (one declined after)", n)
	}
	var got []outreach.Partnership
	q := PartnerQuery{Limit: 4}
	for {
		page, next, err := s.Partnerships(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, page...)
		if next == 0 {
			break
		}
		q.AfterID = next
	}
	if len(got) != 19 {
		t.Fatalf("paged %d partnerships", len(got))
	}
	for _, p := range got {
		switch p.Tier {
		case outreach.Head:
			if p.Terms.SlotFee != d.Head.SlotFee || p.Terms.Commission != d.Head.Commission {
				t.Errorf("head terms %+v", p.Terms)
			}
		default:
			if p.Terms.SampleSKU != "SERUM-30" || p.Terms.DiscountPct != 15 || p.Terms.SlotFee.Minor != 0 {
				t.Errorf("micro terms %+v", p.Terms)
			}
		}
		if p.Campaign != outreach.DefaultCampaign || p.PartneredAt.IsZero() {
			t.Errorf("row %+v", p)
		}
	}
	if n, _ := s.CountPartnerships(ctx, PartnerQuery{Tier: outreach.Head}); n != 4 {
		t.Errorf("head partnerships %d, want 4", n)
	}
}

func TestImportCampaignAndStageColumn(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	r1 := row(2, "tracked", i64(10))
	r1.Stage = outreach.Partnered
	r2 := row(3, "gone", i64(10))
	r2.Stage = outreach.DoNotContact
	res := importRows(t, s, ImportOptions{Campaign: "Launch"}, r1, r2, row(4, "fresh", nil))
	if res.Pipelines != 3 || !reflect.DeepEqual(res.CreatedCampaigns, []string{"Launch"}) {
		t.Fatalf("%+v", res)
	}
	// The partner is in the pipeline at partnered, but brought its outcome
	// with the file: counted as imported, not in the funnel's rates.
	if ps, err := s.Pipelines(ctx, "tracked"); err != nil || len(ps) != 1 || ps[0].Position.Furthest != outreach.Partnered {
		t.Errorf("pipelines after a tracker import %+v %v", ps, err)
	}
	f, _ := s.Funnel(ctx, "launch")
	if f.All != (outreach.Funnel{}) || f.Imported != (CreatorCounts{Total: 1, Micro: 1}) {
		t.Errorf("funnel after a tracker import %+v, imported %+v", f.All, f.Imported)
	}
	// A second import keeps the pipeline where it is.
	r1.Stage = outreach.Invited
	res = importRows(t, s, ImportOptions{Campaign: "launch"}, r1)
	if res.Pipelines != 0 {
		t.Errorf("re-import restarted a pipeline: %+v", res)
	}
	g, _ := s.Creator(ctx, "gone")
	if !g.DoNotContact {
		t.Error("do_not_contact from a tracker did not mark the creator")
	}
}

// TestCreatorsReversePaging walks every sort backwards from the end and
// checks it meets the forward order exactly, as the dashboard does for G and
// for scrolling up from there.
func TestCreatorsReversePaging(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	var rows []outreach.CreatorRow
	for i := 0; i < 95; i++ {
		var f *int64
		if i%6 != 0 {
			f = i64(int64(i % 9 * 1000))
		}
		rows = append(rows, row(i+2, "r"+strconv.Itoa(1000+i), f))
	}
	importRows(t, s, ImportOptions{}, rows...)
	for i, st := range []outreach.Stage{outreach.Invited, outreach.Replied, outreach.Partnered, outreach.Declined} {
		for j := i; j < 95; j += 7 {
			c.t = c.t.Add(time.Minute)
			if st.IsExit() {
				if _, err := s.MoveStage(ctx, Move{Handle: rows[j].Handle, To: outreach.Invited}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.MoveStage(ctx, Move{Handle: rows[j].Handle, To: st}); err != nil {
				t.Fatal(err)
			}
		}
	}
	collect := func(q CreatorQuery) []string {
		var out []string
		for {
			page, err := s.Creators(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var hs []string
			for _, cr := range page.Creators {
				hs = append(hs, cr.Handle)
			}
			if q.Reverse {
				out = append(hs, out...)
				q.After = page.First
			} else {
				out = append(out, hs...)
				q.After = page.Next
			}
			if !page.More {
				return out
			}
		}
	}
	for _, sortBy := range []CreatorSort{ByFollowers, ByHandle, ByLastContact, ByStage} {
		for _, camp := range []string{"", "default"} {
			fwd := collect(CreatorQuery{Sort: sortBy, Campaign: camp, Limit: 8})
			back := collect(CreatorQuery{Sort: sortBy, Campaign: camp, Limit: 8, Reverse: true})
			if len(fwd) != 95 || strings.Join(fwd, ",") != strings.Join(back, ",") {
				t.Errorf("sort %d campaign %q: forward %d rows, backward %d, same order %v", sortBy, camp,
					len(fwd), len(back), strings.Join(fwd, ",") == strings.Join(back, ","))
			}
		}
	}
	// By stage: furthest along the path first, prospects, then exits.
	page, err := s.Creators(ctx, CreatorQuery{Sort: ByStage, Limit: 95})
	if err != nil {
		t.Fatal(err)
	}
	rank := func(st outreach.Stage) int {
		if st.IsExit() {
			return -1
		}
		return st.Rank()
	}
	for i := 1; i < len(page.Stages); i++ {
		if rank(page.Stages[i]) > rank(page.Stages[i-1]) {
			t.Fatalf("by stage: %s after %s", page.Stages[i], page.Stages[i-1])
		}
	}
	if page.Stages[0] != outreach.Partnered || page.Stages[len(page.Stages)-1] != outreach.Declined {
		t.Errorf("by stage runs %s … %s", page.Stages[0], page.Stages[len(page.Stages)-1])
	}
}

// Under a stage filter across campaigns, the stage shown is the one filtered
// for, not the creator's latest pipeline.
func TestStageColumnFollowsStageFilter(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "two_camps", i64(10)))
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Later"}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []Move{{Handle: "two_camps", To: outreach.Invited}, {Handle: "two_camps", To: outreach.Declined},
		{Handle: "two_camps", Campaign: "Later", To: outreach.Partnered}} {
		c.t = c.t.Add(time.Hour)
		if _, err := s.MoveStage(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	for _, st := range []outreach.Stage{outreach.Declined, outreach.Partnered} {
		page, err := s.Creators(ctx, CreatorQuery{Stage: st})
		if err != nil || len(page.Stages) != 1 || page.Stages[0] != st {
			t.Errorf("filter %s shows %v (%v)", st, page.Stages, err)
		}
	}
	if page, _ := s.Creators(ctx, CreatorQuery{}); page.Stages[0] != outreach.Partnered {
		t.Errorf("without a filter: %v, want the latest (partnered)", page.Stages)
	}
}

// A do-not-contact creator cannot be moved forward in any campaign, nor
// enter a new one, by any path.
func TestDoNotContactIsFinalEverywhere(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "stopped", i64(10)))
	if _, err := s.MoveStage(ctx, Move{Handle: "stopped", To: outreach.DoNotContact, Note: "asked"}); err != nil {
		t.Fatal(err)
	}
	var me *outreach.MoveError
	if _, err := s.MoveStage(ctx, Move{Handle: "stopped", Campaign: "Summer", To: outreach.Invited}); !errors.As(err, &me) && !errors.Is(err, ErrNotFound) {
		t.Errorf("moved a do-not-contact creator in another campaign: %v", err)
	}
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Summer"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MoveStage(ctx, Move{Handle: "stopped", Campaign: "Summer", To: outreach.Invited}); !errors.As(err, &me) {
		t.Errorf("moved a do-not-contact creator in another campaign: %v", err)
	}
	res := importRows(t, s, ImportOptions{Campaign: "Summer"}, row(2, "stopped", i64(20)))
	if res.Pipelines != 0 {
		t.Errorf("an import started a pipeline for a do-not-contact creator: %+v", res)
	}
	if f, _ := s.Funnel(ctx, "Summer"); f.All.Invited != 0 {
		t.Errorf("funnel counts them: %+v", f.All)
	}
}

// The quota counts a creator once, in the week of their first invitation in
// any campaign.
func TestNewCreatorsInvited(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "old_contact", i64(10)), row(3, "fresh1", i64(10)), row(4, "fresh2", i64(10)))
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "B"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MoveStage(ctx, Move{Handle: "old_contact", To: outreach.Invited}); err != nil {
		t.Fatal(err)
	}
	c.t = c.t.AddDate(0, 0, 7)
	weekStart := c.t.Add(-time.Hour)
	for _, m := range []Move{{Handle: "old_contact", Campaign: "B", To: outreach.Invited}, // known already: free
		{Handle: "fresh1", To: outreach.Invited}, {Handle: "fresh1", Campaign: "B", To: outreach.Invited}, // once
		{Handle: "fresh2", Campaign: "B", To: outreach.Partnered}} { // a fast yes counts too
		if _, err := s.MoveStage(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.NewCreatorsInvited(ctx, weekStart); err != nil || n != 2 {
		t.Errorf("new creators this week %d (%v), want 2", n, err)
	}
}

// queryPlan is SQLite's plan for query with args, one detail per step.
func queryPlan(t *testing.T, s *Store, query string, args ...any) []string {
	t.Helper()
	rows, err := s.db.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return plan
}
