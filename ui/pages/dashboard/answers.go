package dashboard

import "creatordesk/ui/common"

// The answers this screen asks for are delivered to it alone.

func (overviewMsg) For() common.PageID       { return common.DashboardPage }
func (funnelMsg) For() common.PageID         { return common.DashboardPage }
func (trendMsg) For() common.PageID          { return common.DashboardPage }
func (importPathMsg) For() common.PageID     { return common.DashboardPage }
func (importProgressMsg) For() common.PageID { return common.DashboardPage }
func (importDoneMsg) For() common.PageID     { return common.DashboardPage }
