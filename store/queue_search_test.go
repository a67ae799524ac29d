package store

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"creatordesk/outreach"
)

// The queue's filter lists the messages of the creators it matches (by
// handle, or a tag, through the index or row by row), in queue order both
// ways, and QueueMatches counts them by status.
func TestQueueListSearch(t *testing.T) {
	s := queueMix(t, 23)
	ctx := context.Background()
	if err := s.EditTags(ctx, "c0003", []string{"vip-list"}, nil); err != nil {
		t.Fatal(err)
	}
	all := wantQueue(t, s, "Glow")
	handleOf := map[int64]string{}
	rows, err := s.db.Query(`SELECT i.id, c.handle FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id JOIN creators c ON c.id = k.creator_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var h string
		rows.Scan(&id, &h)
		handleOf[id] = h
	}
	rows.Close()
	defer func(n int) { manyMatches = n }(manyMatches)
	for _, c := range []struct {
		search string
		keep   func(h string) bool
	}{
		{"c001", func(h string) bool { return strings.HasPrefix(h, "c001") }},
		{"C0003", func(h string) bool { return h == "c0003" }},
		{"vip", func(h string) bool { return h == "c0003" }},
		{"02", func(h string) bool { return strings.Contains(h, "02") }},
		{"nobody", func(string) bool { return false }},
	} {
		var want []QueueKey
		counts := map[outreach.InvitationStatus]int64{}
		for _, k := range all {
			if c.keep(handleOf[k.ID]) {
				want = append(want, k)
				counts[k.Status]++
			}
		}
		for _, many := range []int{20_000, 1} {
			manyMatches = many
			for _, reverse := range []bool{false, true} {
				var got []QueueKey
				q := QueueQuery{Campaign: "Glow", Search: c.search, Limit: 3, Reverse: reverse}
				for {
					p, err := s.QueueList(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if reverse {
						got, q.After = append(slices.Clone(p.Keys), got...), p.First
					} else {
						got, q.After = append(got, p.Keys...), p.Next
					}
					if !p.More {
						break
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("%q (many from %d, reverse %v):\n got %v\nwant %v", c.search, many, reverse, got, want)
				}
			}
		}
		n, err := s.QueueMatches(ctx, QueueQuery{Campaign: "Glow", Search: c.search})
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(n, counts) {
			t.Errorf("%q: counted %v, want %v", c.search, n, counts)
		}
	}
	if len(all) < 23 {
		t.Fatalf("test is blind: %d messages", len(all))
	}
}
