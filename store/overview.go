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

// Overview is what the dashboard's tiles show for one campaign (or all)
// besides the funnel's rates and the trend's week; each field is the
// outreach.Figure named beside it.
type Overview struct {
	Creators CreatorCounts    // outreach.FigureCreators
	Samples  SampleCounts     // InTransit: FigureInTransit; Overdue: FigureOverdue
	Spend    []outreach.Money // outreach.FigureSpend: slot fees of partnerships plus sample costs, per currency
}

// Overview gathers the dashboard's tiles for a campaign ("" is all).
func (s *Store) Overview(ctx context.Context, campaign string) (Overview, error) {
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
	return newCreatorsInvited(ctx, s.db, since)
}

// newCreatorsInvited is NewCreatorsInvited, read with q. A creator an
// import brought with an outcome (a partner from the staffer's old
// spreadsheet, outreach.BroughtOutcome) was in touch before creatordesk
// knew them: not a new creator, although the import dated their
// invitation the day it ran when the file gave no date. Counting them
// spent a week's quota on a file of partners.
func newCreatorsInvited(ctx context.Context, q querier, since time.Time) (int64, error) {
	brought := `SELECT h.creator_id FROM history h INDEXED BY history_imported_stage WHERE ` + importedStageRow + `
		AND h.new_value IN (` + stageList(outreach.BroughtOutcome) + `)`
	var n int64
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM creator_reach
		WHERE furthest_rank >= ? AND first_invited_at >= ? AND creator_id NOT IN (`+brought+`)`,
		outreach.Invited.Rank(), since.Unix()).Scan(&n)
	return n, err
}

// WeekTrend is one week of outreach.FigureTrend: pipelines that reached
// invited and pipelines that first reached partnered, by a move or a sent
// message in that week.
type WeekTrend struct {
	Week               time.Time
	Invited, Partnered int64
}

// Trend returns weeks consecutive weeks ending with the one starting at
// lastWeek (Monday midnight in its location), oldest first, with zeros for
// quiet weeks. The last week's Invited is outreach.FigureInvitedThisWeek.
func (s *Store) Trend(ctx context.Context, campaign string, lastWeek time.Time, weeks int) ([]WeekTrend, error) {
	campaignID, err := s.campaignID(ctx, campaign)
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
	// Counters are per quarter hour (migration 9; every time zone offset
	// is a multiple of a quarter hour), placed into local weeks here, so
	// weeks follow the calendar across DST changes.
	bucket := func(ts int64) int {
		i := sort.Search(len(starts), func(i int) bool { return starts[i] > ts-ts%quarterHour }) - 1
		if i < 0 || i >= weeks {
			return -1
		}
		return i
	}
	count := func(kind string, n int64, ts int64) {
		if i := bucket(ts); i >= 0 {
			if kind == "i" {
				out[i].Invited += n
			} else {
				out[i].Partnered += n
			}
		}
	}
	filter, scopeArgs := "", []any{}
	if campaignID != 0 {
		filter, scopeArgs = " AND campaign_id = ?", []any{campaignID}
	}
	err = s.readTx(ctx, func(tx *sql.Tx) error {
		for _, kind := range []string{"i", "p"} {
			rows, err := tx.QueryContext(ctx, `SELECT bucket, SUM(n) FROM activity_buckets
				WHERE kind = ? AND bucket >= ? AND bucket < ?`+filter+` GROUP BY bucket`,
				append([]any{kind, starts[0], starts[weeks]}, scopeArgs...)...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var ts, n int64
				if err := rows.Scan(&ts, &n); err != nil {
					rows.Close()
					return err
				}
				count(kind, n, ts)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		// A step an import brought carries the import's date: not a
		// week's activity.
		imported, err := importedPipelines(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		for _, p := range imported {
			if outreach.ImportDated(p.entered, outreach.Invited) && p.invitedAt.Valid {
				count("i", -1, p.invitedAt.Int64)
			}
			if outreach.ImportDated(p.entered, outreach.Partnered) && p.partneredAt.Valid {
				count("p", -1, p.partneredAt.Int64)
			}
		}
		return nil
	})
	return out, err
}

// quarterHour is the width of an activity bucket, in seconds.
const quarterHour = 900
