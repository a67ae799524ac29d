package store

import (
	"context"
	"database/sql"
	"fmt"

	"creatordesk/outreach"
)

// RecordSample records a sample shipment for a creator's pipeline (which
// must exist) in the campaign the campaign rule picks, and returns its id. A delivered sample without
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
		creator, _, err := creatorID(ctx, tx, h)
		if err != nil {
			return err
		}
		camp, err := s.resolveCampaign(ctx, tx, creator, h, campaign)
		if err != nil {
			return err
		}
		pipelineID, err := samplePipeline(ctx, tx, h, camp)
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO samples (pipeline_id, sku, qty, unit_cost_minor, currency, carrier, tracking,
				status, created_at, shipped_at, delivered_at, content_due_at, content_posted_at, video_url)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			pipelineID, sh.SKU, sh.Qty, sh.UnitCost.Minor, sh.UnitCost.Currency, sh.Carrier, sh.Tracking,
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
// pipelines k: the counters of migration 9 by status, and the delivered ones
// past their due date through the due-date index.
func (s *Store) countSamples(ctx context.Context, scope string, scopeArgs []any) (SampleCounts, error) {
	var c SampleCounts
	filter := ""
	if scope != "" {
		filter = " WHERE campaign_id = ?"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT status, SUM(n) FROM sample_counts`+filter+` GROUP BY status`, scopeArgs...)
	if err != nil {
		return c, err
	}
	var arrived int64
	for rows.Next() {
		var status string
		var n int64
		if err := rows.Scan(&status, &n); err != nil {
			rows.Close()
			return c, err
		}
		switch outreach.SampleStatus(status) {
		case outreach.SampleToShip:
			c.ToShip = n
		case outreach.SampleInTransit:
			c.InTransit = n
		case outreach.SampleArrived:
			arrived = n
		case outreach.SamplePosted:
			c.Posted = n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, err
	}
	q := `SELECT COUNT(*) FROM samples sm WHERE sm.status = ? AND sm.content_due_at < ?`
	if scope != "" {
		q = `SELECT COUNT(*) FROM samples sm JOIN pipelines k ON k.id = sm.pipeline_id WHERE sm.status = ? AND sm.content_due_at < ?` + scope
	}
	if err := s.db.QueryRowContext(ctx, q, append([]any{string(outreach.SampleArrived), s.now().Unix()}, scopeArgs...)...).Scan(&c.Overdue); err != nil {
		return c, err
	}
	c.AwaitingContent = arrived - c.Overdue
	return c, nil
}
