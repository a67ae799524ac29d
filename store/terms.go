package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"creatordesk/outreach"
)

// termsColumns are a pipeline's terms (pipelines k), in termsRow's order.
const termsColumns = `k.slot_fee_minor, k.slot_fee_currency, k.commission_bp, k.sample_sku, k.sample_qty,
	k.sample_unit_cost_minor, k.sample_currency, k.discount_code, k.discount_pct`

// termsRow scans termsColumns; unset terms are NULL there and zero here.
type termsRow struct {
	fee, commission, unitCost, discountPct sql.NullInt64
	feeCur, sku, sampleCur                 string
	qty                                    int
	code                                   sql.NullString
}

func (r *termsRow) dest() []any {
	return []any{&r.fee, &r.feeCur, &r.commission, &r.sku, &r.qty, &r.unitCost, &r.sampleCur, &r.code, &r.discountPct}
}

func (r *termsRow) terms() outreach.Terms {
	t := outreach.Terms{Commission: outreach.BasisPoints(r.commission.Int64), SampleSKU: r.sku, SampleQty: r.qty,
		DiscountCode: r.code.String, DiscountPct: int(r.discountPct.Int64)}
	if r.fee.Valid {
		t.SlotFee = outreach.Money{Minor: r.fee.Int64, Currency: r.feeCur}
	}
	if r.unitCost.Valid {
		t.SampleUnitCost = outreach.Money{Minor: r.unitCost.Int64, Currency: r.sampleCur}
	}
	return t
}

// termsFields are the history's names for termsRow's columns, in
// termsColumns' order.
var termsFields = [...]string{"slot_fee_minor", "slot_fee_currency", "commission_bp", "sample_sku", "sample_qty",
	"sample_unit_cost_minor", "sample_currency", "discount_code", "discount_pct"}

// values are the terms as the history writes them: each column's stored
// value as text, "" for NULL.
func (r termsRow) values() [len(termsFields)]string {
	n := func(v sql.NullInt64) string {
		if !v.Valid {
			return ""
		}
		return strconv.FormatInt(v.Int64, 10)
	}
	return [...]string{n(r.fee), r.feeCur, n(r.commission), r.sku, strconv.Itoa(r.qty), n(r.unitCost), r.sampleCur,
		r.code.String, n(r.discountPct)}
}

// pipelineTerms reads a pipeline's terms as stored, inside a write.
func pipelineTerms(ctx context.Context, tx *sql.Tx, pipelineID int64) (termsRow, error) {
	var r termsRow
	err := tx.QueryRowContext(ctx, `SELECT `+termsColumns+` FROM pipelines k WHERE k.id = ?`, pipelineID).Scan(r.dest()...)
	return r, err
}

// recordTerms writes to the history each term of the pipeline that
// differs between before and after (read with pipelineTerms around a
// write), with the pipeline's campaign, as part of tx's change. Nothing is
// written when nothing differs. note says why, if not a person's edit
// (say "frozen at partnered").
func (s *Store) recordTerms(ctx context.Context, tx *sql.Tx, pipelineID int64, before, after termsRow, ts int64, note string) error {
	old, cur := before.values(), after.values()
	if old == cur {
		return nil
	}
	var creator, campaign int64
	if err := tx.QueryRowContext(ctx, "SELECT creator_id, campaign_id FROM pipelines WHERE id = ?", pipelineID).Scan(&creator, &campaign); err != nil {
		return fmt.Errorf("record terms: %w", err)
	}
	for i, f := range termsFields {
		if old[i] == cur[i] {
			continue
		}
		c := Change{CreatorID: creator, CampaignID: campaign, Field: f, Old: old[i], New: cur[i], Note: note}
		if err := s.record(ctx, tx, "", ts, c); err != nil {
			return err
		}
	}
	return nil
}
