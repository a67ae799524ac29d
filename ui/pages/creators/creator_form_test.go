package creators

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"creatordesk/internal/termtext/termtexttest"
	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
	"creatordesk/ui/components/form"
)

// rootAdd opens the add form as the root does for a.
func rootAdd(t *testing.T, a *App, campaigns ...string) {
	t.Helper()
	rootSettle(t, a, Add(a.ctx, campaigns))
	if !rootDialog(a) || !strings.Contains(rootDialogText(a), "Add a creator") {
		t.Fatalf("no add form:\n%s", rootScreen(a))
	}
}

// rootFocusedKey is the key of the field with focus in the dialog on top.
func rootFocusedKey(a *App) string {
	d, ok := a.dialogs.Top().(*form.Dialog)
	if !ok {
		return ""
	}
	return d.Form().GetFocusedField().GetKey()
}

func creatorsCampaign(t *testing.T, s *store.Store, name string) {
	t.Helper()
	if _, err := s.CreateCampaign(common.Bg(), outreach.Campaign{Name: name}); err != nil {
		t.Fatal(err)
	}
}

// a: every field typed, a wrong one refused on the spot and fixed without
// retyping the rest; the creator is saved as typed and shown selected.
func TestCreatorsAddFromTheForm(t *testing.T) {
	t.Parallel()
	s := creatorsStore(t, 5)
	creatorsCampaign(t, s, "Glow")
	a := rootStart(t, rootApp(s, true), 120, 40)
	rootPress(t, a, "2", "t") // a tier filter that would hide a micro creator
	m := rootCreators(a)
	rootAdd(t, a, "Glow")
	if f := rootFocusedKey(a); f != "handle" {
		t.Fatalf("focus on %q, want the handle", f)
	}
	rootType(t, a, "@New.Kid")
	rootPress(t, a, "tab")
	rootType(t, a, "Kid 林 🌸")
	rootPress(t, a, "tab")
	rootType(t, a, "1.25万")
	rootPress(t, a, "tab")
	rootType(t, a, "not-an-email")
	rootPress(t, a, "enter")
	if !rootDialog(a) || rootFocusedKey(a) != "email" || !strings.Contains(rootDialogText(a), "email:") {
		t.Fatalf("a wrong email was not refused on the spot:\n%s", rootScreen(a))
	}
	if text := rootDialogText(a); !strings.Contains(text, "@New.Kid") || !strings.Contains(text, "1.25万") {
		t.Fatalf("the fields typed before are gone:\n%s", text)
	}
	rootPress(t, a, "ctrl+u")
	rootType(t, a, "Kid@Example.com")
	rootPress(t, a, "tab", "tab") // phone left empty
	rootType(t, a, "vn")
	rootPress(t, a, "tab")
	rootType(t, a, "Beauty")
	rootPress(t, a, "tab", "right", "right") // tier: micro by hand
	rootPress(t, a, "tab", "right")          // campaign: Glow
	rootPress(t, a, "enter")
	if rootDialog(a) {
		t.Fatalf("the form is still open:\n%s", rootScreen(a))
	}
	c, err := s.Creator(common.Bg(), "new.kid")
	if err != nil {
		t.Fatal(err)
	}
	if c.DisplayName != "Kid 林 🌸" || c.Followers == nil || *c.Followers != 12_500 || c.Email != "Kid@example.com" ||
		c.Phone != "" || c.Region != "VN" || c.Category != "Beauty" || c.Tier != outreach.Micro || !c.TierManual {
		t.Errorf("saved %+v", c)
	}
	ps, err := s.Pipelines(common.Bg(), "new.kid")
	if err != nil || len(ps) != 1 || ps[0].Campaign != "Glow" || ps[0].Position.Stage != outreach.Prospect {
		t.Errorf("pipelines %+v, %v: want a prospect in Glow", ps, err)
	}
	if sel, _, _ := m.selected(); sel.Handle != "new.kid" || m.tier != "" {
		t.Errorf("selected @%s with tier filter %q; want the new creator, unfiltered", sel.Handle, m.tier)
	}
	if got := rootScreen(a); !strings.Contains(got, "added @new.kid to Glow") || !strings.Contains(got, "▶  @new.kid") {
		t.Errorf("screen after adding:\n%s", got)
	}
}

