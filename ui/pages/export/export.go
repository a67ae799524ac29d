package export

import (
	"context"
	"creatordesk/ui/common"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/transfer"
)

// export is screen 5: choose tier, campaign (the picker) and format, see how
// many rows, and write the partner file with the same writer as the
// `export partners` command.
type export struct {
	common.Size
	ctx     *common.Common
	tier    outreach.Tier
	format  string
	path    textinput.Model
	editing bool
	req     int
	count   int64 // -1 while counting
	writing bool
	cancel  context.CancelFunc
	result  string
	failed  bool
	// replace asks before writing over a file that is not an earlier
	// export: y writes over it, anything else keeps it.
	replace *transfer.ReplaceError
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

var (
	replaceYes = key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "replace"))
	replaceNo  = key.NewBinding(key.WithKeys("n", "N", "esc", "enter"), key.WithHelp("n/esc", "keep"))
)

// New builds the screen.
func New(c *common.Common) common.Page {
	in := textinput.New()
	in.Prompt = "file: "
	in.CharLimit = 4096
	e := &export{ctx: c, format: "csv", path: in, count: -1}
	e.path.SetValue(e.defaultPath())
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

func (e *export) Typing() bool { return e.editing || e.replace != nil }

func (e *export) query() store.PartnerQuery {
	return store.PartnerQuery{Tier: e.tier, Campaign: e.ctx.Campaign}
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
	k := e.ctx.Keys
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
			e.replace = re
		} else if errors.Is(msg.err, context.Canceled) {
			e.result, e.failed = "export cancelled: no file was written, an older one is untouched", true
		} else if msg.err != nil {
			e.result, e.failed = "export failed: "+msg.err.Error(), true
		} else {
			e.result, e.failed = fmt.Sprintf("wrote %s partnerships to %s", common.Grouped(int64(msg.n)), msg.path), false
		}
	case tea.KeyPressMsg:
		if e.writing {
			if key.Matches(msg, k.Clear) && e.cancel != nil {
				e.cancel()
			}
			return e, nil
		}
		if re := e.replace; re != nil {
			e.replace = nil
			if key.Matches(msg, replaceYes) {
				return e, e.write(re.Path, true)
			}
			e.result, e.failed = re.Path+" kept: nothing written", false
			return e, nil
		}
		if e.editing {
			switch {
			case key.Matches(msg, k.Enter), key.Matches(msg, k.Clear):
				e.editing = false
				e.path.Blur()
				return e, nil
			}
			var cmd tea.Cmd
			e.path, cmd = e.path.Update(msg)
			return e, cmd
		}
		switch {
		case key.Matches(msg, k.Tier):
			e.tier = map[outreach.Tier]outreach.Tier{"": outreach.Head, outreach.Head: outreach.Micro, outreach.Micro: ""}[e.tier]
			return e, e.Load()
		case key.Matches(msg, k.Format):
			old := e.format
			e.format = map[string]string{"csv": "json", "json": "csv"}[e.format]
			if p := e.path.Value(); strings.HasSuffix(p, "."+old) {
				e.path.SetValue(strings.TrimSuffix(p, old) + e.format)
			}
		case key.Matches(msg, k.Enter):
			e.editing = true
			return e, e.path.Focus()
		case key.Matches(msg, k.Write):
			return e, e.write(common.ExpandHome(strings.TrimSpace(e.path.Value())), false)
		}
	}
	return e, nil
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
		n, err := transfer.ExportPartnersFile(ctx, st, q, format, path, loc, replace)
		return exportDoneMsg{path: path, n: n, err: err}
	}
}

func (e *export) ShortHelp() []key.Binding {
	k := e.ctx.Keys
	if e.editing {
		return []key.Binding{k.Enter}
	}
	if e.replace != nil {
		return []key.Binding{replaceYes, replaceNo}
	}
	if e.writing {
		return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))}
	}
	return []key.Binding{k.Tier, k.Format, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit path")), k.Write}
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
		count = common.Grouped(e.count) + " partnerships"
	}
	row := func(label, value string) string {
		return st.Muted.Render(common.Fit(label, 12)) + common.Fit(value, inner-12)
	}
	e.path.SetWidth(max(5, inner-12-len(e.path.Prompt)))
	pathLine := row("file", e.path.Value())
	if e.editing {
		pathLine = st.Muted.Render(common.Fit("file", 12)) + e.path.View()
	}
	lines := []string{
		st.Title.Render("Export partnered creators"),
		st.Muted.Render(common.Fit("one row per partnership at partnered or beyond; the same file as `creatordesk export partners`", inner)),
		"",
		row("tier", tier+"  (t)"),
		row("campaign", common.Clean(camp)+"  (c)"),
		row("format", e.format+map[string]string{"csv": "  Excel: UTF-8 with BOM, formulas neutralised  (f)", "json": "  (f)"}[e.format]),
		pathLine,
		row("rows", count),
		"",
	}
	switch {
	case e.replace != nil:
		q := lipgloss.NewStyle().Width(inner).Render(common.Clean(e.replace.Error() + ". Replace it? [y/N]"))
		lines = append(lines, st.Bad.Render(q))
	case e.writing:
		lines = append(lines, "writing… "+st.Muted.Render("(esc cancels)"))
	case e.result != "":
		style := st.Good
		if e.failed {
			style = st.Bad
		}
		lines = append(lines, style.Render(common.Fit(e.result, inner)))
	default:
		lines = append(lines, st.Muted.Render("w writes the file"))
	}
	return strings.Join(lines, "\n")
}
