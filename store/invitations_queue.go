package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"creatordesk/outreach"
)

// QueueGroups are the Queue screen's groups in the order it lists them:
// what needs the staffer's decision first, what went last. Open groups run
// oldest first, the order they go in; failed and sent run newest first.
// Skipped messages are not listed.
var QueueGroups = []outreach.InvitationStatus{
	outreach.InvitationUnknown,
	outreach.InvitationQueued,
	outreach.InvitationApproved,
	outreach.InvitationSending,
	outreach.InvitationRetryWait,
	outreach.InvitationFailed,
	outreach.InvitationSent,
}

// NewestFirst says whether a queue group runs newest first.
func NewestFirst(st outreach.InvitationStatus) bool {
	return st == outreach.InvitationFailed || st == outreach.InvitationSent
}

// QueueKey is a row's place in the queue: its group, then its id. The
// zero key is the start of the queue (its end, paging in reverse).
type QueueKey struct {
	Status outreach.InvitationStatus
	ID     int64
}

// QueueQuery pages the queue of one campaign in QueueGroups order, by key:
// a page deep in a million messages costs what the first does, and a
// message that changes group between pages neither repeats nor hides
// another row.
type QueueQuery struct {
	Campaign string // "" is every campaign
	// Search narrows to the creators the filter matches (search.go):
	// handle, name, email or tag.
	Search string
	After  QueueKey
	// Reverse pages backwards: the rows just before After (the last rows
	// of the queue when After is zero), still returned in queue order;
	// continue backwards from the page's First.
	Reverse bool
	Limit   int // at most MaxPage
}

// QueuePage is one page of the queue. Keys holds each row's key; First and
// Next are those of the first and last rows. More is true when another
// page follows Next (precedes First, for a Reverse query).
type QueuePage struct {
	Invitations []outreach.Invitation
	Keys        []QueueKey
	First, Next QueueKey
	More        bool
}

// queueGroup is st's place in QueueGroups, or -1.
func queueGroup(st outreach.InvitationStatus) int { return slices.Index(QueueGroups, st) }

// QueueList returns one page of the queue, in one read transaction. Each
// group is a range of an index (invitations_by_campaign, or
// invitations_by_status for every campaign); a page reads the groups it
// spans and stops at Limit.
func (s *Store) QueueList(ctx context.Context, q QueueQuery) (QueuePage, error) {
	var page QueuePage
	if q.Limit <= 0 || q.Limit > MaxPage {
		q.Limit = MaxPage
	}
	start := 0
	if q.Reverse {
		start = len(QueueGroups) - 1
	}
	if q.After != (QueueKey{}) {
		if start = queueGroup(q.After.Status); start < 0 {
			return page, errNotQueueGroup(q.After.Status)
		}
	}
	campID, err := s.campaignID(ctx, q.Campaign)
	if err != nil {
		return page, err
	}
	err = s.readTx(ctx, func(tx *sql.Tx) error {
		match, matchArgs, err := creatorMatch(ctx, tx, "c", q.Search, true)
		if err != nil {
			return err
		}
		var invs []outreach.Invitation
		for g := start; g >= 0 && g < len(QueueGroups) && len(invs) <= q.Limit; {
			st := QueueGroups[g]
			var after int64
			if g == start && q.After != (QueueKey{}) {
				after = q.After.ID
			}
			rows, err := queueGroupRows(ctx, tx, campID, st, after, q.Reverse, q.Limit+1-len(invs), match, matchArgs)
			if err != nil {
				return err
			}
			invs = append(invs, rows...)
			if q.Reverse {
				g--
			} else {
				g++
			}
		}
		if len(invs) > q.Limit {
			invs, page.More = invs[:q.Limit], true
		}
		if q.Reverse {
			slices.Reverse(invs)
		}
		if err := quotaRanks(ctx, tx, invs); err != nil {
			return err
		}
		page.Invitations = invs
		return nil
	})
	if err != nil {
		return QueuePage{}, err
	}
	for _, inv := range page.Invitations {
		page.Keys = append(page.Keys, QueueKey{Status: inv.Status, ID: inv.ID})
	}
	if n := len(page.Keys); n > 0 {
		page.First, page.Next = page.Keys[0], page.Keys[n-1]
	}
	return page, nil
}

