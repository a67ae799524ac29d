package outreach

import (
	"encoding/json"
	"testing"
	"time"
)

func TestFunnelAdd(t *testing.T) {
	tests := []struct {
		furthest Stage
		want     Funnel
	}{
		{"", Funnel{}},
		{Prospect, Funnel{}},
		{Invited, Funnel{Invited: 1}},
		{Replied, Funnel{1, 1, 0, 0}},
		{Negotiating, Funnel{1, 1, 0, 0}},
		{Partnered, Funnel{1, 1, 1, 0}},
		{SampleShipped, Funnel{1, 1, 1, 0}},
		{SampleDelivered, Funnel{1, 1, 1, 0}},
		{ContentPosted, Funnel{1, 1, 1, 1}},
		// An exit is never a furthest stage; if one arrives it counts nowhere.
		{Declined, Funnel{}},
		{DoNotContact, Funnel{}},
		{"bogus", Funnel{}},
	}
	for _, tt := range tests {
		var f Funnel
		f.Add(tt.furthest)
		if f != tt.want {
			t.Errorf("Add(%q) = %+v, want %+v", tt.furthest, f, tt.want)
		}
		// Count agrees with the fields, and each step is counted exactly when
		// the furthest stage is at or past it.
		for _, step := range FunnelSteps {
			want := int64(0)
			if r := tt.furthest.Rank(); r >= step.Rank() {
				want = 1
			}
			if got := f.Count(step); got != want {
				t.Errorf("Add(%q).Count(%s) = %d, want %d", tt.furthest, step, got, want)
			}
		}
	}
}

func TestFunnelCounts(t *testing.T) {
	var f Funnel
	for _, s := range []Stage{Prospect, Invited, Invited, Replied, Negotiating, Partnered, SampleShipped, ContentPosted, ContentPosted, Invited} {
		f.Add(s)
	}
	want := Funnel{Invited: 9, Replied: 6, Partnered: 4, ContentPosted: 2}
	if f != want {
		t.Fatalf("funnel = %+v, want %+v", f, want)
	}
	if got := f.Conversion(); got != 4.0/9.0 {
		t.Errorf("Conversion() = %v, want 4/9", got)
	}
	if got := f.ReplyRate(); got != 6.0/9.0 {
		t.Errorf("ReplyRate() = %v, want 6/9", got)
	}
	for _, s := range []Stage{Prospect, Negotiating, SampleShipped, Declined, ""} {
		if got := f.Count(s); got != 0 {
			t.Errorf("Count(%q) = %d, want 0 for a stage that is not a step", s, got)
		}
	}
}

func TestFunnelConversion(t *testing.T) {
	tests := []struct {
		f          Funnel
		conv, rate float64
	}{
		{Funnel{}, 0, 0},
		{Funnel{Partnered: 3}, 0, 0}, // nobody invited: 0, not Inf or NaN
		{Funnel{Invited: 10}, 0, 0},
		{Funnel{Invited: 10, Replied: 5, Partnered: 2}, 0.2, 0.5},
		{Funnel{Invited: 4, Replied: 4, Partnered: 4, ContentPosted: 4}, 1, 1},
		{Funnel{Invited: 3, Replied: 1, Partnered: 1}, 1.0 / 3.0, 1.0 / 3.0},
	}
	for _, tt := range tests {
		if got := tt.f.Conversion(); got != tt.conv {
			t.Errorf("%+v.Conversion() = %v, want %v", tt.f, got, tt.conv)
		}
		if got := tt.f.ReplyRate(); got != tt.rate {
			t.Errorf("%+v.ReplyRate() = %v, want %v", tt.f, got, tt.rate)
		}
	}
}

func TestFunnelPlus(t *testing.T) {
	a := Funnel{Invited: 10, Replied: 5, Partnered: 2, ContentPosted: 1}
	b := Funnel{Invited: 3, Replied: 2, Partnered: 2, ContentPosted: 0}
	want := Funnel{Invited: 13, Replied: 7, Partnered: 4, ContentPosted: 1}
	if got := a.Plus(b); got != want {
		t.Errorf("Plus = %+v, want %+v", got, want)
	}
	if a.Plus(b) != b.Plus(a) {
		t.Error("Plus is not commutative")
	}
	if a.Plus(Funnel{}) != a {
		t.Error("Plus(zero) changed the funnel")
	}
	if a != (Funnel{10, 5, 2, 1}) {
		t.Error("Plus modified its receiver")
	}
	// Adding creators to two funnels and summing equals adding them to one.
	var x, y, all Funnel
	for i, s := range Path {
		if i%2 == 0 {
			x.Add(s)
		} else {
			y.Add(s)
		}
		all.Add(s)
	}
	if x.Plus(y) != all {
		t.Errorf("x.Plus(y) = %+v, want %+v", x.Plus(y), all)
	}
}

func TestFunnelJSON(t *testing.T) {
	b, err := json.Marshal(Funnel{1, 2, 3, 4})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"invited":1,"replied":2,"partnered":3,"content_posted":4}`; string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
}

func TestFunnelSteps(t *testing.T) {
	want := []Stage{Invited, Replied, Partnered, ContentPosted}
	if len(FunnelSteps) != len(want) {
		t.Fatalf("FunnelSteps = %v", FunnelSteps)
	}
	for i := range want {
		if FunnelSteps[i] != want[i] {
			t.Fatalf("FunnelSteps = %v, want %v", FunnelSteps, want)
		}
	}
}

// TestFunnelFromWalk: a partner who later declines still counts as partnered.
func TestFunnelFromWalk(t *testing.T) {
	p := Position{Stage: Prospect, Tier: Micro}
	for _, to := range []Stage{Invited, Replied, Partnered, Declined} {
		if err := p.CheckMove(to); err != nil {
			t.Fatal(err)
		}
		p = p.Next(to)
	}
	var f Funnel
	f.Add(p.Furthest)
	if want := (Funnel{1, 1, 1, 0}); f != want {
		t.Errorf("funnel of a partner who declined = %+v, want %+v", f, want)
	}
}

func TestWeekStart(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	for _, tc := range []struct{ in, want time.Time }{
		{time.Date(2026, 11, 22, 23, 59, 0, 0, loc), time.Date(2026, 11, 16, 0, 0, 0, 0, loc)}, // Sunday
		{time.Date(2026, 11, 16, 0, 0, 0, 0, loc), time.Date(2026, 11, 16, 0, 0, 0, 0, loc)},   // Monday midnight
		{time.Date(2026, 3, 1, 12, 0, 0, 0, loc), time.Date(2026, 2, 23, 0, 0, 0, 0, loc)},     // across a month
	} {
		if got := WeekStart(tc.in); !got.Equal(tc.want) {
			t.Errorf("WeekStart(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
