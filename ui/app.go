// Package ui is creatordesk's dashboard. The root (this file) routes
// messages by page, lays out the tab bar, the page, the status line and
// the help, and keeps the dialogs drawn over the page. The screens live in
// pages/, the widgets in components/, what they share in common/. Update
// never blocks: store calls run as commands and their answers carry the
// page and the request they answer.
package ui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/send"
	"creatordesk/ui/common"
	"creatordesk/ui/components/dialog"
	"creatordesk/ui/components/statusbar"
	"creatordesk/ui/components/tabs"
	"creatordesk/ui/pages/creators"
	"creatordesk/ui/pages/dashboard"
	"creatordesk/ui/pages/export"
	"creatordesk/ui/pages/queue"
	"creatordesk/ui/pages/samples"
	"creatordesk/ui/pages/templates"
)

// Minimum usable size; below it the app says so instead of drawing.
const (
	MinWidth  = 60
	MinHeight = 16
)

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
	ctx      *common.Common
	pages    []common.Page // indexed by common.PageID
	active   int
	help     help.Model
	showHelp bool
	status   statusbar.Model
	dialogs  dialog.Stack
	// held are keys typed while a dialog was on its way (Dialogs.Pending);
	// they go to it once open. holds numbers the holds, for their limit.
	held      []tea.KeyPressMsg
	holds     int
	askedBG   bool
	campaigns []string // "" first: all campaigns
	bodyH     int      // the page's height, set by layout
	// stale marks pages whose data is out of date: only the page in view
	// loads, at start and after a change; the others load when shown. At a
	// million creators that keeps the first figures from queueing behind
	// five other screens' queries.
	stale []bool
	// watcher notices commits by others and reloads the page in view.
	watcher watcher
	// undoing is u's: see undo.go.
	undoing undoState
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
	c := &common.Common{Store: o.Store, Now: o.Now, Loc: o.Loc, Styles: common.NewStyles(dark), Keys: common.DefaultKeys(),
		ContentDueDays: o.ContentDueDays, Currency: o.Currency, Quota: quota, OpenDemo: o.OpenDemo, Send: o.Send,
		Dialogs: &common.Dialogs{}}
	c.NewSession()
	a := &App{ctx: c, help: help.New(), askedBG: o.Dark == nil, campaigns: []string{""}}
	a.help.Styles = c.Styles.Help
	// in common.PageID order
	a.pages = []common.Page{dashboard.New(c), creators.New(c), queue.New(c), templates.New(c), samples.New(c), export.New(c)}
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
		cs, err := st.Campaigns(common.Bg())
		names := make([]string, len(cs))
		for i, c := range cs {
			names[i] = c.Name
		}
		return common.CampaignsMsg{Names: names, Err: err}
	}
}

// Update routes messages: a page's answers to that page, keys to the
// dialog on top or else the page in view, anything else to every page.
// Then it lays out again, as help or a page's keys may have changed.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := a.update(msg)
	if ks := a.dialogs.TakeKeys(); len(ks) > 0 {
		// typed after a form's last key: they wait for what follows it
		tick := len(a.held) == 0
		a.held = append(ks, a.held...)
		if tick {
			a.holds++
			n := a.holds
			cmd = tea.Batch(cmd, tea.Tick(holdLimit, func(time.Time) tea.Msg { return releaseHold{n} }))
		}
	}
	if len(a.held) > 0 && !a.waiting() {
		// the dialog came, or will not: the keys held go on in order
		cmd = tea.Batch(cmd, a.replay())
	}
	a.layout()
	return a, cmd
}

// waiting reports whether keys must wait: a dialog is on its way, or the
// one on top is answered and closing.
func (a *App) waiting() bool {
	return a.ctx.Dialogs.Pending() || a.dialogs.TopFinished()
}

// releaseHold ends hold n if its dialog never came.
type releaseHold struct{ n int }

// holdLimit is the longest keys wait for a dialog on its way.
const holdLimit = time.Second

