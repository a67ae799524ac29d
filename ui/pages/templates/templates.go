package templates

import (
	"creatordesk/ui/common"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"creatordesk/outreach"
	"creatordesk/store"
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

// tplKeys are the Templates screen's bindings; they match keys and feed
// the help.
type tplKeys struct {
	Edit, External, Reset, Example, Save, Cancel, Yes, No key.Binding
}

func newTplKeys() tplKeys {
	b := func(keys []string, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return tplKeys{
		Edit:     b([]string{"e"}, "e", "edit"),
		External: b([]string{"E"}, "E", "edit in $EDITOR"),
		Reset:    b([]string{"R"}, "R", "reset"),
		Example:  b([]string{"v"}, "v", "show example"),
		Save:     b([]string{"ctrl+s"}, "ctrl+s", "save"),
		Cancel:   b([]string{"esc"}, "esc", "cancel"),
		Yes:      b([]string{"y"}, "y", "yes, reset"),
		No:       b([]string{"n"}, "n", "no"),
	}
}

// tplPlaceholderHelp lists the placeholders in the ? help, in the shape of
// bindings so the help shows them beside the keys. Their "keys" are never
// typed as one key press, so they match nothing.
func tplPlaceholderHelp() []key.Binding {
	what := map[string]string{
		"Handle": "handle, no @", "Name": "name or @handle", "Campaign": "campaign",
		"Product": "product", "Commission": "15%", "SlotFee": "USD 200.00",
		"Sample": "the sample", "Code": "discount code", "Discount": "15%",
		"ContentDue": "Dec 6", "Sender": "who signs",
	}
	out := make([]key.Binding, 0, len(outreach.Placeholders))
	for _, name := range outreach.Placeholders {
		out = append(out, key.NewBinding(key.WithKeys("{{."+name+"}}"), key.WithHelp("{{."+name+"}}", what[name])))
	}
	return out
}

// tplMode is what the screen is waiting for.
type tplMode int

const (
	tplBrowse   tplMode = iota
	tplEditing          // the text in a textarea
	tplConfirm          // y/n before a reset
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
	case tea.PasteMsg:
		if p.mode == tplEditing {
			var cmd tea.Cmd
			p.editor, cmd = p.editor.Update(msg)
			return p, cmd
		}
		return p, nil
	}
	if p.mode == tplEditing {
		var cmd tea.Cmd
		p.editor, cmd = p.editor.Update(msg) // cursor blinks
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
	case tplConfirm:
		switch {
		case key.Matches(msg, k.Yes):
			return p.reset()
		case key.Matches(msg, k.No, k.Cancel):
			p.mode = tplBrowse
		}
		return nil
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
		p.mode, p.editing = tplConfirm, row.tm
	}
	return nil
}

// tplLabel names a template: "head invitation".
func tplLabel(tm outreach.Template) string { return string(tm.Tier) + " " + tm.Purpose.Label() }

// tplText is a template as the editor holds it.
func tplText(tm outreach.Template) string { return outreach.FormatTemplate(tm) }

// openEditor opens the textarea on text; err, when the text was refused,
// is shown and the cursor put where it points.
func (p *templates) openEditor(tm outreach.Template, text string, err error) tea.Cmd {
	p.mode, p.editing, p.editErr = tplEditing, tm, ""
	p.editor.SetStyles(textarea.DefaultStyles(p.ctx.Styles.IsDark))
	p.editor.SetValue(text)
	line, col := 3, 1 // the body's start
	if !strings.HasPrefix(text, "Subject: ") {
		line = 1
	}
	if err != nil {
		p.editErr = err.Error()
		var te *outreach.TemplateError
		if errors.As(err, &te) && te.Line > 0 {
			line, col = te.Line, max(1, te.Column)
		}
	}
	tplCursorTo(&p.editor, line, col)
	return p.editor.Focus()
}

// tplCursorTo puts the textarea's cursor on a 1-based line and column.
func tplCursorTo(ta *textarea.Model, line, col int) {
	ta.MoveToBegin()
	// CursorDown moves by screen line: a long line takes several.
	for i := 0; ta.Line() < line-1 && i < tplMaxLines*20; i++ {
		ta.CursorDown()
	}
	ta.SetCursorColumn(col - 1)
}

func (p *templates) closeEditor() {
	p.editor.Blur()
	p.mode, p.editErr = tplBrowse, ""
}

func (p *templates) save() tea.Cmd {
	if p.saving {
		return nil
	}
	p.saving = true
	p.write++
	req, st, old, text := p.write, p.ctx.Store, p.editing, p.editor.Value()
	return func() tea.Msg { return tplSaveText(st, req, old, text) }
}

// tplSaveText checks text and stores it as old's new subject and body.
func tplSaveText(st *store.Store, req int, old outreach.Template, text string) tplSavedMsg {
	m := tplSavedMsg{req: req, text: text, note: tplLabel(old) + " template saved"}
	tm, err := tplParse(old, text)
	switch {
	case err != nil:
		m.err = err
	case tm.Subject == old.Subject && tm.Body == old.Body:
		m.unchanged, m.note = true, tplLabel(old)+": no change, nothing saved"
	default:
		m.err = st.SaveTemplate(common.Bg(), tm)
	}
	return m
}

func (p *templates) reset() tea.Cmd {
	if p.saving {
		return nil
	}
	p.saving = true
	p.write++
	req, st, tm := p.write, p.ctx.Store, p.editing
	return func() tea.Msg {
		err := st.ResetTemplate(common.Bg(), tm.Tier, tm.Purpose)
		return tplSavedMsg{req: req, note: tplLabel(tm) + " template is the built-in default again", err: err, reset: true}
	}
}

// saved takes a write's answer: a refused text goes back to the editor
// (from $EDITOR too, so nothing typed is lost); a stored one reloads the
// list.
func (p *templates) saved(msg tplSavedMsg) tea.Cmd {
	if msg.req != p.write {
		return nil
	}
	p.saving = false
	if msg.err != nil {
		if msg.reset {
			p.mode = tplBrowse
			return common.Status("reset failed: "+msg.err.Error(), true)
		}
		if p.mode == tplEditing || p.mode == tplExternal {
			return p.openEditor(p.editing, msg.text, msg.err)
		}
		return common.Status(tplLabel(p.editing)+" not saved: "+msg.err.Error(), true) // the editor was closed meanwhile
	}
	p.closeEditor()
	if msg.unchanged {
		return common.Status(msg.note, false)
	}
	return tea.Batch(p.Load(), common.Status(msg.note, false))
}

// openExternal writes the text to a private temporary file for $EDITOR.
func (p *templates) openExternal(tm outreach.Template) tea.Cmd {
	p.write++
	p.mode, p.editing = tplExternal, tm
	req, text := p.write, tplText(tm)
	return func() tea.Msg {
		f, err := os.CreateTemp("", "creatordesk-template-*.txt") // 0600
		if err != nil {
			return tplEditorReadyMsg{req: req, err: err}
		}
		_, err = f.WriteString(text + "\n")
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(f.Name())
			return tplEditorReadyMsg{req: req, err: err}
		}
		return tplEditorReadyMsg{req: req, path: f.Name()}
	}
}

