package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"creatordesk/outreach"
)

// MaxPage bounds one page of any listing.
const MaxPage = 1000

const creatorColumns = `c.id, c.handle, c.display_name, c.region, c.category, c.followers, c.avg_views, c.engagement_bp,
	c.gmv30_minor, c.gmv30_currency, c.email, c.phone, c.notes, c.tier, c.tier_manual, c.dnc, c.dnc_reason, c.dnc_at,
	c.created_at, c.updated_at, c.last_contact_at`

type scanner interface{ Scan(dest ...any) error }

func scanCreator(r scanner, extra ...any) (outreach.Creator, error) {
	var c outreach.Creator
	var followers, views, engagement, gmv, dncAt, created, updated, contact sql.NullInt64
	var gmvCur, tier string
	dest := []any{&c.ID, &c.Handle, &c.DisplayName, &c.Region, &c.Category, &followers, &views, &engagement,
		&gmv, &gmvCur, &c.Email, &c.Phone, &c.Notes, &tier, &c.TierManual, &c.DoNotContact, &c.DNCReason, &dncAt,
		&created, &updated, &contact}
	if err := r.Scan(append(dest, extra...)...); err != nil {
		return c, err
	}
	if followers.Valid {
		c.Followers = &followers.Int64
	}
	if views.Valid {
		c.AvgViews = &views.Int64
	}
	if engagement.Valid {
		bp := outreach.BasisPoints(engagement.Int64)
		c.Engagement = &bp
	}
	if gmv.Valid {
		c.GMV30 = &outreach.Money{Minor: gmv.Int64, Currency: gmvCur}
	}
	c.Tier = outreach.Tier(tier)
	c.DNCAt, c.CreatedAt, c.UpdatedAt, c.LastContactAt = fromUnix(dncAt), fromUnix(created), fromUnix(updated), fromUnix(contact)
	return c, nil
}

// Creator returns one creator by handle, written in any form.
func (s *Store) Creator(ctx context.Context, handle string) (outreach.Creator, error) {
	h, err := outreach.NormalizeHandle(handle)
	if err != nil {
		return outreach.Creator{}, fmt.Errorf("handle %q: %w", handle, err)
	}
	c, err := scanCreator(s.db.QueryRowContext(ctx, "SELECT "+creatorColumns+" FROM creators c WHERE c.handle = ?", h))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("no creator @%s: %w", h, ErrNotFound)
	}
	if err != nil {
		return c, err
	}
	cs := []outreach.Creator{c}
	err = s.loadTags(ctx, cs)
	return cs[0], err
}

// CreatorSort orders a creator listing.
type CreatorSort int

const (
	ByFollowers   CreatorSort = iota // most followers first, unknown last
	ByHandle                         // a → z
	ByLastContact                    // most recently contacted first, never last
	ByStage                          // furthest along the pipeline first (Campaign, or the latest pipeline)
)

// Cursor marks where a page ended; the zero Cursor is the start.
type Cursor struct {
	Key    int64
	Handle string
	ID     int64
}

// CreatorQuery filters and pages the creators.
type CreatorQuery struct {
	Search   string // a fragment of the handle, name, email or a tag (search.go)
	Tier     outreach.Tier
	Region   string
	Tag      string
	Campaign string         // "" is every campaign
	Stage    outreach.Stage // current stage in Campaign (in any campaign when "")
	// Members narrows Stage prospect to the campaign's own creators: those
	// with a pipeline in it at prospect (for the default campaign, also
	// those in no campaign at all). Without it a creator not yet in the
	// campaign is a prospect for it, as the Creators screen lists them.
	Members bool
	Sort    CreatorSort
	// Flip turns Sort's order around: fewest followers first (unknown
	// first of all), z → a, longest since contact (never first), least
	// far along the pipeline.
	Flip  bool
	After Cursor
	// Reverse pages backwards: the rows just before After in Sort order
	// (the last rows when After is zero), still returned in Sort order;
	// continue backwards from the page's First.
	Reverse bool
	Limit   int // at most MaxPage
}

// CreatorPage is one page of creators; More is true when another follows
// from Next (precedes it, for a Reverse query).
type CreatorPage struct {
	Creators []outreach.Creator
	// Stages holds each creator's stage in the query's campaign, or in
	// their most recently moved pipeline when the query names none;
	// prospect when they are in no pipeline.
	Stages []outreach.Stage
	// Keys holds each row's cursor; First and Next are those of the first
	// and last rows.
	Keys        []Cursor
	First, Next Cursor
	More        bool
}

