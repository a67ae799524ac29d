// Package window is the keyset-paged table the Creators, Samples and Queue
// screens share: it holds a few pages of rows around the cursor, asks the
// store for the next page as the cursor nears an edge, jumps to either end,
// reloads around the selected row, and draws the rows that fit, with group
// headers between them when the page has groups. Fetches run as commands;
// their answers carry the page and the request they answer, and answers to
// an older request are dropped.
package window

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"creatordesk/ui/common"
)

// Request asks for one page: the rows after After in the listing's order
// (before it, when Reverse), at most Limit. The zero After is the start of
// the listing (its end, in reverse). Rows come back in listing order.
type Request[K comparable] struct {
	After   K
	Reverse bool
	Limit   int
}

// Page is one page of rows: Keys holds each row's key, in step with Rows;
// More says another page follows (precedes, in reverse).
type Page[R any, K comparable] struct {
	Rows []R
	Keys []K
	More bool
}

// Fetch reads one page of the query a window shows; it runs in a command.
type Fetch[R any, K comparable] func(ctx context.Context, r Request[K]) (Page[R, K], error)

// Msg answers a fetch. A fresh page starts a new window at anchor (-1: the
// last page); others extend the window at the edge anchor names.
type Msg[R any, K comparable] struct {
	page     common.PageID
	req, gen int
	fresh    bool
	reverse  bool
	anchor   int
	rows     Page[R, K]
	err      error
}

// For names the page that asked.
func (m Msg[R, K]) For() common.PageID { return m.page }

// Config is what a page tells its window.
type Config[R any, K comparable] struct {
	Page     common.PageID
	PageSize int // rows per fetch
	Buffer   int // rows kept around the cursor
	// Overlap is how many rows a page key keeps in view.
	Overlap int
	// Wrap turns an answer into the page's own message type (nil: the
	// answer itself).
	Wrap func(Msg[R, K]) tea.Msg
	// Render draws one row width cells wide.
	Render func(r R, selected bool, width int) string
	// More draws a line for a row not loaded yet.
	More func(width int) string
	// Header, when set, draws a group header above the first row of each
	// group on screen (and above the top row); SameGroup says whether two
	// rows are in one group.
	Header    func(r R, width int) string
	SameGroup func(a, b R) bool
	// Cache keeps unselected rows rendered, by key, for one width and one
	// Stamp (nil: forever), until a fresh page arrives or Invalidate.
	Cache bool
	Stamp func() int64
}

// line kinds of the laid-out body
const (
	lineMore = iota
	lineHeader
	lineRow
)

type line struct {
	kind int
	row  int // absolute index of the row (header: the row it heads)
}

// Model is one window over a listing: rows [start, start+len(rows)) of
// total.
type Model[R any, K comparable] struct {
	cfg   Config[R, K]
	keys  common.KeyMap
	fetch Fetch[R, K]

	rows           []R
	keyOf          []K
	start          int
	total          int64 // -1 until the page says
	atStart, atEnd bool
	loading        bool
	pending        bool // a jump to the end waiting for the total
	cursor, offset int  // absolute row indexes
	// want is where moves sent the cursor past the rows held while the
	// page beyond was loading (pgdn pressed fast): it goes there when the
	// rows come, so no press is lost. -1: none.
	want          int
	width, height int
	req           int // latest load: the page's own answers (a count) match it
	gen           int // latest load or jump: older pages are dropped
	err           error

	lines []line // laid out by settle: what each body line shows
	cache map[K]string
	cW    int
	stamp int64
}

// New builds an empty window.
func New[R any, K comparable](keys common.KeyMap, cfg Config[R, K]) *Model[R, K] {
	if cfg.PageSize <= 0 {
		cfg.PageSize = 100
	}
	if cfg.Buffer < 2*cfg.PageSize {
		cfg.Buffer = 2 * cfg.PageSize
	}
	return &Model[R, K]{cfg: cfg, keys: keys, total: -1, height: 1, want: -1, cache: map[K]string{}}
}

// SetSize gives the window width cells and height lines.
func (w *Model[R, K]) SetSize(width, height int) {
	w.width, w.height = width, max(1, height)
	w.settle()
}

// SetKeys replaces the key map.
func (w *Model[R, K]) SetKeys(k common.KeyMap) { w.keys = k }

// Req is the latest load's id: an answer a page asked for with a load (its
// count) is current while Req still returns it.
func (w *Model[R, K]) Req() int { return w.req }

