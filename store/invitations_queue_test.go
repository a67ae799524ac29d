package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

// undoQuotaLine undoes migration 16 (the quota line), as a database
// written before it would be.
func undoQuotaLine(t *testing.T, db *sql.DB) {
	t.Helper()
	undoHistory(t, db)
	for _, q := range []string{
		"DROP TRIGGER quota_line_count_insert", "DROP TRIGGER quota_line_count_delete",
		"DROP TRIGGER invitations_quota_insert", "DROP TRIGGER invitations_quota_delete", "DROP TRIGGER invitations_quota_update",
		"DROP TRIGGER creator_reach_quota_insert", "DROP TRIGGER creator_reach_quota_delete", "DROP TRIGGER pipelines_quota_creator",
		"DROP TABLE quota_line", "DROP TABLE quota_line_blocks",
		`CREATE INDEX invitations_quota_line ON invitations (id, pipeline_id)
			WHERE status IN ('queued', 'approved', 'retry_wait') AND purpose = 'invitation'`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// undoHistory undoes migration 17: the stage moves go back to events.
func undoHistory(t *testing.T, db *sql.DB) {
	t.Helper()
	for _, q := range []string{
		`CREATE TABLE events (
			id INTEGER PRIMARY KEY, pipeline_id INTEGER NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
			at BIGINT NOT NULL, from_stage TEXT NOT NULL DEFAULT '', to_stage TEXT NOT NULL,
			note TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '')`,
		`CREATE INDEX events_by_collab ON events (pipeline_id, at, id)`,
		`CREATE TRIGGER events_append_only BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`,
		`INSERT INTO events (id, pipeline_id, at, from_stage, to_stage, note, source)
			SELECT h.id, k.id, h.at, h.old_value, h.new_value, h.note, h.who FROM history h
			JOIN pipelines k ON k.creator_id = h.creator_id AND k.campaign_id = h.campaign_id
			WHERE h.field = 'stage' ORDER BY h.id`,
		"DROP TABLE history", "DROP TABLE changes",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// undoQueuePaging undoes migrations 16 (quota line), 15 (names) and 14
// (queue paging), as a database written before it would be; tests that
// step the schema version back call it, since a column cannot be added
// twice.
func undoQueuePaging(t *testing.T, db *sql.DB) {
	t.Helper()
	undoQuotaLine(t, db)
	for _, q := range []string{
		// migration 15 first: the names as version 14 had them
		"ALTER TABLE pipelines RENAME TO collabs",
		"ALTER TABLE events RENAME COLUMN pipeline_id TO collab_id",
		"ALTER TABLE samples RENAME COLUMN pipeline_id TO collab_id",
		"ALTER TABLE invitations RENAME COLUMN pipeline_id TO collab_id",
		"DROP TRIGGER invitations_campaign", "DROP TRIGGER invitations_count_insert",
		"DROP TRIGGER invitations_count_delete", "DROP TRIGGER invitations_count_update",
		"DROP TABLE invitation_counts", "DROP INDEX invitations_by_campaign", "DROP INDEX invitations_quota_line",
		"ALTER TABLE invitations DROP COLUMN campaign_id",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// queueFixture: n creators in Glow, the first queued ones approved, one
// creator do-not-contact; every invitation queued at the same second, so
// only the id tells them apart.
func queueFixture(t *testing.T, n int) *Store {
	t.Helper()
	var hs []string
	for i := range n {
		hs = append(hs, fmt.Sprintf("c%04d", i))
	}
	s, _ := invSetup(t, hs...)
	// in Glow, at prospect: queueing Glow's prospects reaches Glow's own
	var rows []outreach.CreatorRow
	for i, h := range hs {
		rows = append(rows, row(i+2, h, i64(5000)))
	}
	importRows(t, s, ImportOptions{Campaign: "Glow"}, rows...)
	if _, err := s.SetSender(context.Background(), "Mia"); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestQueueMatchingHandlesHoldsWithReasons(t *testing.T) {
	s := queueFixture(t, 3)
	ctx := context.Background()
	if _, err := s.db.Exec(`UPDATE creators SET dnc = 1 WHERE handle = 'c0001'`); err != nil {
		t.Fatal(err)
	}
	invQueue(t, s, "Glow", "c0002")
	var pages []QueueResult
	res, err := s.QueueMatching(ctx, QueueRequest{Campaign: "Glow", Handles: []string{"c0000", "c0001", "c0002", "nobody", "@@"}},
		func(r QueueResult) { pages = append(pages, r) })
	if err != nil {
		t.Fatal(err)
	}
	want := []Held{{"c0001", "do not contact"}, {"c0002", "already queued in Glow"}, {"nobody", "no such creator"}}
	if res.Queued != 1 || len(res.Held) != 4 || !slices.Equal(res.Held[:3], want) || !strings.HasPrefix(res.Held[3].Reason, "not a handle") {
		t.Errorf("queued %d, held %v", res.Queued, res.Held)
	}
	if len(pages) != 1 || pages[0].Queued != 1 {
		t.Errorf("progress heard %v, want one page", pages)
	}
}

func TestQueueMatchingPagesEveryProspectByKey(t *testing.T) {
	n := MaxPage + 7
	s := queueFixture(t, n)
	ctx := context.Background()
	if _, err := s.db.Exec(`UPDATE creators SET dnc = 1 WHERE handle IN ('c0003', 'c1005')`); err != nil {
		t.Fatal(err)
	}
	// Equal followers everywhere: paging goes by the id under equal keys.
	var calls []int
	res, err := s.QueueMatching(ctx, QueueRequest{Campaign: "Glow"}, func(r QueueResult) { calls = append(calls, r.Queued) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Queued != n-2 || len(res.Held) != 2 || res.Held[0].Reason != "do not contact" {
		t.Fatalf("queued %d, held %v; want %d and the two do-not-contact", res.Queued, res.Held, n-2)
	}
	if len(calls) != 2 || calls[1] != n-2 {
		t.Errorf("progress heard %v, want two pages ending at %d", calls, n-2)
	}
	counts, err := s.CountInvitations(ctx, "Glow")
	if err != nil || counts[outreach.InvitationQueued] != int64(n-2) {
		t.Errorf("counts %v, %v", counts, err)
	}
	// Again: everyone is held as already queued, and nobody twice.
	res, err = s.QueueMatching(ctx, QueueRequest{Campaign: "Glow"}, nil)
	if err != nil || res.Queued != 0 || len(res.Held) != n {
		t.Errorf("second run: queued %d, held %d, %v", res.Queued, len(res.Held), err)
	}
	// A tier with nobody in it queues nothing.
	res, err = s.QueueMatching(ctx, QueueRequest{Campaign: "Glow", Tier: outreach.Head}, nil)
	if err != nil || res.Queued != 0 || len(res.Held) != 0 {
		t.Errorf("head tier: %+v, %v", res, err)
	}
}

func TestQueueMatchingNeedsASender(t *testing.T) {
	s, _ := invSetup(t)
	if _, err := s.QueueMatching(context.Background(), QueueRequest{Campaign: "Glow"}, nil); !errors.Is(err, ErrNoSender) {
		t.Errorf("no sender and no creators: %v, want ErrNoSender", err)
	}
}

// queueMix queues n creators in Glow, then approves every third, marks
// every fourth sent (which queues its follow-up) and fails every fifth.
func queueMix(t *testing.T, n int) *Store {
	t.Helper()
	s := queueFixture(t, n)
	ctx := context.Background()
	res, err := s.QueueMatching(ctx, QueueRequest{Campaign: "Glow"}, nil)
	if err != nil || res.Queued != n {
		t.Fatalf("queue: %+v, %v", res, err)
	}
	var ids []int64
	rows, err := s.db.Query(`SELECT id FROM invitations ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	for i, id := range ids {
		switch {
		case i%4 == 1:
			err = s.MarkSent(ctx, id, time.Time{})
		case i%5 == 2:
			_, err = s.db.Exec(`UPDATE invitations SET status = 'failed', reason = 'bounced' WHERE id = ?`, id)
		case i%3 == 0:
			err = s.SetInvitationStatus(ctx, id, outreach.InvitationApproved)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// wantQueue is the queue's order worked out from the rows themselves.
func wantQueue(t *testing.T, s *Store, campaign string) []QueueKey {
	t.Helper()
	rows, err := s.db.Query(`SELECT i.id, i.status FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id
		JOIN campaigns cp ON cp.id = k.campaign_id WHERE cp.name = ? OR ? = ''`, campaign, campaign)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var keys []QueueKey
	for rows.Next() {
		var k QueueKey
		if err := rows.Scan(&k.ID, &k.Status); err != nil {
			t.Fatal(err)
		}
		if k.Status != outreach.InvitationSkipped {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b QueueKey) int {
		if d := queueGroup(a.Status) - queueGroup(b.Status); d != 0 {
			return d
		}
		if NewestFirst(a.Status) {
			return int(b.ID - a.ID)
		}
		return int(a.ID - b.ID)
	})
	return keys
}

// walkQueue pages the whole queue limit rows at a time, forward or
// backward, and returns the keys in queue order.
func walkQueue(t *testing.T, s *Store, campaign string, limit int, reverse bool) []QueueKey {
	t.Helper()
	var keys []QueueKey
	q := QueueQuery{Campaign: campaign, Limit: limit, Reverse: reverse}
	for range 1000 {
		p, err := s.QueueList(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Keys) != len(p.Invitations) || len(p.Keys) > limit || (p.More && len(p.Keys) != limit) {
			t.Fatalf("page of %d rows, %d keys, More %v at limit %d", len(p.Invitations), len(p.Keys), p.More, limit)
		}
		for i, inv := range p.Invitations {
			if p.Keys[i] != (QueueKey{inv.Status, inv.ID}) {
				t.Fatalf("key %v for row %d/%s", p.Keys[i], inv.ID, inv.Status)
			}
		}
		if reverse {
			keys = append(slices.Clone(p.Keys), keys...)
			q.After = p.First
		} else {
			keys = append(keys, p.Keys...)
			q.After = p.Next
		}
		if !p.More {
			return keys
		}
	}
	t.Fatal("paging never ended")
	return nil
}

func TestQueueListPagesBothWays(t *testing.T) {
	s := queueMix(t, 23)
	want := wantQueue(t, s, "Glow")
	groups := map[outreach.InvitationStatus]bool{}
	for _, k := range want {
		groups[k.Status] = true
	}
	if len(want) < 23 || !groups[outreach.InvitationQueued] || !groups[outreach.InvitationApproved] ||
		!groups[outreach.InvitationSent] || !groups[outreach.InvitationFailed] {
		t.Fatalf("test is blind: the fixture has %d rows in %v", len(want), groups)
	}
	for _, limit := range []int{1, 3, 4, 7, len(want), len(want) + 1} {
		if got := walkQueue(t, s, "Glow", limit, false); !slices.Equal(got, want) {
			t.Errorf("forward by %d:\n got %v\nwant %v", limit, got, want)
		}
		if got := walkQueue(t, s, "Glow", limit, true); !slices.Equal(got, want) {
			t.Errorf("backward by %d:\n got %v\nwant %v", limit, got, want)
		}
	}
	// From the middle, backward gives the rows just before the key.
	p, err := s.QueueList(context.Background(), QueueQuery{Campaign: "Glow", After: want[10], Reverse: true, Limit: 4})
	if err != nil || !slices.Equal(p.Keys, want[6:10]) || !p.More {
		t.Errorf("4 before %v: %v more %v, %v; want %v", want[10], p.Keys, p.More, err, want[6:10])
	}
	// Every campaign: the same rows, Glow being the only one with any.
	if got := walkQueue(t, s, "", 5, false); !slices.Equal(got, want) {
		t.Errorf("every campaign:\n got %v\nwant %v", got, want)
	}
}

func TestQueueListGroupChangesBetweenPages(t *testing.T) {
	s := queueMix(t, 30)
	ctx := context.Background()
	want := wantQueue(t, s, "Glow")
	p, err := s.QueueList(ctx, QueueQuery{Campaign: "Glow", Limit: 4})
	if err != nil || !slices.Equal(p.Keys, want[:4]) {
		t.Fatalf("first page %v, %v; want %v", p.Keys, err, want[:4])
	}
	// The page's last row is skipped, and a row further on is approved,
	// before the next page is read.
	var moved QueueKey
	for _, k := range want[4:] {
		if k.Status == outreach.InvitationQueued {
			moved = k
			break
		}
	}
	if p.Next.Status != outreach.InvitationQueued || moved.ID == 0 {
		t.Fatalf("test is blind: page ends at %v, nothing queued after it", p.Next)
	}
	if err := s.SetInvitationStatus(ctx, p.Next.ID, outreach.InvitationSkipped); err != nil {
		t.Fatal(err)
	}
	if err := s.SetInvitationStatus(ctx, moved.ID, outreach.InvitationApproved); err != nil {
		t.Fatal(err)
	}
	rest := walkQueue(t, s, "Glow", 4, false)
	// Walked from the old key: the rest of the queue as it now is.
	now := wantQueue(t, s, "Glow")
	i := slices.Index(now, want[2])
	if i < 0 {
		t.Fatalf("%v left the queue", want[2])
	}
	q := QueueQuery{Campaign: "Glow", After: p.Next, Limit: 4}
	var got []QueueKey
	for {
		pg, err := s.QueueList(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, pg.Keys...)
		if !pg.More {
			break
		}
		q.After = pg.Next
	}
	if !slices.Equal(got, now[i+1:]) {
		t.Errorf("after the skipped row:\n got %v\nwant %v", got, now[i+1:])
	}
	seen := map[int64]bool{}
	for _, k := range append(slices.Clone(p.Keys[:3]), got...) {
		if seen[k.ID] {
			t.Errorf("#%d listed twice", k.ID)
		}
		seen[k.ID] = true
	}
	if !slices.Equal(rest, now) || !slices.Contains(got, QueueKey{outreach.InvitationApproved, moved.ID}) {
		t.Errorf("the approved row is not in its new group: %v", got)
	}
}

func TestQueueListEmptyGroupsAndCampaigns(t *testing.T) {
	s := queueFixture(t, 2)
	ctx := context.Background()
	for _, rev := range []bool{false, true} {
		p, err := s.QueueList(ctx, QueueQuery{Campaign: "Glow", Reverse: rev, Limit: 5})
		if err != nil || len(p.Invitations) != 0 || p.More || p.First != (QueueKey{}) || p.Next != (QueueKey{}) {
			t.Errorf("empty queue (reverse %v): %+v, %v", rev, p, err)
		}
	}
	invQueue(t, s, "Glow", "c0000")
	// Another campaign with nothing in it lists nothing; an unknown one is an error.
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Quiet"}); err != nil {
		t.Fatal(err)
	}
	if p, err := s.QueueList(ctx, QueueQuery{Campaign: "Quiet"}); err != nil || len(p.Invitations) != 0 {
		t.Errorf("quiet campaign: %+v, %v", p, err)
	}
	if _, err := s.QueueList(ctx, QueueQuery{Campaign: "Nope"}); err == nil {
		t.Error("an unknown campaign listed")
	}
	if _, err := s.QueueList(ctx, QueueQuery{After: QueueKey{outreach.InvitationSkipped, 1}}); err == nil {
		t.Error("a key in a group the queue does not list was taken")
	}
	// One row, between empty groups on both sides, from either end.
	for _, rev := range []bool{false, true} {
		p, err := s.QueueList(ctx, QueueQuery{Campaign: "Glow", Reverse: rev, Limit: 5})
		if err != nil || len(p.Keys) != 1 || p.Keys[0].Status != outreach.InvitationQueued || p.More || p.First != p.Next {
			t.Errorf("one row (reverse %v): %+v, %v", rev, p, err)
		}
	}
}

func TestQueueListHostileBodies(t *testing.T) {
	s := queueFixture(t, 3)
	ctx := context.Background()
	invQueue(t, s, "Glow", "c0000", "c0001")
	hostile := "'); DROP TABLE invitations; --\n\x1b[2J\x1b]52;c;aGk=\x07 ‮evil %_\\ \x00end"
	if _, err := s.db.Exec(`UPDATE invitations SET body = ?, subject = ?`, hostile, hostile); err != nil {
		t.Fatal(err)
	}
	p, err := s.QueueList(ctx, QueueQuery{Campaign: "Glow"})
	if err != nil || len(p.Invitations) != 2 {
		t.Fatalf("%+v, %v", p, err)
	}
	for _, inv := range p.Invitations {
		// The store hands the text back as stored; the dashboard cleans it.
		if inv.Body != hostile || inv.Subject != hostile {
			t.Errorf("#%d body %q", inv.ID, inv.Body)
		}
	}
	if f, err := s.QueueFigures(ctx, "Glow", t0, t0); err != nil || f.Counts[outreach.InvitationQueued] != 2 {
		t.Errorf("figures after hostile text: %+v, %v", f, err)
	}
}

// Reading the Queue screen (a page and its figures) writes nothing: another
// connection's data_version stays put. A write moves it, so the probe sees.
func TestQueueLoadWritesNothing(t *testing.T) {
	s := queueMix(t, 10)
	ctx := context.Background()
	probe, err := sql.Open("sqlite", s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer probe.Close()
	probe.SetMaxOpenConns(1)
	version := func() (v int64) {
		if err := probe.QueryRow("PRAGMA data_version").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := version()
	if _, err := s.QueueList(ctx, QueueQuery{Campaign: "Glow", Limit: 5}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.QueueList(ctx, QueueQuery{Reverse: true, Limit: 5}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.QueueFigures(ctx, "Glow", t0, t0); err != nil {
		t.Fatal(err)
	}
	if after := version(); after != before {
		t.Errorf("loading the queue wrote: data_version %d → %d", before, after)
	}
	if _, err := s.SetSender(ctx, "Someone Else"); err != nil {
		t.Fatal(err)
	}
	if version() == before {
		t.Error("test is blind: a write left data_version alone")
	}
}

// The figures agree with the rows: counters with a grouped count, the
// quota line with a count per row, before and after a forget deletes a
// creator's messages.
func TestQueueFiguresMatchTheRows(t *testing.T) {
	s := queueMix(t, 17)
	ctx := context.Background()
	check := func(when string) {
		t.Helper()
		f, err := s.QueueFigures(ctx, "Glow", t0.Add(-time.Hour), t0.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := s.db.Query(`SELECT i.status, COUNT(*) FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id GROUP BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		want := map[outreach.InvitationStatus]int64{}
		for rows.Next() {
			var st string
			var n int64
			rows.Scan(&st, &n)
			want[outreach.InvitationStatus(st)] = n
		}
		rows.Close()
		if !maps.Equal(f.Counts, want) {
			t.Errorf("%s: counts %v, want %v", when, f.Counts, want)
		}
		if f.Sender != "Mia" || f.Paused != "" || f.QuotaWeek == 0 {
			t.Errorf("%s: figures %+v", when, f)
		}
		p, err := s.QueueList(ctx, QueueQuery{Campaign: "Glow"})
		if err != nil {
			t.Fatal(err)
		}
		ranked := 0
		for _, inv := range p.Invitations {
			var want int
			if inv.Status.Open() && inv.Status != outreach.InvitationSending && inv.Status != outreach.InvitationUnknown {
				if err := s.db.QueryRow(`SELECT CASE WHEN EXISTS (SELECT 1 FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id
					WHERE i.id = ?1 AND `+quotaCost+`) THEN (SELECT COUNT(*) FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id
					WHERE i.status IN `+stoppableStatuses+` AND i.id <= ?1 AND `+quotaCost+`) ELSE 0 END`, inv.ID).Scan(&want); err != nil {
					t.Fatal(err)
				}
			}
			if inv.QuotaRank != want {
				t.Errorf("%s: #%d %s rank %d, want %d", when, inv.ID, inv.Status, inv.QuotaRank, want)
			}
			if want > 0 {
				ranked++
			}
		}
		if ranked == 0 || f.Waiting != ranked {
			t.Errorf("%s: %d ranked, %d waiting", when, ranked, f.Waiting)
		}
	}
	check("queued")
	if _, err := s.Forget(ctx, "c0000"); err != nil {
		t.Fatal(err)
	}
	check("after forget")
}

// Migration 14 fills the new column and the counters from the rows there
// are.
func TestQueuePagingMigrationBackfills(t *testing.T) {
	s := queueMix(t, 9)
	ctx := context.Background()
	want, err := s.CountInvitations(ctx, "Glow")
	if err != nil {
		t.Fatal(err)
	}
	undoQueuePaging(t, s.db)
	if _, err := s.db.Exec("PRAGMA user_version = 13"); err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	s.Close()
	s2, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err := s2.CountInvitations(ctx, "Glow")
	if err != nil || !maps.Equal(got, want) || len(want) < 3 {
		t.Errorf("after the upgrade: %v, %v; want %v", got, err, want)
	}
	var missing int
	if err := s2.db.QueryRow(`SELECT COUNT(*) FROM invitations WHERE campaign_id IS NULL`).Scan(&missing); err != nil || missing != 0 {
		t.Errorf("%d messages with no campaign, %v", missing, err)
	}
}

// The dashboard's timer closes unanswered sequences through
// CloseUnansweredIfDue: nothing before the day, the pipeline on it.
func TestCloseUnansweredIfDueMoves(t *testing.T) {
	s, c := sndSetup(t, Options{}, sndCreator("anna", ""))
	ctx := context.Background()
	sndQueue(t, s, QueueRequest{Handles: []string{"anna"}, Approve: true})
	sndMarkSent(t, s, sndLast(t, s, "anna").ID)
	c.t = sndDay(3)
	sndMarkSent(t, s, sndLast(t, s, "anna").ID)
	c.t = sndDay(7)
	sndMarkSent(t, s, sndLast(t, s, "anna").ID)
	c.t = sndDay(13)
	if n, err := s.CloseUnansweredIfDue(ctx); err != nil || n != 0 {
		t.Errorf("day 13: %d moved (%v)", n, err)
	}
	c.t = sndDay(14)
	if n, err := s.CloseUnansweredIfDue(ctx); err != nil || n != 1 {
		t.Errorf("day 14: %d moved (%v), want 1", n, err)
	}
	if st := sndStage(t, s, "anna"); st != outreach.NoResponse {
		t.Errorf("anna: %s", st)
	}
}

// Queueing a campaign's prospects reaches that campaign's own creators
// only: 'queue --campaign A' once queued every creator in the database
// into A. The default campaign's own are its prospects and the creators in
// no campaign at all.
func TestQueueMatchingOnlyTheCampaignsOwn(t *testing.T) {
	s, _ := invSetup(t, "nowhere1", "nowhere2")
	importRows(t, s, ImportOptions{Campaign: "A"}, row(2, "in_a", i64(5000)))
	importRows(t, s, ImportOptions{Campaign: "B"}, row(2, "in_b", i64(5000)))
	ctx := context.Background()
	if _, err := s.SetSender(ctx, "Mia"); err != nil {
		t.Fatal(err)
	}
	queued := func(campaign string) []string {
		t.Helper()
		res, err := s.QueueMatching(ctx, QueueRequest{Campaign: campaign}, nil)
		if err != nil {
			t.Fatal(err)
		}
		list := campaign
		if list == "" {
			list = outreach.DefaultCampaign // "" would list every campaign
		}
		page, err := s.QueueList(ctx, QueueQuery{Campaign: list, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var hs []string
		for _, inv := range page.Invitations {
			hs = append(hs, inv.Handle)
		}
		slices.Sort(hs)
		if res.Queued != len(hs) {
			t.Errorf("%s: queued %d, listed %v", campaign, res.Queued, hs)
		}
		return hs
	}
	if got := queued("A"); !slices.Equal(got, []string{"in_a"}) {
		t.Errorf("A's prospects: %v, want in_a alone", got)
	}
	if got := queued(""); !slices.Equal(got, []string{"nowhere1", "nowhere2"}) {
		t.Errorf("the default campaign's prospects: %v, want the creators in no campaign", got)
	}
}
