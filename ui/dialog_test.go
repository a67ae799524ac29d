package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"creatordesk/ui/components/dialog"
)

// testDialog records the keys it gets and closes on esc.
type testDialog struct{ keys []string }

func (d *testDialog) Update(msg tea.Msg) (dialog.Dialog, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		d.keys = append(d.keys, k.String())
		if k.String() == "esc" {
			return d, func() tea.Msg { return dialog.Close{} }
		}
	}
	return d, nil
}
func (d *testDialog) View() string {
	return "╭────────╮\n│ DIALOG │\n╰────────╯"
}
func (d *testDialog) SetSize(w, h int) {}

// While a dialog is open, every key is the dialog's: q, tab and the
// digits do nothing of the root's; the dialog is drawn over the page.
func TestRootDialogTakesEveryKey(t *testing.T) {
	a := rootStart(t, rootApp(rootStore(t, true), true), 100, 30)
	d := &testDialog{}
	rootSettle(t, a, dialog.OpenCmd(d))
	if got := rootScreen(a); !strings.Contains(got, "│ DIALOG │") || !strings.Contains(got, "Dashboard") {
		t.Fatalf("the dialog is not drawn over the page:\n%s", got)
	}
	// the help line offers what works: the page's keys do nothing now
	lines := strings.Split(rootScreen(a), "\n")
	if help := lines[len(lines)-1]; !strings.Contains(help, "esc close the dialog") || strings.Contains(help, "? help") {
		t.Fatalf("help line while a dialog is open: %q", help)
	}
	if quit := rootPress(t, a, "q", "tab", "3", "?", "c"); quit {
		t.Fatal("q quit while a dialog was open")
	}
	if rootActive(a) != "Dashboard" || a.showHelp || a.ctx.Campaign != "" {
		t.Fatalf("global keys acted under the dialog: on %s, help %v, campaign %q", rootActive(a), a.showHelp, a.ctx.Campaign)
	}
	if strings.Join(d.keys, " ") != "q tab 3 ? c" {
		t.Fatalf("the dialog got %q", d.keys)
	}
	rootPress(t, a, "esc")
	if strings.Contains(rootScreen(a), "DIALOG") {
		t.Fatal("esc did not close the dialog")
	}
	lines = strings.Split(rootScreen(a), "\n")
	if help := lines[len(lines)-1]; !strings.Contains(help, "? help") {
		t.Fatalf("help line after the dialog closed: %q", help)
	}
	rootPress(t, a, "3")
	if rootActive(a) != "Queue" {
		t.Fatalf("after the dialog closed, 3 shows %s", rootActive(a))
	}
}

// Below the smallest size the screen only says it is too small: keys must
// not answer a dialog nobody can see (y once forgot a creator there), nor
// act on the page; q still quits.
func TestTooSmallTakesNoKeys(t *testing.T) {
	a := rootStart(t, rootApp(rootStore(t, true), true), 100, 30)
	d := &testDialog{}
	rootSettle(t, a, dialog.OpenCmd(d))
	a.Update(tea.WindowSizeMsg{Width: 50, Height: 14})
	if got := rootScreen(a); !strings.Contains(got, "too small") {
		t.Fatalf("no too-small message:\n%s", got)
	}
	if quit := rootPress(t, a, "y", "enter", "2"); quit {
		t.Fatal("a key quit")
	}
	if len(d.keys) != 0 || rootActive(a) != "Dashboard" {
		t.Fatalf("keys acted while too small: the dialog got %q, the screen is %s", d.keys, rootActive(a))
	}
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	rootPress(t, a, "esc")
	a.Update(tea.WindowSizeMsg{Width: 50, Height: 14})
	if quit := rootPress(t, a, "q"); !quit {
		t.Fatal("q did not quit while too small")
	}
}

// Keys typed right after the one that opens a dialog, before the dialog's
// message has come (a script, a fast typist, a lookup first), go to the
// dialog, never to the page under it: "X", "h" (to Yes), "enter" at once forgets
// the creator the question was about; before, the keys reached the
// Creators page.
func TestKeysTypedBeforeADialogOpensGoToIt(t *testing.T) {
	a := rootStart(t, rootApp(rootStore(t, true), true), 120, 40)
	rootPress(t, a, "2")
	var cmds []tea.Cmd
	for _, k := range []string{"X", "h", "enter"} { // no command runs between them
		_, cmd := a.Update(rootKey(k))
		cmds = append(cmds, cmd)
	}
	if len(a.held) != 2 {
		t.Fatalf("held %d keys while the forget question was on its way, want 2", len(a.held))
	}
	rootSettle(t, a, tea.Batch(cmds...))
	if a.dialogs.Len() != 0 || !strings.Contains(a.status.Text, "forgot @") {
		t.Fatalf("y did not answer the question: %d dialogs open, status %q", a.dialogs.Len(), a.status.Text)
	}
}

