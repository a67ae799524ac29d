package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"creatordesk/outreach"
)

// counterQueries recompute each counter table of migration 9 from the rows
// (the migration's own backfill), in a comparable form.
var counterQueries = map[string][2]string{
	"funnel_counts": {
		`SELECT campaign_id || '/' || tier || '/' || furthest_rank, n FROM funnel_counts WHERE n <> 0`,
		`SELECT k.campaign_id || '/' || c.tier || '/' || k.furthest_rank, COUNT(*) FROM pipelines k JOIN creators c ON c.id = k.creator_id
			GROUP BY k.campaign_id, c.tier, k.furthest_rank`,
	},
	"creator_reach": {
		`SELECT creator_id || '/' || furthest_rank || '/' || COALESCE(first_invited_at, 'null'), 1 FROM creator_reach`,
		`SELECT creator_id || '/' || MAX(furthest_rank) || '/' || COALESCE(MIN(invited_at), 'null'), 1 FROM pipelines
			WHERE furthest_rank >= 1 GROUP BY creator_id`,
	},
	"reach_counts": {
		`SELECT tier || '/' || furthest_rank, n FROM reach_counts WHERE n <> 0`,
		`SELECT c.tier || '/' || r.f, COUNT(*) FROM (SELECT creator_id, MAX(furthest_rank) AS f FROM pipelines WHERE furthest_rank >= 1 GROUP BY creator_id) r
			JOIN creators c ON c.id = r.creator_id GROUP BY c.tier, r.f`,
	},
	"money_counts": {
		`SELECT kind || '/' || campaign_id || '/' || currency, n FROM money_counts WHERE n <> 0`,
		`SELECT 'fee/' || campaign_id || '/' || slot_fee_currency, SUM(slot_fee_minor) FROM pipelines
			WHERE slot_fee_minor IS NOT NULL AND stage_rank >= 4 AND stage_rank < 8 GROUP BY 1 HAVING SUM(slot_fee_minor) <> 0
			UNION ALL SELECT 'sample/' || k.campaign_id || '/' || sm.currency, SUM(sm.unit_cost_minor * sm.qty) FROM samples sm
			JOIN pipelines k ON k.id = sm.pipeline_id WHERE sm.status <> 'cancelled' GROUP BY 1 HAVING SUM(sm.unit_cost_minor * sm.qty) <> 0`,
	},
	"sample_counts": {
		`SELECT campaign_id || '/' || status, n FROM sample_counts WHERE n <> 0`,
		`SELECT k.campaign_id || '/' || sm.status, COUNT(*) FROM samples sm JOIN pipelines k ON k.id = sm.pipeline_id GROUP BY 1`,
	},
	// Migration 16: the quota line is the waiting first invitations that
	// cost quota (quotaCost), and its blocks count it.
	"quota_line": {
		`SELECT invitation_id, 1 FROM quota_line`,
		`SELECT i.id, 1 FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id
			WHERE i.status IN ` + stoppableStatuses + ` AND ` + quotaCost,
	},
	"quota_line_blocks": {
		`SELECT block, n FROM quota_line_blocks`,
		`SELECT invitation_id / 1024, COUNT(*) FROM quota_line GROUP BY 1`,
	},
	"creator_counts": {
		`SELECT tier, n FROM creator_counts WHERE n <> 0`,
		`SELECT tier, COUNT(*) FROM creators GROUP BY tier`,
	},
	"activity_buckets": {
		`SELECT kind || '/' || bucket || '/' || campaign_id, n FROM activity_buckets WHERE n <> 0`,
		`SELECT 'i/' || (invited_at - invited_at % 900) || '/' || campaign_id, COUNT(*) FROM pipelines WHERE invited_at IS NOT NULL GROUP BY 1
			UNION ALL SELECT 'p/' || (partnered_at - partnered_at % 900) || '/' || campaign_id, COUNT(*) FROM pipelines WHERE partnered_at IS NOT NULL GROUP BY 1`,
	},
}

