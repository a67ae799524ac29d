package creators

import "creatordesk/ui/common"

// The answers this screen asks for are delivered to it alone.

func (pageMsg) For() common.PageID     { return common.CreatorsPage }
func (countMsg) For() common.PageID    { return common.CreatorsPage }
func (regionsMsg) For() common.PageID  { return common.CreatorsPage }
func (detailMsg) For() common.PageID   { return common.CreatorsPage }
func (moveDoneMsg) For() common.PageID { return common.CreatorsPage }
func (campaignMsg) For() common.PageID { return common.CreatorsPage }
func (moveMsg) For() common.PageID     { return common.CreatorsPage }
func (editMsg) For() common.PageID     { return common.CreatorsPage }
func (forgetMsg) For() common.PageID   { return common.CreatorsPage }
