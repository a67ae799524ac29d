package ui

import (
	"strings"
	"testing"

	"creatordesk/store"
	"creatordesk/ui/internal/uitest"
)

// Notice puts a line in the status bar (main sends what opening the
// database made private).
func TestNoticeShowsInStatusLine(t *testing.T) {
	t.Parallel()
	s := creatorsStore(t, 1)
	a := rootStart(t, rootApp(s, true), 100, 20)
	a.Update(Notice("db was readable by other users: now 0600"))
	if got := rootScreen(a); !strings.Contains(got, "now 0600") {
		t.Errorf("notice not shown:\n%s", got)
	}
}

// creatorsStore is a database of n creators c0000, c0001, … (uitest.Creators).
func creatorsStore(t *testing.T, n int) *store.Store { return uitest.Creators(t, n) }
