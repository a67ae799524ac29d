package demo_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/demo"
)

// Scale writes consistent data: every stage, samples for pipelines at the
// sample stages and past them (most head creators post without one), one
// pipeline per creator and campaign, the funnel agreeing with the
// pipelines, and the same data from the same seed.
func TestScaleIsConsistentAndDeterministic(t *testing.T) {
	ctx := context.Background()
	fill := func() (*store.Store, demo.Summary) {
		s, err := store.Open(ctx, filepath.Join(t.TempDir(), "scale.db"), store.Options{Now: func() time.Time { return testNow }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		sum, err := demo.Scale(ctx, s, demo.Options{Creators: 3000, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		return s, sum
	}
	s, sum := fill()
	if sum.Creators != 3000 || sum.Pipelines < 3000 || sum.Samples == 0 || sum.Campaigns != 3 {
		t.Fatalf("%+v", sum)
	}
	if done, err := s.DemoFinished(ctx); !done || err != nil {
		t.Errorf("Scale did not mark its demo finished (%v)", err)
	}
	counts, err := s.CountCreators(ctx)
	if err != nil || counts.Total != 3000 || counts.Head == 0 || counts.Micro == 0 {
		t.Fatalf("%+v %v", counts, err)
	}
	f, err := s.Funnel(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var invited, partnered int64
	for _, tf := range f.ByTier {
		invited += tf.Invited
		partnered += tf.Partnered
	}
	if invited == 0 || partnered == 0 || partnered >= invited {
		t.Errorf("funnel: invited %d, partnered %d", invited, partnered)
	}
	seen := map[outreach.Stage]bool{}
	for _, st := range outreach.Stages {
		page, err := s.Creators(ctx, store.CreatorQuery{Stage: st, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		seen[st] = len(page.Creators) > 0
	}
	for _, st := range outreach.Stages {
		if !seen[st] {
			t.Errorf("no pipeline at %s", st)
		}
	}
	if _, sum2 := fill(); sum2 != sum {
		t.Errorf("same seed, different data: %+v vs %+v", sum2, sum)
	}
}

// A demo tells the whole story in both tiers, whichever writes it: every
// funnel step of each tier has creators (head creators post too), and the
// tiles show samples in transit, overdue content and spend.
func TestEveryFunnelStepInBothTiers(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name     string
		fill     func(context.Context, *store.Store, demo.Options) (demo.Summary, error)
		creators int
	}{{"Generate", demo.Generate, demo.DefaultCreators}, {"Scale", demo.Scale, 3000}} {
		t.Run(c.name, func(t *testing.T) {
			s := openStore(t)
			if _, err := c.fill(ctx, s, demo.Options{Creators: c.creators, Seed: 1, Now: testNow}); err != nil {
				t.Fatal(err)
			}
			f, err := s.Funnel(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, tier := range outreach.Tiers {
				for _, step := range outreach.FunnelSteps {
					if f.ByTier[tier].Count(step) == 0 {
						t.Errorf("%s funnel: %s %s is 0: %+v", c.name, tier, step.Label(), f.ByTier[tier])
					}
				}
			}
			o, err := s.Overview(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			if o.Samples.InTransit == 0 || o.Samples.Overdue == 0 || len(o.Spend) == 0 {
				t.Errorf("%s tiles: %+v", c.name, o)
			}
			tr, err := s.Trend(ctx, "", outreach.WeekStart(testNow), 12)
			if err != nil {
				t.Fatal(err)
			}
			if last := tr[len(tr)-1]; last.Invited == 0 || last.Partnered == 0 {
				t.Errorf("%s: nothing this week: %+v", c.name, last)
			}
		})
	}
}
