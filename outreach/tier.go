package outreach

import "fmt"

// Tier splits creators by reach; it decides default terms and templates.
type Tier string

const (
	Micro Tier = "micro" // free sample plus a personal discount code
	Head  Tier = "head"  // fixed slot fee plus commission
)

// DefaultHeadThreshold: a creator with more followers than this is head.
const DefaultHeadThreshold int64 = 500_000

// Tiers lists every tier in display order.
var Tiers = []Tier{Head, Micro}

// TierFor is the tier a follower count earns: head strictly above the
// threshold, so exactly the threshold is micro. An unknown count is micro.
func TierFor(followers *int64, threshold int64) Tier {
	if followers != nil && *followers > threshold {
		return Head
	}
	return Micro
}

// ParseTier reads "head" or "micro" (also 头部/腰部/尾部/达人 forms).
func ParseTier(s string) (Tier, error) {
	switch normWord(s) {
	case "head", "头部", "大达人", "kol":
		return Head, nil
	case "micro", "腰部", "尾部", "小达人", "koc":
		return Micro, nil
	}
	return "", fmt.Errorf("%q is not a tier (head or micro)", s)
}

func (t Tier) Valid() bool { return t == Head || t == Micro }
