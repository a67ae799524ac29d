package creators

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"creatordesk/store"
	"creatordesk/ui/common"
)

// The detail pane's history: every change to the creator, newest first,
// each under a line naming its day, campaign and who made it. [ and ]
// page it. The store is read a page at a time (historyPage entries, in a
// command) as the pane reaches the end of what it holds, and the pane
// holds at most historyKeep pages: it never loads a whole history.

const (
	historyPage = 50 // entries per store call
	historyKeep = 3  // pages held; older or newer ones are read again
	historyMin  = 4  // lines the history keeps however long the head
)

// history is the part of a creator's history the pane holds.
type history struct {
	pages []historyChunk // consecutive, newest first
	// dropped are the Before of the pages let go from the front, the
	// latest last: paging back to them reads them again.
	dropped []int64
	more    bool // older entries follow the last page
	base    int  // how many newer entries precede the first held
	top     int  // the first entry shown, an index into the held ones
	loading bool
	req     int
	err     error
}

type historyChunk struct {
	before  int64 // the query's Before (0: the newest)
	entries []store.Entry
}

// historyMsg answers a page of the history: older (appended) or newer
// (prepended), for the creator handle. showTop is, for an older page, the
// entry to show first once it is in; for a newer one, the entry the
// screen shown next ends before.
type historyMsg struct {
	req     int
	handle  string
	chunk   historyChunk
	more    bool
	older   bool
	showTop int
	err     error
}

func (historyMsg) For() common.PageID { return common.CreatorsPage }

// entries are the held entries, newest first.
func (h *history) entries() []store.Entry {
	var out []store.Entry
	for _, p := range h.pages {
		out = append(out, p.entries...)
	}
	return out
}

// loadHistory reads the first page with the rest of the detail.
func loadHistory(st *store.Store, handle string) (history, error) {
	es, more, err := st.History(common.Bg(), store.HistoryQuery{Handle: handle, Limit: historyPage})
	return history{pages: []historyChunk{{entries: es}}, more: more}, err
}

// pageHistory moves the pane's history a screen older (dir > 0) or newer,
// reading the page beyond what it holds when it must.
func (m *creators) pageHistory(dir int) tea.Cmd {
	if m.Width < detailMinWidth && !m.showDetail {
		m.showDetail = true // the pane was hidden: show it first
		return nil
	}
	d := m.detail
	c, _, ok := m.selected()
	if !ok || d == nil || d.handle != c.Handle || d.err != nil {
		return nil
	}
	h := &d.hist
	if h.loading {
		return nil
	}
	all, room, loc := h.entries(), m.historyRoom(d), m.loc()
	if dir > 0 {
		shown := historyFits(all, h.top, room, loc)
		switch {
		case h.top+shown < len(all):
			h.top += shown
			if historyFits(all, h.top, room, loc) == len(all)-h.top && h.more {
				// the screen ends where the held entries do: read on
				return m.readHistory(d, true, h.top)
			}
		case h.more:
			return m.readHistory(d, true, h.top+shown)
		}
		return nil
	}
	back := historyBack(all, h.top, room, loc)
	if back == 0 && len(h.dropped) > 0 {
		// the screen before reaches past what is held: read the newer
		// page first, then end the screen where this one starts
		return m.readHistory(d, false, h.top)
	}
	h.top = back
	return nil
}

// readHistory reads the page after the last held (older) or before the
// first (newer) in a command.
func (m *creators) readHistory(d *creatorDetail, older bool, showTop int) tea.Cmd {
	h := &d.hist
	h.req++
	h.loading = true
	var before int64
	if older {
		last := h.pages[len(h.pages)-1].entries
		if len(last) == 0 {
			h.loading = false
			return nil
		}
		before = last[len(last)-1].ID
	} else {
		before = h.dropped[len(h.dropped)-1]
	}
	st, handle, req := m.ctx.Store, d.handle, h.req
	return func() tea.Msg {
		es, more, err := st.History(common.Bg(), store.HistoryQuery{Handle: handle, Before: before, Limit: historyPage})
		return historyMsg{req: req, handle: handle, chunk: historyChunk{before: before, entries: es}, more: more,
			older: older, showTop: showTop, err: err}
	}
}

// historyAnswer takes a page in: appended and the oldest-but-kept let go
// from the front, or prepended and the last let go.
func (m *creators) historyAnswer(msg historyMsg) {
	d := m.detail
	if d == nil || d.handle != msg.handle || msg.req != d.hist.req {
		return
	}
	h := &d.hist
	h.loading, h.err = false, msg.err
	if msg.err != nil {
		return
	}
	if msg.older {
		h.pages = append(h.pages, msg.chunk)
		h.more = msg.more
		h.top = msg.showTop
		for len(h.pages) > historyKeep && h.top >= len(h.pages[0].entries) {
			n := len(h.pages[0].entries)
			h.dropped = append(h.dropped, h.pages[0].before)
			h.pages = h.pages[1:]
			h.base += n
			h.top -= n
		}
		h.top = min(h.top, max(0, len(h.entries())-1))
		return
	}
	n := len(msg.chunk.entries)
	h.dropped = h.dropped[:len(h.dropped)-1]
	h.pages = append([]historyChunk{msg.chunk}, h.pages...)
	h.base -= n
	if len(h.pages) > historyKeep {
		h.pages = h.pages[:historyKeep]
		h.more = true
	}
	h.top = historyBack(h.entries(), msg.showTop+n, m.historyRoom(d), m.loc())
}

