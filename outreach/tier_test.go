package outreach

import (
	"strconv"
	"strings"
	"testing"
)

func ptr[T any](v T) *T { return &v }

func TestTierFor(t *testing.T) {
	tests := []struct {
		followers *int64
		threshold int64
		want      Tier
	}{
		{nil, DefaultHeadThreshold, Micro},
		{ptr[int64](0), DefaultHeadThreshold, Micro},
		{ptr[int64](1), DefaultHeadThreshold, Micro},
		{ptr[int64](499_999), DefaultHeadThreshold, Micro},
		{ptr[int64](500_000), DefaultHeadThreshold, Micro}, // exactly the threshold is micro
		{ptr[int64](500_001), DefaultHeadThreshold, Head},
		{ptr[int64](12_000_000), DefaultHeadThreshold, Head},
		{ptr[int64](100_000), 100_000, Micro},
		{ptr[int64](100_001), 100_000, Head},
		{ptr[int64](1), 0, Head},
		{ptr[int64](0), 0, Micro},
		{nil, 0, Micro}, // unknown stays micro whatever the threshold
	}
	for _, tt := range tests {
		got := TierFor(tt.followers, tt.threshold)
		f := "nil"
		if tt.followers != nil {
			f = strconv.FormatInt(*tt.followers, 10)
		}
		if got != tt.want {
			t.Errorf("TierFor(%s, %d) = %q, want %q", f, tt.threshold, got, tt.want)
		}
	}
	if DefaultHeadThreshold != 500_000 {
		t.Errorf("DefaultHeadThreshold = %d, want 500000", DefaultHeadThreshold)
	}
}

func TestParseTier(t *testing.T) {
	ok := []struct {
		in   string
		want Tier
	}{
		{"head", Head}, {"Head", Head}, {" HEAD ", Head}, {"头部", Head}, {"大达人", Head}, {"KOL", Head}, {"kol", Head},
		{"micro", Micro}, {"Micro", Micro}, {"MICRO\t", Micro}, {"腰部", Micro}, {"尾部", Micro}, {"小达人", Micro}, {"KOC", Micro},
	}
	for _, tt := range ok {
		if got, err := ParseTier(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseTier(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", " ", "mid", "macro", "nano", "heads", "达人", "h"} {
		got, err := ParseTier(in)
		if err == nil {
			t.Errorf("ParseTier(%q) = %q, want an error", in, got)
		} else if !strings.Contains(err.Error(), "not a tier") {
			t.Errorf("ParseTier(%q) error = %q", in, err)
		}
	}
}

func TestTierValid(t *testing.T) {
	for tier, want := range map[Tier]bool{Head: true, Micro: true, "": false, "HEAD": false, "mid": false} {
		if got := tier.Valid(); got != want {
			t.Errorf("Tier(%q).Valid() = %v, want %v", tier, got, want)
		}
	}
	if len(Tiers) != 2 || Tiers[0] != Head || Tiers[1] != Micro {
		t.Errorf("Tiers = %v, want [head micro]", Tiers)
	}
	for _, tier := range Tiers {
		if got, err := ParseTier(string(tier)); err != nil || got != tier {
			t.Errorf("ParseTier(%q) = %q, %v", tier, got, err)
		}
	}
}
