package templates

import (
	"charm.land/bubbles/v2/key"

	"creatordesk/outreach"
)

// tplKeys are the Templates screen's bindings; they match keys and feed
// the help.
type tplKeys struct {
	Edit, External, Reset, Example, Save, Cancel key.Binding
}

func newTplKeys() tplKeys {
	b := func(keys []string, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return tplKeys{
		Edit:     b([]string{"e"}, "e", "edit"),
		External: b([]string{"E"}, "E", "edit in $EDITOR"),
		Reset:    b([]string{"R"}, "R", "reset"),
		Example:  b([]string{"v"}, "v", "show example"),
		Save:     b([]string{"ctrl+s"}, "ctrl+s", "save"),
		Cancel:   b([]string{"esc"}, "esc", "cancel"),
	}
}

// tplPlaceholderHelp lists the placeholders in the ? help, in the shape of
// bindings so the help shows them beside the keys. Their "keys" are never
// typed as one key press, so they match nothing.
func tplPlaceholderHelp() []key.Binding {
	what := map[string]string{
		"Handle": "handle, no @", "Name": "name or @handle", "Campaign": "campaign",
		"Product": "product", "Commission": "15%", "SlotFee": "USD 200.00",
		"Sample": "the sample", "Code": "discount code", "Discount": "15%",
		"ContentDue": "Dec 6", "Sender": "who signs",
	}
	out := make([]key.Binding, 0, len(outreach.Placeholders))
	for _, name := range outreach.Placeholders {
		out = append(out, key.NewBinding(key.WithKeys("{{."+name+"}}"), key.WithHelp("{{."+name+"}}", what[name])))
	}
	return out
}

func (p *templates) ShortHelp() []key.Binding {
	k := p.keys
	switch p.mode {
	case tplEditing:
		return []key.Binding{k.Save, k.Cancel}
	case tplExternal:
		return nil
	}
	out := []key.Binding{k.Edit, k.External, k.Reset}
	if p.Width <= tplWideMinW {
		out = append(out, p.exampleKey())
	}
	return out
}

// exampleKey is v, described by what it shows next.
func (p *templates) exampleKey() key.Binding {
	b := p.keys.Example
	if p.example {
		b.SetHelp("v", "show template")
	}
	return b
}

func (p *templates) FullHelp() [][]key.Binding {
	if p.mode != tplBrowse {
		return [][]key.Binding{p.ShortHelp()}
	}
	g, k := p.ctx.Keys, p.keys
	return [][]key.Binding{{g.Up, g.Down, k.Edit, k.External, k.Reset, p.exampleKey()}, tplPlaceholderHelp()}
}
