package common

import "charm.land/bubbles/v2/key"

// KeyMap is the keys the screens share; a screen with keys of its own keeps
// them in its package. The same bindings match keys (key.Matches)
// and produce the help, so help never disagrees with what keys do.
type KeyMap struct {
	// global
	Quit, Help, NextTab, PrevTab, Campaign key.Binding
	Tabs                                   [6]key.Binding
	// Undo takes back the last change made in this session.
	Undo key.Binding
	// lists
	Up, Down, PageUp, PageDown, Top, Bottom, Filter, Clear, Enter key.Binding
	// the tier filter (Creators, Export); each screen's other keys are its
	// own (pages/<screen>/keys.go)
	Tier key.Binding
	// adds a creator from any screen but the Queue (where a approves)
	AddCreator key.Binding
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
		Undo:     b([]string{"u"}, "u", "undo"),

		Up:       b([]string{"k", "up"}, "↑/k", "up"),
		Down:     b([]string{"j", "down"}, "↓/j", "down"),
		PageUp:   b([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
		PageDown: b([]string{"pgdown", "ctrl+d"}, "pgdn", "page down"),
		Top:      b([]string{"g", "home"}, "g", "top"),
		Bottom:   b([]string{"G", "end"}, "G", "bottom"),
		Filter:   b([]string{"/"}, "/", "filter"),
		Clear:    b([]string{"esc"}, "esc", "back/clear"),
		Enter:    b([]string{"enter"}, "enter", "choose"),

		Tier: b([]string{"t"}, "t", "tier"),

		AddCreator: b([]string{"a"}, "a", "add creator"),
	}
	names := []string{"dashboard", "creators", "queue", "templates", "samples", "export"}
	for i := range km.Tabs {
		n := string(rune('1' + i))
		km.Tabs[i] = b([]string{n}, n, names[i])
	}
	return km
}