// historyRoom is how many lines the history has in the pane: what the
// head leaves, and never less than historyMin (the head is cut instead).
func (m *creators) historyRoom(d *creatorDetail) int {
	inner := m.Height - 2 // the panel's border: the pane is the screen's height
	room := inner - len(m.detailHead(d, 80)) - 2
	return max(room, min(historyMin, inner-3))
}

// day is the day of an entry in loc, which groups entries.
func day(e store.Entry, loc *time.Location) string { return e.At.In(loc).Format("2006-01-02") }

// loc is the zone days are shown in.
func (m *creators) loc() *time.Location {
	if m.ctx.Loc == nil {
		return time.UTC
	}
	return m.ctx.Loc
}

// sameGroup reports whether b goes under a's header line: the same day,
// campaign and author.
func sameGroup(a, b store.Entry, loc *time.Location) bool {
	return day(a, loc) == day(b, loc) && a.Campaign == b.Campaign && a.Who == b.Who
}

// historyLines counts the lines entries take, with the header lines
// between them (the first entry always has one).
func historyLines(es []store.Entry, loc *time.Location) int {
	n := 0
	for i, e := range es {
		if i == 0 || !sameGroup(es[i-1], e, loc) {
			n++
		}
		n++
	}
	return n
}

// historyFits is how many entries from top fit in room lines.
func historyFits(all []store.Entry, top, room int, loc *time.Location) int {
	n := 0
	for top+n < len(all) && historyLines(all[top:top+n+1], loc) <= room {
		n++
	}
	return n
}

// historyBack is where the screen before the one starting at top starts.
func historyBack(all []store.Entry, top, room int, loc *time.Location) int {
	s := top
	for s > 0 && historyLines(all[s-1:top], loc) <= room {
		s--
	}
	if s == top && top > 0 {
		s = top - 1 // an entry taller than the room still moves
	}
	return s
}

// historyView draws the history in room lines of width w: a title with
// the range shown and the keys that page it, then the entries under their
// header lines.
func (m *creators) historyView(d *creatorDetail, w, room int) []string {
	st, h, loc := m.ctx.Styles, &d.hist, m.loc()
	all := h.entries()
	if len(all) == 0 && h.err == nil && h.base == 0 {
		return nil
	}
	shown := historyFits(all, h.top, room, loc)
	title := "history"
	if shown > 0 {
		title += fmt.Sprintf(" %s–%s", common.Grouped(int64(h.base+h.top+1)), common.Grouped(int64(h.base+h.top+shown)))
	}
	var keys []string
	if h.top > 0 || len(h.dropped) > 0 {
		keys = append(keys, "[ newer")
	}
	if h.top+shown < len(all) || h.more {
		keys = append(keys, "] older")
	}
	if h.loading {
		keys = append(keys, "loading…")
	}
	if len(keys) > 0 {
		title += " · " + strings.Join(keys, " · ")
	}
	out := []string{st.Bold.Render(common.Fit(title, w))}
	if h.err != nil { // in the title's place: the entries keep their room
		out[0] = st.Bad.Render(common.Fit("history: could not read more: "+h.err.Error(), w))
	}
	year := m.ctx.Now().In(loc).Year()
	for i, e := range all[h.top : h.top+shown] {
		if i == 0 || !sameGroup(all[h.top+i-1], e, loc) {
			out = append(out, st.Muted.Render(common.Fit(groupLine(e, loc, year), w)))
		}
		out = append(out, common.Fit("  "+describe(e), w))
	}
	return out
}

// groupLine names an entry's day (with the year when not this one),
// campaign and author.
func groupLine(e store.Entry, loc *time.Location, year int) string {
	at := e.At.In(loc)
	parts := []string{at.Format("Jan 02")}
	if at.Year() != year {
		parts[0] = at.Format("Jan 02 2006")
	}
	if e.Campaign != "" {
		parts = append(parts, common.Clean(e.Campaign))
	}
	if e.Who != "" {
		parts = append(parts, common.Clean(e.Who))
	}
	return strings.Join(parts, " · ")
}

// describe is one change as a line: "email a@x → b@y  note". Every value
// is cleaned (it may come from an import) and the line is cut by the
// caller.
func describe(e store.Entry) string {
	field := e.Label()
	old, new := e.Values()
	old, new = common.Clean(old), common.Clean(new)
	if e.Field == store.FieldStage && old == "" {
		old = "start"
	}
	var s string
	switch {
	case e.Field == "creator":
		s = "added @" + new
		if e.Note == "added" {
			return s
		}
	case e.Field == store.FieldTag && old == "":
		s = "tag +" + new
	case e.Field == store.FieldTag:
		s = "tag −" + old // a minus sign, as the CLI's history writes it
	case old == "":
		s = field + " " + new
	case new == "":
		s = field + " " + old + " → (none)"
	default:
		s = field + " " + old + " → " + new
	}
	if e.Note != "" {
		s += "  " + common.Clean(e.Note)
	}
	return s
}