// Restart runs a (new) query from its start. keep holds the cursor and the
// scroll where they are (the rows under them come back in the fresh page).
func (w *Model[R, K]) Restart(f Fetch[R, K], keep bool) tea.Cmd {
	w.req++
	w.fetch, w.pending = f, false
	if !keep {
		w.cursor, w.offset = 0, 0
	}
	return w.ask(Request[K]{}, true, 0, true)
}

// Reload reads the same query again after the data changed, keeping the
// selected row at its place: the window restarts at the row just above
// the cursor, and rows above load as one scrolls up.
func (w *Model[R, K]) Reload(f Fetch[R, K]) tea.Cmd {
	i := w.cursor - w.start
	if len(w.rows) == 0 || i <= 0 || i > len(w.rows) {
		return w.Restart(f, false)
	}
	w.req++
	w.fetch, w.pending = f, false
	return w.ask(Request[K]{After: w.keyOf[i-1]}, true, w.cursor, true)
}

// ask starts a fetch; a jump (a fresh page) drops pages asked before it.
func (w *Model[R, K]) ask(r Request[K], fresh bool, anchor int, jump bool) tea.Cmd {
	if jump {
		w.gen++
		w.want = -1
	}
	w.loading = true
	r.Limit = w.cfg.PageSize
	f, m := w.fetch, Msg[R, K]{page: w.cfg.Page, req: w.req, gen: w.gen, fresh: fresh, reverse: r.Reverse, anchor: anchor}
	wrap := w.cfg.Wrap
	if f == nil {
		return nil
	}
	return func() tea.Msg {
		m.rows, m.err = f(common.Bg(), r)
		if wrap != nil {
			return wrap(m)
		}
		return m
	}
}

// SetTotal records how many rows the query has (-1: not known yet); a
// jump to the end waiting for it goes on.
func (w *Model[R, K]) SetTotal(n int64) tea.Cmd {
	w.total = n
	if n >= 0 && w.pending {
		w.pending = false
		return w.End()
	}
	cmd := w.afterMove()
	return cmd
}

// Update handles the window's answers, its keys and the mouse wheel.
func (w *Model[R, K]) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case Msg[R, K]:
		cmd = w.answer(msg)
	case tea.KeyPressMsg:
		cmd = w.key(msg)
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			cmd = w.MoveBy(-3)
		case tea.MouseWheelDown:
			cmd = w.MoveBy(3)
		}
	}
	w.settle()
	return cmd
}

func (w *Model[R, K]) answer(msg Msg[R, K]) tea.Cmd {
	if msg.req != w.req || msg.gen != w.gen {
		return nil
	}
	w.loading = false
	if msg.err != nil {
		w.err = msg.err
		return nil
	}
	w.err = nil
	if msg.fresh && msg.anchor > 0 && len(msg.rows.Rows) == 0 {
		// Reloaded in place, but the rows from there on are gone (the
		// change moved them out of the query): start from the top.
		w.cursor, w.offset = 0, 0
		return w.ask(Request[K]{}, true, 0, true)
	}
	w.merge(msg)
	return w.afterMove()
}

// merge places a page: a fresh page replaces the window, others extend it
// at the edge they were asked for.
func (w *Model[R, K]) merge(msg Msg[R, K]) {
	p := msg.rows
	n := len(p.Rows)
	switch {
	case msg.fresh:
		w.rows, w.keyOf = p.Rows, p.Keys
		clear(w.cache)
		if msg.anchor == -1 { // the last page
			w.start = max(0, int(w.total)-n)
			if !p.More {
				w.start = 0 // the first rows too, whatever the count said
			}
			w.atStart, w.atEnd = !p.More, true
		} else {
			w.start = msg.anchor
			w.atStart, w.atEnd = msg.anchor == 0, !p.More
		}
	case msg.reverse:
		if msg.anchor != w.start {
			return // the window moved since: drop it
		}
		w.rows = append(append([]R{}, p.Rows...), w.rows...)
		w.keyOf = append(append([]K{}, p.Keys...), w.keyOf...)
		start := w.start - n
		if !p.More || start < 0 {
			// The rows above were not as many as the window assumed
			// (some came or went since a reload or a count): these are
			// the first rows, or at least there is no room for them, so
			// renumber from here and keep the cursor on its row.
			shift := -start
			w.cursor += shift
			w.offset += shift
			start = 0
		}
		w.start = start
		w.atStart = !p.More
	default:
		if msg.anchor != w.start+len(w.rows) {
			return
		}
		w.rows = append(w.rows, p.Rows...)
		w.keyOf = append(w.keyOf, p.Keys...)
		w.atEnd = !p.More
	}
	w.trim()
}

