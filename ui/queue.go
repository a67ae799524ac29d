package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// queue is a screen still being built.
type queue struct{ ctx *Context }

func newQueue(c *Context) page { return &queue{c} }

func (p *queue) Title() string                  { return "Queue" }
func (p *queue) Load() tea.Cmd                  { return nil }
func (p *queue) Update(tea.Msg) (page, tea.Cmd) { return p, nil }
func (p *queue) View(w, h int) string           { return "Queue: not built yet" }
func (p *queue) Typing() bool                   { return false }
func (p *queue) ShortHelp() []key.Binding       { return nil }
func (p *queue) FullHelp() [][]key.Binding      { return nil }
