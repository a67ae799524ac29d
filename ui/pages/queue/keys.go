package queue

import "charm.land/bubbles/v2/key"

// keyMap is the Queue screen's own bindings (the list's are common's);
// they match keys and feed the help.
type keyMap struct {
	Send, Approve, Unapprove, Skip, Edit, Reply, New, Sender key.Binding
	Sent, Copy, Save, Cancel                                 key.Binding
	SendEmail, Again                                         key.Binding
}

func newKeyMap() keyMap {
	b := func(k, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(k), key.WithHelp(help, desc))
	}
	return keyMap{
		Send:      b("y", "y", "send by hand"),
		Approve:   b("a", "a", "approve"),
		Unapprove: b("a", "a", "back to queued"),
		Skip:      b("x", "x", "skip"),
		Edit:      b("e", "e", "edit"),
		Reply:     b("r", "r", "replied"),
		New:       b("n", "n", "queue creator"),
		Sender:    b("s", "s", "sign as"),
		Sent:      b("enter", "enter", "it went: mark sent"),
		Copy:      b("y", "y", "copy again"),
		Save:      b("ctrl+s", "ctrl+s", "save"),
		Cancel:    b("esc", "esc", "cancel"),
		SendEmail: b("S", "S", "send email now"),
		Again:     b("a", "a", "not delivered: send again"),
	}
}
