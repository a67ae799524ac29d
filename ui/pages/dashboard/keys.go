package dashboard

import "charm.land/bubbles/v2/key"

// keyMap is the Dashboard's own bindings (for an empty database and the
// import); they match keys and feed the help.
type keyMap struct {
	Import, Demo key.Binding
}

func newKeyMap() keyMap {
	b := func(k, desc string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc)) }
	return keyMap{
		Import: b("i", "import CSV"),
		Demo:   b("d", "open demo data"),
	}
}
