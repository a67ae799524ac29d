package samples

import "creatordesk/ui/common"

// What the root's tests read and set of the screen from outside the
// package.

// PageRows is how many rows one load brings.
const PageRows = samplePage

// SetCursor puts the cursor on row i without loading (the watch's tests).
func SetCursor(p common.Page, i int) { p.(*samples).list.SetCursor(i) }
