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
	// Search narrows to the creators the filter matches (search.go):
	// handle, name, email or tag.
	Search  string
	AfterID int64 // page after this pipeline id
	Limit   int   // at most MaxPage
}

func (s *Store) partnerFilter(ctx context.Context, q PartnerQuery) (string, []any, error) {
	return s.partnerFilterOn(ctx, q, "k.stage_rank", false)
}

// partnerFilterOn is partnerFilter with the stage written as rank, which
// may be "+k.stage_rank" to keep the planner off the stage index; page
// says it reads one page of many (creatorMatch).
func (s *Store) partnerFilterOn(ctx context.Context, q PartnerQuery, rank string, page bool) (string, []any, error) {
	where := []string{rank + " >= ? AND " + rank + " <= ?"}
	args := []any{outreach.Partnered.Rank(), outreach.ContentPosted.Rank()}
	match, matchArgs, err := creatorMatch(ctx, s.db, "c", q.Search, page)
	if err != nil {
		return "", nil, err
	}
	if match != "" {
		where = append(where, match)
		args = append(args, matchArgs...)
	}
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
	err = s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM pipelines k JOIN creators c ON c.id = k.creator_id"+where, args...).Scan(&n)
	return n, err
}

// partnershipsSQL reads one page of partnerships after an id. The CROSS
// JOINs keep pipelines the outer loop and the unary + on the stage (in the
// filter) keeps it off the stage index, so pipelines are read in id order
// from the last page on: otherwise, with a handful of campaigns, SQLite's
// planner gathered every partnership of each campaign through the stage
// index for every page, which made exporting 249,000 partnerships take
// minutes instead of seconds. (In PostgreSQL a CROSS JOIN with these
// conditions is the same inner join, and + is a no-op.)
func partnershipsSQL(where string) string {
	return "SELECT " + creatorColumns + `, k.id, cp.name, k.stage, k.partnered_at, ` + termsColumns + `
		FROM pipelines k CROSS JOIN creators c CROSS JOIN campaigns cp` + where +
		" AND c.id = k.creator_id AND cp.id = k.campaign_id AND k.id > ? ORDER BY k.id LIMIT ?"
}

// Partnerships returns one page of partnerships in pipeline order and the
// id to pass as AfterID for the next page (0 when this was the last).
func (s *Store) Partnerships(ctx context.Context, q PartnerQuery) ([]outreach.Partnership, int64, error) {
	if q.Limit <= 0 || q.Limit > MaxPage {
		q.Limit = MaxPage
	}
	where, args, err := s.partnerFilterOn(ctx, q, "+k.stage_rank", true)
	if err != nil {
		return nil, 0, err
	}
	args = append(args, q.AfterID, q.Limit+1)
	rows, err := s.db.QueryContext(ctx, partnershipsSQL(where), args...)
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
