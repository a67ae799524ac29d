package outreach

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// OrderLine is one line of Seller Center's affiliate-orders export: one SKU
// of one order, attributed to one creator. A line is keyed by (OrderID,
// SKUID); a later export of the same period updates its status, refund and
// actual commission.
type OrderLine struct {
	OrderID     string
	SKUID       string
	ProductID   string
	ProductName string
	SellerSKU   string
	Creator     string // normalised handle (NormalizeHandle) of Creator Username

	Quantity      int64
	Payment       Money // what the buyer paid for the line, in the line's currency
	FullyRefunded bool  // "Fully returned or refunded" = Yes
	Status        string

	CommissionRate BasisPoints // Standard commission rate
	EstCommission  Money       // Est. standard commission payment
	// ActualCommission is Actual Commission Payment; HasActual says whether
	// the export had one (the platform pays it after the return window).
	ActualCommission Money
	HasActual        bool

	Created        time.Time
	CommissionPaid time.Time // zero until the platform paid the commission
}

// Key is what identifies the line across exports.
func (l OrderLine) Key() [2]string { return [2]string{l.OrderID, l.SKUID} }

// Currency is the line's currency; every amount on a line is in it.
func (l OrderLine) Currency() string { return l.Payment.Currency }

// Commission is the actual commission payment where the platform has paid
// it, else the estimate.
func (l OrderLine) Commission() Money {
	if l.HasActual {
		return l.ActualCommission
	}
	return l.EstCommission
}

// Estimated reports whether Commission is still the estimate, so the output
// can flag it as such.
func (l OrderLine) Estimated() bool { return !l.HasActual }

// Validate checks what the numbers rely on: a key, a creator, a positive
// quantity, amounts that are not negative and all in the line's currency.
func (l OrderLine) Validate() error {
	switch {
	case strings.TrimSpace(l.OrderID) == "":
		return fmt.Errorf("Order ID: empty")
	case strings.TrimSpace(l.SKUID) == "":
		return fmt.Errorf("SKU ID: empty")
	case l.Creator == "":
		return fmt.Errorf("Creator Username: empty")
	case l.Quantity <= 0:
		return fmt.Errorf("Quantity: must be at least 1")
	case l.Payment.Currency == "":
		return fmt.Errorf("Currency: empty")
	case l.CommissionRate < 0:
		return fmt.Errorf("Standard commission rate: negative")
	}
	amounts := []struct {
		field string
		m     Money
		set   bool
	}{
		{"Payment Amount", l.Payment, true},
		{"Est. standard commission payment", l.EstCommission, l.EstCommission != Money{}},
		{"Actual Commission Payment", l.ActualCommission, l.HasActual},
	}
	for _, a := range amounts {
		if !a.set {
			continue
		}
		if a.m.Minor < 0 {
			return fmt.Errorf("%s: negative", a.field)
		}
		if a.m.Currency != l.Payment.Currency {
			return fmt.Errorf("%s: in %s, the line is in %s", a.field, a.m.Currency, l.Payment.Currency)
		}
	}
	return nil
}

// ParseRefunded reads the "Fully returned or refunded" cell: Yes or No (any
// case; also true/false, 1/0, Y/N). A blank cell is No.
func ParseRefunded(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(norm.NFKC.String(s))) {
	case "yes", "y", "true", "1":
		return true, nil
	case "no", "n", "false", "0", "":
		return false, nil
	}
	return false, fmt.Errorf("%q is not Yes or No", s)
}
