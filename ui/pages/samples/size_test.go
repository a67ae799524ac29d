package samples

import "creatordesk/ui/common"

// sized renders p at w × h, as the root does: the size first, then View.
func sized(p common.Page, w, h int) string {
	p.SetSize(w, h)
	return p.View()
}
