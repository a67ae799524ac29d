package store

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"creatordesk/outreach"
)

// Pipeline is one creator's collaboration in one campaign, for the detail
// pane.
type Pipeline struct {
	Campaign  string
	Position  outreach.Position // stage, furthest, tier, sample: what moves are allowed
	StageAt   time.Time
	InvitedAt time.Time
	Terms     outreach.Terms
	Samples   []outreach.Shipment
}

// Pipelines returns a creator's pipelines with their terms and samples,
// most recently moved first (a creator is in a handful of campaigns).
func (s *Store) Pipelines(ctx context.Context, handle string) ([]Pipeline, error) {
	h, err := outreach.NormalizeHandle(handle)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT k.id, cp.name, k.stage, k.furthest_rank, c.tier, c.dnc, k.stage_at, k.invited_at, `+termsColumns+`
		FROM pipelines k JOIN creators c ON c.id = k.creator_id JOIN campaigns cp ON cp.id = k.campaign_id
		WHERE c.handle = ? ORDER BY k.stage_at DESC, k.id DESC LIMIT ?`, h, MaxCampaigns)
	if err != nil {
		return nil, err
	}
	var out []Pipeline
	var ids []int64
	for rows.Next() {
		var p Pipeline
		var id int64
		var stage, tier string
		var furthest int
		var dnc bool
		var stageAt int64
		var invited sql.NullInt64
		var tr termsRow
		if err := rows.Scan(append([]any{&id, &p.Campaign, &stage, &furthest, &tier, &dnc, &stageAt, &invited}, tr.dest()...)...); err != nil {
			rows.Close()
			return nil, err
		}
		p.Position = outreach.Position{Stage: outreach.Stage(stage), Furthest: outreach.StageAt(furthest), Tier: outreach.Tier(tier), DoNotContact: dnc}
		p.StageAt, p.InvitedAt = time.Unix(stageAt, 0), fromUnix(invited)
		p.Terms = tr.terms()
		out = append(out, p)
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, id := range ids {
		sh, err := s.samplesOf(ctx, id)
		if err != nil {
			return nil, err
		}
		out[i].Samples = sh
		out[i].Position.HasSample = len(sh) > 0
	}
	return out, nil
}

const sampleColumns = `sm.id, sm.sku, sm.qty, sm.unit_cost_minor, sm.currency, sm.carrier, sm.tracking, sm.status,
	sm.created_at, sm.shipped_at, sm.delivered_at, sm.content_due_at, sm.content_posted_at, sm.video_url`

func scanShipment(r scanner, extra ...any) (outreach.Shipment, error) {
	var sh outreach.Shipment
	var status string
	var created int64
	var shipped, delivered, due, posted sql.NullInt64
	err := r.Scan(append([]any{&sh.ID, &sh.SKU, &sh.Qty, &sh.UnitCost.Minor, &sh.UnitCost.Currency, &sh.Carrier, &sh.Tracking, &status,
		&created, &shipped, &delivered, &due, &posted, &sh.VideoURL}, extra...)...)
	sh.Status, sh.CreatedAt = outreach.SampleStatus(status), time.Unix(created, 0)
	sh.ShippedAt, sh.DeliveredAt, sh.ContentDueAt, sh.ContentPostedAt = fromUnix(shipped), fromUnix(delivered), fromUnix(due), fromUnix(posted)
	return sh, err
}

func (s *Store) samplesOf(ctx context.Context, pipelineID int64) ([]outreach.Shipment, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+sampleColumns+" FROM samples sm WHERE sm.pipeline_id = ? ORDER BY sm.id DESC LIMIT 50", pipelineID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []outreach.Shipment
	for rows.Next() {
		sh, err := scanShipment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sh)
	}
	return out, rows.Err()
}

// Overview is what the dashboard's tiles show for one campaign (or all).
type Overview struct {
	Creators        CreatorCounts // in the campaign's pipelines, or all creators
	InvitedThisWeek int64         // creators first invited since the week began
	Samples         SampleCounts
	Spend           []outreach.Money // slot fees of partnerships plus sample costs, per currency
}

// Overview gathers the dashboard's tiles. weekStart is when "this week"
// began.
func (s *Store) Overview(ctx context.Context, campaign string, weekStart time.Time) (Overview, error) {
	var o Overview
	scope, scopeArgs, err := s.campaignScope(ctx, campaign)
	if err != nil {
		return o, err
	}
	if campaign == "" {
		if o.Creators, err = s.CountCreators(ctx); err != nil {
			return o, err
		}
	} else {
		// Pipelines in the campaign by tier: the funnel counters summed.
		if o.Creators, err = s.countByTier(ctx, `SELECT tier, SUM(n) FROM funnel_counts WHERE campaign_id = ? GROUP BY tier`, scopeArgs...); err != nil {
			return o, err
		}
	}
	campaignID, err := s.campaignID(ctx, campaign)
	if err != nil {
		return o, err
	}
	if o.InvitedThisWeek, err = s.newCreatorsInvited(ctx, campaignID, weekStart); err != nil {
		return o, err
	}
	if o.Samples, err = s.countSamples(ctx, scope, scopeArgs); err != nil {
		return o, err
	}
	// Slot fees of partnerships and the cost of samples: the counters of
	// migration 9.
	filter := ""
	if scope != "" {
		filter = " AND campaign_id = ?"
	}
	spend := map[string]int64{}
	rows, err := s.db.QueryContext(ctx, `SELECT currency, SUM(n) FROM money_counts WHERE kind IN ('fee', 'sample')`+filter+` GROUP BY currency`, scopeArgs...)
	if err != nil {
		return o, err
	}
	defer rows.Close()
	for rows.Next() {
		var cur string
		var n int64
		if err := rows.Scan(&cur, &n); err != nil {
			return o, err
		}
		spend[cur] += n
	}
	for cur, n := range spend {
		if n != 0 {
			o.Spend = append(o.Spend, outreach.Money{Minor: n, Currency: cur})
		}
	}
	sort.Slice(o.Spend, func(i, j int) bool { return o.Spend[i].Currency < o.Spend[j].Currency })
	return o, rows.Err()
}

// NewCreatorsInvited counts creators whose first invitation, in any
// campaign, was at or after since: the unit TikTok's weekly quota counts (a
// creator already in touch costs nothing more).
func (s *Store) NewCreatorsInvited(ctx context.Context, since time.Time) (int64, error) {
	return s.newCreatorsInvited(ctx, 0, since)
}

func (s *Store) newCreatorsInvited(ctx context.Context, campaignID int64, since time.Time) (int64, error) {
	sub, args := perCreator(campaignID)
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+sub+`) p WHERE w >= ?`, append(args, since.Unix())...).Scan(&n)
	return n, err
}

// WeekTrend is one week of activity: creators first invited and pipelines
// that first reached partnered.
type WeekTrend struct {
	Week               time.Time
	Invited, Partnered int64
}

// Trend returns weeks consecutive weeks ending with the one starting at
// lastWeek (Monday midnight in its location), oldest first, with zeros for
// quiet weeks.
func (s *Store) Trend(ctx context.Context, campaign string, lastWeek time.Time, weeks int) ([]WeekTrend, error) {
	_, scopeArgs, err := s.campaignScope(ctx, campaign)
	if err != nil {
		return nil, err
	}
	out := make([]WeekTrend, weeks)
	starts := make([]int64, weeks+1)
	for i := range weeks + 1 {
		w := lastWeek.AddDate(0, 0, 7*(i-weeks+1))
		if i < weeks {
			out[i].Week = w
		}
		starts[i] = w.Unix()
	}
	bucket := func(ts int64) int {
		i := sort.Search(len(starts), func(i int) bool { return starts[i] > ts }) - 1
		if i < 0 || i >= weeks {
			return -1
		}
		return i
	}
	filter := ""
	if len(scopeArgs) > 0 {
		filter = " AND campaign_id = ?"
	}
	for _, kind := range []string{"i", "p"} {
		// Quarter-hour counters (migration 9; every time zone offset is a
		// multiple of a quarter hour) placed into local weeks here, so
		// weeks follow the calendar across DST changes.
		rows, err := s.db.QueryContext(ctx, `SELECT bucket, SUM(n) FROM activity_buckets
			WHERE kind = ? AND bucket >= ? AND bucket < ?`+filter+` GROUP BY bucket`,
			append([]any{kind, starts[0], starts[weeks]}, scopeArgs...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var hour, n int64
			if err := rows.Scan(&hour, &n); err != nil {
				rows.Close()
				return nil, err
			}
			if i := bucket(hour); i >= 0 {
				if kind == "i" {
					out[i].Invited += n
				} else {
					out[i].Partnered += n
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
