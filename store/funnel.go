package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"creatordesk/outreach"
)

// CreatorCounts counts creators by tier.
type CreatorCounts struct {
	Total, Head, Micro int64
}

// CountCreators counts creators by tier, from the counter migration 10
// keeps.
func (s *Store) CountCreators(ctx context.Context) (CreatorCounts, error) {
	return s.countByTier(ctx, "SELECT tier, n FROM creator_counts")
}

// Of is the count of one tier.
func (c CreatorCounts) Of(tier outreach.Tier) int64 {
	switch tier {
	case outreach.Head:
		return c.Head
	case outreach.Micro:
		return c.Micro
	}
	return 0
}

func (c *CreatorCounts) add(tier outreach.Tier, n int64) {
	c.Total += n
	switch tier {
	case outreach.Head:
		c.Head += n
	case outreach.Micro:
		c.Micro += n
	}
}

// countByTier reads (tier, count) rows into CreatorCounts.
func (s *Store) countByTier(ctx context.Context, q string, args ...any) (CreatorCounts, error) {
	var c CreatorCounts
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var tier string
		var n int64
		if err := rows.Scan(&tier, &n); err != nil {
			return c, err
		}
		c.Total += n
		switch outreach.Tier(tier) {
		case outreach.Head:
			c.Head = n
		case outreach.Micro:
			c.Micro = n
		}
	}
	return c, rows.Err()
}

// TierFunnel is the funnel of each tier and of all creators.
type TierFunnel struct {
	All    outreach.Funnel
	ByTier map[outreach.Tier]outreach.Funnel
	// Imported counts what imports brought with its outcome
	// (outreach.BroughtOutcome), left out of the funnel: pipelines in one
	// campaign, creators across all (outreach.FigureImported).
	Imported CreatorCounts
}

// add counts n creators (or pipelines) whose furthest rank is rank in
// tier's funnel and the total; n -1 takes one out.
func (t *TierFunnel) add(tier outreach.Tier, rank int, n int64) {
	if rank < outreach.Invited.Rank() {
		return
	}
	f := t.ByTier[tier]
	f.AddN(outreach.StageAt(rank), n)
	t.ByTier[tier] = f
	t.All.AddN(outreach.StageAt(rank), n)
}

// funnelSums counts, per group, the creators at or past each funnel step
// from a per-creator furthest rank f.
var funnelSums = fmt.Sprintf(`SUM(CASE WHEN f >= %d THEN 1 ELSE 0 END), SUM(CASE WHEN f >= %d THEN 1 ELSE 0 END),
	SUM(CASE WHEN f >= %d THEN 1 ELSE 0 END), SUM(CASE WHEN f >= %d THEN 1 ELSE 0 END)`,
	outreach.Invited.Rank(), outreach.Replied.Rank(), outreach.Partnered.Rank(), outreach.ContentPosted.Rank())

