package templates

import (
	"creatordesk/outreach"
	"creatordesk/ui/common"
)

// SetExample replaces the made-up creator the preview is drawn from (the
// root's hostile-text tests).
func SetExample(p common.Page, c outreach.Creator) { p.(*templates).sample = c }
