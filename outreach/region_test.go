package outreach

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestNormalizeRegion(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{"us", "US", false},
		{"US", "US", false},
		{" vn ", "VN", false},
		{"United States", "US", false},
		{"united   states", "US", false},
		{"USA", "US", false},
		{"美国", "US", false},
		{"Estados Unidos", "US", false},
		{"Việt Nam", "VN", false},
		{norm.NFD.String("Việt Nam"), "VN", false}, // decomposed accents
		{"VIỆT NAM", "VN", false},
		{"Vietnam", "VN", false},
		{"越南", "VN", false},
		{"UK", "GB", false},
		{"England", "GB", false},
		{"英国", "GB", false},
		{"Indonesia", "ID", false},
		{"印尼", "ID", false},
		{"Malaysia", "MY", false},
		{"Philippines", "PH", false},
		{"Thailand", "TH", false},
		{"Thái Lan", "TH", false},
		{"Singapore", "SG", false},
		{"México", "MX", false},
		{"Mexico", "MX", false},
		{"España", "ES", false},
		{"Brasil", "BR", false},
		{"Japón", "JP", false},
		{"Türkiye", "TR", false},
		{"", "", false}, // blank: not given
		{"   ", "", false},

		{"Atlantis", "", true},
		{"U.S.", "", true},
		{"USAA", "", true},
		{"u", "", true},
		{"12", "", true},
		{"美", "", true},
		{"ñu", "", true},
	}
	for _, tt := range tests {
		got, err := NormalizeRegion(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("NormalizeRegion(%q) = %q, want an error", tt.in, got)
			} else if !strings.Contains(err.Error(), "not a country") || !strings.Contains(err.Error(), tt.in) {
				t.Errorf("NormalizeRegion(%q) error = %q", tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizeRegion(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if got != "" {
			if again, err := NormalizeRegion(got); err != nil || again != got {
				t.Errorf("NormalizeRegion(%q) = %q, %v; not idempotent", got, again, err)
			}
		}
	}
}

// Every name in the table maps to a two-letter upper-case code that reads back.
func TestRegionNamesTable(t *testing.T) {
	for name, code := range regionNames {
		if name != strings.ToLower(norm.NFC.String(name)) || strings.Join(strings.Fields(name), " ") != name {
			t.Errorf("regionNames key %q is not in normalised form", name)
		}
		if len(code) != 2 || strings.ToUpper(code) != code {
			t.Errorf("regionNames[%q] = %q, not an alpha-2 code", name, code)
		}
		if got, err := NormalizeRegion(name); err != nil || got != code {
			t.Errorf("NormalizeRegion(%q) = %q, %v; want %q", name, got, err, code)
		}
	}
}
