package templates

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"creatordesk/outreach"
	"creatordesk/ui/common"
)

// Templates is screen 4: the message text for each tier and purpose, the
// selected template as written and an example rendered from it for a
// made-up creator. e edits it in place, E in $EDITOR, R goes back to the
// built-in default. Saving checks the text first: a refused text stays in
// the editor with the reason, and the stored template stays as it was.

const (
	tplListW    = 32  // the list's width
	tplWideMinW = 110 // wider than this, the template and its example sit side by side
	tplMaxLines = 200 // lines the editor takes
)

// tplMode is what the screen is waiting for.
type tplMode int

const (
	tplBrowse   tplMode = iota
	tplEditing          // the text in a textarea
	tplExternal         // $EDITOR has the terminal
)

// tplRow is one template with its example.
type tplRow struct {
	tm             outreach.Template
	subject, body  string // the example, rendered
	exampleErr     string // why the example does not render
	campaign, note string // what the example was rendered for
}

type templates struct {
	common.Size
	ctx  *common.Common
	keys tplKeys

	req    int // latest load; older answers are dropped
	rows   []tplRow
	loaded bool
	err    error
	cursor int
	// example: in the narrow layout, the pane shows the example, not the
	// template.
	example bool

	mode    tplMode
	editing outreach.Template // the template being edited, as stored
	editor  textarea.Model
	editErr string // why the text was refused
	write   int    // latest write (save, reset, $EDITOR); older answers are dropped
	saving  bool

	// sample is the made-up creator examples are written to.
	sample outreach.Creator
	// exec hands the terminal to $EDITOR (tea.ExecProcess; tests replace it).
	exec func(*exec.Cmd, tea.ExecCallback) tea.Cmd
}

type tplLoadedMsg struct {
	req  int
	rows []tplRow
	err  error
}

// tplSavedMsg answers a save or a reset. A refused text comes back in
// text, to be edited again.
type tplSavedMsg struct {
	req       int
	note      string
	text      string
	err       error
	reset     bool
	unchanged bool
}

// tplEditorReadyMsg says the text is in a temporary file for $EDITOR.
type tplEditorReadyMsg struct {
	req  int
	path string
	err  error
}

// tplEditorDoneMsg says $EDITOR returned.
type tplEditorDoneMsg struct {
	req  int
	path string
	err  error
}

// New builds the screen.
func New(c *common.Common) common.Page {
	ta := textarea.New()
	ta.CharLimit = outreach.MaxMessageBody + outreach.MaxSubject + 20
	ta.MaxHeight = tplMaxLines
	ta.ShowLineNumbers = true // errors name a line
	return &templates{ctx: c, keys: newTplKeys(), editor: ta, exec: tea.ExecProcess,
		sample: outreach.Creator{Handle: "ana.lima", DisplayName: "Ana Lima"}}
}

func (p *templates) Title() string { return "Templates" }

func (p *templates) Typing() bool { return p.mode == tplEditing || p.mode == tplExternal }

// tplExample is what examples are rendered for: the made-up creator in the
// campaign in view (a made-up one for all campaigns), on the tier's
// standard terms, signed by the sender.
type tplExample struct {
	creator outreach.Creator
	camp    outreach.Campaign
	sender  string
	due     time.Time
	terms   outreach.DefaultTerms
}

// tplSampleSender signs examples until the staffer sets a sender.
const tplSampleSender = "Your Name"

func (ex tplExample) render(tm outreach.Template) tplRow {
	r := tplRow{tm: tm, campaign: ex.camp.Name, note: "default " + string(tm.Tier) + " terms · signed " + ex.sender}
	c := ex.creator
	c.Tier = tm.Tier
	terms := ex.terms.In(tm.Tier, ex.camp.DefaultCommission)
	var due time.Time
	if tm.Purpose == outreach.PurposeSampleReminder {
		due = ex.due
	}
	subject, body, err := outreach.RenderFor(tm, c, ex.camp, terms, ex.sender, due)
	if err != nil {
		r.exampleErr = err.Error()
		var me *outreach.MessageError
		if errors.As(err, &me) {
			r.exampleErr += ". Creators without it are held back when queued: print it inside {{if .X}}…{{end}}, or set it in their terms."
		}
		return r
	}
	r.subject, r.body = subject, body
	return r
}

