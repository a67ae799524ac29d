package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"creatordesk/outreach"
	"creatordesk/store"
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

// creatorsStore is a database of n creators, c0000 on.
func creatorsStore(t *testing.T, n int) *store.Store {
	t.Helper()
	s := rootStore(t, false)
	im, err := s.BeginImport(context.Background(), store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := im.NextFile("test.csv"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		f := int64(10_000_000 - i*10)
		row := outreach.CreatorRow{Line: i + 2, Creator: outreach.Creator{Handle: fmt.Sprintf("c%04d", i),
			DisplayName: fmt.Sprintf("Creator %d", i), Followers: &f, Region: "US"}}
		if err := im.Add(row); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	return s
}
