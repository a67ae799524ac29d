package store

import (
	"context"
	"slices"
	"testing"

	"creatordesk/outreach"
)

// PartnerQuery.Search keeps the partnerships of the creators the filter
// matches, counted and paged alike.
func TestPartnershipsSearch(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	var rows []outreach.CreatorRow
	for i, h := range []string{"anna_glow", "annie", "bo", "carla", "dee"} {
		r := row(i+2, h, i64(int64(1000*(i+1))))
		if h == "dee" {
			r.Tags = []string{"vip"}
		}
		rows = append(rows, r)
	}
	importRows(t, s, ImportOptions{}, rows...)
	for _, r := range rows {
		if r.Handle == "carla" {
			continue // not a partner
		}
		if _, err := s.MoveStage(ctx, Move{Handle: r.Handle, To: outreach.Partnered}); err != nil {
			t.Fatal(err)
		}
	}
	defer func(n int) { manyMatches = n }(manyMatches)
	for _, c := range []struct {
		search string
		want   []string
	}{{"ann", []string{"anna_glow", "annie"}}, {"vip", []string{"dee"}}, {"car", nil}, {"", []string{"anna_glow", "annie", "bo", "dee"}}} {
		for _, many := range []int{20_000, 1} {
			manyMatches = many
			q := PartnerQuery{Search: c.search, Limit: 1}
			var got []string
			for pages := 0; pages < 10; pages++ {
				ps, next, err := s.Partnerships(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range ps {
					got = append(got, p.Creator.Handle)
				}
				if next == 0 {
					break
				}
				q.AfterID = next
			}
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("%q (many from %d): %v, want %v", c.search, many, got, c.want)
			}
		}
		if n, err := s.CountPartnerships(ctx, PartnerQuery{Search: c.search}); err != nil || int(n) != len(c.want) {
			t.Errorf("%q: counted %d, %v; want %d", c.search, n, err, len(c.want))
		}
	}
}
