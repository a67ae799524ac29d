package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"creatordesk/outreach"
)

// quotaCost is true for a first invitation to a creator never invited in
// any campaign: what TikTok's weekly quota counts. A pipeline was invited
// when its furthest stage is invited or past it (invited_at is stamped with
// it); the rank is in the index collabs_by_creator, the stamp is not. The
// waiting messages it holds for are kept in quota_line (migration 16).
const quotaCost = `(i.purpose = 'invitation' AND NOT EXISTS (SELECT 1 FROM pipelines k2
		WHERE k2.creator_id = k.creator_id AND k2.furthest_rank >= 1))`

const invitationSelect = `SELECT i.id, c.handle, cp.name, c.tier, k.stage, i.channel, i.subject, i.body, i.status,
		i.created_at, i.sent_at, i.reason, i.purpose, i.to_addr, i.due_at, i.attempts,
		EXISTS (SELECT 1 FROM quota_line q WHERE q.invitation_id = i.id)
	FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id
	JOIN creators c ON c.id = k.creator_id JOIN campaigns cp ON cp.id = k.campaign_id`

func scanInvitation(r scanner) (outreach.Invitation, error) {
	var inv outreach.Invitation
	var tier, stage, channel, status string
	var created int64
	var sent, due sql.NullInt64
	var purpose string
	var costs bool
	err := r.Scan(&inv.ID, &inv.Handle, &inv.CampaignName, &tier, &stage, &channel, &inv.Subject, &inv.Body, &status,
		&created, &sent, &inv.Reason, &purpose, &inv.ToAddr, &due, &inv.Attempts, &costs)
	if err != nil {
		return inv, err
	}
	inv.Purpose, inv.DueAt = outreach.Purpose(purpose), fromUnix(due)
	if costs {
		inv.QuotaRank = -1 // filled in by quotaRanks
	}
	inv.Tier, inv.Stage, inv.Channel, inv.Status = outreach.Tier(tier), outreach.Stage(stage), outreach.Channel(channel), outreach.InvitationStatus(status)
	inv.CreatedAt, inv.SentAt = time.Unix(created, 0), fromUnix(sent)
	return inv, nil
}

// Invitation returns one invitation by id.
func (s *Store) Invitation(ctx context.Context, id int64) (outreach.Invitation, error) {
	inv, err := scanInvitation(s.db.QueryRowContext(ctx, invitationSelect+" WHERE i.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return inv, fmt.Errorf("no invitation #%d: %w", id, ErrNotFound)
	}
	if err != nil {
		return inv, err
	}
	invs := []outreach.Invitation{inv}
	err = quotaRanks(ctx, s.db, invs)
	return invs[0], err
}

// InvitationQuery filters and pages invitations, by id: oldest first (the
// order they were queued in), or newest first.
type InvitationQuery struct {
	Campaign string                    // "" is every campaign
	Status   outreach.InvitationStatus // "" is every status
	Newest   bool
	After    int64 // the Next of the previous page; 0 is the start
	Limit    int   // at most MaxPage
}

// InvitationPage is one page; More is true when another follows from Next.
type InvitationPage struct {
	Invitations []outreach.Invitation
	Next        int64
	More        bool
}

// Invitations returns one page of invitations matching q.
func (s *Store) Invitations(ctx context.Context, q InvitationQuery) (InvitationPage, error) {
	var page InvitationPage
	if q.Limit <= 0 || q.Limit > MaxPage {
		q.Limit = MaxPage
	}
	scope, args, err := s.campaignScope(ctx, q.Campaign)
	if err != nil {
		return page, err
	}
	where := "WHERE 1 = 1" + scope
	if q.Status != "" {
		where += " AND i.status = ?"
		args = append(args, string(q.Status))
	}
	order := " ORDER BY i.id"
	if q.After != 0 {
		where += map[bool]string{false: " AND i.id > ?", true: " AND i.id < ?"}[q.Newest]
		args = append(args, q.After)
	}
	if q.Newest {
		order += " DESC"
	}
	rows, err := s.db.QueryContext(ctx, invitationSelect+" "+where+order+" LIMIT ?", append(args, q.Limit+1)...)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	for rows.Next() {
		inv, err := scanInvitation(rows)
		if err != nil {
			return page, err
		}
		if len(page.Invitations) == q.Limit {
			page.More = true
			break
		}
		page.Invitations = append(page.Invitations, inv)
		page.Next = inv.ID
	}
	if err := rows.Err(); err != nil {
		return page, err
	}
	rows.Close()
	return page, quotaRanks(ctx, s.db, page.Invitations)
}

// QuotaWaiting counts the open first invitations, in every campaign, that
// will spend quota when they go.
func (s *Store) QuotaWaiting(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, quotaWaiting).Scan(&n)
	return n, err
}

// CountInvitations counts invitations by status in a campaign ("" is every
// campaign), from the counters of migration 14.
func (s *Store) CountInvitations(ctx context.Context, campaign string) (map[outreach.InvitationStatus]int64, error) {
	id, err := s.campaignID(ctx, campaign)
	if err != nil {
		return nil, err
	}
	return invitationCounts(ctx, s.db, id)
}
