package creators

import (
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"creatordesk/internal/termtext/termtexttest"
	"creatordesk/outreach"
	"creatordesk/ui/common"
	"creatordesk/ui/components/dialog"
)

// Handles and campaign names shown in a dialog's title, question or
// options pass through the cleaner: escape sequences, controls and bidi
// overrides never reach the terminal, CJK and emoji stay readable.
func TestCreatorsDialogsCleanHostileNames(t *testing.T) {
	t.Parallel()
	const (
		handle = "林\x1b]0;pwned\x07思琪\u202e🌸"
		camp   = "Spring \x1b[2J\u202Egnirps\u202C 林"
	)
	m := New(&common.Common{Styles: common.NewStyles(true), Currency: "USD"}).(*creators)
	d := &creatorDetail{handle: handle, creator: outreach.Creator{Handle: handle, Tier: outreach.Head}}
	views := map[string]dialog.Dialog{
		"which campaign": m.askCampaign(campaignMsg{handle: handle, d: d, choices: []string{camp, "Glow"}}),
		"move": m.moveDialog([]string{handle}, camp, "in "+common.Clean(camp)+", now do not contact",
			outreach.Position{Stage: outreach.DoNotContact}, nil, outreach.Path),
		"correct": openedDialog(t, m.onMove(moveMsg{handles: []string{handle}, campaign: camp, to: outreach.Prospect,
			note: "x", correct: true, from: outreach.DoNotContact})),
		"terms":  openedDialog(t, m.openTerms(campaignMsg{handle: handle, d: d, campaign: camp})),
		"forget": m.forgetDialog(handle),
	}
	for what, dl := range views {
		dl.SetSize(76, 30)
		// Only the dialog's own styling (SGR) may be a sequence.
		raw := sgr.ReplaceAllString(dl.View(), "")
		termtexttest.Check(t, what, strings.ReplaceAll(raw, "\n", ""))
		if view := ansi.Strip(raw); !strings.Contains(view, "林") || !strings.Contains(view, "思琪") {
			t.Errorf("%s: the CJK handle or campaign is gone:\n%s", what, view)
		}
	}
}

var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// openedDialog is the dialog cmd opens.
func openedDialog(t *testing.T, cmd tea.Cmd) dialog.Dialog {
	t.Helper()
	open, ok := cmd().(dialog.Open)
	if !ok {
		t.Fatal("the command opens no dialog")
	}
	return open.D
}