// saveFile reads back what $EDITOR left, removes the file and saves it.
func (p *templates) saveFile(path string) tea.Cmd {
	p.saving = true
	req, st, old := p.write, p.ctx.Store, p.editing
	return func() tea.Msg {
		b, err := os.ReadFile(path)
		os.Remove(path)
		if err != nil {
			return tplSavedMsg{req: req, text: tplText(old), err: fmt.Errorf("could not read the edited file: %w", err)}
		}
		// Editors end the file with a line break; the text had none.
		return tplSaveText(st, req, old, strings.TrimSuffix(string(b), "\n"))
	}
}

func tplRemove(path string) tea.Cmd {
	if path == "" {
		return nil
	}
	return func() tea.Msg {
		os.Remove(path)
		return nil
	}
}

// tplParse reads the editor's text (outreach.ParseTemplateText) and
// checks it; errors name the line and column of the text.
func tplParse(old outreach.Template, text string) (outreach.Template, error) {
	tm := outreach.ParseTemplateText(old, text)
	return tm, tm.Check()
}

func (p *templates) ShortHelp() []key.Binding {
	k := p.keys
	switch p.mode {
	case tplEditing:
		return []key.Binding{k.Save, k.Cancel}
	case tplConfirm:
		return []key.Binding{k.Yes, k.No}
	case tplExternal:
		return nil
	}
	out := []key.Binding{k.Edit, k.External, k.Reset}
	if p.ctx.Width <= tplWideMinW {
		out = append(out, p.exampleKey())
	}
	return out
}

