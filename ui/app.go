// Package ui is creatordesk's dashboard: Bubble Tea models, one file per
// screen. Update never blocks: store calls run as commands and their answers
// carry the request they answer.
package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/send"
)

// Minimum usable size; below it the app says so instead of drawing.
const (
	MinWidth  = 60
	MinHeight = 16
)

// page is one screen.
type page interface {
	// Title names the tab.
	Title() string
	// Load asks the store for what the page shows (on start, on campaign
	// change, after data changed).
	Load() tea.Cmd
	Update(msg tea.Msg) (page, tea.Cmd)
	// View renders the page into width × height cells.
	View(width, height int) string
	// Typing reports whether a text input has focus: global keys such as q
	// and the digits are then text.
	Typing() bool
	help.KeyMap
}

// Options configure the app.
type Options struct {
	Store          *store.Store
	Now            func() time.Time // nil: time.Now
	Loc            *time.Location   // nil: time.Local
	ContentDueDays int
	// Currency is assumed for amounts typed without one; "" is USD.
	Currency string
	// Quota is the weekly outreach ration; nil is outreach.DefaultQuota
	// (a zero Weekly is unlimited).
	Quota    *outreach.Quota
	OpenDemo func(context.Context) (*store.Store, error)
	// Send hands the email that is due to the mail server (S on the
	// Queue); nil when email is not set up.
	Send func(ctx context.Context, st *store.Store) (send.Report, error)
	// Dark fixes the background instead of asking the terminal (tests).
	Dark *bool
}

// App is the root model.
type App struct {
	ctx       *Context
	pages     []page
	active    int
	help      help.Model
	showHelp  bool
	status    statusMsg
	askedBG   bool
	campaigns []string // "" first: all campaigns
	// stale marks pages whose data is out of date: only the page in view
	// loads, at start and after a change; the others load when shown. At a
	// million creators that keeps the first figures from queueing behind
	// five other screens' queries.
	stale []bool
	// watcher notices commits by others and reloads the page in view.
	watcher watcher
}

// New builds the app on an open store.
func New(o Options) *App {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Loc == nil {
		o.Loc = time.Local
	}
	if o.ContentDueDays == 0 {
		o.ContentDueDays = 14
	}
	dark := true // until the terminal answers, which it may never do
	if o.Dark != nil {
		dark = *o.Dark
	}
	if o.Currency == "" {
		o.Currency = "USD"
	}
	quota := outreach.DefaultQuota()
	if o.Quota != nil {
		quota = *o.Quota
	}
	c := &Context{Store: o.Store, Now: o.Now, Loc: o.Loc, Styles: NewStyles(dark), Keys: DefaultKeys(),
		ContentDueDays: o.ContentDueDays, Currency: o.Currency, Quota: quota, OpenDemo: o.OpenDemo, Send: o.Send}
	a := &App{ctx: c, help: help.New(), askedBG: o.Dark == nil, campaigns: []string{""}}
	a.help.Styles = c.Styles.Help
	a.pages = []page{newDashboard(c), newCreators(c), newQueue(c), newTemplates(c), newSamples(c), newExport(c)}
	a.stale = make([]bool, len(a.pages))
	return a
}

