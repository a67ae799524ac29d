package store

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"creatordesk/outreach"
)

// findHandles lists, by handle, the creators q finds over every page,
// checking that the count agrees.
func findHandles(t *testing.T, s *Store, q CreatorQuery) []string {
	t.Helper()
	ctx := context.Background()
	q.Sort, q.Limit = ByHandle, 2 // small pages: the filter holds across them
	var hs []string
	for {
		page, err := s.Creators(ctx, q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		for _, c := range page.Creators {
			hs = append(hs, c.Handle)
		}
		if !page.More {
			break
		}
		q.After = page.Next
	}
	q.After = Cursor{}
	if n, err := s.CountCreatorsWhere(ctx, q); err != nil || int(n) != len(hs) {
		t.Errorf("%q: counted %d, listed %d (%v)", q.Search, n, len(hs), err)
	}
	return hs
}

// The filter finds a creator by email and by the start of a word of a tag
// as well as by handle and name, each creator once however many of these
// match, from the first character on, and follows edits to emails and
// tags. A part that matches many creators is checked row by row on a page
// and finds the same.
func TestFilterMatchesEmailAndTags(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	who := func(line int, handle, name, email string, tags ...string) outreach.CreatorRow {
		r := row(line, handle, i64(1000))
		r.DisplayName, r.Email, r.Tags = name, email, tags
		return r
	}
	importRows(t, s, ImportOptions{},
		who(2, "anna_1", "Anna Lee", "anna.lee@gmail.com", "vip"),
		who(3, "bob", "Bob Builder", "bookings@studio.io", "kbeauty", "fast-reply"),
		who(4, "carl", "Carl", "", "reply-guy", "slow-reply", "bilingual"),
		who(5, "vipul", "Vipul", "vipul@gmail.com"),
		who(6, "dee", "Dee", "dee@example.net", "uk"))
	find := func(frag string) []string { return findHandles(t, s, CreatorQuery{Search: frag}) }
	defer func(n int) { manyMatches = n }(manyMatches)
	for _, many := range []int{manyMatches, 1} {
		manyMatches = many
		for frag, want := range map[string][]string{
			"gmail":      {"anna_1", "vipul"}, // email, trigram index
			"STUDIO.IO":  {"bob"},             // any case
			"vip":        {"anna_1", "vipul"}, // tag, and handle and email: each once
			"reply":      {"bob", "carl"},     // a word of a tag; carl has two such tags
			"slow-re":    {"carl"},            // across a tag's words
			"beauty":     nil,                 // not the start of a word of kbeauty
			"kbea":       {"bob"},             //
			"ngu":        nil,                 // nor of bilingual
			"vi":         {"anna_1", "vipul"}, // two characters: row by row, and tags
			"uk":         {"dee"},             //
			"@gm":        {"anna_1", "vipul"}, // a leading @ is the handle's, dropped
			"dee@":       {"dee"},             // email only
			"example":    {"dee"},             //
			"e":          {"anna_1", "bob", "dee"},
			"kbeauty x":  nil,
			"zzz":        nil,
			`"vip" OR x`: nil, // quotes and words are text, not syntax
		} {
			if got := find(frag); !slices.Equal(got, want) {
				t.Errorf("many from %d: %q: %v, want %v", many, frag, got, want)
			}
		}
	}
	manyMatches = 1 // the edits, checked row by row as well as through the indexes
	// Edits: a tag added and removed, an email changed.
	if err := s.EditTags(ctx, "dee", []string{"gmail-fan"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := find("gmail"); !slices.Equal(got, []string{"anna_1", "dee", "vipul"}) {
		t.Errorf("after a tag was added: %v", got)
	}
	if err := s.EditTags(ctx, "dee", nil, []string{"gmail-fan"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE creators SET email = 'anna@proton.me' WHERE handle = 'anna_1'`); err != nil {
		t.Fatal(err)
	}
	if got := find("gmail"); !slices.Equal(got, []string{"vipul"}) {
		t.Errorf("after anna's email changed and dee's tag went: %v", got)
	}
	if got := find("proton"); !slices.Equal(got, []string{"anna_1"}) {
		t.Errorf("the new email: %v", got)
	}
	// The filter combines with the others.
	if got := findHandles(t, s, CreatorQuery{Search: "reply", Tag: "kbeauty"}); !slices.Equal(got, []string{"bob"}) {
		t.Errorf("reply with tag kbeauty: %v", got)
	}
	manyMatches = 20_000
	if got := find("proton"); !slices.Equal(got, []string{"anna_1"}) {
		t.Errorf("the new email, through the index: %v", got)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO creators_search (creators_search) VALUES ('integrity-check')`); err != nil {
		t.Fatalf("search index: %v", err)
	}
}

// An import indexes the emails of the creators it adds (in one pass at
// commit) and of those it gives an email.
func TestFilterFindsImportedEmails(t *testing.T) {
	s, _ := openTest(t)
	mail := func(line int, handle, email string) outreach.CreatorRow {
		r := row(line, handle, i64(10))
		r.Email = email
		return r
	}
	importRows(t, s, ImportOptions{}, mail(2, "first", ""))
	importRows(t, s, ImportOptions{}, mail(2, "second", "second@new.example"), mail(3, "first", "first@new.example"))
	if got := findHandles(t, s, CreatorQuery{Search: "new.example"}); !slices.Equal(got, []string{"first", "second"}) {
		t.Errorf("new.example: %v", got)
	}
	if _, err := s.db.Exec(`INSERT INTO creators_search (creators_search) VALUES ('integrity-check')`); err != nil {
		t.Fatalf("search index: %v", err)
	}
}

// Flip lists every sort in exactly the opposite order, paging forwards
// and backwards, with and without a filter.
func TestFlipTurnsTheOrderAround(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	var rows []outreach.CreatorRow
	for i := range 23 {
		var f *int64
		if i%5 != 0 {
			f = i64(int64(i % 4 * 1000)) // ties, and some unknown
		}
		r := row(i+2, "h"+strconv.Itoa(100+i), f)
		r.DisplayName = "Name " + strconv.Itoa(i)
		rows = append(rows, r)
	}
	importRows(t, s, ImportOptions{}, rows...)
	for _, m := range []struct {
		h  string
		to outreach.Stage
	}{{"h103", outreach.Invited}, {"h107", outreach.Invited}, {"h111", outreach.Invited}, {"h111", outreach.Replied}} {
		c.t = c.t.Add(time.Hour) // last contact: ties broken by time
		if _, err := s.MoveStage(ctx, Move{Handle: m.h, To: m.to}); err != nil {
			t.Fatal(err)
		}
	}
	all := func(q CreatorQuery, backwards bool) []string {
		q.Limit, q.Reverse = 4, backwards
		var hs []string
		for {
			page, err := s.Creators(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var these []string
			for _, c := range page.Creators {
				these = append(these, c.Handle)
			}
			if backwards {
				hs = append(these, hs...)
			} else {
				hs = append(hs, these...)
			}
			if !page.More {
				return hs
			}
			q.After = page.Next
			if backwards {
				q.After = page.First
			}
		}
	}
	for _, by := range []CreatorSort{ByFollowers, ByHandle, ByLastContact, ByStage} {
		for _, q := range []CreatorQuery{{}, {Search: "name 1"}} {
			q.Sort = by
			natural := all(q, false)
			if len(natural) < 5 {
				t.Fatalf("sort %d %q: only %v", by, q.Search, natural)
			}
			q.Flip = true
			flipped := all(q, false)
			want := slices.Clone(natural)
			slices.Reverse(want)
			if !slices.Equal(flipped, want) {
				t.Errorf("sort %d %q flipped:\n%v\nwant\n%v", by, q.Search, flipped, want)
			}
			if back := all(q, true); !slices.Equal(back, flipped) {
				t.Errorf("sort %d %q flipped, paged from the end:\n%v\nwant\n%v", by, q.Search, back, flipped)
			}
		}
	}
}
