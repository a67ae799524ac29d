package store

import (
	"context"
	"fmt"
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
}

// funnelSums counts, per group, the creators at or past each funnel step
// from a per-creator furthest rank f.
var funnelSums = fmt.Sprintf(`SUM(CASE WHEN f >= %d THEN 1 ELSE 0 END), SUM(CASE WHEN f >= %d THEN 1 ELSE 0 END),
	SUM(CASE WHEN f >= %d THEN 1 ELSE 0 END), SUM(CASE WHEN f >= %d THEN 1 ELSE 0 END)`,
	outreach.Invited.Rank(), outreach.Replied.Rank(), outreach.Partnered.Rank(), outreach.ContentPosted.Rank())

// perCreator yields one row per invited creator (creator_id, f = furthest
// rank, w = first invitation time) for one campaign, or across all
// campaigns, where a creator in several counts once at the furthest stage
// reached (creator_reach, kept by triggers: migration 9).
func perCreator(campaignID int64) (string, []any) {
	if campaignID != 0 {
		return `SELECT creator_id, furthest_rank AS f, invited_at AS w FROM pipelines
			WHERE campaign_id = ? AND furthest_rank >= ?`, []any{campaignID, outreach.Invited.Rank()}
	}
	return `SELECT creator_id, furthest_rank AS f, first_invited_at AS w FROM creator_reach
		WHERE furthest_rank >= ?`, []any{outreach.Invited.Rank()}
}

// Funnel counts, by the creators' current tier, how many creators were
// invited, replied, partnered and posted, for one campaign (campaign "" is
// all campaigns; use the default campaign's name for it alone). It reads
// the counters the triggers of migration 9 keep, a few dozen rows
// whatever the size of the database.
func (s *Store) Funnel(ctx context.Context, campaign string) (TierFunnel, error) {
	out := TierFunnel{ByTier: map[outreach.Tier]outreach.Funnel{}}
	id, err := s.campaignID(ctx, campaign)
	if err != nil {
		return out, err
	}
	q, args := `SELECT tier, furthest_rank, n FROM reach_counts WHERE furthest_rank >= ? AND n <> 0`, []any{outreach.Invited.Rank()}
	if id != 0 {
		q = `SELECT tier, furthest_rank, n FROM funnel_counts WHERE campaign_id = ? AND furthest_rank >= ? AND n <> 0`
		args = []any{id, outreach.Invited.Rank()}
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var tier string
		var rank int
		var n int64
		if err := rows.Scan(&tier, &rank, &n); err != nil {
			return out, err
		}
		f := out.ByTier[outreach.Tier(tier)]
		f.AddN(outreach.StageAt(rank), n)
		out.ByTier[outreach.Tier(tier)] = f
		out.All.AddN(outreach.StageAt(rank), n)
	}
	return out, rows.Err()
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
// in loc.
func (s *Store) FunnelByWeek(ctx context.Context, campaign string, since time.Time, loc *time.Location) ([]WeekFunnel, error) {
	id, err := s.campaignID(ctx, campaign)
	if err != nil {
		return nil, err
	}
	// A Monday midnight in loc: weeks are counted from it, and the UTC
	// offset of that moment shifts the buckets to local weeks.
	epoch := time.Date(2024, 1, 1, 0, 0, 0, 0, loc).Unix()
	sub, args := perCreator(id)
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