// Funnel counts, by the creators' current tier, how many creators on
// record were invited, replied, partnered and posted, for one campaign
// (campaign "" is all campaigns, where a creator counts once at the
// furthest stage reached in any; use the default campaign's name for it
// alone): outreach.FigureFunnel. Pipelines an import brought with their
// outcome are left out and counted in Imported. It reads the counters the
// triggers of migration 9 keep, a few dozen rows whatever the size of the
// database, and corrects them for the imported pipelines (migration 18).
func (s *Store) Funnel(ctx context.Context, campaign string) (TierFunnel, error) {
	out := TierFunnel{ByTier: map[outreach.Tier]outreach.Funnel{}}
	id, err := s.campaignID(ctx, campaign)
	if err != nil {
		return out, err
	}
	err = s.readTx(ctx, func(tx *sql.Tx) error {
		q, args := `SELECT tier, furthest_rank, n FROM reach_counts WHERE furthest_rank >= ? AND n <> 0`, []any{outreach.Invited.Rank()}
		if id != 0 {
			q = `SELECT tier, furthest_rank, n FROM funnel_counts WHERE campaign_id = ? AND furthest_rank >= ? AND n <> 0`
			args = []any{id, outreach.Invited.Rank()}
		}
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var tier string
			var rank int
			var n int64
			if err := rows.Scan(&tier, &rank, &n); err != nil {
				rows.Close()
				return err
			}
			out.add(outreach.Tier(tier), rank, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		imported, err := importedPipelines(ctx, tx, id)
		if err != nil {
			return err
		}
		if id != 0 {
			for _, p := range imported {
				if outreach.BroughtOutcome(p.entered) {
					out.add(p.tier, p.furthest, -1)
					out.Imported.add(p.tier, 1)
				}
			}
			return nil
		}
		return s.uncountBrought(ctx, tx, imported, &out)
	})
	return out, err
}

// uncountBrought corrects the all-campaigns funnel for creators with a
// pipeline an import brought with its outcome: each moves from the furthest
// stage of all their pipelines to the furthest of those on record, or out
// of the funnel when they have none.
func (s *Store) uncountBrought(ctx context.Context, tx *sql.Tx, imported []importedPipeline, out *TierFunnel) error {
	brought := map[int64]bool{} // pipeline ids
	tiers := map[int64]outreach.Tier{}
	var creators []any
	for _, p := range imported {
		if !outreach.BroughtOutcome(p.entered) {
			continue
		}
		brought[p.id] = true
		if _, ok := tiers[p.creatorID]; !ok {
			tiers[p.creatorID] = p.tier
			creators = append(creators, p.creatorID)
		}
	}
	reach, onRecord := map[int64]int{}, map[int64]int{}
	for len(creators) > 0 {
		chunk := creators[:min(len(creators), 500)]
		creators = creators[len(chunk):]
		rows, err := tx.QueryContext(ctx, `SELECT id, creator_id, furthest_rank FROM pipelines
			WHERE creator_id IN (`+placeholders(len(chunk))+`)`, chunk...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, creator int64
			var rank int
			if err := rows.Scan(&id, &creator, &rank); err != nil {
				rows.Close()
				return err
			}
			if _, ok := reach[creator]; !ok {
				reach[creator], onRecord[creator] = -1, -1
			}
			reach[creator] = max(reach[creator], rank)
			if !brought[id] {
				onRecord[creator] = max(onRecord[creator], rank)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for creator, tier := range tiers {
		out.add(tier, reach[creator], -1)
		out.add(tier, onRecord[creator], 1)
		out.Imported.add(tier, 1)
	}
	return nil
}

// importedStageRow picks, for history rows h, the first row of a pipeline
// an import started past prospect: the rows migration 18's partial index
// holds (the terms must stay as written there for SQLite to use it).
const importedStageRow = `h.field = 'stage' AND h.old_value = '' AND h.new_value NOT IN ('prospect', 'do_not_contact')`

// importedPipeline is a pipeline an import started past prospect.
type importedPipeline struct {
	id, creatorID, campaignID int64
	tier                      outreach.Tier
	furthest                  int
	entered                   outreach.Stage
	invitedAt, partneredAt    sql.NullInt64
}

// importedPipelines lists the pipelines imports started past prospect, in
// one campaign or (campaignID 0) all. The history names the stage; its
// time is the pipeline's creation, which tells this pipeline from an
// earlier one of the same creator and campaign. CROSS JOIN keeps SQLite
// reading the small index first, not every pipeline of the campaign.
func importedPipelines(ctx context.Context, q querier, campaignID int64) ([]importedPipeline, error) {
	query := `SELECT k.id, k.creator_id, k.campaign_id, c.tier, k.furthest_rank, h.new_value, k.invited_at, k.partnered_at
		FROM history h INDEXED BY history_imported_stage
		CROSS JOIN pipelines k ON k.creator_id = h.creator_id AND k.campaign_id = h.campaign_id AND k.created_at = h.at
		JOIN creators c ON c.id = k.creator_id
		WHERE ` + importedStageRow
	var args []any
	if campaignID != 0 {
		query += ` AND h.campaign_id = ?`
		args = append(args, campaignID)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []importedPipeline
	for rows.Next() {
		var p importedPipeline
		var tier, entered string
		if err := rows.Scan(&p.id, &p.creatorID, &p.campaignID, &tier, &p.furthest, &entered, &p.invitedAt, &p.partneredAt); err != nil {
			return nil, err
		}
		p.tier, p.entered = outreach.Tier(tier), outreach.Stage(entered)
		out = append(out, p)
	}
	return out, rows.Err()
}

// broughtSQL is true for the pipeline k when an import brought it with its
// outcome (outreach.BroughtOutcome).
var broughtSQL = `EXISTS (SELECT 1 FROM history h INDEXED BY history_imported_stage
	WHERE h.creator_id = k.creator_id AND h.campaign_id = k.campaign_id AND h.at = k.created_at AND ` + importedStageRow + `
	AND h.new_value IN (` + stageList(outreach.BroughtOutcome) + `))`

// stageList is the stages that satisfy keep, quoted for SQL.
func stageList(keep func(outreach.Stage) bool) string {
	var out []string
	for _, st := range outreach.Stages {
		if keep(st) {
			out = append(out, "'"+string(st)+"'")
		}
	}
	return strings.Join(out, ", ")
}

func (s *Store) campaignID(ctx context.Context, name string) (int64, error) {
	if name == "" {
		return 0, nil
	}
	c, err := s.Campaign(ctx, name)
	return c.ID, err
}

// WeekFunnel is the funnel of the creators first invited in one week.
type WeekFunnel struct {
	Week time.Time // start of the week, local midnight
	outreach.Funnel
}

// week boundaries are computed in SQL as whole weeks since a Monday.
const (
	secondsPerWeek = 7 * 24 * 3600
)

// FunnelByWeek groups the funnel by the week of each creator's invitation,
// oldest first, for invitations at or after since. Weeks start on Monday
// in loc. Like Funnel, it counts creators on record: a pipeline an import
// brought with its outcome is left out, and across all campaigns a creator
// counts once, in the week of their first invitation on record.
func (s *Store) FunnelByWeek(ctx context.Context, campaign string, since time.Time, loc *time.Location) ([]WeekFunnel, error) {
	id, err := s.campaignID(ctx, campaign)
	if err != nil {
		return nil, err
	}
	// A Monday midnight in loc: weeks are counted from it, and the UTC
	// offset of that moment shifts the buckets to local weeks.
	epoch := time.Date(2024, 1, 1, 0, 0, 0, 0, loc).Unix()
	invited := outreach.Invited.Rank()
	sub := `SELECT k.creator_id, k.furthest_rank AS f, k.invited_at AS w FROM pipelines k
		WHERE k.campaign_id = ? AND k.furthest_rank >= ? AND NOT ` + broughtSQL
	args := []any{id, invited}
	if id == 0 {
		// The counters' row per creator, except for creators with a
		// pipeline an import brought (few): theirs from the pipelines on
		// record.
		brought := `SELECT h.creator_id FROM history h INDEXED BY history_imported_stage WHERE ` + importedStageRow + `
			AND h.new_value IN (` + stageList(outreach.BroughtOutcome) + `)`
		sub = `SELECT r.creator_id, r.furthest_rank AS f, r.first_invited_at AS w FROM creator_reach r
			WHERE r.furthest_rank >= ? AND r.creator_id NOT IN (` + brought + `)
			UNION ALL
			SELECT k.creator_id, MAX(k.furthest_rank), MIN(k.invited_at) FROM pipelines k
			WHERE k.furthest_rank >= ? AND k.creator_id IN (` + brought + `) AND NOT ` + broughtSQL + `
			GROUP BY k.creator_id`
		args = []any{invited, invited}
	}
	args = append(append([]any{epoch}, args...), since.Unix())
	// Shift by whole weeks so the division never sees a negative number
	// (SQL division rounds those towards zero). Weeks are fixed 7×24 h
	// from that Monday, so around a DST change a bucket edge may be off by
	// the hour shifted.
	rows, err := s.db.QueryContext(ctx, fmt.Sprintf(`SELECT wk, `+funnelSums+` FROM (
			SELECT ((w - ? + %[1]d) / %[2]d) - %[3]d AS wk, f FROM (`+sub+`) p WHERE w >= ?
		) x GROUP BY wk ORDER BY wk`, 5200*secondsPerWeek, secondsPerWeek, 5200), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []WeekFunnel
	for rows.Next() {
		var wk int64
		var f outreach.Funnel
		if err := rows.Scan(&wk, &f.Invited, &f.Replied, &f.Partnered, &f.ContentPosted); err != nil {
			return nil, err
		}
		start := time.Unix(epoch, 0).In(loc).AddDate(0, 0, int(wk)*7)
		out = append(out, WeekFunnel{Week: start, Funnel: f})
	}
	return out, rows.Err()
}
