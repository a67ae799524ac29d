package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"creatordesk/outreach"
)

// RecordSample records a sample shipment for a creator's pipeline in a
// campaign (which must exist) and returns its id. A delivered sample without
// a due date gets one from the posting window.
func (s *Store) RecordSample(ctx context.Context, handle, campaign string, sh outreach.Shipment, dueDays int) (int64, error) {
	if sh.Status == "" {
		sh.Status = outreach.SampleToShip
	}
	if err := sh.Validate(); err != nil {
		return 0, err
	}
	h, err := outreach.NormalizeHandle(handle)
	if err != nil {
		return 0, fmt.Errorf("handle %q: %w", handle, err)
	}
	if sh.CreatedAt.IsZero() {
		sh.CreatedAt = s.now()
	}
	if sh.ContentDueAt.IsZero() && !sh.DeliveredAt.IsZero() {
		sh.ContentDueAt = outreach.ContentDue(sh.DeliveredAt, dueDays)
	}
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		camp, err := s.campaign(ctx, tx, campaign)
		if err != nil {
			return err
		}
		var collabID int64
		var stage string
		err = tx.QueryRowContext(ctx, `SELECT k.id, k.stage FROM collabs k JOIN creators c ON c.id = k.creator_id
			WHERE c.handle = ? AND k.campaign_id = ?`, h, camp.ID).Scan(&collabID, &stage)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("@%s is not in campaign %q: %w", h, camp.Name, ErrNotFound)
		}
		if err != nil {
			return err
		}
		// A sample goes to a partner: before that it could never be marked
		// shipped (the pipeline rules refuse the move).
		if st := outreach.Stage(stage); st.IsExit() || st.Rank() < outreach.Partnered.Rank() {
			return fmt.Errorf("@%s is %s in %s: record samples for partners", h, st.Label(), camp.Name)
		}
		return tx.QueryRowContext(ctx, `INSERT INTO samples (collab_id, sku, qty, unit_cost_minor, currency, carrier, tracking,
				status, created_at, shipped_at, delivered_at, content_due_at, content_posted_at, video_url)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			collabID, sh.SKU, sh.Qty, sh.UnitCost.Minor, sh.UnitCost.Currency, sh.Carrier, sh.Tracking,
			string(sh.Status), sh.CreatedAt.Unix(), unix(sh.ShippedAt), unix(sh.DeliveredAt), unix(sh.ContentDueAt),
			unix(sh.ContentPostedAt), sh.VideoURL).Scan(&id)
	})
	return id, err
}

// SampleCounts summarises sample shipments at a moment.
type SampleCounts struct {
	ToShip, InTransit, AwaitingContent, Overdue, Posted int64
}

// CountSamples counts shipments by state; overdue ones are delivered with
// the content due date before now.
func (s *Store) CountSamples(ctx context.Context) (SampleCounts, error) {
	return s.countSamples(ctx, "", nil)
}

// countSamples counts shipments, optionally narrowed by a campaign scope on
// collabs k.
func (s *Store) countSamples(ctx context.Context, scope string, scopeArgs []any) (SampleCounts, error) {
	var c SampleCounts
	now := s.now().Unix()
	err := s.db.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(CASE WHEN sm.status = ? THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN sm.status = ? THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN sm.status = ? AND (sm.content_due_at IS NULL OR sm.content_due_at >= ?) THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN sm.status = ? AND sm.content_due_at < ? THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN sm.status = ? THEN 1 ELSE 0 END), 0)
		FROM samples sm JOIN collabs k ON k.id = sm.collab_id WHERE 1 = 1`+scope,
		append([]any{string(outreach.SampleToShip), string(outreach.SampleInTransit), string(outreach.SampleArrived), now,
			string(outreach.SampleArrived), now, string(outreach.SamplePosted)}, scopeArgs...)...).
		Scan(&c.ToShip, &c.InTransit, &c.AwaitingContent, &c.Overdue, &c.Posted)
	return c, err
}
