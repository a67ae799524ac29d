package store

import (
	"context"
	"strings"
	"testing"

	"creatordesk/outreach"
)

// TestPartnershipsPageReadsInIDOrder: a page of partnerships is read from
// the last page's id on, never gathered and sorted whole, whatever the
// planner's statistics say (a few campaigns, many pipelines: the shape
// that made an export quadratic).
func TestPartnershipsPageReadsInIDOrder(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	importRows(t, s, ImportOptions{}, row(2, "p1", i64(10)), row(3, "p2", i64(20)))
	for _, h := range []string{"p1", "p2"} {
		if _, err := s.MoveStage(ctx, Move{Handle: h, To: outreach.Partnered}); err != nil {
			t.Fatal(err)
		}
	}
	// Statistics as a demo of a million creators leaves them.
	for _, q := range []string{
		`ANALYZE`,
		`DELETE FROM sqlite_stat1`,
		`INSERT INTO sqlite_stat1 VALUES ('pipelines', 'collabs_by_stage', '1133070 377690 34336 1'),
			('pipelines', 'collabs_funnel', '1133070 377690 47212 1'), ('pipelines', 'collabs_by_creator', '1133070 2 1'),
			('creators', 'sqlite_autoindex_creators_1', '1000000 1'), ('campaigns', NULL, '4')`,
		`ANALYZE sqlite_schema`,
	} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	where, args, err := s.partnerFilterOn(ctx, PartnerQuery{}, "+k.stage_rank", true)
	if err != nil {
		t.Fatal(err)
	}
	plan := queryPlan(t, s, partnershipsSQL(where), append(args, 0, 10)...)
	got := strings.Join(plan, "\n")
	if strings.Contains(got, "TEMP B-TREE") || !strings.HasPrefix(plan[0], "SEARCH k USING INTEGER PRIMARY KEY") {
		t.Errorf("a page of partnerships is not read in id order:\n%s", got)
	}
	page, _, err := s.Partnerships(ctx, PartnerQuery{})
	if err != nil || len(page) != 2 {
		t.Fatalf("partnerships %d, %v", len(page), err)
	}
}
