package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"

	"creatordesk/outreach"
)

// ShipmentGroup is where a sample stands for the staffer's review; it is
// computed from the status and the content due date at the store's clock.
type ShipmentGroup string

const (
	GroupOverdue   ShipmentGroup = "overdue"          // delivered, content due date passed, nothing posted
	GroupToShip    ShipmentGroup = "to_ship"          // recorded, not shipped
	GroupInTransit ShipmentGroup = "in_transit"       // shipped, not delivered
	GroupAwaiting  ShipmentGroup = "awaiting_content" // delivered, content not due yet
	GroupPosted    ShipmentGroup = "content_posted"   // the creator posted
)

// ShipmentGroups lists the groups in listing order: overdue first, the
// staffer's daily review.
var ShipmentGroups = []ShipmentGroup{GroupOverdue, GroupToShip, GroupInTransit, GroupAwaiting, GroupPosted}

// Label is the group for people: "awaiting content".
func (g ShipmentGroup) Label() string {
	if g == GroupPosted {
		return "content posted"
	}
	return strings.ReplaceAll(string(g), "_", " ")
}

// rank is the group's place in ShipmentGroups, or -1.
func (g ShipmentGroup) rank() int { return slices.Index(ShipmentGroups, g) }

// sampleSource marks the event-log entries the sample updates write.
const sampleSource = "dashboard"

// ShipmentRow is one sample with who it went to and in which campaign.
type ShipmentRow struct {
	outreach.Shipment
	Handle, DisplayName, Campaign string
	Tier                          outreach.Tier
	Group                         ShipmentGroup
}

// ShipmentCursor marks where a page of shipments ended; the zero cursor is
// the start.
type ShipmentCursor struct {
	Rank int   // the group's place in ShipmentGroups
	Due  int64 // content due date, else shipped, else created (unix seconds)
	ID   int64
}

// Cursor is the row's place in the listing order.
func (r ShipmentRow) Cursor() ShipmentCursor {
	due := r.ContentDueAt
	if due.IsZero() {
		due = r.ShippedAt
	}
	if due.IsZero() {
		due = r.CreatedAt
	}
	return ShipmentCursor{Rank: r.Group.rank(), Due: due.Unix(), ID: r.ID}
}

// ShipmentQuery filters and pages the shipments. Rows come by group
// (ShipmentGroups order), then by due date (content due, else shipped, else
// created), then id; cancelled samples are left out.
type ShipmentQuery struct {
	Campaign string        // "" is every campaign
	Group    ShipmentGroup // "" is every group
	Search   string        // the filter: the creator, SKU or tracking (shipmentMatch)
	After    ShipmentCursor
	// Reverse pages backwards: the rows just before After (the last rows
	// when After is zero), still returned in listing order.
	Reverse bool
	Limit   int // at most MaxPage; a page shorter than Limit is the last
}

// groupCase computes a sample's group rank in SQL; it takes the store's
// clock as its one argument.
var groupCase = fmt.Sprintf(`(CASE
	WHEN sm.status = '%[1]s' AND sm.content_due_at < ? THEN %[5]d
	WHEN sm.status = '%[2]s' THEN %[6]d
	WHEN sm.status = '%[3]s' THEN %[7]d
	WHEN sm.status = '%[1]s' THEN %[8]d
	WHEN sm.status = '%[4]s' THEN %[9]d END)`,
	outreach.SampleArrived, outreach.SampleToShip, outreach.SampleInTransit, outreach.SamplePosted,
	GroupOverdue.rank(), GroupToShip.rank(), GroupInTransit.rank(), GroupAwaiting.rank(), GroupPosted.rank())

// dueKey is the listing's date within a group.
const dueKey = `COALESCE(sm.content_due_at, sm.shipped_at, sm.created_at)`

// listed keeps the samples the listing shows: every status but cancelled.
var listed = fmt.Sprintf(`sm.status IN ('%s', '%s', '%s', '%s')`,
	outreach.SampleToShip, outreach.SampleInTransit, outreach.SampleArrived, outreach.SamplePosted)

// groupFilter narrows to one group with conditions on the status (and
// the due date) that the samples_by_due index serves.
func groupFilter(g ShipmentGroup, now int64) (string, []any) {
	switch g {
	case GroupOverdue:
		return " AND sm.status = ? AND sm.content_due_at < ?", []any{string(outreach.SampleArrived), now}
	case GroupAwaiting:
		return " AND sm.status = ? AND (sm.content_due_at IS NULL OR sm.content_due_at >= ?)", []any{string(outreach.SampleArrived), now}
	case GroupToShip:
		return " AND sm.status = ?", []any{string(outreach.SampleToShip)}
	case GroupInTransit:
		return " AND sm.status = ?", []any{string(outreach.SampleInTransit)}
	}
	return " AND sm.status = ?", []any{string(outreach.SamplePosted)}
}