// hold keeps a key typed while a dialog is on its way, for the dialog.
func (a *App) hold(k tea.KeyPressMsg) tea.Cmd {
	a.held = append(a.held, k)
	if len(a.held) > 1 {
		return nil
	}
	a.holds++
	n := a.holds
	return tea.Tick(holdLimit, func(time.Time) tea.Msg { return releaseHold{n} })
}

// replay hands the held keys on in order, to the dialog now open or to
// the page.
func (a *App) replay() tea.Cmd {
	var cmds []tea.Cmd
	keys := a.held
	a.held = nil // the keys replayed are not held again
	for i, k := range keys {
		if a.waiting() {
			a.held = keys[i:]
			break
		}
		cmds = append(cmds, a.update(k))
	}
	if len(a.held) > 0 {
		// one of them asked for another dialog: the rest wait for it,
		// with a limit of their own
		a.holds++
		n := a.holds
		cmds = append(cmds, tea.Tick(holdLimit, func(time.Time) tea.Msg { return releaseHold{n} }))
	}
	return tea.Batch(cmds...)
}

func (a *App) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case watchStartedMsg, watchTickMsg, watchVersionMsg:
		cmd, reload := a.updateWatch(msg)
		if reload {
			return tea.Batch(cmd, a.reload())
		}
		return cmd
	case tea.WindowSizeMsg:
		a.ctx.Width, a.ctx.Height = msg.Width, msg.Height
		a.help.SetWidth(msg.Width)
		a.bodyH = -1 // every page gets its size again
		return nil
	case tea.BackgroundColorMsg:
		a.ctx.Styles = common.NewStyles(msg.IsDark())
		a.help.Styles = a.ctx.Styles.Help
		return nil
	case common.StatusMsg:
		a.status.Set(msg)
		return nil
	case common.ShowMsg:
		return a.switchTo(int(msg.Page))
	case common.CampaignsMsg:
		if msg.Err == nil {
			a.campaigns = append([]string{""}, msg.Names...)
		}
		return nil
	case common.ChangedMsg:
		if msg.Note != "" {
			a.status.Set(common.StatusMsg{Text: msg.Note})
		}
		return tea.Batch(a.reload(), a.watchSync())
	case common.StoreMsg:
		return a.swapStore(msg)
	case undoneMsg:
		return a.undone(msg)
	case dialog.Open, dialog.Close:
		if _, ok := msg.(dialog.Open); ok {
			a.ctx.Dialogs.Cancel() // it came: the keys held are its
		}
		cmd, _ := a.dialogs.Update(msg)
		return cmd
	case releaseHold:
		if msg.n == a.holds {
			a.ctx.Dialogs.Cancel()
		}
		return nil
	case common.Answer:
		return a.updatePage(int(msg.For()), msg)
	case tea.MouseClickMsg:
		if a.dialogs.Len() > 0 || a.tooSmall() {
			return nil
		}
		if msg.Y == 0 && !a.typing() {
			if i := tabs.At(a.titles(), a.active, a.ctx.Width, a.ctx.Campaign, msg.X); i >= 0 {
				return a.switchTo(i)
			}
		}
		return a.updatePage(a.active, msg)
	case tea.KeyPressMsg:
		return a.key(msg)
	case tea.PasteMsg, tea.MouseWheelMsg, tea.MouseMotionMsg, tea.MouseReleaseMsg:
		if a.dialogs.Len() > 0 {
			cmd, _ := a.dialogs.Update(msg)
			return cmd
		}
		return a.updatePage(a.active, msg)
	}
	// Anything else (a cursor's blink, a dialog's own message) goes to the
	// dialogs and to every page.
	var cmds []tea.Cmd
	if a.dialogs.Len() > 0 {
		cmd, _ := a.dialogs.Update(msg)
		cmds = append(cmds, cmd)
	}
	for i := range a.pages {
		cmds = append(cmds, a.updatePage(i, msg))
	}
	return tea.Batch(cmds...)
}

func (a *App) updatePage(i int, msg tea.Msg) tea.Cmd {
	if i < 0 || i >= len(a.pages) {
		return nil
	}
	var cmd tea.Cmd
	a.pages[i], cmd = a.pages[i].Update(msg)
	return cmd
}

