package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"creatordesk/outreach"
)

// BenchmarkQueueTenThousand: `queue --campaign Glow` over 10,000
// prospects (ten pages of MaxPage, each one transaction), with the history
// recording every message queued. Run with -benchtime=1x: each op queues
// everyone, so each needs a fresh database.
func BenchmarkQueueTenThousand(b *testing.B) {
	ctx := context.Background()
	const n = 10_000
	for i := range b.N {
		b.StopTimer()
		s, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("q%d.db", i)), Options{Now: (&clock{t: t0}).now})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Glow", DefaultCommission: 1200}); err != nil {
			b.Fatal(err)
		}
		importRows(b, s, ImportOptions{Campaign: "Glow"}, prospects(n)...)
		if _, err := s.SetSender(ctx, "Mia"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := s.QueueMatching(ctx, QueueRequest{Campaign: "Glow"}, nil)
		if err != nil || res.Queued != n {
			b.Fatalf("queued %d, %v", res.Queued, err)
		}
		b.StopTimer()
		s.Close()
	}
	reportMS(b)
}

// BenchmarkRecordQueuedPage: the history's share of queueing a page of
// MaxPage messages, the one INSERT … SELECT (rolled back each time).
func BenchmarkRecordQueuedPage(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "r.db"), Options{Now: (&clock{t: t0}).now})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Glow"}); err != nil {
		b.Fatal(err)
	}
	importRows(b, s, ImportOptions{Campaign: "Glow"}, prospects(MaxPage)...)
	if _, err := s.SetSender(ctx, "Mia"); err != nil {
		b.Fatal(err)
	}
	if res, err := s.QueueMatching(ctx, QueueRequest{Campaign: "Glow"}, nil); err != nil || res.Queued != MaxPage {
		b.Fatalf("queued %d, %v", res.Queued, err)
	}
	var ids []int64
	rows, err := s.db.Query("SELECT id FROM invitations")
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	b.ResetTimer()
	for range b.N {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.recordQueued(ctx, tx, ids, t0.Unix()); err != nil {
			b.Fatal(err)
		}
		endChange(ctx, tx, false)
		tx.Rollback()
	}
	reportMS(b)
}

// prospects are n creators c00000… with 5,000 followers.
func prospects(n int) []outreach.CreatorRow {
	out := make([]outreach.CreatorRow, n)
	for j := range out {
		out[j] = row(j+2, fmt.Sprintf("c%05d", j), i64(5000))
	}
	return out
}