// Shipments returns one page of samples in listing order after q.After
// (before it, with Reverse). Paging is by key, one group after the other,
// so each query sorts only the rows of one status.
func (s *Store) Shipments(ctx context.Context, q ShipmentQuery) ([]ShipmentRow, error) {
	if q.Limit <= 0 || q.Limit > MaxPage {
		q.Limit = MaxPage
	}
	if q.Group != "" && q.Group.rank() < 0 {
		return nil, fmt.Errorf("unknown shipment group %q", q.Group)
	}
	now := s.now().Unix()
	scope, scopeArgs, err := s.campaignScope(ctx, q.Campaign)
	if err != nil {
		return nil, err
	}
	ranks := make([]int, 0, len(ShipmentGroups))
	for r := range ShipmentGroups {
		if q.After.ID == 0 || (!q.Reverse && r >= q.After.Rank) || (q.Reverse && r <= q.After.Rank) {
			ranks = append(ranks, r)
		}
	}
	op, order := ">", dueKey+", sm.id"
	if q.Reverse {
		slices.Reverse(ranks)
		op, order = "<", dueKey+" DESC, sm.id DESC"
	}
	join := "" // the campaign is on the pipeline
	if scope != "" {
		join = " JOIN pipelines k ON k.id = sm.pipeline_id"
	}
	match, matchArgs, err := shipmentMatch(ctx, s.db, q.Search, true)
	if err != nil {
		return nil, err
	}
	if match != "" {
		join = shipmentSearchJoin
	}
	var out []ShipmentRow
	for _, rank := range ranks {
		g := ShipmentGroups[rank]
		if q.Group != "" && g != q.Group {
			continue
		}
		gf, gfArgs := groupFilter(g, now)
		where := "WHERE 1 = 1" + scope + gf + match
		args := append(append(append([]any{}, scopeArgs...), gfArgs...), matchArgs...)
		if q.After.ID != 0 && rank == q.After.Rank {
			where += " AND (" + dueKey + ", sm.id) " + op + " (?, ?)"
			args = append(args, q.After.Due, q.After.ID)
		}
		// The page's ids first, sorted on the samples alone; the joins then
		// touch only the page.
		rows, err := s.db.QueryContext(ctx, `SELECT `+sampleColumns+`, c.handle, c.display_name, c.tier, cp.name
			FROM (SELECT sm.id FROM samples sm`+join+` `+where+` ORDER BY `+order+` LIMIT ?) p
			JOIN samples sm ON sm.id = p.id JOIN pipelines k ON k.id = sm.pipeline_id
			JOIN creators c ON c.id = k.creator_id JOIN campaigns cp ON cp.id = k.campaign_id
			ORDER BY `+order, append(args, q.Limit-len(out))...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			r := ShipmentRow{Group: g}
			var tier string
			if r.Shipment, err = scanShipment(rows, &r.Handle, &r.DisplayName, &tier, &r.Campaign); err != nil {
				rows.Close()
				return nil, err
			}
			r.Tier = outreach.Tier(tier)
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(out) == q.Limit {
			break
		}
	}
	if q.Reverse {
		slices.Reverse(out)
	}
	return out, nil
}

// ShipmentCounts counts a campaign's samples by group ("" is every
// campaign; every group has an entry) and totals their cost per currency,
// cancelled samples left out.
func (s *Store) ShipmentCounts(ctx context.Context, campaign string) (map[ShipmentGroup]int64, []outreach.Money, error) {
	return s.ShipmentCountsWhere(ctx, ShipmentQuery{Campaign: campaign})
}

// Longest carrier name and tracking number accepted.
const (
	maxCarrier  = 40
	maxTracking = 64
	maxVideoURL = 2048
)

// checkShipping trims and checks a carrier and tracking number.
func checkShipping(carrier, tracking string) (string, string, error) {
	carrier, tracking = strings.TrimSpace(carrier), strings.TrimSpace(tracking)
	for _, f := range []struct {
		name, v string
		max     int
	}{{"carrier", carrier, maxCarrier}, {"tracking number", tracking, maxTracking}} {
		if len([]rune(f.v)) > f.max {
			return "", "", fmt.Errorf("%s is longer than %d characters", f.name, f.max)
		}
		if strings.IndexFunc(f.v, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) >= 0 {
			return "", "", fmt.Errorf("%s has control characters", f.name)
		}
	}
	return carrier, tracking, nil
}

// CheckVideoURL checks that s is a TikTok video address (tiktok.com or one
// of its subdomains, such as vm.tiktok.com short links) and returns it with
// an https scheme.
func CheckVideoURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("no video URL")
	}
	if len(s) > maxVideoURL {
		return "", fmt.Errorf("video URL is longer than %d characters", maxVideoURL)
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil {
		return "", fmt.Errorf("%q is not a URL", s)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return "", fmt.Errorf("%q is not a web address", s)
	}
	host := strings.ToLower(u.Hostname())
	if host != "tiktok.com" && !strings.HasSuffix(host, ".tiktok.com") {
		return "", fmt.Errorf("%q is not a tiktok.com URL", s)
	}
	if strings.Trim(u.Path, "/") == "" {
		return "", fmt.Errorf("%q is not a video's address", s)
	}
	u.Scheme, u.Host = "https", host
	return u.String(), nil
}

