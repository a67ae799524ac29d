package dashboard

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"creatordesk/store/transfer"
	"creatordesk/ui/common"
	"creatordesk/ui/components/form"
)

// importer runs an import of creators from the dashboard: a file path
// prompt (a dialog; tab completes), progress while it runs, esc to cancel
// (the file rolls back), and the result with the first bad rows.
type importer struct {
	ctx     *common.Common
	keys    keyMap
	running bool
	cancel  context.CancelFunc
	events  chan tea.Msg
	rows    int
	result  []string
	kept    int // lines of result after the first that say what was kept
	failed  bool
	last    string // the path last asked for, offered again
}

// importPathMsg is the path prompt's answer.
type importPathMsg struct{ path string }

type importProgressMsg struct{ rows int }

type importDoneMsg struct {
	sum      transfer.Summary
	problems []string
	bad      int
	err      error
}

// maxShownProblems bounds the bad rows listed after an import.
const maxShownProblems = 8

// overwriteHint ends each "kept email for 3 creators (file differs)"
// line: the dashboard imports without --overwrite.
const overwriteHint = "creatordesk import creators --overwrite takes the file's values"

func newImporter(c *common.Common) *importer { return &importer{ctx: c, keys: newKeyMap()} }

func (im *importer) active() bool { return im.running || len(im.result) > 0 }
func (im *importer) help(empty bool) []key.Binding {
	if im.running {
		return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel import"))}
	}
	if !empty {
		return []key.Binding{im.keys.Import} // d opens the demo only on an empty database
	}
	return []key.Binding{im.keys.Import, im.keys.Demo}
}

// key handles a key on the dashboard; the demo is offered only while the
// database is empty.
func (im *importer) key(msg tea.KeyPressMsg, empty bool) tea.Cmd {
	k := im.ctx.Keys
	switch {
	case im.running:
		if key.Matches(msg, k.Clear) && im.cancel != nil {
			im.cancel()
		}
		return nil
	case key.Matches(msg, im.keys.Import):
		im.result = nil
		return im.ctx.Dialogs.Open(form.Path("Import creators", "CSV file", im.last, func(s string) error {
			if strings.TrimSpace(s) == "" {
				return errors.New("type the path of a CSV file (tab completes)")
			}
			return nil
		}, im.ctx.Styles.IsDark, func(path string) tea.Msg { return importPathMsg{path} }))
	case empty && key.Matches(msg, im.keys.Demo):
		open := im.ctx.OpenDemo
		if open == nil {
			return func() tea.Msg { return common.StatusMsg{Text: "no demo database is configured", Err: true} }
		}
		return func() tea.Msg {
			s, err := open(common.Bg())
			return common.StoreMsg{Store: s, Err: err}
		}
	case key.Matches(msg, k.Clear):
		im.result = nil
	}
	return nil
}

// start runs the import on its own goroutine; progress and the result come
// back through events, read one message at a time by wait.
func (im *importer) start(path string) tea.Cmd {
	// The session's context: the import is a change of this session, which
	// u then names as one it does not undo instead of passing over it.
	ctx, cancel := context.WithCancel(im.ctx.Bg())
	im.running, im.cancel, im.rows, im.result = true, cancel, 0, nil
	events := make(chan tea.Msg, 1)
	im.events = events
	st, currency := im.ctx.Store, im.ctx.Currency
	go func() {
		var problems []string
		bad := 0
		sum, err := transfer.ImportCreators(ctx, st, []string{path}, transfer.ImportOptions{
			Currency: currency,
			Progress: func(_ string, rows int) {
				select {
				case events <- importProgressMsg{rows}:
				default: // the screen is behind: skip this tick
				}
			},
		}, func(p transfer.Problem) {
			if p.Note {
				return
			}
			bad++
			if len(problems) < maxShownProblems {
				problems = append(problems, p.String())
			}
		})
		events <- importDoneMsg{sum: sum, problems: problems, bad: bad, err: err}
		close(events)
	}()
	return im.wait()
}

func (im *importer) wait() tea.Cmd {
	events := im.events
	return func() tea.Msg {
		msg, ok := <-events
		if !ok {
			return nil
		}
		return msg
	}
}

func (im *importer) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case importPathMsg:
		if im.running {
			return nil
		}
		im.last = strings.TrimSpace(msg.path)
		return im.start(common.ExpandHome(im.last))
	case importProgressMsg:
		im.rows = msg.rows
		return im.wait()
	case importDoneMsg:
		im.running, im.cancel = false, nil
		im.failed = msg.err != nil || msg.sum.Failed > 0
		im.kept = 0
		switch {
		case errors.Is(msg.err, context.Canceled):
			im.result = []string{"import cancelled: nothing was imported from the file"}
		case msg.err != nil:
			im.result = []string{"import failed: " + msg.err.Error()}
		default:
			kept := msg.sum.KeptLines(overwriteHint)
			im.kept = len(kept)
			head := msg.sum.Line()
			switch {
			case msg.sum.Failed == 1 && len(msg.sum.Files) == 1:
				head = "the file was refused: nothing imported"
			case msg.sum.Failed > 0:
				head += fmt.Sprintf("; %d of %d files refused (nothing from them imported)", msg.sum.Failed, len(msg.sum.Files))
			}
			im.result = append(append([]string{head}, kept...), msg.problems...)
			if msg.bad > len(msg.problems) {
				im.result = append(im.result, fmt.Sprintf("… and %d more bad rows", msg.bad-len(msg.problems)))
			}
		}
		if msg.err == nil {
			return func() tea.Msg { return common.ChangedMsg{Note: msg.sum.Line()} }
		}
	}
	return nil
}

func (im *importer) view(w, h int, empty bool) string {
	st := im.ctx.Styles
	var lines []string
	if empty {
		lines = append(lines,
			st.Title.Render("No creators yet."), "",
			"Bring in a list of creators from a discovery tool, Seller Center or your",
			"own spreadsheet (CSV or Excel .xlsx; English or Chinese headers):", "",
			"  "+st.Bold.Render("i")+"  import a CSV file or an .xlsx workbook",
			"  "+st.Bold.Render("d")+"  open the demo data (a separate database; yours is untouched)", "")
	}
	if im.running {
		lines = append(lines, fmt.Sprintf("importing… %s rows read", common.Grouped(int64(im.rows))), st.Muted.Render("esc cancels: nothing from the file is kept"))
	}
	for i, r := range im.result {
		style := st.Muted
		switch {
		case i == 0 && im.failed:
			style = st.Bad
		case i == 0:
			style = st.Good
		case i <= im.kept:
			style = st.Warning
		}
		// Wrapped, not cut: a kept line ends in what to do about it.
		for _, l := range strings.Split(ansi.Wrap(common.Clean(r), max(w, 1), ""), "\n") {
			lines = append(lines, style.Render(common.Fit(l, w)))
		}
	}
	return strings.Join(lines, "\n")
}