// exampleKey is v, described by what it shows next.
func (p *templates) exampleKey() key.Binding {
	b := p.keys.Example
	if p.example {
		b.SetHelp("v", "show template")
	}
	return b
}

func (p *templates) FullHelp() [][]key.Binding {
	if p.mode != tplBrowse {
		return [][]key.Binding{p.ShortHelp()}
	}
	g, k := p.ctx.Keys, p.keys
	return [][]key.Binding{{g.Up, g.Down, k.Edit, k.External, k.Reset, p.exampleKey()}, tplPlaceholderHelp()}
}

// View draws the list beside the selected template and its example (side
// by side when wide, one at a time when narrow), or the editor.
// View renders the screen into the size last set.
func (p *templates) View() string { return p.view(p.Width, p.Height) }

func (p *templates) view(w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	st := p.ctx.Styles
	var lines []string
	switch {
	case p.err != nil:
		lines = append(lines, st.Bad.Render(common.Fit("could not load templates: "+p.err.Error(), w)))
	case !p.loaded:
		lines = append(lines, st.Muted.Render(common.Fit("loading…", w)))
	case p.mode == tplEditing:
		return strings.Join(common.FitLines(p.editorView(w, h), w, h), "\n")
	default:
		lines = append(lines, p.topLine(w))
		bodyH := h - 1
		listW := min(tplListW, w/2)
		paneW := w - listW - 1
		row, _ := p.selected()
		var pane string
		switch {
		case w > tplWideMinW:
			half := paneW / 2
			pane = lipgloss.JoinHorizontal(lipgloss.Top, p.templatePanel(row, half, bodyH), p.examplePanel(row, paneW-half, bodyH))
		case p.example:
			pane = p.examplePanel(row, paneW, bodyH)
		default:
			pane = p.templatePanel(row, paneW, bodyH)
		}
		lines = append(lines, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, p.listView(listW, bodyH), " ", pane), "\n")...)
	}
	return strings.Join(common.FitLines(strings.Join(lines, "\n"), w, h), "\n")
}

func (p *templates) topLine(w int) string {
	st := p.ctx.Styles
	switch p.mode {
	case tplConfirm:
		return st.Warning.Render(common.Fit("Reset the "+tplLabel(p.editing)+" template to the built-in default? Your edit goes. y/n", w))
	case tplExternal:
		return st.Warning.Render(common.Fit("editing the "+tplLabel(p.editing)+" template in $EDITOR…", w))
	}
	edited := 0
	for _, r := range p.rows {
		if r.tm.Custom {
			edited++
		}
	}
	return st.Muted.Render(common.Fit(fmt.Sprintf("%d templates · %d edited · new messages use them; queued ones keep their text", len(p.rows), edited), w))
}

// listView lists the templates by tier, scrolled to keep the cursor in
// view.
func (p *templates) listView(w, h int) string {
	st := p.ctx.Styles
	now := p.ctx.Now().In(p.ctx.Loc)
	var all []string
	cursorLine := 0
	var tier outreach.Tier
	for i, r := range p.rows {
		if i == 0 || r.tm.Tier != tier {
			if i > 0 {
				all = append(all, strings.Repeat(" ", w))
			}
			tier = r.tm.Tier
			all = append(all, st.Header.Render(common.Fit(strings.ToUpper(string(tier)), w)))
		}
		mark := "  "
		if i == p.cursor {
			mark, cursorLine = "▶ ", len(all)
		}
		state, stateStyle := "default", st.Muted
		if r.tm.Custom {
			state, stateStyle = "edited "+tplDate(r.tm.UpdatedAt.In(p.ctx.Loc), now), st.Good
		}
		labelW := min(16, max(0, w-2-8))
		stateW := max(0, w-2-labelW)
		if i == p.cursor {
			all = append(all, st.Selected.Render(common.Fit(mark+common.Fit(r.tm.Purpose.Label(), labelW)+state, w)))
			continue
		}
		all = append(all, mark+common.Fit(r.tm.Purpose.Label(), labelW)+stateStyle.Render(common.Fit(state, stateW)))
	}
	offset := 0
	if cursorLine >= h {
		offset = cursorLine - h + 1
	}
	all = all[min(offset, len(all)):]
	for len(all) < h {
		all = append(all, strings.Repeat(" ", w))
	}
	return strings.Join(all[:h], "\n")
}

