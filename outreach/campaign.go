package outreach

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// CampaignKind is TikTok's collaboration type.
type CampaignKind string

const (
	Targeted CampaignKind = "targeted" // invite chosen creators
	Open     CampaignKind = "open"     // any creator may promote
)

// DefaultCampaign is used when no campaign is named, so a staffer who never
// makes one never has to think about campaigns.
const DefaultCampaign = "default"

// Campaign groups outreach for a set of products.
type Campaign struct {
	ID                int64
	Name              string
	Kind              CampaignKind
	SKUs              []string
	DefaultCommission BasisPoints
	StartsAt, EndsAt  time.Time // zero when open-ended
	CreatedAt         time.Time
}

// MaxCampaignName bounds a campaign's name.
const MaxCampaignName = 80

// NormalizeCampaignName trims and collapses spaces and refuses names that
// are empty, too long or hold control characters.
func NormalizeCampaignName(s string) (string, error) {
	n := strings.Join(strings.Fields(s), " ")
	if n == "" {
		return "", fmt.Errorf("campaign name is empty")
	}
	if len([]rune(n)) > MaxCampaignName {
		return "", fmt.Errorf("campaign name is longer than %d characters", MaxCampaignName)
	}
	for _, r := range n {
		if unicode.IsControl(r) {
			return "", fmt.Errorf("campaign name holds a control character")
		}
	}
	return n, nil
}

// ParseCampaignKind reads "targeted" or "open".
func ParseCampaignKind(s string) (CampaignKind, error) {
	switch k := CampaignKind(normWord(s)); k {
	case Targeted, Open:
		return k, nil
	case "":
		return Targeted, nil
	}
	return "", fmt.Errorf("%q is not a campaign kind (targeted or open)", s)
}
