package samples

import "creatordesk/ui/common"

// The answers this screen asks for are delivered to it alone.

func (shipmentsMsg) For() common.PageID      { return common.SamplesPage }
func (shipmentCountsMsg) For() common.PageID { return common.SamplesPage }
func (sampleSavedMsg) For() common.PageID    { return common.SamplesPage }
