package outreach

import (
	"testing"
	"unicode/utf8"
)

func TestFiguresAreDefined(t *testing.T) {
	labels := map[string]bool{}
	for _, f := range Figures {
		if f.Label == "" || f.Counts == "" || f.Period == "" || f.Campaign == "" {
			t.Errorf("%+v is not fully defined", f)
		}
		// Labels are Latin and "·": a rune is a cell.
		if w := utf8.RuneCountInString(f.Short); w == 0 || w > ShortLabelWidth {
			t.Errorf("%q: short label %q is %d cells, want 1 to %d", f.Label, f.Short, w, ShortLabelWidth)
		}
		if f.Adds == (f.NotAdded != "") {
			t.Errorf("%q: Adds %v, NotAdded %q: say why a figure does not add up, and only then", f.Label, f.Adds, f.NotAdded)
		}
		if labels[f.Label] {
			t.Errorf("two figures are labelled %q", f.Label)
		}
		labels[f.Label] = true
	}
}

func TestImportedStages(t *testing.T) {
	for _, c := range []struct {
		entered                    Stage
		brought, invited, partners bool // BroughtOutcome; ImportDated on invited, on partnered
	}{
		{Prospect, false, false, false},
		{Invited, false, true, false},
		{Replied, true, true, false},
		{Negotiating, true, true, false},
		{Partnered, true, true, true},
		{SampleDelivered, true, true, true},
		{ContentPosted, true, true, true},
		{Declined, true, true, false},
		{NoResponse, true, true, false},
		{DoNotContact, false, false, false},
	} {
		if got := BroughtOutcome(c.entered); got != c.brought {
			t.Errorf("BroughtOutcome(%s) = %v", c.entered, got)
		}
		if got := ImportDated(c.entered, Invited); got != c.invited {
			t.Errorf("ImportDated(%s, invited) = %v", c.entered, got)
		}
		if got := ImportDated(c.entered, Partnered); got != c.partners {
			t.Errorf("ImportDated(%s, partnered) = %v", c.entered, got)
		}
		if ImportDated(c.entered, Prospect) {
			t.Errorf("ImportDated(%s, prospect): prospect is no dated step", c.entered)
		}
	}
}
