package ui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"creatordesk/store"
	"creatordesk/ui/common"
)

// WatchEvery is how often the dashboard asks whether the database changed
// under it (another dashboard, an import or a send in another process).
// One PRAGMA on a connection of its own: tens of microseconds.
const WatchEvery = 2 * time.Second

// watchStartedMsg carries the watch on a store, or why there is none.
type watchStartedMsg struct {
	store *store.Store
	watch *store.Watch
	err   error
}

// watchTickMsg asks for the database's version now.
type watchTickMsg struct{ watch *store.Watch }

// watchVersionMsg is the database's version as the watch saw it. A sync
// reading (after this dashboard's own change, which reloaded already)
// only records the version.
type watchVersionMsg struct {
	watch   *store.Watch
	version int64
	err     error
	sync    bool
}

// holdsPlace is a page that would lose the staffer's place if reloaded
// now (scrolled past what a load brings back): a change seen meanwhile
// waits, as it does while they type.
type holdsPlace interface{ HoldsPlace() bool }

// watcher follows the database's version and reloads the screen in view
// when someone else committed.
type watcher struct {
	watch   *store.Watch
	version int64
	pending bool // changed while the page was being typed into: reload after
	checks  int  // versions read: every closeEvery-th also closes unanswered sequences
	// tick schedules the next check; nil is watchTick (tests stop it).
	tick func(*store.Watch) tea.Cmd
}

func startWatch(st *store.Store) tea.Cmd {
	if st == nil {
		return nil
	}
	return func() tea.Msg {
		w, err := st.Watch(common.Bg())
		return watchStartedMsg{store: st, watch: w, err: err}
	}
}

func watchTick(w *store.Watch) tea.Cmd {
	return tea.Tick(WatchEvery, func(time.Time) tea.Msg { return watchTickMsg{watch: w} })
}

func watchVersion(w *store.Watch) tea.Cmd { return readVersion(w, false) }

// watchSync records the version after this dashboard's own change, so the
// watch does not reload for it a second time.
func (a *App) watchSync() tea.Cmd {
	if a.watcher.watch == nil {
		return nil
	}
	return readVersion(a.watcher.watch, true)
}

func readVersion(w *store.Watch, sync bool) tea.Cmd {
	return func() tea.Msg {
		v, err := w.Version(common.Bg())
		return watchVersionMsg{watch: w, version: v, err: err, sync: sync}
	}
}

// updateWatch handles the watch's messages; reload is true when the page
// in view should load again.
func (a *App) updateWatch(msg tea.Msg) (cmd tea.Cmd, reload bool) {
	w := &a.watcher
	switch msg := msg.(type) {
	case watchStartedMsg:
		if msg.err != nil || msg.store != a.ctx.Store {
			if msg.watch != nil {
				msg.watch.Close()
			}
			if msg.err != nil && msg.store == a.ctx.Store {
				// Try again later (the database may have been busy).
				st := msg.store
				return tea.Tick(WatchEvery, func(time.Time) tea.Msg { return startWatch(st)() }), false
			}
			return nil, false
		}
		if w.watch != nil {
			w.watch.Close()
		}
		*w = watcher{watch: msg.watch, version: -1, tick: w.tick, checks: w.checks}
		return watchVersion(msg.watch), false
	case watchTickMsg:
		if msg.watch != w.watch {
			return nil, false // a watch since replaced
		}
		return watchVersion(msg.watch), false
	case watchVersionMsg:
		if msg.watch != w.watch {
			return nil, false
		}
		if msg.sync {
			if msg.err == nil && !w.pending {
				w.version = msg.version
			}
			return nil, false
		}
		tick := w.tick
		if tick == nil {
			tick = watchTick
		}
		if msg.err != nil {
			return tick(w.watch), false // try again next time
		}
		next := tick(w.watch)
		if w.checks++; w.checks%closeEvery == 0 {
			next = tea.Batch(next, closeUnanswered(a.ctx.Store))
		}
		changed := w.version >= 0 && msg.version != w.version
		w.version = msg.version
		if changed || w.pending {
			if p := a.pages[a.active]; a.typing() || holding(p) {
				w.pending = true
			} else {
				w.pending = false
				reload = true
			}
		}
		return next, reload
	}
	return nil, false
}

// closeEvery is how many version checks (WatchEvery apart) pass between
// two looks for sequences nobody answered: about a minute. Loading the
// Queue writes nothing; this timer and sending close them.
const closeEvery = int(time.Minute / WatchEvery)

// closeUnanswered moves to no response the pipelines whose follow-ups went
// unanswered; it reads first and writes only when one is due.
func closeUnanswered(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		n, err := st.CloseUnansweredIfDue(common.Bg())
		if err != nil || n == 0 {
			return nil // a busy database: the next minute tries again
		}
		return common.ChangedMsg{Note: fmt.Sprintf("%d unanswered invitation(s) closed: no response", n)}
	}
}

func holding(p common.Page) bool {
	h, ok := p.(holdsPlace)
	return ok && h.HoldsPlace()
}

// closeWatch lets go of the watch's connection.
func (a *App) closeWatch() {
	if a.watcher.watch != nil {
		a.watcher.watch.Close()
		a.watcher.watch = nil
	}
}