// A value the store refuses although the form let it through (the store
// is the judge) opens the form again as typed, on that field, with the
// reason; the same value is refused again, another is saved.
func TestCreatorsAddRefusedKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	s := creatorsStore(t, 2)
	a := rootStart(t, rootApp(s, true), 100, 30)
	rootPress(t, a, "2")
	v := creatorValues{handle: "fresh", name: "Fresh Face", followers: "9000", email: "odd@example.com", tier: tierAuto}
	refused := addDoneMsg{addMsg: addMsg{v: v}, err: &store.FieldError{Field: "email", Err: errors.New("the server says no")}}
	rootSettle(t, a, func() tea.Msg { return refused })
	text := rootDialogText(a)
	if !rootDialog(a) || !strings.Contains(text, "not saved: email: the server says no") {
		t.Fatalf("no form with the reason:\n%s", rootScreen(a))
	}
	for _, typed := range []string{"fresh", "Fresh Face", "9000", "odd@example.com"} {
		if !strings.Contains(text, typed) {
			t.Errorf("%q was lost:\n%s", typed, text)
		}
	}
	if f := rootFocusedKey(a); f != "email" {
		t.Fatalf("focus on %q, want the email", f)
	}
	rootPress(t, a, "enter")
	if rootFocusedKey(a) != "email" {
		t.Fatal("the refused email was taken again")
	}
	rootPress(t, a, "ctrl+u")
	rootType(t, a, "fresh@example.com")
	rootPress(t, a, "enter", "enter", "enter", "enter", "enter", "enter") // on to phone, region, category, tier, campaign; save
	if rootDialog(a) {
		t.Fatalf("still open:\n%s", rootScreen(a))
	}
	c, err := s.Creator(common.Bg(), "fresh")
	if err != nil || c.Email != "fresh@example.com" || c.DisplayName != "Fresh Face" {
		t.Fatalf("saved %+v, %v", c, err)
	}
}

// A handle already there offers that creator; or the form again, as typed,
// to change the handle.
func TestCreatorsAddExistingHandle(t *testing.T) {
	t.Parallel()
	s := creatorsStore(t, 5)
	a := rootStart(t, rootApp(s, true), 100, 30)
	rootPress(t, a, "2")
	m := rootCreators(a)
	rootAdd(t, a)
	rootType(t, a, "c0003")
	rootPress(t, a, "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter")
	if text := rootDialogText(a); !strings.Contains(text, "@c0003 is already in creatordesk") {
		t.Fatalf("no offer for the creator already there:\n%s", rootScreen(a))
	}
	rootPress(t, a, "enter") // show them
	if sel, _, _ := m.selected(); rootDialog(a) || sel.Handle != "c0003" {
		t.Fatalf("selected @%s, dialog open %v", sel.Handle, rootDialog(a))
	}

	rootAdd(t, a)
	rootType(t, a, "c0002")
	rootPress(t, a, "tab")
	rootType(t, a, "Someone Else")
	rootPress(t, a, "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter")
	rootPress(t, a, "down", "enter") // change the handle
	text := rootDialogText(a)
	if !strings.Contains(text, "not saved: handle: @c0002 is already in creatordesk") || !strings.Contains(text, "Someone Else") {
		t.Fatalf("the form did not come back as typed:\n%s", rootScreen(a))
	}
	if f := rootFocusedKey(a); f != "handle" {
		t.Fatalf("focus on %q, want the handle", f)
	}
	rootPress(t, a, "ctrl+u")
	rootType(t, a, "c9999")
	rootPress(t, a, "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter")
	if c, err := s.Creator(common.Bg(), "c9999"); err != nil || c.DisplayName != "Someone Else" {
		t.Fatalf("saved %+v, %v", c, err)
	}
	if c, _ := s.Creator(common.Bg(), "c0002"); c.DisplayName != "Creator 2" {
		t.Errorf("@c0002 changed: %+v", c)
	}
}

