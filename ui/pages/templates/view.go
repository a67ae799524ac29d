package templates

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"creatordesk/outreach"
	"creatordesk/ui/common"
)

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
		return strings.Join(common.FitLines(p.editorView(w), w, h), "\n")
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
func (p *templates) editorView(w int) string {
	lines := p.editorHeader(w)
	for _, l := range strings.Split(p.editor.View(), "\n") {
		lines = append(lines, common.Clip(l, w))
	}
	return strings.Join(lines, "\n")
}

// editorHeader is what the editor view shows above the text at width w.
func (p *templates) editorHeader(w int) []string {
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
	return lines
}

// SetSize gives the screen its room, and the editor what the header above
// it leaves.
func (p *templates) SetSize(w, h int) {
	p.Size.SetSize(w, h)
	p.sizeEditor()
}

// sizeEditor fits the textarea under the editor's header; the header
// grows when a refused save's reason shows.
func (p *templates) sizeEditor() {
	w, h := p.Width, p.Height
	if w <= 0 || h <= 0 {
		return
	}
	p.editor.SetWidth(w)
	p.editor.SetHeight(max(1, h-len(p.editorHeader(w))))
}
