package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// samples is a screen still being built.
type samples struct{ ctx *Context }

func newSamples(c *Context) page { return &samples{c} }

func (p *samples) Title() string                  { return "Samples" }
func (p *samples) Load() tea.Cmd                  { return nil }
func (p *samples) Update(tea.Msg) (page, tea.Cmd) { return p, nil }
func (p *samples) View(w, h int) string           { return "Samples: not built yet" }
func (p *samples) Typing() bool                   { return false }
func (p *samples) ShortHelp() []key.Binding       { return nil }
func (p *samples) FullHelp() [][]key.Binding      { return nil }
