package store

import (
	"context"
	"database/sql"
	"strings"

	"creatordesk/outreach"
)

// PartnerQuery filters the partnerships: pipelines at partnered or beyond
// on the path (an exit after partnering is no longer a partnership).
type PartnerQuery struct {
	Tier     outreach.Tier
	Campaign string // "" is every campaign
	AfterID  int64  // page after this pipeline id
	Limit    int    // at most MaxPage
}

func (s *Store) partnerFilter(ctx context.Context, q PartnerQuery) (string, []any, error) {
	where := []string{"k.stage_rank >= ? AND k.stage_rank <= ?"}
	args := []any{outreach.Partnered.Rank(), outreach.ContentPosted.Rank()}
	if q.Tier != "" {
		where = append(where, "c.tier = ?")
		args = append(args, string(q.Tier))
	}
	if q.Campaign != "" {
		id, err := s.campaignID(ctx, q.Campaign)
		if err != nil {
			return "", nil, err
		}
		where = append(where, "k.campaign_id = ?")
		args = append(args, id)
	}
	return " WHERE " + strings.Join(where, " AND "), args, nil
}

// CountPartnerships counts the partnerships q would list.
func (s *Store) CountPartnerships(ctx context.Context, q PartnerQuery) (int64, error) {
	where, args, err := s.partnerFilter(ctx, q)
	if err != nil {
		return 0, err
	}
	var n int64
	err = s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM collabs k JOIN creators c ON c.id = k.creator_id"+where, args...).Scan(&n)
	return n, err
}

// Partnerships returns one page of partnerships in pipeline order and the
// id to pass as AfterID for the next page (0 when this was the last).
func (s *Store) Partnerships(ctx context.Context, q PartnerQuery) ([]outreach.Partnership, int64, error) {
	if q.Limit <= 0 || q.Limit > MaxPage {
		q.Limit = MaxPage
	}
	where, args, err := s.partnerFilter(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	args = append(args, q.AfterID, q.Limit+1)
	rows, err := s.db.QueryContext(ctx, "SELECT "+creatorColumns+`, k.id, cp.name, k.stage, k.partnered_at,
			k.slot_fee_minor, k.slot_fee_currency, k.commission_bp, k.sample_sku, k.sample_qty,
			k.sample_unit_cost_minor, k.sample_currency, k.discount_code, k.discount_pct
		FROM collabs k JOIN creators c ON c.id = k.creator_id JOIN campaigns cp ON cp.id = k.campaign_id`+
		where+" AND k.id > ? ORDER BY k.id LIMIT ?", args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []outreach.Partnership
	var last, next int64
	for rows.Next() {
		var p outreach.Partnership
		var id int64
		var stage string
		var partnered, fee, commission, unitCost, discountPct sql.NullInt64
		var code sql.NullString
		c, err := scanCreator(rows, &id, &p.Campaign, &stage, &partnered, &fee, &p.Terms.SlotFee.Currency,
			&commission, &p.Terms.SampleSKU, &p.Terms.SampleQty, &unitCost, &p.Terms.SampleUnitCost.Currency,
			&code, &discountPct)
		if err != nil {
			return nil, 0, err
		}
		if len(out) == q.Limit {
			next = last
			break
		}
		p.Creator, p.Stage, p.PartneredAt = c, outreach.Stage(stage), fromUnix(partnered)
		p.Terms.SlotFee.Minor, p.Terms.Commission = fee.Int64, outreach.BasisPoints(commission.Int64)
		p.Terms.SampleUnitCost.Minor, p.Terms.DiscountCode, p.Terms.DiscountPct = unitCost.Int64, code.String, int(discountPct.Int64)
		out = append(out, p)
		last = id
	}
	return out, next, rows.Err()
}
