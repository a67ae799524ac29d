package store

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

// wantQuotaLine is each open first invitation's place in the quota line,
// recounted from the rows by quotaCost, keyed by id.
func wantQuotaLine(t *testing.T, s *Store) map[string]int64 {
	t.Helper()
	return readCounts(t, s.db, `SELECT i.id, ROW_NUMBER() OVER (ORDER BY i.id) FROM invitations i
		JOIN pipelines k ON k.id = i.pipeline_id WHERE i.status IN `+stoppableStatuses+` AND `+quotaCost)
}

// checkQuotaLine fails the test when the places in line of the Queue's
// rows (every campaign, paged a few rows at a time), one invitation read
// alone, or the count waiting differ from a recount of the rows.
func checkQuotaLine(t *testing.T, s *Store, when string) {
	t.Helper()
	ctx := context.Background()
	want := wantQuotaLine(t, s)
	got := map[string]int64{}
	q := QueueQuery{Limit: 7}
	for {
		p, err := s.QueueList(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		for _, inv := range p.Invitations {
			if inv.QuotaRank != 0 {
				got[strconv.FormatInt(inv.ID, 10)] = int64(inv.QuotaRank)
			}
		}
		if !p.More {
			break
		}
		q.After = p.Next
	}
	if !maps.Equal(got, want) {
		t.Fatalf("%s: places in line\n got %v\nwant %v", when, got, want)
	}
	f, err := s.QueueFigures(ctx, "", t0, t0)
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.QuotaWaiting(ctx)
	if err != nil || f.Waiting != len(want) || n != len(want) {
		t.Fatalf("%s: waiting %d (figures) and %d (%v), want %d", when, f.Waiting, n, err, len(want))
	}
	for id, rank := range want {
		n, _ := strconv.ParseInt(id, 10, 64)
		inv, err := s.Invitation(ctx, n)
		if err != nil || int64(inv.QuotaRank) != rank {
			t.Fatalf("%s: #%d alone is %d in line (%v), want %d", when, n, inv.QuotaRank, err, rank)
		}
		break // one is enough: the same code as a page
	}
}

// lineSeen follows the quota line through a random walk, so that the walk
// can show it tested something: the line's size, and which steps changed
// it.
type lineSeen struct {
	last                string
	longest, mostBlocks int
	changed             map[string]int // by the step's what
}

func (l *lineSeen) check(t *testing.T, s *Store, when, what string) {
	t.Helper()
	checkQuotaLine(t, s, when)
	var n, blocks int
	var ids string
	if err := s.db.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT invitation_id / 1024), COALESCE(group_concat(invitation_id), '')
		FROM (SELECT invitation_id FROM quota_line ORDER BY 1)`).Scan(&n, &blocks, &ids); err != nil {
		t.Fatal(err)
	}
	l.longest, l.mostBlocks = max(l.longest, n), max(l.mostBlocks, blocks)
	if ids != l.last {
		if l.changed == nil {
			l.changed = map[string]int{}
		}
		l.changed[what]++
	}
	l.last = ids
}

// enough fails the test unless the line grew long across blocks, and
// every kind of write that moves a message in or out of it did so.
func (l *lineSeen) enough(t *testing.T) {
	t.Helper()
	kinds := map[string]int{}
	for what, n := range l.changed {
		kind, _, _ := strings.Cut(what, " to ") // move to …
		if strings.HasPrefix(what, "message") && what != "message to another pipeline" {
			kind = "message"
		}
		kinds[kind] += n
	}
	for _, k := range []string{"queue", "message", "message sent", "move", "pipeline to another creator",
		"message to another pipeline", "forget", "delete creator", "delete pipeline", "delete campaign"} {
		if kinds[k] == 0 && l.changed[k] == 0 {
			t.Errorf("no %q step changed the quota line: %v", k, l.changed)
		}
	}
	if l.longest < 5 || l.mostBlocks < 3 {
		t.Errorf("the line was at most %d long, over %d blocks", l.longest, l.mostBlocks)
	}
}

// messageStep is one random step of TestCountersFollowEveryWrite on the
// messages: queue, change status, send, forget, or hand a pipeline or a
// message to another owner. It says what it did.
func messageStep(t *testing.T, s *Store, rng *rand.Rand, handle func() string, camps []string) string {
	t.Helper()
	ctx := context.Background()
	pick := func(table, where string) (id int64) {
		// none is 0, which no statement below matches
		s.db.QueryRow(`SELECT id FROM `+table+` WHERE `+where+` ORDER BY id LIMIT 1 OFFSET ?`, rng.IntN(5)).Scan(&id)
		return id
	}
	exec := func(q string, args ...any) {
		if _, err := s.db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	const open = `status IN ('queued', 'approved', 'retry_wait', 'sending', 'unknown')`
	switch r := rng.IntN(30); {
	case r < 10:
		if rng.IntN(3) == 0 {
			// A sent message further on: the ids jump, so the line spans
			// blocks.
			exec(`INSERT INTO invitations (id, pipeline_id, body, status, created_at, updated_at)
				SELECT (SELECT COALESCE(MAX(id), 0) FROM invitations) + ?, MAX(id), 'gap', 'sent', 0, 0 FROM pipelines HAVING COUNT(*) > 0`,
				1+rng.IntN(1500))
		}
		// Creators of the walk, and new ones, never invited, who join the
		// line.
		var hs []string
		var fresh []outreach.CreatorRow
		for i := range 1 + rng.IntN(4) {
			hs = append(hs, handle())
			fresh = append(fresh, row(i+2, fmt.Sprintf("new%04d", rng.IntN(10_000)), i64(rng.Int64N(1_000_000))))
			hs = append(hs, fresh[i].Handle)
		}
		importRows(t, s, ImportOptions{}, fresh...)
		if _, _, err := s.Queue(ctx, QueueRequest{Handles: hs, Campaign: camps[rng.IntN(len(camps))], Approve: rng.IntN(2) == 0}); err != nil {
			t.Fatal(err)
		}
		return "queue"
	case r < 16:
		st := []string{"approved", "skipped", "retry_wait", "failed", "queued", "sending", "unknown"}[rng.IntN(7)]
		exec(`UPDATE invitations SET status = ? WHERE id = ?`, st, pick("invitations", open))
		return "message " + st
	case r < 20:
		// A send the rules refuse (do-not-contact, TikTok's limit) writes
		// nothing, which the checks after the step see too.
		if err := s.MarkSent(ctx, pick("invitations", `status IN ('queued', 'approved')`), time.Time{}); err != nil {
			return "message not sent"
		}
		return "message sent"
	case r < 23:
		// One of the new creators: the walk's own keep their samples.
		h := fmt.Sprintf("new%04d", rng.IntN(10_000))
		if id := pick("creators", `handle LIKE 'new%'`); id != 0 {
			s.db.QueryRow(`SELECT handle FROM creators WHERE id = ?`, id).Scan(&h)
		}
		var n int
		s.db.QueryRow(`SELECT COUNT(*) FROM creators WHERE handle = ?`, h).Scan(&n)
		if n > 0 {
			if _, err := s.Forget(ctx, h); err != nil {
				t.Fatal(err)
			}
		}
		return "forget"
	case r < 26:
		// May break a creator's one pipeline per campaign: then nothing.
		// A pipeline with a message waiting, to a creator reached or not.
		to := map[bool]string{true: "id IN (SELECT creator_id FROM creator_reach)", false: "id NOT IN (SELECT creator_id FROM creator_reach)"}[rng.IntN(2) == 0]
		s.db.Exec(`UPDATE pipelines SET creator_id = ? WHERE id = ?`, pick("creators", to),
			pick("pipelines", "stage_rank < 4 AND id IN (SELECT pipeline_id FROM invitations WHERE "+open+")"))
		return "pipeline to another creator"
	case r < 28:
		// May break a pipeline's one open message: then nothing.
		s.db.Exec(`UPDATE invitations SET pipeline_id = ? WHERE id = ?`, pick("pipelines", "1"), pick("invitations", open))
		return "message to another pipeline"
	default:
		exec(`UPDATE invitations SET purpose = CASE purpose WHEN 'invitation' THEN 'thank_you' ELSE 'invitation' END WHERE id = ?`,
			pick("invitations", "1"))
		return "message purpose"
	}
}

// quotaSpread queues n creators in Glow, one at a time, with a jump in the
// ids every few, so that the quota line spans several blocks; then sends
// every fourth (its creator leaves the line).
func quotaSpread(t *testing.T, n int) *Store {
	t.Helper()
	s := queueFixture(t, n)
	ctx := context.Background()
	for i := range n {
		invQueue(t, s, "Glow", fmt.Sprintf("c%04d", i))
		if i%3 == 0 {
			if _, err := s.db.Exec(`INSERT INTO invitations (id, pipeline_id, body, status, created_at, updated_at)
				SELECT (SELECT MAX(id) FROM invitations) + 700, MIN(id), 'gap', 'sent', 0, 0 FROM pipelines`); err != nil {
				t.Fatal(err)
			}
		}
	}
	rows, err := s.db.Query(`SELECT id FROM invitations WHERE status = 'queued' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	for i, id := range ids {
		if i%4 == 1 {
			if err := s.MarkSent(ctx, id, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return s
}

// Places in line count the blocks before a message's block, and its own
// block up to it, on pages of any size.
func TestQuotaRanksAcrossBlocks(t *testing.T) {
	s := quotaSpread(t, 30)
	var blocks int
	s.db.QueryRow(`SELECT COUNT(*) FROM quota_line_blocks`).Scan(&blocks)
	if blocks < 4 {
		t.Fatalf("test is blind: the line spans %d blocks", blocks)
	}
	want := wantQuotaLine(t, s)
	if len(want) < 15 {
		t.Fatalf("test is blind: %d in line", len(want))
	}
	checkQuotaLine(t, s, "spread")
	for _, limit := range []int{1, 2, 5, MaxPage} {
		for _, rev := range []bool{false, true} {
			got := 0
			q := QueueQuery{Campaign: "Glow", Limit: limit, Reverse: rev}
			for {
				p, err := s.QueueList(context.Background(), q)
				if err != nil {
					t.Fatal(err)
				}
				for _, inv := range p.Invitations {
					if w := want[strconv.FormatInt(inv.ID, 10)]; int64(inv.QuotaRank) != w {
						t.Errorf("by %d (reverse %v): #%d is %d in line, want %d", limit, rev, inv.ID, inv.QuotaRank, w)
					}
					if inv.QuotaRank > 0 {
						got++
					}
				}
				if !p.More {
					break
				}
				q.After = map[bool]QueueKey{false: p.Next, true: p.First}[rev]
			}
			if got != len(want) {
				t.Errorf("by %d (reverse %v): %d ranked, want %d", limit, rev, got, len(want))
			}
		}
	}
}

// Migration 16 fills the quota line and its blocks from the rows there
// are, and its triggers keep them after.
func TestQuotaLineMigrationBackfills(t *testing.T) {
	s := quotaSpread(t, 20)
	ctx := context.Background()
	want := wantQuotaLine(t, s)
	undoQuotaLine(t, s.db)
	if _, err := s.db.Exec("PRAGMA user_version = 15"); err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	s.Close()
	s2, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	var lineRows int
	s2.db.QueryRow(`SELECT COUNT(*) FROM quota_line`).Scan(&lineRows)
	if lineRows != len(want) || len(want) < 10 {
		t.Errorf("after the upgrade %d in line, want %d", lineRows, len(want))
	}
	checkCounters(t, s2, "after the upgrade")
	checkQuotaLine(t, s2, "after the upgrade")
	// The triggers run: a creator sent to leaves, the rest move up.
	var first int64
	s2.db.QueryRow(`SELECT MIN(invitation_id) FROM quota_line`).Scan(&first)
	if err := s2.MarkSent(ctx, first, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got := wantQuotaLine(t, s2); len(got) != len(want)-1 || slices.Contains(slices.Collect(maps.Keys(got)), strconv.FormatInt(first, 10)) {
		t.Errorf("after sending #%d: %d in line", first, len(got))
	}
	checkCounters(t, s2, "after a send")
	checkQuotaLine(t, s2, "after a send")
}
