package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"creatordesk/outreach"
)

// The bulk loader writes history that was decided elsewhere (the demo at
// scale, benchmarks) without checking it move by move: one multi-row
// INSERT per 50 rows in a few large transactions, as the importer does.
// Everything else writes through the checked paths.

// BulkPipeline is one creator's pipeline in one campaign, as it stands
// after its history.
type BulkPipeline struct {
	CreatorID, CampaignID int64
	Stage, Furthest       outreach.Stage
	StageAt               time.Time
	// Milestones, zero when not reached.
	InvitedAt, RepliedAt, PartneredAt, PostedAt time.Time
	Terms                                       outreach.Terms // frozen terms of a partnership; zero otherwise
	Events                                      []BulkEvent
	Invitations                                 []BulkInvitation
	Samples                                     []outreach.Shipment
}

// BulkEvent is one logged stage change.
type BulkEvent struct {
	At       time.Time
	From, To outreach.Stage
	Note     string
}

// BulkInvitation is one message, sent or not.
type BulkInvitation struct {
	Purpose          outreach.Purpose
	Channel          outreach.Channel
	Status           outreach.InvitationStatus
	ToAddr           string
	Subject, Body    string
	CreatedAt        time.Time
	SentAt, DueAt    time.Time
	Reason           string
	Attempts         int
	LastContactStamp bool // the creator's last contact is this message's sending
}

// bulkPerTx is how many pipelines go in one transaction.
const bulkPerTx = 50_000

