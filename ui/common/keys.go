package common

import "charm.land/bubbles/v2/key"

// KeyMap is every key binding. The same bindings match keys (key.Matches)
// and produce the help, so help never disagrees with what keys do.
type KeyMap struct {
	// global
	Quit, Help, NextTab, PrevTab, Campaign key.Binding
	Tabs                                   [6]key.Binding
	// lists
	Up, Down, PageUp, PageDown, Top, Bottom, Filter, Clear, Enter key.Binding
	// creators
	Sort, Tier, Stage, Region, Move, Select, DoNotContact, Detail, Invite, Terms, Note, Tags, Forget key.Binding
}

// DefaultKeys is creatordesk's key map.
func DefaultKeys() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	km := KeyMap{
		Quit:     b([]string{"q", "ctrl+c"}, "q", "quit"),
		Help:     b([]string{"?"}, "?", "help"),
		NextTab:  b([]string{"tab"}, "tab", "next screen"),
		PrevTab:  b([]string{"shift+tab"}, "shift+tab", "previous screen"),
		Campaign: b([]string{"c"}, "c", "campaign"),

		Up:       b([]string{"k", "up"}, "↑/k", "up"),
		Down:     b([]string{"j", "down"}, "↓/j", "down"),
		PageUp:   b([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
		PageDown: b([]string{"pgdown", "ctrl+d"}, "pgdn", "page down"),
		Top:      b([]string{"g", "home"}, "g", "top"),
		Bottom:   b([]string{"G", "end"}, "G", "bottom"),
		Filter:   b([]string{"/"}, "/", "filter"),
		Clear:    b([]string{"esc"}, "esc", "back/clear"),
		Enter:    b([]string{"enter"}, "enter", "choose"),

		Sort:         b([]string{"s"}, "s", "sort"),
		Tier:         b([]string{"t"}, "t", "tier"),
		Stage:        b([]string{"f"}, "f", "stage filter"),
		Region:       b([]string{"r"}, "r", "region"),
		Move:         b([]string{"m"}, "m", "move stage"),
		Select:       b([]string{"space"}, "space", "select"),
		DoNotContact: b([]string{"x"}, "x", "do not contact"),
		Detail:       b([]string{"enter"}, "enter", "details"),
		Invite:       b([]string{"i"}, "i", "queue invitation"),
		Terms:        b([]string{"e"}, "e", "edit terms"),
		Note:         b([]string{"n"}, "n", "add a note"),
		Tags:         b([]string{"#"}, "#", "tags"),
		Forget:       b([]string{"X"}, "X", "forget creator"),
	}
	names := []string{"dashboard", "creators", "queue", "templates", "samples", "export"}
	for i := range km.Tabs {
		n := string(rune('1' + i))
		km.Tabs[i] = b([]string{n}, n, names[i])
	}
	return km
}