// likeEscape escapes LIKE wildcards in a user's fragment.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// creatorFilter builds the filter shared by listing (page) and counting.
func (s *Store) creatorFilter(ctx context.Context, q CreatorQuery, page bool) ([]string, []any, error) {
	var where []string
	var args []any
	m, args, err := creatorMatch(ctx, s.db, "c", q.Search, page)
	if err != nil {
		return nil, nil, err
	}
	if m != "" {
		where = append(where, m)
	}
	if q.Tier != "" {
		where = append(where, "c.tier = ?")
		args = append(args, string(q.Tier))
	}
	if q.Region != "" {
		where = append(where, "c.region = ?")
		args = append(args, strings.ToUpper(q.Region))
	}
	if q.Tag != "" {
		where = append(where, "EXISTS (SELECT 1 FROM creator_tags t WHERE t.creator_id = c.id AND t.tag = ?)")
		args = append(args, strings.ToLower(strings.TrimSpace(q.Tag)))
	}
	if q.Stage != "" {
		scope, scopeArgs, err := s.campaignScope(ctx, q.Campaign)
		if err != nil {
			return nil, nil, err
		}
		switch {
		case q.Stage == outreach.Prospect && q.Members && q.Campaign != "":
			in := `EXISTS (SELECT 1 FROM pipelines k WHERE k.creator_id = c.id` + scope + ` AND k.stage = ?)`
			if strings.EqualFold(strings.TrimSpace(q.Campaign), outreach.DefaultCampaign) {
				// the default campaign's own: creators in no campaign too
				in = `(NOT EXISTS (SELECT 1 FROM pipelines k0 WHERE k0.creator_id = c.id) OR ` + in + `)`
			}
			where = append(where, in)
		case q.Stage == outreach.Prospect:
			// A creator not yet in the campaign is a prospect for it.
			where = append(where, `NOT EXISTS (SELECT 1 FROM pipelines k WHERE k.creator_id = c.id`+scope+` AND k.stage <> ?)`)
		default:
			where = append(where, "EXISTS (SELECT 1 FROM pipelines k WHERE k.creator_id = c.id"+scope+" AND k.stage = ?)")
		}
		args = append(append(args, scopeArgs...), string(q.Stage))
	}
	return where, args, nil
}

// campaignScope narrows a pipelines subquery (alias k) to a campaign; "" is
// every campaign.
func (s *Store) campaignScope(ctx context.Context, campaign string) (string, []any, error) {
	if campaign == "" {
		return "", nil, nil
	}
	camp, err := s.Campaign(ctx, campaign)
	if err != nil {
		return "", nil, err
	}
	return " AND k.campaign_id = ?", []any{camp.ID}, nil
}

