package outreach

import (
	"fmt"
	"time"
)

// SampleStatus is where a sample shipment stands.
type SampleStatus string

const (
	SampleToShip    SampleStatus = "to_ship"
	SampleInTransit SampleStatus = "shipped"
	SampleArrived   SampleStatus = "delivered"
	SamplePosted    SampleStatus = "content_posted"
	SampleCancelled SampleStatus = "cancelled"
)

// DefaultContentDueDays is TikTok's posting window after a sample arrives.
const DefaultContentDueDays = 14

// Shipment is a free sample sent to a creator.
type Shipment struct {
	ID              int64
	SKU             string
	Qty             int
	UnitCost        Money
	Carrier         string
	Tracking        string
	Status          SampleStatus
	CreatedAt       time.Time
	ShippedAt       time.Time
	DeliveredAt     time.Time
	ContentDueAt    time.Time // DeliveredAt plus the posting window
	ContentPostedAt time.Time
	VideoURL        string
}

// Validate checks what a recorded sample needs.
func (s Shipment) Validate() error {
	switch {
	case s.SKU == "":
		return fmt.Errorf("sample: no SKU")
	case s.Qty <= 0:
		return fmt.Errorf("sample: quantity must be at least 1")
	case s.UnitCost.Minor < 0:
		return fmt.Errorf("sample: negative cost")
	}
	switch s.Status {
	case SampleToShip, SampleInTransit, SampleArrived, SamplePosted, SampleCancelled:
	default:
		return fmt.Errorf("sample: unknown status %q", s.Status)
	}
	return nil
}

// Cost is the shipment's total product cost.
func (s Shipment) Cost() Money {
	return Money{Minor: s.UnitCost.Minor * int64(s.Qty), Currency: s.UnitCost.Currency}
}

// ContentDue is when content is due for a sample delivered at delivered.
func ContentDue(delivered time.Time, days int) time.Time {
	return delivered.AddDate(0, 0, days)
}

// Overdue reports whether a delivered sample's content is late at now.
func (s Shipment) Overdue(now time.Time) bool {
	return s.Status == SampleArrived && !s.ContentDueAt.IsZero() && now.After(s.ContentDueAt)
}