// Init loads the page in view and asks the terminal for its background
// colour.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{a.reload(), startWatch(a.ctx.Store)}
	if a.askedBG {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

func (a *App) loadCampaigns() tea.Cmd {
	st := a.ctx.Store
	return func() tea.Msg {
		cs, err := st.Campaigns(bg())
		names := make([]string, len(cs))
		for i, c := range cs {
			names[i] = c.Name
		}
		return campaignsMsg{names: names, err: err}
	}
}

// Update routes messages: sizes and data changes to every page, keys to the
// active one.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	keys := a.ctx.Keys
	switch msg := msg.(type) {
	case watchStartedMsg, watchTickMsg, watchVersionMsg:
		cmd, reload := a.updateWatch(msg)
		if reload {
			return a, tea.Batch(cmd, a.reload())
		}
		return a, cmd
	case tea.WindowSizeMsg:
		a.ctx.Width, a.ctx.Height = msg.Width, msg.Height
		a.help.SetWidth(msg.Width)
		return a, nil
	case tea.BackgroundColorMsg:
		a.ctx.Styles = NewStyles(msg.IsDark())
		a.help.Styles = a.ctx.Styles.Help
		return a, nil
	case statusMsg:
		a.status = msg
		return a, nil
	case campaignsMsg:
		if msg.err == nil {
			a.campaigns = append([]string{""}, msg.names...)
		}
		return a, nil
	case changedMsg:
		if msg.note != "" {
			a.status = statusMsg{text: msg.note}
		}
		return a, tea.Batch(a.reload(), a.watchSync())
	case storeMsg:
		if msg.err != nil {
			a.status = statusMsg{text: msg.err.Error(), err: true}
			return a, nil
		}
		old := a.ctx.Store
		a.ctx.Store, a.ctx.Campaign = msg.store, ""
		if old != nil && old != msg.store {
			a.closeWatch()
			old.Close()
		}
		a.status = statusMsg{text: "opened " + msg.store.Path()}
		return a, tea.Batch(a.reload(), startWatch(msg.store))
	case tea.MouseClickMsg:
		if msg.Y == 0 && !a.pages[a.active].Typing() {
			if i := a.tabAt(msg.X); i >= 0 {
				return a, a.switchTo(i)
			}
		}
	case tea.KeyPressMsg:
		typing := a.pages[a.active].Typing()
		switch {
		case msg.String() == "ctrl+c":
			return a, tea.Quit
		case typing:
			// keys are text for the page's input
		case a.showHelp && (key.Matches(msg, keys.Help) || key.Matches(msg, keys.Clear)):
			a.showHelp = false
			return a, nil
		case key.Matches(msg, keys.Quit):
			return a, tea.Quit
		case key.Matches(msg, keys.Help):
			a.showHelp = true
			return a, nil
		case key.Matches(msg, keys.NextTab):
			return a, a.switchTo((a.active + 1) % len(a.pages))
		case key.Matches(msg, keys.PrevTab):
			return a, a.switchTo((a.active + len(a.pages) - 1) % len(a.pages))
		case key.Matches(msg, keys.Campaign):
			return a, a.nextCampaign()
		default:
			for i, b := range keys.Tabs {
				if key.Matches(msg, b) {
					return a, a.switchTo(i)
				}
			}
		}
	}
	p, cmd := a.pages[a.active].Update(msg)
	a.pages[a.active] = p
	// Results for other pages (answers to their requests) go to them too.
	if isAnswer(msg) {
		var cmds []tea.Cmd
		cmds = append(cmds, cmd)
		for i := range a.pages {
			if i == a.active {
				continue
			}
			var c tea.Cmd
			a.pages[i], c = a.pages[i].Update(msg)
			cmds = append(cmds, c)
		}
		return a, tea.Batch(cmds...)
	}
	return a, cmd
}

// isAnswer reports whether msg is a store answer, which any page may own.
func isAnswer(msg tea.Msg) bool {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg, tea.MouseClickMsg, tea.MouseWheelMsg, tea.MouseMotionMsg, tea.MouseReleaseMsg:
		return false
	}
	return true
}

func (a *App) switchTo(i int) tea.Cmd {
	a.active = i
	a.showHelp = false
	if !a.stale[i] {
		return nil
	}
	a.stale[i] = false
	return a.pages[i].Load()
}

func (a *App) nextCampaign() tea.Cmd {
	i := 0
	for j, c := range a.campaigns {
		if c == a.ctx.Campaign {
			i = j
		}
	}
	a.ctx.Campaign = a.campaigns[(i+1)%len(a.campaigns)]
	name := a.ctx.Campaign
	if name == "" {
		name = "all campaigns"
	}
	a.status = statusMsg{text: "campaign: " + name}
	return a.reload()
}

