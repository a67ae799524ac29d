package creators

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"creatordesk/store"
	"creatordesk/ui/common"
	"creatordesk/ui/components/statusbar"
	"creatordesk/ui/internal/uitest"
)

// The Creators screen's tests drive it inside App, a stand-in for the
// root with the page, the status line and the root's part of the keys:
// "2" shows (loads) the screen, other global keys are dropped while no
// input has focus. The helpers keep the root tests' names.

const (
	MinWidth  = 60
	MinHeight = 16
)

type App struct {
	ctx    *common.Common
	pages  []common.Page
	active int
	status statusbar.Model
}

func rootApp(s *store.Store, dark bool) *App {
	c := &common.Common{Store: s, Now: uitest.Now, Loc: time.UTC, Styles: common.NewStyles(dark), Keys: common.DefaultKeys(),
		ContentDueDays: 14, Currency: "USD"}
	return &App{ctx: c, pages: []common.Page{New(c)}}
}

func (a *App) Init() tea.Cmd { return nil }

func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	p := a.pages[0]
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.ctx.Width, a.ctx.Height = msg.Width, msg.Height
		p.SetSize(msg.Width, msg.Height-3) // tab bar, status, one help line
		return a, nil
	case common.StatusMsg:
		a.status.Set(msg)
		return a, nil
	case common.ChangedMsg:
		if msg.Note != "" {
			a.status.Set(common.StatusMsg{Text: msg.Note})
		}
		return a, p.Load()
	case tea.KeyPressMsg:
		if !p.Typing() && strings.Contains("123456qc?", msg.Text) && msg.Text != "" || !p.Typing() && (msg.String() == "tab" || msg.String() == "shift+tab") {
			if msg.Text == "2" {
				return a, p.Load()
			}
			return a, nil
		}
	}
	var cmd tea.Cmd
	a.pages[0], cmd = p.Update(msg)
	return a, cmd
}

func (a *App) View() tea.View {
	// the first line stands for the tab bar, as the page starts below it
	return tea.NewView(" 2 Creators\n" + a.pages[0].View() + "\n" + a.status.View(a.ctx.Styles, a.ctx.Width))
}

func rootStore(tb testing.TB, withDemo bool) *store.Store { return uitest.Store(tb, withDemo) }

func rootStart(tb testing.TB, a *App, w, h int) *App {
	tb.Helper()
	uitest.Settle(tb, a, a.Init())
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return a
}

func rootSettle(tb testing.TB, m tea.Model, cmd tea.Cmd) bool {
	tb.Helper()
	return uitest.Settle(tb, m, cmd)
}

func rootPress(tb testing.TB, a *App, keys ...string) bool {
	tb.Helper()
	return uitest.Press(tb, a, keys...)
}

func rootType(tb testing.TB, a *App, text string) { tb.Helper(); uitest.Type(tb, a, text) }

func rootBurst(tb testing.TB, a *App, keys ...string) { tb.Helper(); uitest.Burst(tb, a, keys...) }

func rootKey(name string) tea.KeyPressMsg { return uitest.Key(name) }

func rootScreen(a *App) string { return ansi.Strip(a.View().Content) }

func rootCreators(a *App) *creators { return a.pages[0].(*creators) }

// rootCheckFits fails when the view has a line wider than w or more
// lines than the page and status line take.
func rootCheckFits(tb testing.TB, a *App, w, h int, what string) {
	tb.Helper()
	lines := strings.Split(a.View().Content, "\n")
	if len(lines) > h {
		tb.Fatalf("%s at %d×%d: %d lines", what, w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			tb.Fatalf("%s at %d×%d: line %d is %d cells wide: %q", what, w, h, i, lw, ansi.Strip(l))
		}
	}
}
func rootExpand(msg tea.Msg) []tea.Cmd { return uitest.Expand(msg) }