// sampleRef is a sample with its pipeline, read inside a write.
type sampleRef struct {
	id                    int64
	pipelineID, creatorID int64
	campaignID            int64
	status                outreach.SampleStatus
	sku                   string
	qty                   int
	pos                   outreach.Position
	// when the steps before were recorded (0: not)
	partneredAt, shippedAt, deliveredAt int64
}

func (s *Store) sampleRef(ctx context.Context, tx *sql.Tx, id int64) (sampleRef, error) {
	r := sampleRef{id: id}
	var status, stage, tier string
	var furthest int
	var dnc bool
	var partnered, shipped, delivered sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT sm.pipeline_id, k.creator_id, k.campaign_id, sm.status, sm.sku, sm.qty, k.stage, k.furthest_rank, c.tier, c.dnc,
			k.partnered_at, sm.shipped_at, sm.delivered_at
		FROM samples sm JOIN pipelines k ON k.id = sm.pipeline_id JOIN creators c ON c.id = k.creator_id
		WHERE sm.id = ?`, id).Scan(&r.pipelineID, &r.creatorID, &r.campaignID, &status, &r.sku, &r.qty, &stage, &furthest, &tier, &dnc,
		&partnered, &shipped, &delivered)
	r.partneredAt, r.shippedAt, r.deliveredAt = partnered.Int64, shipped.Int64, delivered.Int64
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("no sample %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return r, err
	}
	r.status = outreach.SampleStatus(status)
	r.pos = outreach.Position{Stage: outreach.Stage(stage), Furthest: outreach.StageAt(furthest), Tier: outreach.Tier(tier),
		HasSample: true, DoNotContact: dnc}
	return r, nil
}

// need refuses an update when the sample's status is not one of want.
func (r sampleRef) need(id int64, action string, want ...outreach.SampleStatus) error {
	if slices.Contains(want, r.status) {
		return nil
	}
	return fmt.Errorf("sample %d is %s: cannot %s it", id, strings.ReplaceAll(string(r.status), "_", " "), action)
}

// advance moves the sample's pipeline to the stage under the same rules as
// MoveStage and logs it. A pipeline already there, or further along the
// path (a second sample in the campaign), stays where it is and the event
// records the update; a move the rules refuse is an *outreach.MoveError.
func (s *Store) advance(ctx context.Context, tx *sql.Tx, r sampleRef, to outreach.Stage, ts int64, note string) error {
	from := r.pos.Stage
	if from == to || (from.Rank() > to.Rank() && to.Rank() >= 0) {
		return s.logEvent(ctx, tx, r.pipelineID, ts, from, from, note, sampleSource)
	}
	_, err := s.move(ctx, tx, pipelineMove{pipelineID: r.pipelineID, creatorID: r.creatorID, pos: r.pos, to: to,
		at: ts, note: note, source: sampleSource})
	return err
}

// when is the time to record a sample's step given at (zero is now):
// checked by pastTime against prev, the step before, which what names.
func (s *Store) when(at time.Time, prev int64, what string) (int64, error) {
	if at.IsZero() {
		return s.now().Unix(), nil
	}
	return s.pastTime(at, prev, what)
}

// recordSample records the sample's new status in the history, beside the
// stage move it makes, so that an undo can put the status back.
func (s *Store) recordSample(ctx context.Context, tx *sql.Tx, r sampleRef, to outreach.SampleStatus, ts int64) error {
	return s.record(ctx, tx, "", ts, Change{CreatorID: r.creatorID, CampaignID: r.campaignID, RefID: r.id,
		Field: FieldSample, Old: string(r.status), New: string(to)})
}

// shippingNote is the event note of a carrier and tracking number.
func shippingNote(carrier, tracking string) string {
	return strings.TrimSpace(carrier + " " + tracking)
}

// MarkShipped records that a sample left (zero at is now; a day before the
// partnership, or after today, is refused) with a carrier and tracking
// number, and moves the pipeline to sample shipped.
func (s *Store) MarkShipped(ctx context.Context, id int64, carrier, tracking string, at time.Time) error {
	carrier, tracking, err := checkShipping(carrier, tracking)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		r, err := s.sampleRef(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := r.need(id, "ship", outreach.SampleToShip); err != nil {
			return err
		}
		ts, err := s.when(at, r.partneredAt, "the partnership")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE samples SET status = ?, carrier = ?, tracking = ?, shipped_at = ? WHERE id = ?`,
			string(outreach.SampleInTransit), carrier, tracking, ts, id); err != nil {
			return err
		}
		if err := s.recordSample(ctx, tx, r, outreach.SampleInTransit, ts); err != nil {
			return err
		}
		note := fmt.Sprintf("shipped %s ×%d", r.sku, r.qty)
		if v := shippingNote(carrier, tracking); v != "" {
			note += " via " + v
		}
		return s.advance(ctx, tx, r, outreach.SampleShipped, ts, note)
	})
}

