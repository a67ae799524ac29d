package outreach

import (
	"strings"
	"testing"
)

func TestNormalizeCampaignName(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{"Spring Launch", "Spring Launch", ""},
		{"  Spring   Launch  ", "Spring Launch", ""},
		{"Spring\tLaunch\n", "Spring Launch", ""},
		{"春季 新品", "春季 新品", ""},
		{DefaultCampaign, DefaultCampaign, ""},
		{strings.Repeat("x", 80), strings.Repeat("x", 80), ""},
		{strings.Repeat("春", 80), strings.Repeat("春", 80), ""}, // 80 characters, 240 bytes
		{"", "", "empty"},
		{"   \t\n", "", "empty"},
		{strings.Repeat("x", 81), "", "longer than 80 characters"},
		{strings.Repeat("春", 81), "", "longer than 80 characters"},
		{"Spring\x1b[31m", "", "control character"},
		{"Spring\x00Launch", "", "control character"},
		{"Spring\u0085", "Spring", ""}, // NEL is white space: trimmed
		{"Spring\x7f", "", "control character"},
	}
	for _, tt := range tests {
		got, err := NormalizeCampaignName(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("NormalizeCampaignName(%q) = %q, %v; want error containing %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizeCampaignName(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if again, err := NormalizeCampaignName(got); err != nil || again != got {
			t.Errorf("NormalizeCampaignName(%q) = %q, %v; not idempotent", got, again, err)
		}
	}
}

func TestParseCampaignKind(t *testing.T) {
	ok := []struct {
		in   string
		want CampaignKind
	}{
		{"targeted", Targeted},
		{"Targeted", Targeted},
		{" TARGETED ", Targeted},
		{"open", Open},
		{"Open", Open},
		{"", Targeted}, // blank: the default kind
		{"  ", Targeted},
	}
	for _, tt := range ok {
		if got, err := ParseCampaignKind(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseCampaignKind(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"target", "opened", "affiliate", "open plan", "targeted!"} {
		got, err := ParseCampaignKind(in)
		if err == nil {
			t.Errorf("ParseCampaignKind(%q) = %q, want an error", in, got)
		} else if !strings.Contains(err.Error(), "not a campaign kind") || !strings.Contains(err.Error(), in) {
			t.Errorf("ParseCampaignKind(%q) error = %q", in, err)
		}
	}
}
