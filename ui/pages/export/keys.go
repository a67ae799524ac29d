package export

import "charm.land/bubbles/v2/key"

// keyMap is the Export screen's bindings; they match keys and feed the
// help.
type keyMap struct {
	Tier, Format, Path, Write, Cancel key.Binding
}

func newKeyMap() keyMap {
	b := func(k, desc string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc)) }
	return keyMap{
		Tier:   b("t", "tier"),
		Format: b("f", "format"),
		Path:   b("enter", "edit path"),
		Write:  b("w", "write file"),
		Cancel: b("esc", "cancel"),
	}
}