// E: the form shows the fields as stored; what is changed is saved, a
// blank field clears, and the status line names what changed.
func TestCreatorsEditContactFieldsAndTier(t *testing.T) {
	t.Parallel()
	s := creatorsStore(t, 3)
	a := rootStart(t, rootApp(s, true), 100, 30)
	rootPress(t, a, "2")
	rootPress(t, a, "E")
	text := rootDialogText(a)
	if !strings.Contains(text, "Edit @c0000") || !strings.Contains(text, "Creator 0") || !strings.Contains(text, "10000000") ||
		!strings.Contains(text, "US") || !strings.Contains(text, "auto (by followers)") {
		t.Fatalf("the form does not show the fields as stored:\n%s", rootScreen(a))
	}
	rootPress(t, a, "tab", "tab") // email
	rootType(t, a, "c0@example.com")
	rootPress(t, a, "tab", "tab", "ctrl+u") // region cleared
	rootPress(t, a, "tab", "tab", "right", "right", "enter")
	if rootDialog(a) {
		t.Fatalf("still open:\n%s", rootScreen(a))
	}
	if got := a.status.Text; got != "@c0000: email, region, tier" {
		t.Errorf("status %q", got)
	}
	c, err := s.Creator(common.Bg(), "c0000")
	if err != nil || c.Email != "c0@example.com" || c.Region != "" || c.Tier != outreach.Micro || !c.TierManual ||
		c.DisplayName != "Creator 0" || *c.Followers != 10_000_000 {
		t.Fatalf("saved %+v, %v", c, err)
	}
	// The history has each change, by the dashboard.
	es, _, err := s.History(common.Bg(), store.HistoryQuery{Handle: "c0000", Limit: 3})
	if err != nil || len(es) != 3 {
		t.Fatalf("history %+v, %v", es, err)
	}
	for _, e := range es {
		if e.Who != store.ByDashboard {
			t.Errorf("%s by %q", e.Field, e.Who)
		}
	}
	// Unchanged: nothing is written.
	rootPress(t, a, "E", "enter", "enter", "enter", "enter", "enter", "enter", "enter")
	if got := a.status.Text; got != "@c0000: nothing changed" {
		t.Errorf("status %q after saving nothing", got)
	}
	if again, _, _ := s.History(common.Bg(), store.HistoryQuery{Handle: "c0000", Limit: 1}); again[0].ID != es[0].ID {
		t.Errorf("saving nothing wrote %+v", again[0])
	}
	// Back to auto: the tier follows the followers again.
	rootPress(t, a, "E", "tab", "tab", "tab", "tab", "tab", "tab", "left", "left", "enter")
	if c, _ := s.Creator(common.Bg(), "c0000"); c.TierManual || c.Tier != outreach.Head || a.status.Text != "@c0000: tier" {
		t.Errorf("auto: %+v, status %q", c, a.status.Text)
	}
}

// A field stored before today's checks (an address they refuse) does not
// block the edit of another: left as it was, it is neither checked nor
// saved.
func TestCreatorsEditKeepsAnOldValueItWouldRefuse(t *testing.T) {
	t.Parallel()
	s := creatorsStore(t, 1)
	a := rootStart(t, rootApp(s, true), 100, 30)
	rootPress(t, a, "2")
	m := rootCreators(a)
	c, _, _ := m.selected()
	was := valuesOf(c)
	was.email = "old address, not checked"
	if checkEmail(was.email) == nil {
		t.Fatal("the email check takes the old address: the test shows nothing")
	}
	rootSettle(t, a, m.ctx.Dialogs.Open(m.editDialog(c.Handle, was, was, nil)))
	rootType(t, a, " II")
	rootPress(t, a, "enter", "enter", "enter", "enter", "enter", "enter", "enter")
	if rootDialog(a) {
		t.Fatalf("the old address blocked the form:\n%s", rootScreen(a))
	}
	if got, _ := s.Creator(common.Bg(), c.Handle); got.DisplayName != "Creator 0 II" || a.status.Text != "@c0000: name" {
		t.Errorf("saved %+v, status %q", got, a.status.Text)
	}
}

// The add and edit forms and the offer of a creator already there clean
// what came from outside: handles, names and campaigns with escape
// sequences, bidi overrides, CJK and emoji.
func TestCreatorsFormsCleanHostileText(t *testing.T) {
	t.Parallel()
	const (
		handle = "林\x1b]0;pwned\x07思琪\u202e🌸"
		camp   = "Spring \x1b[2J\u202Egnirps\u202C 林"
	)
	c := &common.Common{Styles: common.NewStyles(true), Currency: "USD", Campaign: camp}
	m := New(c).(*creators)
	cr := outreach.Creator{Handle: handle, DisplayName: "Name\x1b]8;;https://evil.example/\x07 林", Category: "Pets\x1b[31m",
		Email: "a@b.co\u202e", Tier: outreach.Head}
	views := map[string]interface {
		View() string
		SetSize(int, int)
	}{
		"add":    openedDialog(t, Add(c, []string{camp, "Glow"})),
		"edit":   m.editDialog(handle, valuesOf(cr), valuesOf(cr), nil),
		"exists": m.existsDialog(handle, addMsg{}),
	}
	for what, dl := range views {
		dl.SetSize(76, 30)
		raw := sgr.ReplaceAllString(dl.View(), "")
		termtexttest.Check(t, what, strings.ReplaceAll(raw, "\n", ""))
		if view := ansi.Strip(raw); strings.Contains(view, "evil.example") || !strings.Contains(view, "林") {
			t.Errorf("%s:\n%s", what, view)
		}
	}
}

// The form takes the followers the store takes: an approximate count from
// a Chinese tool is the number given; an unreadable one is refused.
func TestCreatorsFormReadsApproximateFollowers(t *testing.T) {
	for _, s := range []string{"10万+", "约5万", "1.2M"} {
		if err := checkFollowers(s); err != nil {
			t.Errorf("followers %q refused: %v", s, err)
		}
	}
	if err := checkFollowers("约很多"); err == nil {
		t.Error("an unreadable count passed")
	}
}
