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
// any campaign: what TikTok's weekly quota counts.
const quotaCost = `(i.purpose = 'invitation' AND NOT EXISTS (SELECT 1 FROM collabs k2
		WHERE k2.creator_id = k.creator_id AND k2.invited_at IS NOT NULL))`

const invitationSelect = `SELECT i.id, c.handle, cp.name, c.tier, k.stage, i.channel, i.subject, i.body, i.status,
		i.created_at, i.sent_at, i.reason, i.purpose, i.to_addr, i.due_at, i.attempts,
		CASE WHEN i.status IN ` + stoppableStatuses + ` AND ` + quotaCost + ` THEN 1 ELSE 0 END
	FROM invitations i JOIN collabs k ON k.id = i.collab_id
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
	err = s.quotaRanks(ctx, invs)
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
	return page, s.quotaRanks(ctx, page.Invitations)
}

// QuotaWaiting counts the open first invitations, in every campaign, that
// will spend quota when they go.
func (s *Store) QuotaWaiting(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM invitations i JOIN collabs k ON k.id = i.collab_id
		WHERE i.status IN `+stoppableStatuses+` AND `+quotaCost).Scan(&n)
	return n, err
}

// quotaRanks numbers the invitations that spend quota by their place in
// the line of all such open invitations, oldest first.
func (s *Store) quotaRanks(ctx context.Context, invs []outreach.Invitation) error {
	for i := range invs {
		if invs[i].QuotaRank != -1 {
			continue
		}
		err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM invitations i JOIN collabs k ON k.id = i.collab_id
			WHERE i.status IN `+stoppableStatuses+` AND i.id <= ? AND `+quotaCost, invs[i].ID).Scan(&invs[i].QuotaRank)
		if err != nil {
			return err
		}
	}
	return nil
}

// CountInvitations counts invitations by status in a campaign ("" is every
// campaign).
func (s *Store) CountInvitations(ctx context.Context, campaign string) (map[outreach.InvitationStatus]int64, error) {
	scope, args, err := s.campaignScope(ctx, campaign)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT i.status, COUNT(*) FROM invitations i JOIN collabs k ON k.id = i.collab_id
		WHERE 1 = 1`+scope+` GROUP BY i.status`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[outreach.InvitationStatus]int64{}
	for rows.Next() {
		var st string
		var n int64
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[outreach.InvitationStatus(st)] = n
	}
	return out, rows.Err()
}
