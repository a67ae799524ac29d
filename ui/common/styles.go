package common

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles are built once from a handful of design tokens for a light or dark
// background; everything on screen takes its style from here.
type Styles struct {
	IsDark bool

	// design tokens
	primary, fg, muted, subtle, success, warn, errorC, headC, microC color.Color

	Title       lipgloss.Style
	TabActive   lipgloss.Style
	TabInactive lipgloss.Style
	TabBar      lipgloss.Style
	Muted       lipgloss.Style
	Bold        lipgloss.Style
	Header      lipgloss.Style
	Selected    lipgloss.Style // the cursor row: reverse video, visible without colour
	Marked      lipgloss.Style // rows selected with space
	Tile        lipgloss.Style
	TileLabel   lipgloss.Style
	TileValue   lipgloss.Style
	HeadBadge   lipgloss.Style
	MicroBadge  lipgloss.Style
	Good        lipgloss.Style
	Warning     lipgloss.Style
	Bad         lipgloss.Style
	Panel       lipgloss.Style
	Status      lipgloss.Style
	Help        help.Styles
}

// NewStyles builds the styles for a dark or light terminal background.
func NewStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	s := Styles{
		IsDark:  isDark,
		primary: ld(lipgloss.Color("#5A3FD6"), lipgloss.Color("#9D8CFF")),
		fg:      ld(lipgloss.Color("#1F1F28"), lipgloss.Color("#E6E6EF")),
		muted:   ld(lipgloss.Color("#6B6B7B"), lipgloss.Color("#9494A6")),
		subtle:  ld(lipgloss.Color("#D4D4DE"), lipgloss.Color("#3A3A48")),
		success: ld(lipgloss.Color("#1E7F4F"), lipgloss.Color("#5FD79B")),
		warn:    ld(lipgloss.Color("#9A6500"), lipgloss.Color("#F2C14E")),
		errorC:  ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF7A70")),
		headC:   ld(lipgloss.Color("#A3307A"), lipgloss.Color("#F08CC8")),
		microC:  ld(lipgloss.Color("#1D6FA3"), lipgloss.Color("#7CC4F0")),
	}
	base := lipgloss.NewStyle()
	s.Title = base.Bold(true).Foreground(s.primary)
	s.TabActive = base.Bold(true).Foreground(s.primary).Underline(true)
	s.TabInactive = base.Foreground(s.muted)
	s.TabBar = base
	s.Muted = base.Foreground(s.muted)
	s.Bold = base.Bold(true)
	s.Header = base.Bold(true).Foreground(s.muted)
	s.Selected = base.Reverse(true).Bold(true)
	s.Marked = base.Foreground(s.primary).Bold(true)
	s.Tile = base.Border(lipgloss.RoundedBorder()).BorderForeground(s.subtle).Padding(0, 1)
	s.TileLabel = base.Foreground(s.muted)
	s.TileValue = base.Bold(true).Foreground(s.fg)
	s.HeadBadge = base.Bold(true).Foreground(s.headC)
	s.MicroBadge = base.Foreground(s.microC)
	s.Good = base.Foreground(s.success)
	s.Warning = base.Foreground(s.warn).Bold(true)
	s.Bad = base.Foreground(s.errorC).Bold(true)
	s.Panel = base.Border(lipgloss.RoundedBorder()).BorderForeground(s.subtle).Padding(0, 1)
	s.Status = base.Foreground(s.muted)
	s.Help = help.DefaultStyles(isDark)
	return s
}