// Creators returns one page of creators matching q, in q.Sort order, after
// q.After (or before it, with Reverse). Paging is by key, so a page deep in
// a million rows costs what the first does.
func (s *Store) Creators(ctx context.Context, q CreatorQuery) (CreatorPage, error) {
	var page CreatorPage
	if q.Limit <= 0 || q.Limit > MaxPage {
		q.Limit = MaxPage
	}
	where, args, err := s.creatorFilter(ctx, q, true)
	if err != nil {
		return page, err
	}
	scope, scopeArgs, err := s.campaignScope(ctx, q.Campaign)
	if err != nil {
		return page, err
	}
	// The stage shown: in the campaign, else the latest pipeline's; under
	// a stage filter, the pipeline at that stage.
	stageCol := `(SELECT k.stage FROM pipelines k WHERE k.creator_id = c.id` + scope + ` ORDER BY CASE WHEN k.stage = ? THEN 0 ELSE 1 END, k.stage_at DESC, k.id DESC LIMIT 1)`
	stageArgs := append(append([]any{}, scopeArgs...), string(q.Stage))
	// Every sort is (key DESC, id DESC) or, by handle, (handle ASC): keyset
	// comparisons flip with the direction.
	var key string
	var keyArgs []any
	switch q.Sort {
	case ByHandle:
		key = "0"
	case ByLastContact:
		key = "COALESCE(c.last_contact_at, 0)"
	case ByStage:
		// Path stages by rank; exits below prospect; no pipeline is prospect.
		key = fmt.Sprintf(`COALESCE((SELECT MAX(CASE WHEN k.stage_rank < %d THEN k.stage_rank ELSE -1 END)
			FROM pipelines k WHERE k.creator_id = c.id`+scope+`), 0)`, len(outreach.Path))
		keyArgs = scopeArgs
	default:
		key = "COALESCE(c.followers, -1)"
	}
	// natural is whether rows are read in the sort's own order: paging
	// backwards and Flip each turn it around.
	natural := q.Reverse == q.Flip
	if q.After != (Cursor{}) {
		if q.Sort == ByHandle {
			where = append(where, "c.handle "+map[bool]string{true: ">", false: "<"}[natural]+" ?")
			args = append(args, q.After.Handle)
		} else {
			where = append(where, "("+key+", c.id) "+map[bool]string{true: "<", false: ">"}[natural]+" (?, ?)")
			args = append(append(args, keyArgs...), q.After.Key, q.After.ID)
			if q.Sort != ByStage {
				// Redundant, but SQLite seeks the expression index with a
				// plain comparison, not with a row value: a page in the
				// middle of a million rows was a scan from the top (47 ms).
				where = append(where, key+" "+map[bool]string{true: "<=", false: ">="}[natural]+" ?")
				args = append(args, q.After.Key)
			}
		}
	}
	order := key + " DESC, c.id DESC"
	if q.Sort == ByHandle {
		order = "c.handle"
	}
	if !natural {
		order = key + " ASC, c.id ASC"
		if q.Sort == ByHandle {
			order = "c.handle DESC"
		}
	}
	sqlText := "SELECT " + creatorColumns + ", " + key + ", COALESCE(" + stageCol + ", '') FROM creators c"
	if len(where) > 0 {
		sqlText += " WHERE " + strings.Join(where, " AND ")
	}
	sqlText += " ORDER BY " + order + " LIMIT ?"
	// Placeholders run: select-list key, select-list stage, WHERE, ORDER BY key.
	all := append(append(append([]any{}, keyArgs...), stageArgs...), args...)
	if q.Sort == ByStage {
		all = append(all, keyArgs...)
	}
	rows, err := s.db.QueryContext(ctx, sqlText, append(all, q.Limit+1)...)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	for rows.Next() {
		var k int64
		var stage string
		c, err := scanCreator(rows, &k, &stage)
		if err != nil {
			return page, err
		}
		if len(page.Creators) == q.Limit {
			page.More = true
			break
		}
		if stage == "" {
			stage = string(outreach.Prospect)
		}
		page.Creators = append(page.Creators, c)
		page.Stages = append(page.Stages, outreach.Stage(stage))
		page.Next = Cursor{Key: k, Handle: c.Handle, ID: c.ID}
		page.Keys = append(page.Keys, page.Next)
		if len(page.Creators) == 1 {
			page.First = page.Next
		}
	}
	if err := rows.Err(); err != nil {
		return page, err
	}
	rows.Close()
	if q.Reverse { // fetched backwards: put them in display order
		slices.Reverse(page.Creators)
		slices.Reverse(page.Stages)
		slices.Reverse(page.Keys)
		page.First, page.Next = page.Next, page.First
	}
	return page, s.loadTags(ctx, page.Creators)
}

// CountCreatorsWhere counts the creators a query would list.
func (s *Store) CountCreatorsWhere(ctx context.Context, q CreatorQuery) (int64, error) {
	var n int64
	if (q == CreatorQuery{Search: q.Search, Campaign: q.Campaign, Sort: q.Sort, Flip: q.Flip, After: q.After, Reverse: q.Reverse, Limit: q.Limit}) {
		// the filter alone: count what the indexes match, not the rows
		ids, args, ok, err := matchedIDs(ctx, s.db, q.Search)
		if err != nil {
			return 0, err
		}
		if ok {
			err = s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM ("+ids+")", args...).Scan(&n)
			return n, err
		}
	}
	where, args, err := s.creatorFilter(ctx, q, false)
	if err != nil {
		return 0, err
	}
	sqlText := "SELECT COUNT(*) FROM creators c"
	if len(where) > 0 {
		sqlText += " WHERE " + strings.Join(where, " AND ")
	}
	err = s.db.QueryRowContext(ctx, sqlText, args...).Scan(&n)
	return n, err
}

func (s *Store) loadTags(ctx context.Context, cs []outreach.Creator) error {
	if len(cs) == 0 {
		return nil
	}
	idx := make(map[int64]int, len(cs))
	args := make([]any, len(cs))
	for i, c := range cs {
		idx[c.ID] = i
		args[i] = c.ID
	}
	rows, err := s.db.QueryContext(ctx, "SELECT creator_id, tag FROM creator_tags WHERE creator_id IN ("+
		placeholders(len(cs))+") ORDER BY creator_id, tag", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var tag string
		if err := rows.Scan(&id, &tag); err != nil {
			return err
		}
		cs[idx[id]].Tags = append(cs[idx[id]].Tags, tag)
	}
	return rows.Err()
}

// MaxRegions bounds Regions; creators come from a few dozen markets.
const MaxRegions = 200

// Regions lists the region codes creators have, with how many, most first.
func (s *Store) Regions(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT region FROM creators WHERE region <> ''
		GROUP BY region ORDER BY COUNT(*) DESC, region LIMIT ?`, MaxRegions)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