// A dialog that never comes frees the keys held for it.
func TestHeldKeysGoOnWhenNoDialogComes(t *testing.T) {
	a := rootStart(t, rootApp(rootStore(t, true), true), 120, 40)
	a.ctx.Dialogs.Expect()
	_, cmd := a.Update(rootKey("2"))
	if rootActive(a) != "Dashboard" || len(a.held) != 1 {
		t.Fatalf("the key acted while a dialog was on its way: on %s, %d held", rootActive(a), len(a.held))
	}
	rootSettleWithin(a, cmd, 2*holdLimit)
	if rootActive(a) != "Creators" || len(a.held) != 0 {
		t.Fatalf("after the limit: on %s, %d held", rootActive(a), len(a.held))
	}
}

// A dialog key pressed before its creator's detail has loaded (the
// cursor just moved) opens the dialog once the detail comes, and the
// keys typed after it wait for that dialog. Before, it said "still
// loading… try again" and the keys after it acted on the list.
func TestDialogKeyBeforeTheDetailWaitsForIt(t *testing.T) {
	a := rootStart(t, rootApp(rootStore(t, true), true), 120, 40)
	rootPress(t, a, "2")
	var cmds []tea.Cmd
	for _, k := range []string{"j", "n", "h", "i", "enter"} { // no answer comes between them
		_, cmd := a.Update(rootKey(k))
		cmds = append(cmds, cmd)
	}
	rootSettle(t, a, tea.Batch(cmds...))
	if a.dialogs.Len() != 0 || !strings.Contains(a.status.Text, "note added for @") || strings.Contains(a.status.Text, "still loading") {
		t.Fatalf("the note was not added: %d dialogs open, status %q", a.dialogs.Len(), a.status.Text)
	}
	screen := rootScreen(a)
	if strings.Contains(screen, "1 selected") || strings.Contains(screen, "tier: head") {
		t.Fatalf("keys typed for the note acted on the list:\n%s", screen)
	}
}

// ? shows every key of the screen and the global ones, at 80×24 as at
// 100×30, in columns that fit: nothing ends in "…" (issue 13: at 100×30
// the Creators help hid quit, e, n, # and X).
func TestFullHelpShowsEveryKey(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}} {
		a := rootStart(t, rootApp(rootStore(t, true), true), size[0], size[1])
		rootPress(t, a, "2", "?")
		screen := rootScreen(a)
		for _, b := range append(a.pages[a.active].FullHelp(), a.globalHelp()) {
			for _, k := range b {
				if h := k.Help(); k.Enabled() && !strings.Contains(screen, h.Desc) {
					t.Errorf("%dx%d: the help lacks %q (%s):\n%s", size[0], size[1], h.Desc, h.Key, screen)
				}
			}
		}
		lines := strings.Split(screen, "\n")
		if help := strings.Join(lines[len(lines)-len(a.helpLines()):], "\n"); strings.Contains(help, "…") {
			t.Errorf("%dx%d: the help is cut:\n%s", size[0], size[1], help)
		}
	}
}

// Keys typed right after a form's last enter belong to what follows it
// (here the page: 1 goes to the Dashboard); before, the form held them
// while its submit was on its way and they were lost with it, so a fast
// "@anna enter SERUM-30" on Samples recorded the SKU "M-30".
func TestKeysAfterAFormsLastEnterAreNotLost(t *testing.T) {
	a := rootStart(t, rootApp(rootStore(t, true), true), 120, 40)
	rootPress(t, a, "2")
	var cmds []tea.Cmd
	for _, k := range []string{"n", "h", "i", "enter", "1"} { // no command runs between them
		_, cmd := a.Update(rootKey(k))
		cmds = append(cmds, cmd)
	}
	rootSettle(t, a, tea.Batch(cmds...))
	if a.dialogs.Len() != 0 || !strings.Contains(a.status.Text, "note added for @") {
		t.Fatalf("the note was not added: %d dialogs open, status %q", a.dialogs.Len(), a.status.Text)
	}
	if rootActive(a) != "Dashboard" || len(a.held) != 0 {
		t.Errorf("the 1 typed after the note's enter: on %s, %d keys held", rootActive(a), len(a.held))
	}
}
