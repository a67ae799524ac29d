package ui

import (
	"context"
	"testing"

	"creatordesk/outreach"
)

// a on the Dashboard: the form, a refused email fixed in place, the
// creator shown selected on Creators; then E changes their followers and
// tier, and the detail pane's history shows both.
func TestFlowAddThenEditACreator(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	f := flowStart(t, rootApp(s, true), 80, 24)
	f.waitFor("1 Dashboard", "a add creator")
	f.press("a")
	f.waitFor("Add a creator", "┃ handle")
	f.tm.Type("@flow.new")
	f.press("enter")
	f.waitFor("┃ name")
	f.tm.Type("Flow New 🌸")
	f.press("enter")
	f.waitFor("┃ followers")
	f.tm.Type("12.5K")
	f.press("enter")
	f.waitFor("┃ email")
	f.tm.Type("not-an-email")
	f.press("enter")
	f.waitFor("email: ", "┃ email")
	f.press("ctrl+u")
	f.tm.Type("flow@example.com")
	f.waitFor("> flow@example.com")
	f.press("enter")
	f.waitFor("┃ phone")
	f.press("enter")
	f.waitFor("┃ region")
	f.tm.Type("VN")
	f.press("enter")
	f.waitFor("┃ category")
	f.press("enter")
	f.waitFor("┃ ← tier")
	f.press("right") // head, by hand
	f.waitFor("tier        head")
	f.press("enter")
	f.waitFor("┃ ← campaign")
	f.press("enter")
	f.waitFor("added @flow.new", "▶  @flow.new", "filter: flow.new", "1–1 of 1")
	c, err := s.Creator(context.Background(), "flow.new")
	if err != nil || c.DisplayName != "Flow New 🌸" || *c.Followers != 12_500 || c.Email != "flow@example.com" ||
		c.Region != "VN" || c.Tier != outreach.Head || !c.TierManual {
		t.Fatalf("saved %+v, %v", c, err)
	}

	f.press("E")
	f.waitFor("Edit @flow.new", "┃ name", "> Flow New")
	f.press("enter")
	f.waitFor("┃ followers", "> 12500")
	f.press("ctrl+u")
	f.tm.Type("60K")
	f.waitFor("> 60K")
	f.press("enter", "enter", "enter", "enter", "enter")
	f.waitFor("┃ ← tier")
	f.press("left") // auto: 60K is micro
	f.waitFor("auto (by followers)")
	f.press("enter")
	f.waitFor("@flow.new: followers, tier")
	if c, _ := s.Creator(context.Background(), "flow.new"); *c.Followers != 60_000 || c.TierManual || c.Tier != outreach.Micro {
		t.Fatalf("after E: %+v", c)
	}
	f.press("enter")
	f.waitFor("@flow.new", "history 1–", "followers 12500 → 60000", "tier head → micro (auto)", "added @flow.new")
}
