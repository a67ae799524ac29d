package export

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"creatordesk/store/transfer"
	"creatordesk/ui/common"
	"creatordesk/ui/components/form"
)

// pathMsg is the path dialog's answer: the file to write.
type pathMsg struct{ path string }

// replaceMsg answers the question before writing over a file that is not
// an earlier export.
type replaceMsg struct {
	path string
	yes  bool
}

func (pathMsg) For() common.PageID    { return common.ExportPage }
func (replaceMsg) For() common.PageID { return common.ExportPage }

// checkPath refuses a path that names no file.
func checkPath(s string) error {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, "/") {
		return errors.New("name a file")
	}
	return nil
}

// askPath asks for the file to write, the current one shown: typing
// replaces it, tab completes from its folder.
func (e *export) askPath() tea.Cmd {
	d := form.Path("Export to", "file", e.path, checkPath, e.ctx.Styles.IsDark, func(p string) tea.Msg {
		return pathMsg{strings.TrimSpace(p)}
	})
	return e.ctx.Dialogs.Open(d)
}

// askReplace asks before writing over a file that is not an earlier
// export: only Yes writes over it; No and esc keep it.
func (e *export) askReplace(re *transfer.ReplaceError) tea.Cmd {
	var yes bool
	f := huh.NewForm(huh.NewGroup(
		huh.NewConfirm().Title(common.Clean(re.Error()) + ". Replace it?").Affirmative("Replace").Negative("Keep").Value(&yes),
	))
	path := re.Path
	d := form.New("Replace the file?", f, e.ctx.Styles.IsDark, func() tea.Msg { return replaceMsg{path, yes} }).
		OnCancel(func() tea.Msg { return replaceMsg{path, false} })
	return e.ctx.Dialogs.Open(d)
}