// CreatorIDs returns every creator's id, in id order: what the bulk loader
// refers to creators by.
func (s *Store) CreatorIDs(ctx context.Context) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM creators ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// BulkLoad writes pipelines as given and returns how many. It refuses a
// database that already has pipelines.
func (s *Store) BulkLoad(ctx context.Context, pipes iter.Seq[BulkPipeline]) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pipelines`).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		return 0, errors.New("bulk load: the database already has pipelines")
	}
	next, stop := iter.Pull(pipes)
	defer stop()
	var nextID int64 = 1
	total, done := 0, false
	for !done {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			// Events, messages and samples may reach the database before
			// the batch holding their pipeline: check references at commit.
			if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
				return err
			}
			w := newBulkWriter(ctx, tx)
			defer w.close()
			for i := 0; i < bulkPerTx; i++ {
				p, ok := next()
				if !ok {
					done = true
					break
				}
				if err := w.pipeline(nextID, p); err != nil {
					return fmt.Errorf("bulk load: pipeline %d: %w", total+i+1, err)
				}
				nextID++
				total++
			}
			return w.flush()
		})
		if err != nil {
			return 0, err
		}
		if err := ctx.Err(); err != nil {
			return 0, err
		}
	}
	err := s.whileBusy(ctx, func() error {
		_, err := s.db.ExecContext(ctx, `ANALYZE`)
		return err
	})
	return total, err
}

// bulkWriter holds one batched INSERT per table.
type bulkWriter struct {
	ctx                                    context.Context
	tx                                     *sql.Tx
	pipelines, events, invitations, sample *bulkInsert
	contact                                *sql.Stmt
	err                                    error
}

func newBulkWriter(ctx context.Context, tx *sql.Tx) *bulkWriter {
	w := &bulkWriter{ctx: ctx, tx: tx}
	w.pipelines = w.insert(`pipelines`, `id, creator_id, campaign_id, stage, stage_rank, furthest_rank, stage_at, invited_at, replied_at,
		partnered_at, content_posted_at, slot_fee_minor, slot_fee_currency, commission_bp, sample_sku, sample_qty,
		sample_unit_cost_minor, sample_currency, discount_code, discount_pct, created_at, updated_at`)
	w.events = w.insert(`history`, `creator_id, campaign_id, at, field, old_value, new_value, note, who`)
	w.invitations = w.insert(`invitations`, `pipeline_id, channel, subject, body, status, reason, created_at, updated_at, sent_at,
		purpose, to_addr, attempts, due_at, campaign_id`)
	w.sample = w.insert(`samples`, `pipeline_id, sku, qty, unit_cost_minor, currency, carrier, tracking, status, created_at,
		shipped_at, delivered_at, content_due_at, content_posted_at, video_url`)
	w.sample.after = w.pipelines
	if w.err == nil {
		w.contact, w.err = tx.PrepareContext(ctx, `UPDATE creators SET last_contact_at = MAX(COALESCE(last_contact_at, 0), ?) WHERE id = ?`)
	}
	return w
}

func (w *bulkWriter) insert(table, cols string) *bulkInsert {
	b := &bulkInsert{ctx: w.ctx, tx: w.tx, table: table, cols: cols, width: strings.Count(cols, ",") + 1}
	if w.err == nil {
		w.err = b.prepare()
	}
	return b
}

func (w *bulkWriter) pipeline(id int64, p BulkPipeline) error {
	if w.err != nil {
		return w.err
	}
	t := p.Terms
	created := p.StageAt
	if len(p.Events) > 0 {
		created = p.Events[0].At
	}
	var code any
	if t.DiscountCode != "" {
		code = t.DiscountCode
	}
	err := w.pipelines.add(id, p.CreatorID, p.CampaignID, string(p.Stage), stageSort(p.Stage), p.Furthest.Rank(), p.StageAt.Unix(),
		unix(p.InvitedAt), unix(p.RepliedAt), unix(p.PartneredAt), unix(p.PostedAt),
		nullIfZero(t.SlotFee.Minor), t.SlotFee.Currency, nullIfZero(int64(t.Commission)), t.SampleSKU, t.SampleQty,
		nullIfZero(t.SampleUnitCost.Minor), t.SampleUnitCost.Currency, code, nullIfZero(int64(t.DiscountPct)),
		created.Unix(), p.StageAt.Unix())
	if err != nil {
		return err
	}
	for _, e := range p.Events {
		if err := w.events.add(p.CreatorID, p.CampaignID, e.At.Unix(), FieldStage, string(e.From), string(e.To), e.Note, ByDemo); err != nil {
			return err
		}
	}
	var lastContact int64
	for _, inv := range p.Invitations {
		if err := w.invitations.add(id, string(inv.Channel), inv.Subject, inv.Body, string(inv.Status), inv.Reason,
			inv.CreatedAt.Unix(), inv.CreatedAt.Unix(), unix(inv.SentAt), string(inv.Purpose), inv.ToAddr, inv.Attempts,
			unix(inv.DueAt), p.CampaignID); err != nil {
			return err
		}
		if !inv.SentAt.IsZero() {
			lastContact = max(lastContact, inv.SentAt.Unix())
		}
	}
	for _, sh := range p.Samples {
		if err := w.sample.add(id, sh.SKU, sh.Qty, sh.UnitCost.Minor, sh.UnitCost.Currency, sh.Carrier, sh.Tracking,
			string(sh.Status), sh.CreatedAt.Unix(), unix(sh.ShippedAt), unix(sh.DeliveredAt), unix(sh.ContentDueAt),
			unix(sh.ContentPostedAt), sh.VideoURL); err != nil {
			return err
		}
	}
	if !p.RepliedAt.IsZero() {
		lastContact = max(lastContact, p.RepliedAt.Unix())
	}
	if lastContact > 0 {
		_, err := w.contact.ExecContext(w.ctx, lastContact, p.CreatorID)
		return err
	}
	return nil
}

// flush writes what is left; the pipelines go first, the rows that refer to
// them after.
func (w *bulkWriter) flush() error {
	if w.err != nil {
		return w.err
	}
	for _, b := range []*bulkInsert{w.pipelines, w.events, w.invitations, w.sample} {
		if err := b.flush(); err != nil {
			return err
		}
	}
	return nil
}

func (w *bulkWriter) close() {
	for _, b := range []*bulkInsert{w.pipelines, w.events, w.invitations, w.sample} {
		if b.full != nil {
			b.full.Close()
		}
	}
	if w.contact != nil {
		w.contact.Close()
	}
}

// bulkInsert batches rows of one table into multi-row INSERTs.
type bulkInsert struct {
	ctx         context.Context
	tx          *sql.Tx
	table, cols string
	width       int
	full        *sql.Stmt
	after       *bulkInsert // flushed before this one: the table its rows refer to
	args        []any
	rows        int
}

func (b *bulkInsert) sql(rows int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", b.width), ", ") + ")"
	return "INSERT INTO " + b.table + " (" + b.cols + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
}

func (b *bulkInsert) prepare() (err error) {
	b.full, err = b.tx.PrepareContext(b.ctx, b.sql(importBatch))
	return err
}

func (b *bulkInsert) add(vals ...any) error {
	if len(vals) != b.width {
		return fmt.Errorf("%s: %d values for %d columns", b.table, len(vals), b.width)
	}
	b.args = append(b.args, vals...)
	if b.rows++; b.rows < importBatch {
		return nil
	}
	// The rows referred to go first: the samples' counters (migration 9)
	// look up their pipeline's campaign.
	if b.after != nil {
		if err := b.after.flush(); err != nil {
			return err
		}
	}
	_, err := b.full.ExecContext(b.ctx, b.args...)
	b.args, b.rows = b.args[:0], 0
	return err
}

func (b *bulkInsert) flush() error {
	if b.rows == 0 {
		return nil
	}
	_, err := b.tx.ExecContext(b.ctx, b.sql(b.rows), b.args...)
	b.args, b.rows = b.args[:0], 0
	return err
}