// tooSmall reports whether the window is below the size the app draws in:
// the screen then only says so.
func (a *App) tooSmall() bool { return a.ctx.Width < MinWidth || a.ctx.Height < MinHeight }

// setHelp opens or closes the full help, and the explanation of a page
// that has one.
func (a *App) setHelp(on bool) {
	a.showHelp = on
	if e, ok := a.pages[a.active].(common.Explainer); ok {
		e.Explain(on)
	}
}

// typing reports whether keys are text: a dialog is open or the page in
// view has a text input focused.
func (a *App) typing() bool { return a.dialogs.Len() > 0 || a.pages[a.active].Typing() }

func (a *App) swapStore(msg common.StoreMsg) tea.Cmd {
	if msg.Err != nil {
		a.status.Set(common.StatusMsg{Text: msg.Err.Error(), Err: true})
		return nil
	}
	old := a.ctx.Store
	a.ctx.Store, a.ctx.Campaign = msg.Store, ""
	a.ctx.NewSession() // the changes to undo are the new database's
	a.undoing.reset()
	var closeOld tea.Cmd
	if old != nil && old != msg.Store {
		a.closeWatch()
		// Close waits for queries still running on it: not in Update.
		closeOld = func() tea.Msg { old.Close(); return nil }
	}
	a.status.Set(common.StatusMsg{Text: "opened " + msg.Store.Path()})
	return tea.Batch(a.reload(), startWatch(msg.Store), closeOld)
}

func (a *App) switchTo(i int) tea.Cmd {
	a.setHelp(false)
	a.active = i
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
	a.status.Set(common.StatusMsg{Text: "campaign: " + name})
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

// Close closes the store the app ended on (the demo may have replaced the
// one it was given).
func (a *App) Close() error {
	a.closeWatch()
	if a.ctx.Store == nil {
		return nil
	}
	return a.ctx.Store.Close()
}

// addsCreators reports whether a adds a creator on the screen in view:
// everywhere but the Queue, where it approves.
func (a *App) addsCreators() bool { return a.active != int(common.QueuePage) }

// key routes a key: ctrl+c quits; below the smallest size nothing else
// acts; while a dialog is on its way keys wait for it; an open dialog or a
// focused input takes them; else the global keys, then the page in view.
func (a *App) key(msg tea.KeyPressMsg) tea.Cmd {
	keys := a.ctx.Keys
	switch {
	case msg.String() == "ctrl+c":
		return tea.Quit
	case a.tooSmall():
		// Nothing on screen but "too small": a key must not answer a
		// dialog or act on a row the user cannot see. q still quits.
		if !a.typing() && key.Matches(msg, keys.Quit) {
			return tea.Quit
		}
		return nil
	case a.waiting() || len(a.held) > 0:
		return a.hold(msg)
	case a.dialogs.Len() > 0:
		cmd, _ := a.dialogs.Update(msg)
		return cmd
	case a.typing():
		// keys are text for the page's input
	case a.showHelp && (key.Matches(msg, keys.Help) || key.Matches(msg, keys.Clear)):
		a.setHelp(false)
		return nil
	case key.Matches(msg, keys.Quit):
		return tea.Quit
	case key.Matches(msg, keys.Help):
		a.setHelp(true)
		return nil
	case key.Matches(msg, keys.NextTab):
		return a.switchTo((a.active + 1) % len(a.pages))
	case key.Matches(msg, keys.PrevTab):
		return a.switchTo((a.active + len(a.pages) - 1) % len(a.pages))
	case key.Matches(msg, keys.Campaign):
		return a.nextCampaign()
	case key.Matches(msg, keys.AddCreator) && a.addsCreators():
		return creators.Add(a.ctx, a.campaigns[1:])
	case key.Matches(msg, keys.Undo):
		return a.undo()
	default:
		for i, b := range keys.Tabs {
			if key.Matches(msg, b) {
				return a.switchTo(i)
			}
		}
	}
	return a.updatePage(a.active, msg)
}