func readCounts(t *testing.T, db *sql.DB, q string) map[string]int64 {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		out[k] += n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkCounters fails the test when a counter table differs from what its
// rows say.
func checkCounters(t *testing.T, s *Store, when string) {
	t.Helper()
	names := make([]string, 0, len(counterQueries))
	for n := range counterQueries {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		q := counterQueries[name]
		got, want := readCounts(t, s.db, q[0]), readCounts(t, s.db, q[1])
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: %s drifted from the rows:\n got %v\nwant %v", when, name, got, want)
		}
	}
}

// counterWalk is a random walk over the store's writes: imports, moves,
// re-tiering, terms, sample shipping, and deletion of creators, pipelines
// and a campaign.
type counterWalk struct {
	t       *testing.T
	s       *Store
	c       *clock
	rng     *rand.Rand
	camps   []string
	samples []int64
	moved   int // sample status changes made
	// fixes adds corrections and undos to the walk's writes, and counts
	// those that went through.
	fixes              bool
	corrected, undone  int
	correctionsRefused int
}

func newCounterWalk(t *testing.T, seed1, seed2 uint64) *counterWalk {
	s, c := openTest(t)
	for _, name := range []string{"Spring", "Autumn"} {
		if _, err := s.CreateCampaign(context.Background(), outreach.Campaign{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	return &counterWalk{t: t, s: s, c: c, rng: rand.New(rand.NewPCG(seed1, seed2)), camps: []string{"", "Spring", "Autumn"}}
}

func (w *counterWalk) handle() string    { return fmt.Sprintf("c%02d", w.rng.IntN(40)) }
func (w *counterWalk) followers() *int64 { return i64(w.rng.Int64N(1_000_000)) }

// step makes one random write and says what it was; "" when it found
// nothing to write.
func (w *counterWalk) step() string {
	w.t.Helper()
	ctx := context.Background()
	w.c.t = w.c.t.Add(time.Duration(w.rng.IntN(180)) * time.Minute)
	if w.fixes && w.rng.IntN(4) == 0 {
		return w.fix()
	}
	what := ""
	switch r := w.rng.IntN(100); {
	case r < 10:
		what = "import"
		var rows []outreach.CreatorRow
		for i := range 1 + w.rng.IntN(6) {
			rows = append(rows, row(i+2, w.handle(), w.followers()))
		}
		importRows(w.t, w.s, ImportOptions{Campaign: w.camps[w.rng.IntN(len(w.camps))]}, rows...)
	case r < 62:
		to := outreach.Path[1+w.rng.IntN(4)] // invited to partnered
		if w.rng.IntN(6) == 0 {
			to = []outreach.Stage{outreach.Declined, outreach.NoResponse, outreach.DoNotContact}[w.rng.IntN(3)]
		}
		what = "move to " + string(to)
		_, _ = w.s.MoveStage(ctx, Move{Handle: w.handle(), Campaign: w.camps[w.rng.IntN(len(w.camps))], To: to})
	case r < 68:
		what = "threshold"
		if _, err := w.s.SetHeadThreshold(ctx, w.rng.Int64N(1_000_000)); err != nil {
			w.t.Fatal(err)
		}
	case r < 74:
		what = "terms"
		cur := []string{"USD", "GBP"}[w.rng.IntN(2)]
		_ = w.s.SetTerms(ctx, w.handle(), w.camps[w.rng.IntN(len(w.camps))], outreach.Terms{SlotFee: outreach.Money{Minor: w.rng.Int64N(90_000), Currency: cur}})
	case r < 82:
		what = "sample"
		// Samples go to partners: pick one.
		var h, camp string
		err := w.s.db.QueryRow(`SELECT c.handle, cp.name FROM pipelines k JOIN creators c ON c.id = k.creator_id
			JOIN campaigns cp ON cp.id = k.campaign_id WHERE k.stage = 'partnered' ORDER BY k.id LIMIT 1 OFFSET ?`,
			w.rng.IntN(3)).Scan(&h, &camp)
		if err != nil {
			return ""
		}
		cur := []string{"USD", "GBP"}[w.rng.IntN(2)]
		id, err := w.s.RecordSample(ctx, h, camp,
			outreach.Shipment{SKU: "SKU-1", Qty: 1 + w.rng.IntN(3), UnitCost: outreach.Money{Minor: w.rng.Int64N(5000), Currency: cur}}, 14)
		if err != nil {
			w.t.Fatal(err)
		}
		w.samples = append(w.samples, id)
	case r < 94:
		if len(w.samples) == 0 {
			return ""
		}
		id := w.samples[w.rng.IntN(len(w.samples))]
		switch w.rng.IntN(4) {
		case 0:
			what = "sample shipped"
			if w.s.MarkShipped(ctx, id, "UPS", "1Z", w.c.t) == nil {
				w.moved++
			}
		case 1:
			what = "sample delivered"
			if w.s.MarkDelivered(ctx, id, w.c.t, 14) == nil {
				w.moved++
			}
		case 2:
			what = "sample posted"
			if w.s.MarkPosted(ctx, id, "https://example.com/v", w.c.t) == nil {
				w.moved++
			}
		default:
			what = "sample cancelled"
			if _, err := w.s.db.Exec(`UPDATE samples SET status = 'cancelled' WHERE id = ?`, id); err != nil {
				w.t.Fatal(err)
			}
		}
	case r < 98:
		what = "delete creator"
		if w.rng.IntN(3) == 0 {
			what = "delete pipeline"
			// One with samples when there is one.
			if _, err := w.s.db.Exec(`DELETE FROM pipelines WHERE id = COALESCE((SELECT MAX(pipeline_id) FROM samples), (SELECT MAX(id) FROM pipelines))`); err != nil {
				w.t.Fatal(err)
			}
			break
		}
		if _, err := w.s.db.Exec(`DELETE FROM creators WHERE handle = ?`, w.handle()); err != nil {
			w.t.Fatal(err)
		}
	default:
		what = "delete campaign"
		if _, err := w.s.db.Exec(`DELETE FROM campaigns WHERE name = ?`, "Autumn"); err != nil {
			w.t.Fatal(err)
		}
		if _, err := w.s.CreateCampaign(ctx, outreach.Campaign{Name: "Autumn"}); err != nil {
			w.t.Fatal(err)
		}
	}
	return what
}

// fix makes a correction (back along the path, out of an exit) or an
// undo of a recent change, which may be refused (something changed since):
// a refusal writes nothing.
func (w *counterWalk) fix() string {
	ctx := context.Background()
	if w.rng.IntN(2) == 0 {
		var h, camp, stage string
		var furthest int
		err := w.s.db.QueryRow(`SELECT c.handle, cp.name, k.stage, k.furthest_rank FROM pipelines k JOIN creators c ON c.id = k.creator_id
			JOIN campaigns cp ON cp.id = k.campaign_id WHERE k.stage <> 'prospect' ORDER BY k.id LIMIT 1 OFFSET ?`, w.rng.IntN(8)).
			Scan(&h, &camp, &stage, &furthest)
		if err != nil {
			return ""
		}
		to := outreach.Path[w.rng.IntN(4)]
		if outreach.Stage(stage).IsExit() && w.rng.IntN(3) == 0 {
			to = outreach.Exits[w.rng.IntN(2)]
		}
		if _, err := w.s.MoveStage(ctx, Move{Handle: h, Campaign: camp, To: to, Correct: true, Note: "walk"}); err != nil {
			w.correctionsRefused++
			return "correction refused"
		}
		w.corrected++
		return fmt.Sprintf("correct %s → %s", stage, to)
	}
	var last int64
	w.s.db.QueryRow(`SELECT COALESCE(MAX(id), 0) FROM changes`).Scan(&last)
	if last == 0 {
		return ""
	}
	id := last - w.rng.Int64N(min(last, 6))
	if _, err := w.s.Undo(ctx, id); err != nil {
		var ue *UndoError
		if !errors.As(err, &ue) && !errors.Is(err, ErrNotFound) {
			w.t.Fatalf("undo %d: %v", id, err)
		}
		return "undo refused"
	}
	w.undone++
	return fmt.Sprintf("undo %d", id)
}

// TestCountersFollowCorrectionsAndUndos drives the walk with corrections
// and undos among its writes, checking the counters after each step.
func TestCountersFollowCorrectionsAndUndos(t *testing.T) {
	w := newCounterWalk(t, 3, 17)
	w.fixes = true
	if _, err := w.s.SetSender(context.Background(), "Mia"); err != nil {
		t.Fatal(err)
	}
	mrng := rand.New(rand.NewPCG(13, 1))
	for step := range 700 {
		what := ""
		if mrng.IntN(4) == 0 {
			what = messageStep(t, w.s, mrng, w.handle, w.camps)
		} else if what = w.step(); what == "" {
			continue
		}
		checkCounters(t, w.s, fmt.Sprintf("step %d (%s)", step, what))
	}
	t.Logf("%d corrections (%d refused), %d undos", w.corrected, w.correctionsRefused, w.undone)
	if w.corrected < 10 || w.undone < 10 || w.correctionsRefused == 0 {
		t.Fatalf("%d corrections (%d refused), %d undos: the walk tests too little", w.corrected, w.correctionsRefused, w.undone)
	}
}

// TestCountersFollowEveryWrite drives the walk and checks after each step
// that the trigger-kept counters equal a recount of the rows.
func TestCountersFollowEveryWrite(t *testing.T) {
	w := newCounterWalk(t, 5, 9)
	for step := range 600 {
		if what := w.step(); what != "" {
			checkCounters(t, w.s, fmt.Sprintf("step %d (%s)", step, what))
		}
	}
	var pipelines, fees int
	w.s.db.QueryRow(`SELECT COUNT(*) FROM pipelines WHERE furthest_rank >= 2`).Scan(&pipelines)
	w.s.db.QueryRow(`SELECT COUNT(*) FROM money_counts WHERE kind = 'fee' AND n > 0`).Scan(&fees)
	if pipelines < 5 || fees == 0 || w.moved < 5 {
		t.Fatalf("%d pipelines got past invited, %d fee counters, %d sample moves: the walk tests too little", pipelines, fees, w.moved)
	}
}

// TestQuotaLineFollowsEveryWrite drives the same walk with steps on the
// messages between (queueing, sending, skipping, forgetting, pipelines and
// messages changing hands), and checks after each step that the counters
// and the quota line (migration 16) equal a recount of the rows, and that
// the Queue's places in line and its count waiting agree with it.
func TestQuotaLineFollowsEveryWrite(t *testing.T) {
	w := newCounterWalk(t, 5, 9)
	if _, err := w.s.SetSender(context.Background(), "Mia"); err != nil {
		t.Fatal(err)
	}
	mrng := rand.New(rand.NewPCG(7, 11))
	var line lineSeen
	for step := range 600 {
		what := ""
		if mrng.IntN(3) == 0 {
			what = messageStep(t, w.s, mrng, w.handle, w.camps)
		} else if what = w.step(); what == "" {
			continue
		}
		checkCounters(t, w.s, fmt.Sprintf("step %d (%s)", step, what))
		line.check(t, w.s, fmt.Sprintf("step %d (%s)", step, what), what)
	}
	line.enough(t)
}

// TestCountersBackfilledByMigration fills a version-8 database, migrates it
// and checks that the counters start equal to the rows, then stay so.
func TestCountersBackfilledByMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	c := &clock{t: t0}
	old, err := Open(ctx, path, Options{Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	importRows(t, old, ImportOptions{}, row(2, "a1", i64(10)), row(3, "b1", i64(900_000)), row(4, "c1", i64(20)))
	for _, m := range []Move{{Handle: "a1", To: outreach.Invited}, {Handle: "b1", To: outreach.Invited}, {Handle: "b1", To: outreach.Partnered}} {
		c.t = c.t.Add(time.Hour)
		if _, err := old.MoveStage(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	// Back to version 8: drop what migrations 9 and 14 made, as a
	// database written by the previous build would be.
	undoQueuePaging(t, old.db)
	for _, q := range []string{
		"DROP TRIGGER collabs_count_insert", "DROP TRIGGER collabs_count_delete", "DROP TRIGGER collabs_count_update",
		"DROP TRIGGER creator_reach_count_insert", "DROP TRIGGER creator_reach_count_delete", "DROP TRIGGER creator_reach_count_update",
		"DROP TRIGGER creators_count_tier", "DROP TRIGGER creators_delete_collabs", "DROP TRIGGER collabs_delete_samples",
		"DROP TRIGGER collabs_money_insert", "DROP TRIGGER collabs_money_delete", "DROP TRIGGER collabs_money_update",
		"DROP TRIGGER samples_count_insert", "DROP TRIGGER samples_count_delete", "DROP TRIGGER samples_count_update",
		"DROP TABLE funnel_counts", "DROP TABLE creator_reach", "DROP TABLE reach_counts", "DROP TABLE activity_buckets",
		"DROP TABLE money_counts", "DROP TABLE sample_counts",
		"DROP TRIGGER creators_count_insert", "DROP TRIGGER creators_count_delete", "DROP TRIGGER creators_count_retier",
		"DROP TABLE creator_counts",
		"DROP INDEX collabs_by_campaign_invited", "PRAGMA user_version = 8",
	} {
		if _, err := old.db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	old.Close()
	var told [][2]int
	s, err := Open(ctx, path, Options{Now: c.now, Upgrading: func(from, to int) { told = append(told, [2]int{from, to}) }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(told) != 1 || told[0] != [2]int{8, SchemaVersion()} {
		t.Errorf("Upgrading heard %v, want once from 8 to %d", told, SchemaVersion())
	}
	fresh, err := Open(ctx, filepath.Join(t.TempDir(), "new.db"), Options{Upgrading: func(from, to int) { t.Errorf("a new database is not upgraded (%d→%d)", from, to) }})
	if err != nil {
		t.Fatal(err)
	}
	fresh.Close()
	checkCounters(t, s, "after migration")
	f, err := s.Funnel(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if f.All != (outreach.Funnel{Invited: 2, Replied: 1, Partnered: 1}) || f.ByTier[outreach.Head].Partnered != 1 {
		t.Errorf("funnel after migration %+v", f)
	}
	c.t = c.t.Add(time.Hour)
	if _, err := s.MoveStage(ctx, Move{Handle: "c1", To: outreach.Invited}); err != nil {
		t.Fatal(err)
	}
	checkCounters(t, s, "after a move")
}

// TestCountersAfterBulkLoad fills pipelines the way the demo does at scale
// (batched INSERTs, samples possibly in a batch ahead of their pipeline's
// batch) and checks the counters.
func TestCountersAfterBulkLoad(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	var rows []outreach.CreatorRow
	for i := range 300 {
		rows = append(rows, row(i+2, fmt.Sprintf("bulk%03d", i), i64(int64(i)*5000)))
	}
	importRows(t, s, ImportOptions{}, rows...)
	ids, err := s.CreatorIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	camp, err := s.Campaign(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	at := c.t.Add(-30 * 24 * time.Hour)
	n, err := s.BulkLoad(ctx, func(yield func(BulkPipeline) bool) {
		for i, id := range ids {
			p := BulkPipeline{CreatorID: id, CampaignID: camp.ID, Stage: outreach.Invited, Furthest: outreach.Invited,
				StageAt: at.Add(time.Duration(i) * time.Hour), InvitedAt: at.Add(time.Duration(i) * time.Hour)}
			if i%3 == 0 {
				p.Stage, p.Furthest, p.PartneredAt = outreach.SampleShipped, outreach.SampleShipped, p.InvitedAt.Add(time.Hour)
				p.Terms.SlotFee = outreach.Money{Minor: 1000 + int64(i), Currency: "USD"}
				// Every sampled pipeline has several samples, so the
				// samples' batch fills before the pipelines' does.
				for range 4 {
					p.Samples = append(p.Samples, outreach.Shipment{SKU: "S", Qty: 2, UnitCost: outreach.Money{Minor: 250, Currency: "USD"},
						Status: outreach.SampleInTransit, CreatedAt: p.PartneredAt})
				}
			}
			if !yield(p) {
				return
			}
		}
	})
	if err != nil || n != len(ids) {
		t.Fatalf("bulk load: %d, %v", n, err)
	}
	checkCounters(t, s, "after bulk load")
	f, err := s.Funnel(ctx, "")
	if err != nil || f.All.Invited != 300 || f.All.Partnered != 100 {
		t.Fatalf("funnel %+v %v", f.All, err)
	}
}
