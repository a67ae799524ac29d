package export

import "creatordesk/ui/common"

// The answers this screen asks for are delivered to it alone.

func (exportCountMsg) For() common.PageID { return common.ExportPage }
func (exportDoneMsg) For() common.PageID  { return common.ExportPage }