// QueueMatches counts, by status, the messages of the queue q lists under
// its Search (its Campaign, every group); QueueFigures counts them all.
func (s *Store) QueueMatches(ctx context.Context, q QueueQuery) (map[outreach.InvitationStatus]int64, error) {
	campID, err := s.campaignID(ctx, q.Campaign)
	if err != nil {
		return nil, err
	}
	match, args, err := creatorMatch(ctx, s.db, "c", q.Search, false)
	if err != nil || match == "" {
		return nil, err
	}
	where := " WHERE " + match + " AND i.status IN (" + placeholders(len(QueueGroups)) + ")"
	for _, st := range QueueGroups {
		args = append(args, string(st))
	}
	if campID != 0 {
		where += " AND i.campaign_id = ?"
		args = append(args, campID)
	}
	// From the creators matched to their messages: the match is the
	// narrow side.
	rows, err := s.db.QueryContext(ctx, `SELECT i.status, COUNT(*) FROM creators c
		JOIN pipelines k ON k.creator_id = c.id JOIN invitations i ON i.pipeline_id = k.id`+where+` GROUP BY i.status`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[outreach.InvitationStatus]int64{}
	for rows.Next() {
		var st string
		var n int64
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[outreach.InvitationStatus(st)] = n
	}
	return out, rows.Err()
}

type errNotQueueGroup outreach.InvitationStatus

func (e errNotQueueGroup) Error() string {
	return "queue: " + string(e) + " is not a group the queue lists"
}

// queueGroupRows reads up to limit rows of one group after the id after (0:
// from its start), in queue order, or, in reverse, before it, nearest
// first; match, when set, narrows it to the creators (c) it matches.
func queueGroupRows(ctx context.Context, tx *sql.Tx, campID int64, st outreach.InvitationStatus, after int64, reverse bool, limit int,
	match string, matchArgs []any) ([]outreach.Invitation, error) {
	// Ascending in the group's own order unless exactly one of newest
	// first and reverse holds.
	asc := NewestFirst(st) == reverse
	where, args := " WHERE i.status = ?", []any{string(st)}
	if match != "" {
		where += " AND " + match
		args = append(args, matchArgs...)
	}
	if campID != 0 {
		where += " AND i.campaign_id = ?"
		args = append(args, campID)
	}
	if after != 0 {
		where += map[bool]string{true: " AND i.id > ?", false: " AND i.id < ?"}[asc]
		args = append(args, after)
	}
	order := map[bool]string{true: " ORDER BY i.id", false: " ORDER BY i.id DESC"}[asc]
	rows, err := tx.QueryContext(ctx, invitationSelect+where+order+" LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []outreach.Invitation
	for rows.Next() {
		inv, err := scanInvitation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	return out, rows.Err()
}

// quotaBlock is how many invitation ids share a row of quota_line_blocks
// (migration 16).
const quotaBlock = 1024

// quotaRanks numbers the invitations that spend quota by their place in
// the line of all such open invitations, oldest first: the members of the
// line's blocks before each one's block, plus those of its own block up to
// it. Two reads whatever the line's length: the block counts up to the
// last of them, and the members of the blocks they are in.
func quotaRanks(ctx context.Context, q querier, invs []outreach.Invitation) error {
	var ids []int64
	for _, inv := range invs {
		if inv.QuotaRank == -1 {
			ids = append(ids, inv.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	// The blocks the ids are in, each with its last id.
	var blocks, lasts []int64
	for _, id := range ids {
		if b := id / quotaBlock; len(blocks) > 0 && blocks[len(blocks)-1] == b {
			lasts[len(lasts)-1] = id
		} else {
			blocks, lasts = append(blocks, b), append(lasts, id)
		}
	}
	before, err := quotaBefore(ctx, q, blocks)
	if err != nil {
		return err
	}
	members, err := quotaMembers(ctx, q, blocks, lasts)
	if err != nil {
		return err
	}
	rank := map[int64]int{}
	for _, id := range ids {
		b := id / quotaBlock
		lo, _ := slices.BinarySearch(members, b*quotaBlock)
		if hi, found := slices.BinarySearch(members, id); found {
			rank[id] = before[b] + hi - lo + 1
		}
	}
	for i := range invs {
		if invs[i].QuotaRank == -1 {
			invs[i].QuotaRank = rank[invs[i].ID]
		}
	}
	return nil
}

// quotaBefore returns, for each of blocks (ascending), how many members
// of the quota line the blocks before it hold.
func quotaBefore(ctx context.Context, q querier, blocks []int64) (map[int64]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT block, n FROM quota_line_blocks WHERE block < ? ORDER BY block`, blocks[len(blocks)-1])
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	before := map[int64]int{}
	sum, next := 0, 0
	for rows.Next() {
		var b int64
		var n int
		if err := rows.Scan(&b, &n); err != nil {
			return nil, err
		}
		for ; next < len(blocks) && blocks[next] <= b; next++ {
			before[blocks[next]] = sum
		}
		sum += n
	}
	for ; next < len(blocks); next++ {
		before[blocks[next]] = sum
	}
	return before, rows.Err()
}

// quotaMembers returns, ascending, the quota line's members in each of
// blocks from its start up to the matching id of lasts.
func quotaMembers(ctx context.Context, q querier, blocks, lasts []int64) ([]int64, error) {
	// A join on the ranges, not ORs: past a few ORs SQLite scans the table.
	args := make([]any, 0, 2*len(blocks))
	for i, b := range blocks {
		args = append(args, b*quotaBlock, lasts[i])
	}
	rows, err := q.QueryContext(ctx, `WITH r (lo, hi) AS (VALUES (?, ?)`+strings.Repeat(", (?, ?)", len(blocks)-1)+`)
		SELECT q.invitation_id FROM r JOIN quota_line q ON q.invitation_id BETWEEN r.lo AND r.hi ORDER BY 1`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// readTx runs fn in one read transaction (BEGIN DEFERRED): its reads see
// one state of the database, and it takes no write lock.
func (s *Store) readTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fileError(s.path, err)
	}
	defer tx.Rollback()
	return fileError(s.path, fn(tx))
}