// MarkDelivered records that a shipped sample arrived (zero at is now; a
// day before it shipped, or after today, is refused), sets its content due
// date dueDays after the delivery (zero: the platform's 14), and moves the
// pipeline to sample delivered.
func (s *Store) MarkDelivered(ctx context.Context, id int64, at time.Time, dueDays int) error {
	if dueDays <= 0 {
		dueDays = outreach.DefaultContentDueDays
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		r, err := s.sampleRef(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := r.need(id, "mark delivered", outreach.SampleInTransit); err != nil {
			return err
		}
		ts, err := s.when(at, r.shippedAt, "the shipping")
		if err != nil {
			return err
		}
		due := outreach.ContentDue(time.Unix(ts, 0), dueDays)
		if _, err := tx.ExecContext(ctx, `UPDATE samples SET status = ?, delivered_at = ?, content_due_at = ? WHERE id = ?`,
			string(outreach.SampleArrived), ts, due.Unix(), id); err != nil {
			return err
		}
		if err := s.recordSample(ctx, tx, r, outreach.SampleArrived, ts); err != nil {
			return err
		}
		note := fmt.Sprintf("delivered %s ×%d; content due %s", r.sku, r.qty, due.UTC().Format("2006-01-02"))
		return s.advance(ctx, tx, r, outreach.SampleDelivered, ts, note)
	})
}

// MarkPosted records the creator's video for a shipped or delivered sample
// (zero at is now; a day before the delivery, or after today, is refused)
// and moves the pipeline to content posted. The URL must be
// a tiktok.com address.
func (s *Store) MarkPosted(ctx context.Context, id int64, videoURL string, at time.Time) error {
	u, err := CheckVideoURL(videoURL)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		r, err := s.sampleRef(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := r.need(id, "mark posted", outreach.SampleInTransit, outreach.SampleArrived); err != nil {
			return err
		}
		prev, what := r.deliveredAt, "the delivery"
		if prev == 0 {
			prev, what = r.shippedAt, "the shipping"
		}
		ts, err := s.when(at, prev, what)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE samples SET status = ?, content_posted_at = ?, video_url = ? WHERE id = ?`,
			string(outreach.SamplePosted), ts, u, id); err != nil {
			return err
		}
		if err := s.recordSample(ctx, tx, r, outreach.SamplePosted, ts); err != nil {
			return err
		}
		return s.advance(ctx, tx, r, outreach.ContentPosted, ts, "video: "+u)
	})
}

// SetTracking corrects a sample's carrier and tracking number; the pipeline
// stays where it is and the change is logged.
func (s *Store) SetTracking(ctx context.Context, id int64, carrier, tracking string) error {
	carrier, tracking, err := checkShipping(carrier, tracking)
	if err != nil {
		return err
	}
	ts := s.now().Unix()
	return s.tx(ctx, func(tx *sql.Tx) error {
		r, err := s.sampleRef(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := r.need(id, "track", outreach.SampleToShip, outreach.SampleInTransit, outreach.SampleArrived, outreach.SamplePosted); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE samples SET carrier = ?, tracking = ? WHERE id = ?`, carrier, tracking, id); err != nil {
			return err
		}
		note := "tracking: " + shippingNote(carrier, tracking)
		if shippingNote(carrier, tracking) == "" {
			note = "tracking cleared"
		}
		return s.logEvent(ctx, tx, r.pipelineID, ts, r.pos.Stage, r.pos.Stage, note, sampleSource)
	})
}
