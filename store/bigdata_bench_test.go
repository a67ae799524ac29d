package store

// Benchmarks over a big database, for issue 5's targets. They are opt-in:
// without $CREATORDESK_BENCH_DB they skip, so `go test ./...` stays fast.
// .ci/bench fills a demo database and runs them:
//
//	creatordesk demo --creators 1000000 --db /tmp/big.db --no-open
//	CREATORDESK_BENCH_DB=/tmp/big.db go test ./store -run '^$' -bench Big -benchtime 10x
//
// They only read, so they use the file in place.

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"creatordesk/outreach"
)

// bigStore opens $CREATORDESK_BENCH_DB, or skips the benchmark.
func bigStore(b *testing.B) *Store {
	b.Helper()
	path := os.Getenv("CREATORDESK_BENCH_DB")
	if path == "" {
		b.Skip("CREATORDESK_BENCH_DB is not set (.ci/bench fills one)")
	}
	if _, err := os.Stat(path); err != nil {
		b.Fatal(err)
	}
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// bigCampaign is the campaign with the most pipelines: the one a seller
// would look at.
func bigCampaign(b *testing.B, s *Store) string {
	b.Helper()
	var name string
	err := s.db.QueryRow(`SELECT cp.name FROM campaigns cp JOIN pipelines k ON k.campaign_id = cp.id
		GROUP BY cp.id ORDER BY COUNT(*) DESC LIMIT 1`).Scan(&name)
	if err != nil {
		b.Fatal(err)
	}
	return name
}

// reportMS adds milliseconds per operation, the unit the targets use.
func reportMS(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

// BenchmarkBigFunnel: funnel by tier for one campaign, and for all
// (target ≤ 50 ms each).
func BenchmarkBigFunnel(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	for _, c := range []struct{ name, campaign string }{{"one-campaign", bigCampaign(b, s)}, {"all", ""}} {
		b.Run(c.name, func(b *testing.B) {
			var f TierFunnel
			for range b.N {
				var err error
				if f, err = s.Funnel(ctx, c.campaign); err != nil {
					b.Fatal(err)
				}
			}
			reportMS(b)
			if f.All.Invited == 0 {
				b.Fatalf("funnel of %q is empty", c.campaign)
			}
		})
	}
}

// BenchmarkBigOverview times the store calls the dashboard's Load makes
// (ui/dashboard.go: Overview, Funnel and Trend for all campaigns, this
// week), each alone and all three at once as the Bubble Tea runtime runs
// them, which is how long the tiles take to fill.
func BenchmarkBigOverview(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	week := outreach.WeekStart(time.Now())
	const weeks = 12 // ui.trendWeeks
	calls := []struct {
		name string
		run  func() error
	}{
		{"Overview", func() error { _, err := s.Overview(ctx, ""); return err }},
		{"Funnel", func() error { _, err := s.Funnel(ctx, ""); return err }},
		{"Trend", func() error { _, err := s.Trend(ctx, "", week, weeks); return err }},
	}
	for _, c := range calls {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				if err := c.run(); err != nil {
					b.Fatal(err)
				}
			}
			reportMS(b)
		})
	}
	b.Run("all-at-once", func(b *testing.B) {
		for range b.N {
			var wg sync.WaitGroup
			errs := make([]error, len(calls))
			for i, c := range calls {
				wg.Go(func() { errs[i] = c.run() })
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		reportMS(b)
	})
}

// BenchmarkBigCreatorsPage reads one page of the Creators screen (100 rows,
// by followers) at the start, in the middle (keyset After) and at the end
// (Reverse), and the count the screen shows beside it.
func BenchmarkBigCreatorsPage(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	const pageRows = 100 // ui.creatorPage
	var n int64
	if err := s.db.QueryRow("SELECT COUNT(*) FROM creators").Scan(&n); err != nil {
		b.Fatal(err)
	}
	var mid Cursor
	err := s.db.QueryRow(`SELECT COALESCE(followers, -1), handle, id FROM creators
		ORDER BY COALESCE(followers, -1) DESC, id DESC LIMIT 1 OFFSET ?`, n/2).Scan(&mid.Key, &mid.Handle, &mid.ID)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		q    CreatorQuery
	}{
		{"start", CreatorQuery{Limit: pageRows}},
		{"middle", CreatorQuery{Limit: pageRows, After: mid}},
		{"end", CreatorQuery{Limit: pageRows, Reverse: true}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var p CreatorPage
			for range b.N {
				var err error
				if p, err = s.Creators(ctx, c.q); err != nil {
					b.Fatal(err)
				}
			}
			reportMS(b)
			if len(p.Creators) != pageRows {
				b.Fatalf("%d rows, want %d", len(p.Creators), pageRows)
			}
		})
	}
	b.Run("count", func(b *testing.B) {
		for range b.N {
			if _, err := s.CountCreatorsWhere(ctx, CreatorQuery{}); err != nil {
				b.Fatal(err)
			}
		}
		reportMS(b)
	})
}

// BenchmarkBigFilter is filter-as-you-type after the debounce: the first
// page and the match count for a 3-letter fragment, Latin ("ngu", in
// Nguyễn and nguyen) and CJK ("的厨房", in names such as 凯文的厨房; both
// from store/demo's names), one that matches nothing, which reads every
// row, an email's ("bookings.", on head creators' addresses), the domain
// of 60% of them ("example": a page checks it row by row), a tag
// ("pilates") and a word of two common tags ("reply": fast-reply,
// slow-reply, 15% of creators) (target ≤ 50 ms; counting what matches
// more than a few percent takes longer). Two letters that match nothing
// ("qx") read every row in the sort's order: seconds, left out here.
func BenchmarkBigFilter(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	for _, c := range []struct{ name, frag string }{{"latin", "ngu"}, {"cjk", "的厨房"}, {"none", "zqx"},
		{"email", "bookings."}, {"domain", "example"}, {"tag", "pilates"}, {"tags", "reply"}} {
		q := CreatorQuery{Search: c.frag, Limit: 100}
		b.Run(c.name+"/page", func(b *testing.B) {
			var p CreatorPage
			for range b.N {
				var err error
				if p, err = s.Creators(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			reportMS(b)
			if c.name != "none" && len(p.Creators) == 0 {
				b.Fatalf("%q found nothing", c.frag)
			}
		})
		b.Run(c.name+"/count", func(b *testing.B) {
			var n int64
			for range b.N {
				var err error
				if n, err = s.CountCreatorsWhere(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			reportMS(b)
			b.ReportMetric(float64(n), "matches")
		})
	}
}
