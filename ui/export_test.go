package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"creatordesk/store"
	"creatordesk/ui/common"
)

// The Export screen replaces an earlier export as before, asks before
// writing over any other file (y replaces, anything else keeps it), and
// never writes over the database.
func TestExportAsksBeforeReplacing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 120, 40)
	rootPress(t, a, "6")
	all, err := s.CountPartnerships(context.Background(), store.PartnerQuery{})
	if err != nil {
		t.Fatal(err)
	}
	setPath := func(p string) {
		t.Helper()
		rootPress(t, a, "enter", "ctrl+u")
		rootType(t, a, p)
		rootPress(t, a, "enter")
	}
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("my own notes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	setPath(notes)
	question := notes + " already exists and is not an earlier export (it does not start with the export's header). Replace it?"
	// n and esc keep the file, and so does enter (Keep is chosen at
	// first). q is text while the question is open: it neither quits nor
	// answers (the hand-made prompt took any key as no).
	for _, no := range []string{"n", "esc", "enter", "q"} {
		rootPress(t, a, "w")
		if got := rootDialogText(a); !strings.Contains(got, question) {
			t.Fatalf("w over a file of notes: no question on screen:\n%s", rootScreen(a))
		}
		if !a.typing() {
			t.Error("while asking, global keys (q, digits) still act")
		}
		if quit := rootPress(t, a, no); quit {
			t.Fatalf("%s quit while asking", no)
		}
		if no == "q" {
			if a.dialogs.Len() != 1 {
				t.Fatalf("q answered the question:\n%s", rootScreen(a))
			}
			rootPress(t, a, "esc")
		}
		if data, _ := os.ReadFile(notes); string(data) != "my own notes\n" {
			t.Fatalf("%s replaced the file: %q", no, data)
		}
		if got := rootScreen(a); !strings.Contains(got, notes+" kept: nothing written") {
			t.Errorf("%s: no word that the file was kept:\n%s", no, got)
		}
	}
	rootPress(t, a, "w", "y")
	if got := rootScreen(a); !strings.Contains(got, "wrote "+common.Grouped(all)+" partnerships to "+notes) {
		t.Fatalf("after y:\n%s", got)
	}
	if data, _ := os.ReadFile(notes); !strings.HasPrefix(string(data), "\uFEFFhandle,") {
		t.Fatalf("y did not replace the file: %q", data[:min(len(data), 20)])
	}
	// Now it is an earlier export: asked too (issue 13: w wrote over it
	// without a word); n keeps it, y replaces it.
	before, _ := os.ReadFile(notes)
	rootPress(t, a, "f", "w")
	if got := rootDialogText(a); !strings.Contains(got, notes+" already exists (an earlier export). Replace it?") {
		t.Fatalf("w over an earlier export: no question:\n%s", rootScreen(a))
	}
	rootPress(t, a, "n")
	if data, _ := os.ReadFile(notes); string(data) != string(before) {
		t.Fatal("n replaced the earlier export")
	}
	rootPress(t, a, "w", "y")
	if got := rootScreen(a); !strings.Contains(got, "wrote "+common.Grouped(all)+" partnerships to "+notes) {
		t.Errorf("w, y over an earlier export:\n%s", got)
	}
	// The database: refused, no question, the database intact.
	setPath(s.Path())
	rootPress(t, a, "w")
	if got := rootScreen(a); !strings.Contains(got, "export failed: "+s.Path()+" is the database itself") {
		t.Errorf("w onto the database:\n%s", got)
	}
	if n, err := s.CountPartnerships(context.Background(), store.PartnerQuery{}); err != nil || n != all {
		t.Errorf("the database after: %d partnerships, %v", n, err)
	}
}

// rootDialogText is the text of the dialog on top, its lines joined and
// its border dropped, with runs of spaces as one.
func rootDialogText(a *App) string {
	top := a.dialogs.Top()
	if top == nil {
		return ""
	}
	var words []string
	for _, w := range strings.Fields(ansi.Strip(top.View())) {
		if w = strings.Trim(w, "│┃╭╮╰╯─"); w != "" {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// The path dialog refuses a folder with the reason and stays open; tab
// completes from the folder typed.
func TestExportPathDialog(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile(filepath.Join(dir, "old-partners.csv"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	a := rootStart(t, rootApp(rootStore(t, false), true), 120, 40)
	rootPress(t, a, "6", "enter")
	rootType(t, a, dir+"/")
	rootPress(t, a, "enter")
	if a.dialogs.Len() != 1 || !strings.Contains(rootDialogText(a), "name a file") {
		t.Fatalf("a folder was taken as the file:\n%s", rootScreen(a))
	}
	rootType(t, a, "old")
	rootPress(t, a, "tab", "enter")
	want := filepath.Join(dir, "old-partners.csv")
	if a.dialogs.Len() != 0 || !strings.Contains(rootScreen(a), want) {
		t.Fatalf("tab did not complete to %s:\n%s", want, rootScreen(a))
	}
}
