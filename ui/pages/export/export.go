package export

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/transfer"
	"creatordesk/ui/common"
	"creatordesk/ui/components/filter"
)

// export is screen 5: choose tier, campaign (the picker) and format, see how
// many rows, and write the partner file with the same writer as the
// `export partners` command.
type export struct {
	common.Size
	ctx     *common.Common
	keys    keyMap
	tier    outreach.Tier
	filter  filter.Model // / narrows the file to the creators it matches
	format  string
	path    string
	req     int
	count   int64 // -1 while counting
	writing bool
	cancel  context.CancelFunc
	result  string
	failed  bool
}

type exportCountMsg struct {
	req int
	n   int64
	err error
}

type exportDoneMsg struct {
	path string
	n    int
	err  error
}

// New builds the screen.
func New(c *common.Common) common.Page {
	e := &export{ctx: c, keys: newKeyMap(), format: "csv", count: -1,
		filter: filter.New(common.ExportPage, c.Keys, "handle, name, email or tag")}
	e.path = e.defaultPath()
	return e
}

func (e *export) defaultPath() string {
	dir, err := os.Getwd()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "partners-"+e.ctx.Now().In(e.ctx.Loc).Format("2006-01-02")+"."+e.format)
}

func (e *export) Title() string { return "Export" }

// SetSize gives the screen its room; the filter takes the value column.
func (e *export) SetSize(w, h int) {
	e.Size.SetSize(w, h)
	e.filter.SetWidth(max(10, w-2-12))
}

// Typing is true while the filter takes the keys; the path and the
// question are dialogs, which take the keys themselves.
func (e *export) Typing() bool { return e.filter.Typing() }

func (e *export) query() store.PartnerQuery {
	return store.PartnerQuery{Tier: e.tier, Campaign: e.ctx.Campaign, Search: e.filter.Value()}
}

func (e *export) Load() tea.Cmd {
	e.req++
	e.count = -1
	if e.failed && !e.writing {
		e.result, e.failed = "", false
	}
	req, st, q := e.req, e.ctx.Store, e.query()
	return func() tea.Msg {
		n, err := st.CountPartnerships(common.Bg(), q)
		return exportCountMsg{req, n, err}
	}
}

func (e *export) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	k := e.keys
	switch msg := msg.(type) {
	case exportCountMsg:
		if msg.req == e.req {
			e.count = msg.n
			if msg.err != nil {
				e.result, e.failed = msg.err.Error(), true
			}
		}
	case exportDoneMsg:
		e.writing, e.cancel = false, nil
		var re *transfer.ReplaceError
		if errors.As(msg.err, &re) {
			return e, e.askReplace(re)
		} else if errors.Is(msg.err, context.Canceled) {
			e.result, e.failed = "export cancelled: no file was written, an older one is untouched", true
		} else if msg.err != nil {
			e.result, e.failed = "export failed: "+msg.err.Error(), true
		} else {
			e.result, e.failed = fmt.Sprintf("wrote %s partnerships to %s", common.Grouped(int64(msg.n)), msg.path), false
		}
	case filter.SettledMsg:
		if e.filter.Settled(msg) {
			return e, e.Load()
		}
	case pathMsg:
		e.path = msg.path
	case replaceMsg:
		if msg.yes {
			return e, e.write(msg.path, true)
		}
		e.result, e.failed = msg.path+" kept: nothing written", false
	case tea.KeyPressMsg:
		if e.writing {
			if key.Matches(msg, k.Cancel) && e.cancel != nil {
				e.cancel()
			}
			return e, nil
		}
		if e.filter.Typing() {
			cmd, changed := e.filter.Key(msg)
			if changed {
				return e, e.Load()
			}
			return e, cmd
		}
		switch {
		case key.Matches(msg, e.ctx.Keys.Filter):
			return e, e.filter.Focus()
		case key.Matches(msg, e.ctx.Keys.Clear) && e.filter.Value() != "":
			e.filter.SetValue("")
			return e, e.Load()
		case key.Matches(msg, k.Tier):
			e.tier = map[outreach.Tier]outreach.Tier{"": outreach.Head, outreach.Head: outreach.Micro, outreach.Micro: ""}[e.tier]
			return e, e.Load()
		case key.Matches(msg, k.Format):
			old := e.format
			e.format = map[string]string{"csv": "json", "json": "csv"}[e.format]
			if strings.HasSuffix(e.path, "."+old) {
				e.path = strings.TrimSuffix(e.path, old) + e.format
			}
		case key.Matches(msg, k.Path):
			return e, e.askPath()
		case key.Matches(msg, k.Write):
			return e, e.write(common.ExpandHome(strings.TrimSpace(e.path)), false)
		}
	}
	return e, e.filter.Update(msg)
}

