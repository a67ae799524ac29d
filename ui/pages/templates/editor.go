package templates

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
	"creatordesk/ui/components/form"
)

// The editor: a template's text in a textarea, or in $EDITOR, saved after
// its check; and the reset to the built-in default.

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
	p.sizeEditor() // the reason above takes room
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

// resetMsg is the reset question's yes.
type resetMsg struct{ tm outreach.Template }

func (resetMsg) For() common.PageID { return common.TemplatesPage }

// askReset asks before a template goes back to the built-in default.
func (p *templates) askReset(tm outreach.Template) tea.Cmd {
	q := "Reset the " + tplLabel(tm) + " template to the built-in default? Your edit goes."
	return p.ctx.Dialogs.Open(form.Confirm("Reset template", q, p.ctx.Styles.IsDark, func() tea.Msg { return resetMsg{tm} }))
}
