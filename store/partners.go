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
	rows, err := s.db.QueryContext(ctx, "SELECT "+creatorColumns+`, k.id, cp.name, k.stage, k.partnered_at, `+termsColumns+`
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
		var partnered sql.NullInt64
		var tr termsRow
		c, err := scanCreator(rows, append([]any{&id, &p.Campaign, &stage, &partnered}, tr.dest()...)...)
		if err != nil {
			return nil, 0, err
		}
		if len(out) == q.Limit {
			next = last
			break
		}
		p.Creator, p.Stage, p.PartneredAt, p.Terms = c, outreach.Stage(stage), fromUnix(partnered), tr.terms()
		out = append(out, p)
		last = id
	}
	return out, next, rows.Err()
}
