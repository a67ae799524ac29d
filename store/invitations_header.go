package store

import (
	"context"
	"database/sql"
	"time"

	"creatordesk/outreach"
)

// QueueFigures are the figures heading the Queue screen, read in one
// transaction.
type QueueFigures struct {
	Sender string // who signs invitations; "" until set
	// Paused is why sending is paused, since PausedAt; "" when it is not.
	Paused   string
	PausedAt time.Time
	// QuotaWeek and QuotaToday count creators first invited, in any
	// campaign, since the quota week began and since today began: what
	// TikTok's quota has spent.
	QuotaWeek, QuotaToday int64
	// Waiting counts open first invitations, in every campaign, that will
	// spend quota when they go.
	Waiting int
	// Counts holds the campaign's messages by status (every campaign's
	// when it is ""), from counters kept by triggers.
	Counts map[outreach.InvitationStatus]int64
}

// QueueFigures reads the Queue screen's header for a campaign ("" is every
// campaign); weekStart and dayStart are when the quota week and today
// began, in the staffer's time zone (outreach.Quota.WeekStart).
func (s *Store) QueueFigures(ctx context.Context, campaign string, weekStart, dayStart time.Time) (QueueFigures, error) {
	var f QueueFigures
	campID, err := s.campaignID(ctx, campaign)
	if err != nil {
		return f, err
	}
	err = s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		if f.Sender, err = s.setting(ctx, tx, settingSender); err != nil {
			return err
		}
		v, err := s.setting(ctx, tx, settingSendPaused)
		if err != nil {
			return err
		}
		f.Paused, f.PausedAt = parsePaused(v)
		if f.QuotaWeek, err = newCreatorsInvited(ctx, tx, weekStart); err != nil {
			return err
		}
		if f.QuotaToday, err = newCreatorsInvited(ctx, tx, dayStart); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, quotaWaiting).Scan(&f.Waiting); err != nil {
			return err
		}
		f.Counts, err = invitationCounts(ctx, tx, campID)
		return err
	})
	return f, err
}

// quotaWaiting counts the open first invitations that will spend quota:
// the quota line's members, summed from its blocks (migration 16).
const quotaWaiting = `SELECT COALESCE(SUM(n), 0) FROM quota_line_blocks`

// invitationCounts sums the counters of migration 14 by status, for one
// campaign (0 is every campaign).
func invitationCounts(ctx context.Context, q querier, campID int64) (map[outreach.InvitationStatus]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT status, SUM(n) FROM invitation_counts
		WHERE (? = 0 OR campaign_id = ?) GROUP BY status HAVING SUM(n) <> 0`, campID, campID)
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
