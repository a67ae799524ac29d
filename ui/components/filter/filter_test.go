package filter

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"creatordesk/ui/common"
	"creatordesk/ui/internal/uitest"
)

// Typing answers with a pause message for each change; only the latest
// settles. enter keeps the text, esc clears it and says so at once.
func TestFilterTypingSettlesOnTheLatest(t *testing.T) {
	f := New(common.QueuePage, common.DefaultKeys(), "handle")
	if f.Active() || f.Typing() {
		t.Fatal("a new filter is active")
	}
	f.Focus()
	var first SettledMsg
	for i, r := range "ann" {
		if _, changed := f.Key(tea.KeyPressMsg{Code: r, Text: string(r)}); changed {
			t.Fatal("typing reported a change to reload at once")
		}
		if i == 0 {
			first = f.Now()
		}
	}
	if f.Settled(first) || !f.Settled(f.Now()) || f.Value() != "ann" {
		t.Errorf("settled: first %v, latest %v, value %q", f.Settled(first), f.Settled(f.Now()), f.Value())
	}
	if f.Now().For() != common.QueuePage {
		t.Errorf("the pause is for page %d", f.Now().For())
	}
	f.Key(uitest.Key("enter"))
	if f.Typing() || !f.Active() || f.Value() != "ann" {
		t.Errorf("enter: typing %v, active %v, %q", f.Typing(), f.Active(), f.Value())
	}
	f.Focus()
	if _, changed := f.Key(uitest.Key("esc")); !changed || f.Value() != "" || f.Active() {
		t.Errorf("esc: changed %v, %q, active %v", changed, f.Value(), f.Active())
	}
	// esc on an empty filter only leaves it
	f.Focus()
	if _, changed := f.Key(uitest.Key("esc")); changed || f.Typing() {
		t.Errorf("esc on nothing: changed %v, typing %v", changed, f.Typing())
	}
}
