package store

import (
	"context"
	"slices"
	"testing"

	"creatordesk/outreach"
)

// The filter finds the same creators through the trigram index (three or
// more characters) as the plain scan did, and follows edits.
func TestSearchByFragment(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	named := func(line int, handle, name string) outreach.CreatorRow {
		r := row(line, handle, i64(1000))
		r.DisplayName = name
		return r
	}
	importRows(t, s, ImportOptions{},
		named(2, "anna_1", "Anna Lee"), named(3, "joanna.k", "林安娜"), named(4, "bob", "Bob \"The Builder\""),
		named(5, "xiaowen90", "林思琪 🌸"), named(6, "han_na", "Hanna"))
	find := func(frag string) []string {
		t.Helper()
		page, err := s.Creators(ctx, CreatorQuery{Search: frag, Sort: ByHandle, Limit: 50})
		if err != nil {
			t.Fatalf("%q: %v", frag, err)
		}
		n, err := s.CountCreatorsWhere(ctx, CreatorQuery{Search: frag})
		if err != nil || int(n) != len(page.Creators) {
			t.Errorf("%q: counted %d, listed %d (%v)", frag, n, len(page.Creators), err)
		}
		var hs []string
		for _, c := range page.Creators {
			hs = append(hs, c.Handle)
		}
		return hs
	}
	for frag, want := range map[string][]string{
		"ann":       {"anna_1", "han_na", "joanna.k"}, // handle or name, any case
		"ANNA":      {"anna_1", "han_na", "joanna.k"},
		"@anna_":    {"anna_1"},
		"林安娜":       {"joanna.k"},
		"安娜":        {"joanna.k"}, // two characters: the plain scan
		"思琪 🌸":      {"xiaowen90"},
		`"the b`:    {"bob"}, // a quote is text, not syntax
		"na_1 OR x": nil,
		"zzz":       nil,
	} {
		if got := find(frag); !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", frag, got, want)
		}
	}
	// A renamed creator is found by the new name only.
	if _, err := s.db.Exec(`UPDATE creators SET display_name = 'Rosa Park' WHERE handle = 'bob'`); err != nil {
		t.Fatal(err)
	}
	if got := find("builder"); got != nil {
		t.Errorf("old name still found: %v", got)
	}
	if got := find("rosa"); !slices.Equal(got, []string{"bob"}) {
		t.Errorf("new name: %v", got)
	}
}

// An import indexes its new creators at commit: a creator added and then
// renamed in the same import is found by the new name only, a rolled-back
// import leaves the index and its trigger as they were, and the index
// stays consistent throughout.
func TestSearchIndexFollowsImports(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	check := func() {
		t.Helper()
		if _, err := s.db.Exec(`INSERT INTO creators_search (creators_search) VALUES ('integrity-check')`); err != nil {
			t.Fatalf("search index: %v", err)
		}
	}
	named := func(line int, handle, name string) outreach.CreatorRow {
		r := row(line, handle, i64(1000))
		r.DisplayName = name
		return r
	}
	importRows(t, s, ImportOptions{}, named(2, "oldtimer", "Veteran Vera"))
	im, err := s.BeginImport(ctx, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		file string
		rows []outreach.CreatorRow
	}{{"a.csv", []outreach.CreatorRow{named(2, "newbie", "Stale Name")}},
		{"b.csv", []outreach.CreatorRow{named(2, "newbie", "Fresh Name"), named(3, "oldtimer", "Vera Renamed")}}} {
		if err := im.NextFile(f.file); err != nil {
			t.Fatal(err)
		}
		for _, r := range f.rows {
			if err := im.Add(r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	check()
	search := func(frag string) []string {
		page, err := s.Creators(ctx, CreatorQuery{Search: frag, Sort: ByHandle})
		if err != nil {
			t.Fatal(err)
		}
		var hs []string
		for _, c := range page.Creators {
			hs = append(hs, c.Handle)
		}
		return hs
	}
	for frag, want := range map[string][]string{"fresh": {"newbie"}, "stale": nil, "renamed": {"oldtimer"}, "veteran": nil} {
		if got := search(frag); !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", frag, got, want)
		}
	}
	// A dry run (rolled back) changes nothing; the next import is indexed.
	im, err = s.BeginImport(ctx, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := im.NextFile("c.csv"); err != nil {
		t.Fatal(err)
	}
	if err := im.Add(named(2, "ghost", "Phantom")); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Rollback(); err != nil {
		t.Fatal(err)
	}
	importRows(t, s, ImportOptions{}, named(2, "later", "Latecomer"))
	check()
	if got := search("phantom"); got != nil {
		t.Errorf("rolled back creator found: %v", got)
	}
	if got := search("latecomer"); !slices.Equal(got, []string{"later"}) {
		t.Errorf("after a rollback: %v", got)
	}
	var pending int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM settings WHERE key = ?`, settingSearchPending).Scan(&pending); err != nil || pending != 0 {
		t.Errorf("pending marker left: %d %v", pending, err)
	}
}