// write exports to path; replace writes over a file that is not an
// earlier export (after the question).
func (e *export) write(path string, replace bool) tea.Cmd {
	if e.writing {
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.writing, e.result, e.cancel = true, "", cancel
	st, q, format, loc := e.ctx.Store, e.query(), e.format, e.ctx.Loc
	return func() tea.Msg {
		defer cancel()
		if !replace && transfer.IsEarlierExport(path) {
			// an earlier export: the store would replace it, the screen asks
			return exportDoneMsg{path: path, err: &transfer.ReplaceError{Path: path, Export: true}}
		}
		n, err := transfer.ExportPartnersFile(ctx, st, q, format, path, loc, replace)
		return exportDoneMsg{path: path, n: n, err: err}
	}
}

func (e *export) ShortHelp() []key.Binding {
	if e.writing {
		return []key.Binding{e.keys.Cancel}
	}
	if e.filter.Typing() {
		return e.filter.Help()
	}
	return []key.Binding{e.keys.Tier, e.ctx.Keys.Filter, e.keys.Format, e.keys.Path, e.keys.Write}
}

func (e *export) FullHelp() [][]key.Binding { return [][]key.Binding{e.ShortHelp()} }

// View renders the screen into the size last set.
func (e *export) View() string { return e.view(e.Width, e.Height) }

func (e *export) view(w, h int) string {
	st := e.ctx.Styles
	inner := max(10, w-2)
	tier := "head and micro"
	if e.tier != "" {
		tier = string(e.tier) + " only"
	}
	camp := e.ctx.Campaign
	if camp == "" {
		camp = "all campaigns"
	}
	count := "counting…"
	if e.count >= 0 {
		count = common.Grouped(e.count) + map[bool]string{true: " partnership", false: " partnerships"}[e.count == 1]
	}
	row := func(label, value string) string {
		return st.Muted.Render(common.Fit(label, 12)) + common.Fit(value, inner-12)
	}
	pathLine := row("file", common.Clean(e.path))
	filterLine := row("creators", "all  (/ filters by handle, name, email or tag)")
	switch {
	case e.filter.Typing():
		filterLine = st.Muted.Render(common.Fit("creators", 12)) + e.filter.View()
	case e.filter.Value() != "":
		filterLine = row("creators", "matching “"+common.Clean(e.filter.Value())+"”  (/, esc clears)")
	}
	lines := []string{st.Title.Render("Export partnered creators")}
	for _, l := range common.WrapText("one row per partnership at partnered or beyond, as `creatordesk export partners` writes it", inner) {
		lines = append(lines, st.Muted.Render(l))
	}
	lines = append(lines, "",
		row("tier", tier+"  (t)"),
		row("campaign", common.Clean(camp)+"  (c)"),
		filterLine,
		row("format", e.format+map[string]string{"csv": "  Excel: UTF-8 with BOM, formulas neutralised  (f)", "json": "  (f)"}[e.format]),
		pathLine,
		row("rows", count),
		"",
	)
	switch {
	case e.writing:
		lines = append(lines, "writing… "+st.Muted.Render("(esc cancels)"))
	case e.result != "":
		style := st.Good
		if e.failed {
			style = st.Bad
		}
		for _, l := range common.WrapText(e.result, inner) { // an error ends in what to do: never cut it
			lines = append(lines, style.Render(l))
		}
	default:
		lines = append(lines, st.Muted.Render("w writes the file"))
	}
	return strings.Join(lines, "\n")
}
