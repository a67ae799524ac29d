package ui

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"creatordesk/store"
	"creatordesk/ui/common"
)

// u undoes the last change made in this session (common.Common.Changes):
// a move or correction, a skip, a sample marked, terms, tags; u again the
// one before. An undo the store refuses (something changed since, an
// import) says why, and the next u goes on to the change before it.

// undoState is what the app keeps for u.
type undoState struct {
	// done holds the session's changes u has dealt with: undone, refused,
	// and the undos themselves (which u does not undo).
	done    map[int64]bool
	running bool
}

// undoneMsg is the store's answer to an undo.
type undoneMsg struct {
	change int64
	res    store.UndoResult
	err    error
}

// reset forgets the session's undos: another database is open.
func (u *undoState) reset() { *u = undoState{} }

// undo takes back the newest change of the session not dealt with yet.
func (a *App) undo() tea.Cmd {
	if a.undoing.running {
		return nil
	}
	ids := a.ctx.Changes()
	var id int64
	for i := len(ids) - 1; i >= 0; i-- {
		if !a.undoing.done[ids[i]] {
			id = ids[i]
			break
		}
	}
	if id == 0 {
		a.status.Set(common.StatusMsg{Text: "nothing to undo: no change made in this session is left"})
		return nil
	}
	a.undoing.running = true
	st, ctx := a.ctx.Store, a.ctx.Bg()
	return func() tea.Msg {
		res, err := st.Undo(ctx, id)
		return undoneMsg{change: id, res: res, err: err}
	}
}

// undone shows what the undo put back, and reloads.
func (a *App) undone(msg undoneMsg) tea.Cmd {
	a.undoing.running = false
	if a.undoing.done == nil {
		a.undoing.done = map[int64]bool{}
	}
	var refused *store.UndoError
	switch {
	case errors.As(msg.err, &refused):
		a.undoing.done[msg.change] = true // u goes on to the one before
		a.status.Set(common.StatusMsg{Text: msg.err.Error() + " (u again: the change before)", Err: true})
		return nil
	case msg.err != nil:
		a.status.Set(common.StatusMsg{Text: fmt.Sprintf("undo change %d: %v", msg.change, msg.err), Err: true})
		return nil
	}
	a.undoing.done[msg.change], a.undoing.done[msg.res.Undo] = true, true
	note := "undone: " + common.Clean(msg.res.What)
	return func() tea.Msg { return common.ChangedMsg{Note: note} }
}
