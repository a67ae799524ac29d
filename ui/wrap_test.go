package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"creatordesk/ui/common"
	"creatordesk/ui/components/statusbar"
)

// joined is the screen's text with its lines run together, for a message
// that wraps: the words across line ends, the padding dropped.
func joined(screen string) string {
	var b strings.Builder
	for _, l := range strings.Split(screen, "\n") {
		b.WriteString(strings.TrimRight(l, " ") + " ")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// A long status wraps onto more lines instead of being cut, and the page
// gives up the lines it takes; the screen keeps its size. An endless one
// stops at statusbar.MaxLines.
func TestLongStatusWraps(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 80, 24)
	rootPress(t, a, "2")
	msg := "could not move @someone in Summer Glow Serum: the pipeline changed since you opened it, " +
		"another window moved it to partnered; open it again and move it from there"
	a.Update(common.StatusMsg{Text: msg, Err: true})
	screen := rootScreen(a)
	rootCheckFits(t, a, 80, 24, "a long status")
	if n := strings.Count(screen, "\n") + 1; n != 24 {
		t.Errorf("%d lines, want 24", n)
	}
	if !strings.Contains(joined(screen), msg) {
		t.Errorf("the status is cut:\n%s", screen)
	}
	if !strings.Contains(screen, "of 300") {
		t.Errorf("the page's last line went under the status:\n%s", screen)
	}
	a.Update(common.StatusMsg{Text: strings.Repeat("all work and no play ", 40), Err: true})
	lines := strings.Split(rootScreen(a), "\n")
	rootCheckFits(t, a, 80, 24, "an endless status")
	tail := lines[len(lines)-1-statusbar.MaxLines : len(lines)-1] // the status is above the help line
	if !strings.HasPrefix(tail[0], "all work") || !strings.HasSuffix(strings.TrimRight(tail[len(tail)-1], " "), "…") {
		t.Errorf("the endless status does not stop at %d lines ending in …:\n%s", statusbar.MaxLines, strings.Join(lines, "\n"))
	}
	// With the full help open the screen still fits.
	rootPress(t, a, "?")
	rootCheckFits(t, a, 80, 24, "help under a long status")
}

// An import the dashboard refuses says why whole, to what to do about it:
// at 80 columns the xlsx reason was cut before "save it … as CSV UTF-8".
func TestDashboardImportErrorWraps(t *testing.T) {
	t.Parallel()
	s := rootStore(t, false)
	a := rootStart(t, rootApp(s, true), 80, 24)
	path := filepath.Join(t.TempDir(), "creators.xlsx")
	if err := os.WriteFile(path, []byte("PK\x03\x04 not really a workbook"), 0o600); err != nil {
		t.Fatal(err)
	}
	rootPress(t, a, "i")
	rootType(t, a, path)
	rootPress(t, a, "enter")
	screen := joined(rootScreen(a))
	for _, want := range []string{"not a CSV file", "save it from the spreadsheet as CSV UTF-8", "nothing imported from this file"} {
		if !strings.Contains(screen, want) {
			t.Errorf("%q is not on screen:\n%s", want, rootScreen(a))
		}
	}
	rootCheckFits(t, a, 80, 24, "the import's error")
}