// reload loads the campaigns and the page in view, and marks the others
// to load when shown.
func (a *App) reload() tea.Cmd {
	for i := range a.stale {
		a.stale[i] = i != a.active
	}
	return tea.Batch(a.loadCampaigns(), a.pages[a.active].Load())
}

// tabLabels are the tab bar's cells, in order. When they do not all fit
// the window, the inactive tabs show their number only.
func (a *App) tabLabels() []string {
	out := make([]string, len(a.pages))
	width := 0
	for i, p := range a.pages {
		out[i] = fmt.Sprintf(" %d %s ", i+1, p.Title())
		width += lipgloss.Width(out[i])
	}
	if width > a.ctx.Width {
		for i := range out {
			if i != a.active {
				out[i] = fmt.Sprintf(" %d ", i+1)
			}
		}
	}
	return out
}

// tabAt returns the tab under column x of the tab bar, or -1.
func (a *App) tabAt(x int) int {
	col := 0
	for i, l := range a.tabLabels() {
		w := lipgloss.Width(l)
		if x >= col && x < col+w {
			return i
		}
		col += w
	}
	return -1
}

// View draws the tab bar, the active page, the status line and the help.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "creatordesk"
	return v
}

func (a *App) render() string {
	w, h := a.ctx.Width, a.ctx.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	if w < MinWidth || h < MinHeight {
		msg := fmt.Sprintf("terminal too small: %d×%d, creatordesk needs %d×%d", w, h, MinWidth, MinHeight)
		placed := lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, lipgloss.NewStyle().Width(w).Align(lipgloss.Center).Render(msg))
		return strings.Join(fitLines(placed, w, h), "\n")
	}
	st := a.ctx.Styles
	// tab bar
	var tabs strings.Builder
	for i, l := range a.tabLabels() {
		if i == a.active {
			tabs.WriteString(st.TabActive.Render(l))
		} else {
			tabs.WriteString(st.TabInactive.Render(l))
		}
	}
	camp := a.ctx.Campaign
	if camp == "" {
		camp = "all campaigns"
	}
	right := st.Muted.Render(Fit("c "+Clean(camp), min(30, max(0, w-lipgloss.Width(tabs.String())-1))))
	bar := tabs.String()
	if gap := w - lipgloss.Width(bar) - lipgloss.Width(right); gap > 0 {
		bar += strings.Repeat(" ", gap) + right
	}
	bar = clip(bar, w)
	// help and status lines
	p := a.pages[a.active]
	var helpView string
	if a.showHelp {
		groups := append(p.FullHelp(), a.globalHelp())
		helpView = a.help.FullHelpView(groups)
	} else {
		helpView = a.help.ShortHelpView(append(p.ShortHelp(), a.ctx.Keys.Help, a.ctx.Keys.Quit))
	}
	helpLines := strings.Split(helpView, "\n")
	if len(helpLines) > h-4 {
		helpLines = helpLines[:h-4]
	}
	status := ""
	if a.status.text != "" {
		style := st.Status
		if a.status.err {
			style = st.Bad
		}
		status = style.Render(Fit(a.status.text, w))
	}
	bodyH := h - 2 - len(helpLines)
	body := p.View(w, bodyH)
	lines := []string{bar}
	lines = append(lines, fitLines(body, w, bodyH)...)
	lines = append(lines, status)
	for _, l := range helpLines {
		lines = append(lines, clip(l, w))
	}
	return strings.Join(lines, "\n")
}

func (a *App) globalHelp() []key.Binding {
	k := a.ctx.Keys
	return []key.Binding{k.NextTab, k.PrevTab, k.Tabs[0], k.Campaign, k.Help, k.Quit}
}

// fitLines cuts or pads s to exactly h lines, each clipped to w cells.
func fitLines(s string, w, h int) []string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = clip(l, w)
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return lines
}

// Close closes the store the app ended on (the demo may have replaced the
// one it was given).
func (a *App) Close() error {
	a.closeWatch()
	if a.ctx.Store == nil {
		return nil
	}
	return a.ctx.Store.Close()
}
