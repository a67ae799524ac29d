package store

import (
	"context"
	"testing"
	"time"

	"creatordesk/outreach"
)

// BenchmarkBigQueue: the Queue screen's reads on a big database (target:
// a page within 50 ms at 1M creators): the first page, a page deep in the
// sent group by key, the last page (reverse from the end), and the
// header's figures.
func BenchmarkBigQueue(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	camp := bigCampaign(b, s)
	counts, err := s.CountInvitations(ctx, camp)
	if err != nil || counts[outreach.InvitationSent] == 0 {
		b.Fatalf("counts %v, %v", counts, err)
	}
	var deep QueueKey
	if err := s.db.QueryRow(`SELECT id FROM invitations WHERE campaign_id = (SELECT id FROM campaigns WHERE name = ?)
		AND status = 'sent' ORDER BY id LIMIT 1 OFFSET ?`, camp, counts[outreach.InvitationSent]/2).Scan(&deep.ID); err != nil {
		b.Fatal(err)
	}
	deep.Status = outreach.InvitationSent
	var lastOpen QueueKey
	if err := s.db.QueryRow(`SELECT id, status FROM invitations WHERE campaign_id = (SELECT id FROM campaigns WHERE name = ?)
		AND status = 'approved' ORDER BY id DESC LIMIT 1`, camp).Scan(&lastOpen.ID, &lastOpen.Status); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		q    QueueQuery
	}{
		{"first-page", QueueQuery{Campaign: camp, Limit: 100}},
		{"last-approved-on", QueueQuery{Campaign: camp, After: lastOpen, Reverse: true, Limit: 100}},
		{"deep-sent", QueueQuery{Campaign: camp, After: deep, Limit: 100}},
		{"end", QueueQuery{Campaign: camp, Reverse: true, Limit: 100}},
		{"all-campaigns-first", QueueQuery{Limit: 100}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				p, err := s.QueueList(ctx, c.q)
				if err != nil || len(p.Invitations) == 0 {
					b.Fatalf("%+v, %v", len(p.Invitations), err)
				}
			}
			reportMS(b)
		})
	}
	b.Run("figures", func(b *testing.B) {
		now := time.Now()
		for range b.N {
			if _, err := s.QueueFigures(ctx, camp, now.AddDate(0, 0, -7), now.AddDate(0, 0, -1)); err != nil {
				b.Fatal(err)
			}
		}
		reportMS(b)
	})
	b.Run("close-unanswered-probe", func(b *testing.B) {
		for range b.N {
			if _, err := s.UnansweredDue(ctx); err != nil {
				b.Fatal(err)
			}
		}
		reportMS(b)
	})
}
