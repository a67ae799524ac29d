package creators

import (
	"context"
	"strings"
	"testing"

	"creatordesk/outreach"
	"creatordesk/store"
)

// m offers the corrections below the moves; a correction needs its reason
// and a yes before it runs.
func TestCreatorsCorrectFromMove(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	const handle = "khanhcatlady"
	p := creatorsPipeline(t, s, handle)
	if p.Position.Stage != outreach.Invited {
		t.Fatalf("demo data changed: @%s is %s, the test wants invited", handle, p.Position.Stage)
	}
	a := rootStart(t, rootApp(s, true), 120, 40)
	creatorsFind(t, a, handle)
	rootPress(t, a, "m")
	if got := rootScreen(a); !strings.Contains(got, "← prospect (correct a mistake)") || !strings.Contains(got, "a correction (←) needs the reason here") {
		t.Fatalf("m does not offer the correction:\n%s", got)
	}
	// The last option is the correction; without a reason it stays.
	rootPress(t, a, "G", "enter", "enter")
	if got := rootDialogText(a); !strings.Contains(got, "a correction needs a reason") {
		t.Fatalf("a correction without a reason went on: %s", got)
	}
	rootType(t, a, "the DM never went")
	rootPress(t, a, "enter")
	got := rootDialogText(a)
	if !strings.Contains(got, "Correct @"+handle+" in "+p.Campaign+" from invited back to prospect?") ||
		!strings.Contains(got, "The funnel counts them at prospect from now on") {
		t.Fatalf("no confirmation: %s", got)
	}
	// No leaves it as it was.
	rootPress(t, a, "n")
	if rootDialog(a) || creatorsPipeline(t, s, handle).Position.Stage != outreach.Invited {
		t.Fatal("no: the dialog stayed or the pipeline moved")
	}

	rootPress(t, a, "m", "G", "enter")
	rootType(t, a, "the DM never went")
	rootPress(t, a, "enter", "y")
	if rootDialog(a) {
		t.Fatalf("a dialog is still open: %s", rootDialogText(a))
	}
	if got := creatorsPipeline(t, s, handle); got.Position.Stage != outreach.Prospect || got.InvitedAt.IsZero() == false {
		t.Errorf("after the correction: %s, invited %v", got.Position.Stage, got.InvitedAt)
	}
	if got := rootScreen(a); !strings.Contains(got, "@"+handle+" corrected to prospect in "+p.Campaign) {
		t.Errorf("status does not say the correction:\n%s", got)
	}
	es, _, err := s.History(context.Background(), store.HistoryQuery{Handle: handle, Limit: 1})
	if err != nil || len(es) != 1 || es[0].Note != "correction: the DM never went" || es[0].Who != store.ByDashboard {
		t.Errorf("history %+v %v", es, err)
	}
}

// Several creators: a refused move that a correction could make says
// where the correction is.
func TestCreatorsBulkMoveNamesTheCorrection(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 120, 40)
	rootPress(t, a, "2", "/")
	rootType(t, a, "khanh")
	// three listed: @khanhcatlady invited, @khanhhoang declined, @khanh.bui a prospect
	rootPress(t, a, "enter", "space", "space")
	rootPress(t, a, "m")
	if !rootDialog(a) {
		t.Fatal("m: no dialog")
	}
	if got := rootScreen(a); !strings.Contains(got, "Move 2 creators") || strings.Contains(got, "correct a mistake") {
		t.Fatalf("the dialog for two offers corrections:\n%s", got)
	}
	// prospect, the first stage: one is invited, one declined; a move
	// refuses both, a correction would not.
	rootPress(t, a, "g", "enter", "enter")
	if got := rootScreen(a); !strings.Contains(got, "2 refused") || !strings.Contains(got, "a mistake is corrected from m on the creator") {
		t.Errorf("the refusal does not name the correction:\n%s", got)
	}
}