// Load reads the templates and renders their examples.
func (p *templates) Load() tea.Cmd {
	p.req++
	req, st, camp := p.req, p.ctx.Store, p.ctx.Campaign
	ex := tplExample{creator: p.sample, due: p.ctx.Now().AddDate(0, 0, p.ctx.ContentDueDays), terms: p.ctx.Store.DefaultTerms()}
	return func() tea.Msg {
		m := tplLoadedMsg{req: req}
		tms, err := st.Templates(common.Bg())
		if err != nil {
			m.err = err
			return m
		}
		if ex.sender, m.err = st.Sender(common.Bg()); m.err != nil {
			return m
		}
		if ex.sender == "" {
			ex.sender = tplSampleSender
		}
		ex.camp = outreach.Campaign{Name: "Summer Glow Serum", SKUs: []string{"SERUM-30"}}
		if camp != "" {
			cs, err := st.Campaigns(common.Bg())
			if err != nil {
				m.err = err
				return m
			}
			ex.camp = outreach.Campaign{Name: camp}
			for _, c := range cs {
				if strings.EqualFold(c.Name, camp) {
					ex.camp = c
				}
			}
		}
		for _, tm := range tms {
			m.rows = append(m.rows, ex.render(tm))
		}
		return m
	}
}

func (p *templates) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case tplLoadedMsg:
		if msg.req != p.req {
			return p, nil
		}
		p.loaded, p.err = true, msg.err
		if msg.err == nil {
			p.rows = msg.rows
			p.cursor = max(0, min(p.cursor, len(p.rows)-1))
		}
		return p, nil
	case tplSavedMsg:
		return p, p.saved(msg)
	case resetMsg:
		if p.saving || p.mode != tplBrowse {
			return p, nil
		}
		p.editing = msg.tm
		return p, p.reset()
	case tplEditorReadyMsg:
		if msg.req != p.write || p.mode != tplExternal {
			return p, tplRemove(msg.path)
		}
		if msg.err != nil {
			p.mode = tplBrowse
			return p, common.Status("could not write a file for the editor: "+msg.err.Error(), true)
		}
		args := strings.Fields(os.Getenv("EDITOR"))
		if len(args) == 0 {
			args = []string{"vi"}
		}
		req, path := msg.req, msg.path
		c := exec.Command(args[0], append(args[1:], path)...)
		return p, p.exec(c, func(err error) tea.Msg { return tplEditorDoneMsg{req: req, path: path, err: err} })
	case tplEditorDoneMsg:
		if msg.req != p.write || p.mode != tplExternal {
			return p, tplRemove(msg.path)
		}
		if msg.err != nil {
			p.mode = tplBrowse
			return p, tea.Batch(tplRemove(msg.path), common.Status("the editor failed ("+msg.err.Error()+"): nothing saved", true))
		}
		return p, p.saveFile(msg.path)
	case tea.KeyPressMsg:
		return p, p.key(msg)
	}
	if p.mode == tplEditing {
		var cmd tea.Cmd
		p.editor, cmd = p.editor.Update(msg) // a paste, the cursor's blink
		return p, cmd
	}
	return p, nil
}

func (p *templates) selected() (tplRow, bool) {
	if p.cursor < 0 || p.cursor >= len(p.rows) {
		return tplRow{}, false
	}
	return p.rows[p.cursor], true
}

func (p *templates) key(msg tea.KeyPressMsg) tea.Cmd {
	k := p.keys
	switch p.mode {
	case tplEditing:
		switch {
		case key.Matches(msg, k.Cancel):
			p.closeEditor()
			return nil
		case key.Matches(msg, k.Save):
			return p.save()
		}
		var cmd tea.Cmd
		p.editor, cmd = p.editor.Update(msg)
		return cmd
	case tplExternal:
		return nil
	}
	g := p.ctx.Keys
	switch {
	case key.Matches(msg, g.Down):
		p.cursor = min(len(p.rows)-1, p.cursor+1)
	case key.Matches(msg, g.Up):
		p.cursor = max(0, p.cursor-1)
	case key.Matches(msg, g.Top, g.PageUp):
		p.cursor = 0
	case key.Matches(msg, g.Bottom, g.PageDown):
		p.cursor = max(0, len(p.rows)-1)
	case key.Matches(msg, k.Example):
		p.example = !p.example
	}
	row, ok := p.selected()
	if !ok || p.saving {
		return nil
	}
	switch {
	case key.Matches(msg, k.Edit):
		return p.openEditor(row.tm, tplText(row.tm), nil)
	case key.Matches(msg, k.External):
		return p.openExternal(row.tm)
	case key.Matches(msg, k.Reset):
		if !row.tm.Custom {
			return common.Status(tplLabel(row.tm)+" is the built-in default already", false)
		}
		return p.askReset(row.tm)
	}
	return nil
}

// tplLabel names a template: "head invitation".
func tplLabel(tm outreach.Template) string { return string(tm.Tier) + " " + tm.Purpose.Label() }
