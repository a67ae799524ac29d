package store

import (
	"database/sql"

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
