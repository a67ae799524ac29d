package outreach

import "time"

// Partnership is one creator's collaboration in one campaign at partnered or
// beyond: the row colleagues receive in an export.
type Partnership struct {
	Creator
	Campaign    string
	Stage       Stage
	PartneredAt time.Time
	Terms       Terms
}
