package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"creatordesk/store"
)

// / on Export narrows the file to the partnerships of the creators the
// filter matches, as on the lists: the count follows, the file holds just
// them, and esc clears it.
func TestExportFilter(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	s := rootStore(t, true)
	ctx := context.Background()
	all, err := s.CountPartnerships(ctx, store.PartnerQuery{})
	if err != nil {
		t.Fatal(err)
	}
	ps, _, err := s.Partnerships(ctx, store.PartnerQuery{Limit: 1})
	if err != nil || len(ps) != 1 {
		t.Fatalf("demo partnerships: %v, %v", ps, err)
	}
	handle := ps[0].Creator.Handle
	want, err := s.CountPartnerships(ctx, store.PartnerQuery{Search: handle})
	if err != nil || want < 1 || want >= all {
		t.Fatalf("test is blind: %s has %d of %d partnerships (%v)", handle, want, all, err)
	}
	a := rootStart(t, rootApp(s, true), 80, 24)
	rootPress(t, a, "6", "/")
	if !a.typing() {
		t.Fatal("/ did not start the filter")
	}
	rootType(t, a, handle)
	rootPress(t, a, "enter")
	rows := fmt.Sprintf("rows        %d partnership", want)
	if want != 1 {
		rows += "s"
	}
	screen := rootScreen(a)
	if !strings.Contains(screen, "matching “"+handle+"”") || !strings.Contains(screen, rows) {
		t.Errorf("the filter or its count is not shown (want %d rows):\n%s", want, screen)
	}
	rootPress(t, a, "w")
	files, _ := filepath.Glob(filepath.Join(dir, "partners-*.csv"))
	if len(files) != 1 {
		t.Fatalf("files written: %v\n%s", files, rootScreen(a))
	}
	body, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(body)), "\n")
	if int64(len(lines)-1) != want {
		t.Errorf("the file has %d rows, want %d:\n%s", len(lines)-1, want, body)
	}
	for _, l := range lines[1:] {
		if !strings.Contains(l, handle) {
			t.Errorf("a row of another creator: %q", l)
		}
	}
	rootPress(t, a, "esc")
	if got := rootScreen(a); !strings.Contains(got, "creators    all") {
		t.Errorf("esc did not clear the filter:\n%s", got)
	}
}
