package store

import (
	"strconv"
	"strings"

	"creatordesk/outreach"
)

// fieldLabels are the history's fields in the user's words.
var fieldLabels = map[string]string{
	"display_name": "name", "commission_bp": "commission", "slot_fee_minor": "slot fee",
	"slot_fee_currency": "slot fee currency", "discount_code": "discount code", "discount_pct": "discount %",
	"sample_sku": "sample SKU", "sample_qty": "sample qty", "sample_unit_cost_minor": "sample cost",
	"sample_currency": "sample currency",
}

// Label is the entry's field in the user's words ("name" for
// display_name, "commission" for commission_bp); the CLI's history and
// the dashboard's detail pane both show it.
func (e Entry) Label() string {
	if l, ok := fieldLabels[e.Field]; ok {
		return l
	}
	return e.Field
}

// Values are the entry's old and new values as shown: stages by their
// label ("content posted"), rates as percentages, statuses without
// underscores; "" stays "" (the caller says "(none)" or "start"). They are
// not cleaned for the terminal: values may come from an import.
func (e Entry) Values() (old, new string) {
	old, new = e.Old, e.New
	switch e.Field {
	case FieldStage:
		if old != "" {
			old = outreach.Stage(old).Label()
		}
		if new != "" {
			new = outreach.Stage(new).Label()
		}
	case FieldInvitation, FieldSample:
		old, new = strings.ReplaceAll(old, "_", " "), strings.ReplaceAll(new, "_", " ")
	case "commission_bp":
		old, new = rate(old), rate(new)
	case "slot_fee_minor", "sample_unit_cost_minor":
		old, new = amount(old, e.Currency), amount(new, e.Currency)
	}
	return old, new
}

// amount shows minor units in their currency ("USD 200.00"); without one
// it shows them as stored.
func amount(s, currency string) string {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || currency == "" {
		return s
	}
	return outreach.Money{Minor: n, Currency: currency}.String()
}

// rate shows basis points as a percentage.
func rate(s string) string {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return s
	}
	return outreach.BasisPoints(n).String()
}
