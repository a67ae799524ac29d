package dashboard

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"creatordesk/store"
	"creatordesk/store/transfer"
	"creatordesk/ui/common"
)

// The import's summary shows what was kept, one line per field, wrapped
// to the screen rather than cut before it says what to do.
func TestImportSummaryShowsKeptFields(t *testing.T) {
	c := &common.Common{Styles: common.NewStyles(true)}
	im := newImporter(c)
	im.update(importDoneMsg{sum: transfer.Summary{Updated: 3, Kept: store.Kept{Email: 3, Phone: 1}},
		problems: []string{"f.csv:4: email: \"x\" is not an email address"}, bad: 1})
	const w = 60
	var screen []string
	for _, l := range strings.Split(im.view(w, 24, false), "\n") {
		l = ansi.Strip(l)
		if ansi.StringWidth(l) > w {
			t.Errorf("line wider than %d: %q", w, l)
		}
		screen = append(screen, strings.TrimRight(l, " "))
	}
	text := strings.Join(screen, " ")
	for _, want := range []string{
		"imported 0 new, updated 3, skipped 0",
		"kept email for 3 creators (file differs): creatordesk import creators --overwrite takes the file's values",
		"kept phone for 1 creator (file differs): creatordesk import creators --overwrite takes the file's values",
		`f.csv:4: email: "x" is not an email address`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q:\n%s", want, strings.Join(screen, "\n"))
		}
	}
}

// A refused file does not read as an import of nothing.
func TestImportSummarySaysAFileWasRefused(t *testing.T) {
	c := &common.Common{Styles: common.NewStyles(true)}
	for _, tc := range []struct {
		sum  transfer.Summary
		want string
	}{
		{transfer.Summary{Failed: 1, Files: make([]transfer.FileResult, 1)}, "the file was refused: nothing imported"},
		{transfer.Summary{New: 2, Failed: 1, Files: make([]transfer.FileResult, 3)},
			"imported 2 new, updated 0, skipped 0; 1 of 3 files refused (nothing from them imported)"},
	} {
		im := newImporter(c)
		im.update(importDoneMsg{sum: tc.sum, problems: []string{"x.xlsx:1: not a CSV file"}, bad: 1})
		if !im.failed {
			t.Errorf("%+v: not shown as failed", tc.sum)
		}
		if got := ansi.Strip(strings.Split(im.view(200, 24, false), "\n")[0]); strings.TrimSpace(got) != tc.want {
			t.Errorf("headline %q, want %q", got, tc.want)
		}
	}
}
