package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestHandlesWithPrefix(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "anna_1", nil), row(3, "anna.b", nil), row(4, "annabel", nil),
		row(5, "ann", nil), row(6, "bob", nil), row(7, "an_z", nil), row(8, "anz", nil))
	for _, c := range []struct {
		prefix string
		limit  int
		want   []string
	}{
		{"ann", 10, []string{"ann", "anna.b", "anna_1", "annabel"}},
		{"@ANNA", 10, []string{"anna.b", "anna_1", "annabel"}}, // typed as a handle is
		{"ann", 2, []string{"ann", "anna.b"}},                  // the limit, in handle order
		{"an", 10, []string{"an_z", "ann", "anna.b", "anna_1", "annabel", "anz"}},
		{"annabel", 10, []string{"annabel"}},
		{"annabelle", 10, nil},
		{"b", 10, []string{"bob"}},
		{"", 10, nil},
		{"@", 10, nil},
		{"an%", 10, nil}, // not a wildcard: no handle has %
		{"an~", 10, nil},
		{"ann", 0, nil},
	} {
		got, err := s.HandlesWithPrefix(ctx, c.prefix, c.limit)
		if err != nil {
			t.Fatalf("%q: %v", c.prefix, err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q limit %d: %v, want %v", c.prefix, c.limit, got, c.want)
		}
	}
	if got, _ := s.HandlesWithPrefix(ctx, "a", 1000); len(got) > MaxHandleSuggestions {
		t.Errorf("limit 1000 gave %d handles, more than %d", len(got), MaxHandleSuggestions)
	}
}

// The completion seeks the handle index, never scans the table: at a
// million creators that is the difference between a keystroke and a wait.
func TestHandlesWithPrefixSeeksTheIndex(t *testing.T) {
	s, _ := openTest(t)
	plan := queryPlan(t, s, `SELECT handle FROM creators WHERE handle >= ? AND handle < ? ORDER BY handle LIMIT ?`, "ann", "ann~", 8)
	all := strings.Join(plan, "; ")
	if !strings.Contains(all, "INDEX") || !strings.Contains(all, "handle>? AND handle<?") || strings.Contains(all, "TEMP B-TREE") {
		t.Errorf("plan %q: want a range seek on the handle index, in its order", all)
	}
}

// BenchmarkHandlesWithPrefix times a completion over a million creators.
// It builds its database once (about a minute) in $CREATORDESK_BENCH_DIR,
// or skips:
//
//	CREATORDESK_BENCH_DIR=/tmp go test ./store -run '^$' -bench HandlesWithPrefix
func BenchmarkHandlesWithPrefix(b *testing.B) {
	dir := os.Getenv("CREATORDESK_BENCH_DIR")
	if dir == "" {
		b.Skip("CREATORDESK_BENCH_DIR is not set")
	}
	const n = 1_000_000
	path := filepath.Join(dir, "handles-1m.db")
	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var have int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM creators`).Scan(&have); err != nil {
		b.Fatal(err)
	}
	if have < n {
		start := time.Now()
		tx, err := s.db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		st, err := tx.Prepare(`INSERT INTO creators (handle, tier, created_at, updated_at) VALUES (?, 'micro', 0, 0)`)
		if err != nil {
			b.Fatal(err)
		}
		for i := have; i < n; i++ {
			// spread like real handles: a word, then digits
			h := fmt.Sprintf("%s%c%d", []string{"anna", "bella", "chris", "dima", "xiao", "nguyen"}[i%6], 'a'+rune(i/6%26), i)
			if _, err := st.Exec(h); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		b.Logf("filled %d creators in %v", n-have, time.Since(start))
	}
	for _, prefix := range []string{"a", "annak", "xiaoz99", "zzz"} {
		b.Run(prefix, func(b *testing.B) {
			var got []string
			for range b.N {
				if got, err = s.HandlesWithPrefix(ctx, prefix, 8); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/op")
			if prefix != "zzz" && len(got) == 0 {
				b.Fatalf("%q: no handles", prefix)
			}
		})
	}
}