// trim drops pages far from the cursor so the buffer stays small.
func (w *Model[R, K]) trim() {
	n := w.cfg.PageSize
	for len(w.rows) > w.cfg.Buffer {
		if w.cursor-w.start > len(w.rows)/2 {
			for _, k := range w.keyOf[:n] {
				delete(w.cache, k) // drawn rows go with their rows
			}
			w.rows, w.keyOf = w.rows[n:], w.keyOf[n:]
			w.start += n
			w.atStart = false
		} else {
			for _, k := range w.keyOf[len(w.keyOf)-n:] {
				delete(w.cache, k)
			}
			w.rows, w.keyOf = w.rows[:len(w.rows)-n], w.keyOf[:len(w.keyOf)-n]
			w.atEnd = false
		}
	}
}

// afterMove keeps the cursor on a loaded row and fetches more rows when it
// nears an edge of the window.
func (w *Model[R, K]) afterMove() tea.Cmd {
	if w.want >= 0 { // a move that waited for rows
		w.cursor, w.want = w.want, -1
	}
	end := w.start + len(w.rows)
	if w.total >= 0 && w.cursor >= int(w.total) {
		w.cursor = max(0, int(w.total)-1)
	}
	if w.cursor >= end && end > 0 {
		if !w.atEnd {
			w.want = w.cursor
		}
		w.cursor = end - 1
	}
	if w.cursor < w.start {
		if !w.atStart {
			w.want = w.cursor
		}
		w.cursor = w.start
	}
	w.cursor = max(w.cursor, 0)
	if w.loading || len(w.rows) == 0 {
		return nil
	}
	half := w.cfg.PageSize / 2
	switch {
	case !w.atEnd && end-w.cursor < half:
		return w.ask(Request[K]{After: w.keyOf[len(w.keyOf)-1]}, false, end, false)
	case !w.atStart && w.cursor-w.start < half:
		return w.ask(Request[K]{After: w.keyOf[0], Reverse: true}, false, w.start, false)
	}
	return nil
}

// MoveBy moves the cursor n rows (up when negative).
func (w *Model[R, K]) MoveBy(n int) tea.Cmd {
	from := w.cursor
	if w.want >= 0 { // on from where the last moves were going
		from, w.want = w.want, -1
	}
	w.cursor = max(0, from+n)
	cmd := w.afterMove()
	w.settle()
	return cmd
}

// Top moves to the first row, reading the first page again when it is
// not held.
func (w *Model[R, K]) Top() tea.Cmd {
	w.cursor, w.offset, w.want = 0, 0, -1
	if w.start == 0 {
		return w.afterMove()
	}
	return w.ask(Request[K]{}, true, 0, true)
}

// End moves to the last row, reading the last page on its own when it is
// not held; without the total it waits for SetTotal.
func (w *Model[R, K]) End() tea.Cmd {
	if w.total < 0 {
		w.pending = true
		return nil
	}
	w.cursor, w.want = max(0, int(w.total)-1), -1
	if w.atEnd && w.cursor >= w.start {
		return w.afterMove()
	}
	return w.ask(Request[K]{Reverse: true}, true, -1, true)
}

func (w *Model[R, K]) key(msg tea.KeyPressMsg) tea.Cmd {
	k := w.keys
	step := max(1, w.height-w.cfg.Overlap)
	switch {
	case key.Matches(msg, k.Down):
		return w.MoveBy(1)
	case key.Matches(msg, k.Up):
		return w.MoveBy(-1)
	case key.Matches(msg, k.PageDown):
		return w.MoveBy(step)
	case key.Matches(msg, k.PageUp):
		return w.MoveBy(-step)
	case key.Matches(msg, k.Top):
		return w.Top()
	case key.Matches(msg, k.Bottom):
		return w.End()
	}
	return nil
}

// Handles reports whether msg is a key the window moves by.
func (w *Model[R, K]) Handles(msg tea.KeyPressMsg) bool {
	k := w.keys
	return key.Matches(msg, k.Down, k.Up, k.PageDown, k.PageUp, k.Top, k.Bottom)
}

// Click puts the cursor on the row drawn on body line y (0 is the first);
// it reports false when no row is drawn there.
func (w *Model[R, K]) Click(y int) (tea.Cmd, bool) {
	if y < 0 || y >= len(w.lines) || w.lines[y].kind != lineRow {
		return nil, false
	}
	w.cursor = w.lines[y].row
	cmd := w.afterMove()
	w.settle()
	return cmd, true
}

// Rows is the page the answer brings.
func (m Msg[R, K]) Rows() Page[R, K] { return m.rows }
