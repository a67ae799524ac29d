package creators

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"creatordesk/store"
	"creatordesk/ui/common"
	"creatordesk/ui/components/dialog"
	"creatordesk/ui/components/form"
	"creatordesk/ui/components/statusbar"
	"creatordesk/ui/internal/uitest"
)

// The Creators screen's tests drive it inside App, a stand-in for the
// root with the page, the dialog stack, the status line and the root's
// part of the keys: "2" shows (loads) the screen, other global keys are
// dropped while no input has focus; while a dialog is open every key is
// its. The helpers keep the root tests' names.

const (
	MinWidth  = 60
	MinHeight = 16
)

type App struct {
	ctx     *common.Common
	pages   []common.Page
	active  int
	status  statusbar.Model
	dialogs dialog.Stack
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
		a.dialogs.SetSize(max(1, msg.Width-4), max(1, msg.Height-5))
		return a, nil
	case dialog.Open, dialog.Close:
		cmd, _ := a.dialogs.Update(msg)
		return a, cmd
	case common.Answer:
		var cmd tea.Cmd
		a.pages[0], cmd = p.Update(msg)
		return a, cmd
	case common.StatusMsg:
		a.status.Set(msg)
		return a, nil
	case common.ChangedMsg:
		if msg.Note != "" {
			a.status.Set(common.StatusMsg{Text: msg.Note})
		}
		return a, p.Load()
	case tea.KeyPressMsg:
		if a.dialogs.Len() > 0 {
			cmd, _ := a.dialogs.Update(msg)
			return a, cmd
		}
		if !p.Typing() && strings.Contains("123456qc?", msg.Text) && msg.Text != "" || !p.Typing() && (msg.String() == "tab" || msg.String() == "shift+tab") {
			if msg.Text == "2" {
				return a, p.Load()
			}
			return a, nil
		}
	}
	// anything else (a dialog's own message) goes to the dialog and the page
	var cmds []tea.Cmd
	if a.dialogs.Len() > 0 {
		cmd, _ := a.dialogs.Update(msg)
		cmds = append(cmds, cmd)
	}
	var cmd tea.Cmd
	a.pages[0], cmd = p.Update(msg)
	return a, tea.Batch(append(cmds, cmd)...)
}

// typing reports whether keys are text, as the root's does.
func (a *App) typing() bool { return a.dialogs.Len() > 0 || a.pages[0].Typing() }

func (a *App) View() tea.View {
	// the first line stands for the tab bar, as the page starts below it
	body := a.pages[0].View()
	if a.dialogs.Len() > 0 {
		w, h := a.ctx.Width, a.ctx.Height-3
		body = a.dialogs.Overlay(strings.Join(common.FitLines(body, w, h), "\n"), w, h)
	}
	return tea.NewView(" 2 Creators\n" + body + "\n" + a.status.View(a.ctx.Styles, a.ctx.Width))
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

// rootDialog reports whether a dialog is open.
func rootDialog(a *App) bool { return a.dialogs.Len() > 0 }

// rootFocused is the title of the text field with focus in the dialog on
// top, or "".
func rootFocused(a *App) string {
	d, ok := a.dialogs.Top().(*form.Dialog)
	if !ok {
		return ""
	}
	in, ok := d.Form().GetFocusedField().(*huh.Input)
	if !ok {
		return ""
	}
	first, _, _ := strings.Cut(ansi.Strip(in.View()), "\n")
	title, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(first), "┃"), ">")
	return strings.TrimSpace(title)
}

// rootDialogText is the text of the dialog on top, its lines joined as one
// paragraph (a wrapped question reads whole), without the box.
func rootDialogText(a *App) string {
	top := a.dialogs.Top()
	if top == nil {
		return ""
	}
	var words []string
	for _, l := range strings.Split(ansi.Strip(top.View()), "\n") {
		l = strings.Trim(l, "│╭╮╰╯─ ")
		words = append(words, strings.Fields(strings.TrimPrefix(l, "┃"))...)
	}
	return strings.Join(words, " ")
}

// rootUntil runs cmd as the runtime would, concurrently, feeding every
// message back to the app, until a message stop accepts has been handled
// and nothing more came for uitest.Quiet. Unlike Settle it does not give up
// before that message comes, however busy the machine is (up to five
// seconds), so a chain of dialog messages is never cut short. It returns
// the command the app returned for the stop message, which it does not run.
func rootUntil(tb testing.TB, a *App, cmd tea.Cmd, stop func(tea.Msg) bool) tea.Cmd {
	tb.Helper()
	msgs := make(chan tea.Msg, 64)
	done := make(chan struct{})
	defer close(done)
	run := func(c tea.Cmd) {
		if c == nil {
			return
		}
		go func() {
			select {
			case msgs <- c():
			case <-done:
			}
		}()
	}
	run(cmd)
	var answer tea.Cmd
	seen := false
	deadline := time.After(5 * time.Second)
	quiet := time.NewTimer(uitest.Quiet)
	defer quiet.Stop()
	for {
		select {
		case msg := <-msgs:
			if subs := uitest.Expand(msg); subs != nil {
				for _, c := range subs {
					run(c)
				}
				continue
			}
			if msg == nil {
				continue
			}
			_, next := a.Update(msg)
			quiet.Reset(uitest.Quiet)
			if !seen && stop(msg) {
				seen, answer = true, next
				continue
			}
			run(next)
		case <-quiet.C:
			if seen {
				return answer
			}
			quiet.Reset(uitest.Quiet)
		case <-deadline:
			if !seen {
				tb.Fatal("the awaited message never came")
			}
			return answer
		}
	}
}

// rootPressUntil presses key and runs what follows until a message stop
// accepts has been handled and all is quiet.
func rootPressUntil(tb testing.TB, a *App, key string, stop func(tea.Msg) bool) {
	tb.Helper()
	_, cmd := a.Update(rootKey(key))
	rootSettle(tb, a, rootUntil(tb, a, cmd, stop))
}

// isOpen accepts a dialog opening.
func isOpen(msg tea.Msg) bool { _, ok := msg.(dialog.Open); return ok }

// isClose accepts a dialog closing.
func isClose(msg tea.Msg) bool { _, ok := msg.(dialog.Close); return ok }