// tplDate is "Nov 20", with the year when it is not this year's.
func tplDate(t, now time.Time) string {
	if t.Year() != now.Year() {
		return t.Format("Jan 2 2006")
	}
	return t.Format("Jan 2")
}

// templatePanel shows the template as written, in w × h.
func (p *templates) templatePanel(r tplRow, w, h int) string {
	st := p.ctx.Styles
	if h < 3 || w < 8 {
		return ""
	}
	inner, innerH := w-4, h-2
	state := "the built-in default"
	if r.tm.Custom {
		state = "edited " + r.tm.UpdatedAt.In(p.ctx.Loc).Format("Jan 2 2006 15:04")
	}
	lines := []string{
		st.Title.Render(common.Fit(tplLabel(r.tm)+" template", inner)),
		st.Muted.Render(common.Fit(state+" · DMs ignore the subject", inner)),
		"",
	}
	for _, l := range common.WrapText("subject: "+r.tm.Subject, inner) {
		lines = append(lines, st.Bold.Render(l))
	}
	lines = append(lines, "")
	lines = append(lines, common.WrapText(r.tm.Body, inner)...)
	return tplPanel(st, lines, w, inner, innerH)
}

// examplePanel shows the template rendered for the made-up creator, or why
// it does not render.
func (p *templates) examplePanel(r tplRow, w, h int) string {
	st := p.ctx.Styles
	if h < 3 || w < 8 {
		return ""
	}
	inner, innerH := w-4, h-2
	c := p.sample
	// Cleaned before it is joined: a lone ESC at the end of a name would
	// take " in" with it.
	name := common.Clean(c.DisplayName)
	if name == "" {
		name = "@" + c.Handle
	}
	lines := []string{
		st.Title.Render(common.Fit("Example: "+name+" in "+common.Clean(r.campaign), inner)),
		st.Muted.Render(common.Fit(r.note, inner)),
		"",
	}
	if r.exampleErr != "" {
		for _, l := range common.WrapText(r.exampleErr, inner) {
			lines = append(lines, st.Bad.Render(l))
		}
		return tplPanel(st, lines, w, inner, innerH)
	}
	for _, l := range common.WrapText("subject: "+r.subject, inner) {
		lines = append(lines, st.Bold.Render(l))
	}
	lines = append(lines, "")
	lines = append(lines, common.WrapText(r.body, inner)...)
	return tplPanel(st, lines, w, inner, innerH)
}

// tplPanel boxes lines, cut with an ellipsis when they do not fit.
func tplPanel(st common.Styles, lines []string, w, inner, innerH int) string {
	if len(lines) > innerH {
		lines = append(lines[:max(0, innerH-1)], st.Muted.Render(common.Fit("…", inner)))
	}
	return st.Panel.Width(w).Render(strings.Join(common.FitLines(strings.Join(lines, "\n"), inner, innerH), "\n"))
}

// editorView is the editor over the whole screen, with how the text is
// read and, after a refused save, why.
func (p *templates) editorView(w, h int) string {
	st := p.ctx.Styles
	lines := []string{st.Title.Render(common.Fit("Editing the "+tplLabel(p.editing)+" template · ctrl+s saves · esc cancels", w))}
	wrap := func(s string, style lipgloss.Style, most int) {
		ls := strings.Split(ansi.Wrap(common.Clean(s), w, ""), "\n")
		if len(ls) > most {
			ls = append(ls[:most-1], ansi.Truncate(ls[most-1], w-1, "")+"…")
		}
		for _, l := range ls {
			lines = append(lines, style.Render(common.Fit(l, w)))
		}
	}
	wrap("The first line “Subject: …” is the email subject; DMs ignore it. Without that line the whole text is the body and the subject stays as it was.", st.Muted, 2)
	names := make([]string, len(outreach.Placeholders))
	for i, n := range outreach.Placeholders {
		names[i] = "{{." + n + "}}"
	}
	wrap("Placeholders: "+strings.Join(names, " ")+" · {{if .Code}}…{{end}} prints only when set.", st.Muted, 3)
	if p.editErr != "" {
		wrap("Not saved: "+p.editErr, st.Bad, 3)
	}
	p.editor.SetWidth(w)
	p.editor.SetHeight(max(1, h-len(lines)))
	for _, l := range strings.Split(p.editor.View(), "\n") {
		lines = append(lines, common.Clip(l, w))
	}
	return strings.Join(lines, "\n")
}
