package creators

import "charm.land/bubbles/v2/key"

// keyMap is the Creators screen's own keys. The list keys (up, down,
// pages, top, bottom, filter, esc, enter) and the tier filter, which Export
// shares, come from common.KeyMap. The same bindings match keys and make
// the help, so help never disagrees with what keys do.
type keyMap struct {
	Sort, Flip, Stage, Region, Detail key.Binding
	Select                            key.Binding
	Move, DoNotContact, Invite        key.Binding
	Terms, Note, Tags, Forget         key.Binding
	Edit, Newer, Older                key.Binding // the creator's fields; the detail's history
}

func newKeys() keyMap {
	b := func(k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc))
	}
	return keyMap{
		Sort:         b("s", "sort"),
		Flip:         b("S", "reverse sort"),
		Stage:        b("f", "stage filter"),
		Region:       b("r", "region"),
		Detail:       b("enter", "details"),
		Select:       b("space", "select"),
		Move:         b("m", "move stage"),
		DoNotContact: b("x", "do not contact"),
		Invite:       b("i", "queue invitation"),
		Terms:        b("e", "edit terms"),
		Note:         b("n", "add a note"),
		Tags:         b("#", "tags"),
		Forget:       b("X", "forget creator"),
		Edit:         b("E", "edit creator"),
		Newer:        b("[", "newer history"),
		Older:        b("]", "older history"),
	}
}
