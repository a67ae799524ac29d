package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"creatordesk/ui/common"
)

// lazyMessages runs cmd as the runtime would, once, without feeding the
// answers back, and returns the type names of the messages it produced.
func lazyMessages(cmd tea.Cmd) map[string]int {
	out := map[string]int{}
	var run func(tea.Cmd)
	run = func(c tea.Cmd) {
		if c == nil {
			return
		}
		msg := c()
		if rootIsBatch(msg) {
			for _, c := range rootExpand(msg) {
				run(c)
			}
			return
		}
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				run(c)
			}
			return
		}
		if msg != nil {
			out[fmt.Sprintf("%T", msg)]++
		}
	}
	run(cmd)
	return out
}

// TestOnlyThePageInViewLoads: at start only the Dashboard asks the store;
// another page loads when first shown, and after a change only the page
// in view reloads while the others wait until shown.
func TestOnlyThePageInViewLoads(t *testing.T) {
	a := rootApp(rootStore(t, true), true)
	got := lazyMessages(a.Init())
	if got["dashboard.overviewMsg"] != 1 || got["dashboard.funnelMsg"] != 1 || got["dashboard.trendMsg"] != 1 {
		t.Fatalf("the dashboard did not load at start: %v", got)
	}
	for _, other := range []string{"creators.pageMsg", "queue.queueMsg", "samples.shipmentsMsg", "templates.tplLoadedMsg", "export.exportCountMsg"} {
		if got[other] != 0 {
			t.Errorf("%s loaded at start, with the dashboard in view: %v", other, got)
		}
	}
	rootStart(t, a, 120, 40)
	// The Creators page loads when shown, once.
	_, cmd := a.Update(tea.KeyPressMsg{Code: '2', Text: "2"})
	if got := lazyMessages(cmd); got["creators.pageMsg"] != 1 {
		t.Fatalf("switching to Creators loaded %v", got)
	}
	a.Update(tea.KeyPressMsg{Code: '1', Text: "1"})
	if _, cmd := a.Update(tea.KeyPressMsg{Code: '2', Text: "2"}); cmd != nil {
		if got := lazyMessages(cmd); got["creators.pageMsg"] != 0 {
			t.Errorf("Creators loaded again without a change: %v", got)
		}
	}
	// A change reloads the page in view only; the Dashboard reloads when
	// shown again.
	_, cmd = a.Update(common.ChangedMsg{})
	got = lazyMessages(cmd)
	if got["creators.pageMsg"] != 1 || got["dashboard.overviewMsg"] != 0 {
		t.Errorf("after a change on Creators: %v", got)
	}
	_, cmd = a.Update(tea.KeyPressMsg{Code: '1', Text: "1"})
	if got := lazyMessages(cmd); got["dashboard.overviewMsg"] != 1 {
		t.Errorf("the Dashboard did not reload when shown after a change: %v", got)
	}
}
