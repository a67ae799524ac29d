package store

import (
	"context"
	"database/sql"
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

// TestCountersFollowEveryWrite drives random imports, moves, re-tiering,
// sample shipping, deletion of creators and of a campaign, and checks after
// each step that the trigger-kept counters equal a recount of the rows.
func TestCountersFollowEveryWrite(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 9))
	for _, name := range []string{"Spring", "Autumn"} {
		if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	camps := []string{"", "Spring", "Autumn"}
	var samples []int64
	moved := 0 // sample status changes made
	handle := func() string { return fmt.Sprintf("c%02d", rng.IntN(40)) }
	followers := func() *int64 { return i64(rng.Int64N(1_000_000)) }
	for step := range 600 {
		c.t = c.t.Add(time.Duration(rng.IntN(180)) * time.Minute)
		what := ""
		switch r := rng.IntN(100); {
		case r < 10:
			what = "import"
			var rows []outreach.CreatorRow
			for i := range 1 + rng.IntN(6) {
				rows = append(rows, row(i+2, handle(), followers()))
			}
			importRows(t, s, ImportOptions{Campaign: camps[rng.IntN(len(camps))]}, rows...)
		case r < 62:
			to := outreach.Path[1+rng.IntN(4)] // invited to partnered
			if rng.IntN(6) == 0 {
				to = []outreach.Stage{outreach.Declined, outreach.NoResponse, outreach.DoNotContact}[rng.IntN(3)]
			}
			what = "move to " + string(to)
			_, _ = s.MoveStage(ctx, Move{Handle: handle(), Campaign: camps[rng.IntN(len(camps))], To: to})
		case r < 68:
			what = "threshold"
			if _, err := s.SetHeadThreshold(ctx, rng.Int64N(1_000_000)); err != nil {
				t.Fatal(err)
			}
		case r < 74:
			what = "terms"
			cur := []string{"USD", "GBP"}[rng.IntN(2)]
			_ = s.SetTerms(ctx, handle(), camps[rng.IntN(len(camps))], outreach.Terms{SlotFee: outreach.Money{Minor: rng.Int64N(90_000), Currency: cur}})
		case r < 82:
			what = "sample"
			// Samples go to partners: pick one.
			var h, camp string
			err := s.db.QueryRow(`SELECT c.handle, cp.name FROM pipelines k JOIN creators c ON c.id = k.creator_id
				JOIN campaigns cp ON cp.id = k.campaign_id WHERE k.stage = 'partnered' ORDER BY k.id LIMIT 1 OFFSET ?`,
				rng.IntN(3)).Scan(&h, &camp)
			if err != nil {
				continue
			}
			cur := []string{"USD", "GBP"}[rng.IntN(2)]
			id, err := s.RecordSample(ctx, h, camp,
				outreach.Shipment{SKU: "SKU-1", Qty: 1 + rng.IntN(3), UnitCost: outreach.Money{Minor: rng.Int64N(5000), Currency: cur}}, 14)
			if err != nil {
				t.Fatal(err)
			}
			samples = append(samples, id)
		case r < 94:
			if len(samples) == 0 {
				continue
			}
			id := samples[rng.IntN(len(samples))]
			switch rng.IntN(4) {
			case 0:
				what = "sample shipped"
				if s.MarkShipped(ctx, id, "UPS", "1Z", c.t) == nil {
					moved++
				}
			case 1:
				what = "sample delivered"
				if s.MarkDelivered(ctx, id, c.t, 14) == nil {
					moved++
				}
			case 2:
				what = "sample posted"
				if s.MarkPosted(ctx, id, "https://example.com/v", c.t) == nil {
					moved++
				}
			default:
				what = "sample cancelled"
				if _, err := s.db.Exec(`UPDATE samples SET status = 'cancelled' WHERE id = ?`, id); err != nil {
					t.Fatal(err)
				}
			}
		case r < 98:
			what = "delete creator"
			if rng.IntN(3) == 0 {
				what = "delete pipeline"
				// One with samples when there is one.
				if _, err := s.db.Exec(`DELETE FROM pipelines WHERE id = COALESCE((SELECT MAX(pipeline_id) FROM samples), (SELECT MAX(id) FROM pipelines))`); err != nil {
					t.Fatal(err)
				}
				break
			}
			if _, err := s.db.Exec(`DELETE FROM creators WHERE handle = ?`, handle()); err != nil {
				t.Fatal(err)
			}
		default:
			what = "delete campaign"
			if _, err := s.db.Exec(`DELETE FROM campaigns WHERE name = ?`, "Autumn"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Autumn"}); err != nil {
				t.Fatal(err)
			}
		}
		checkCounters(t, s, fmt.Sprintf("step %d (%s)", step, what))
	}
	var pipelines, fees int
	s.db.QueryRow(`SELECT COUNT(*) FROM pipelines WHERE furthest_rank >= 2`).Scan(&pipelines)
	s.db.QueryRow(`SELECT COUNT(*) FROM money_counts WHERE kind = 'fee' AND n > 0`).Scan(&fees)
	if pipelines < 5 || fees == 0 || moved < 5 {
		t.Fatalf("%d pipelines got past invited, %d fee counters, %d sample moves: the walk tests too little", pipelines, fees, moved)
	}
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
