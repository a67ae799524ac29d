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
