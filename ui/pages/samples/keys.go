package samples

import "charm.land/bubbles/v2/key"

// keyMap is the Samples screen's own bindings (the list's are common's);
// they match keys and feed the help.
type keyMap struct {
	Ship, Deliver, Post, Tracking, New key.Binding
}

func newKeyMap() keyMap {
	b := func(k, desc string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc)) }
	return keyMap{
		Ship:     b("s", "shipped"),
		Deliver:  b("d", "delivered"),
		Post:     b("p", "posted"),
		Tracking: b("t", "tracking"),
		New:      b("n", "new sample"),
	}
}
