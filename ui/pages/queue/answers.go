package queue

import "creatordesk/ui/common"

// The answers this screen asks for are delivered to it alone.

func (queueMsg) For() common.PageID       { return common.QueuePage }
func (queueDoneMsg) For() common.PageID   { return common.QueuePage }
func (queueSenderMsg) For() common.PageID { return common.QueuePage }
func (queueSendMsg) For() common.PageID   { return common.QueuePage }
