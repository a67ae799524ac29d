package templates

import "creatordesk/ui/common"

// The answers this screen asks for are delivered to it alone.

func (tplLoadedMsg) For() common.PageID      { return common.TemplatesPage }
func (tplSavedMsg) For() common.PageID       { return common.TemplatesPage }
func (tplEditorReadyMsg) For() common.PageID { return common.TemplatesPage }
func (tplEditorDoneMsg) For() common.PageID  { return common.TemplatesPage }
