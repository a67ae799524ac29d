package window

import "strings"

// settle lays out what the size, the rows and the cursor decide: the top
// row, what each body line shows, and the rendered rows kept. Update,
// SetSize and the moves call it, so View only reads.
func (w *Model[R, K]) settle() {
	if w.err == nil {
		w.scroll()
	}
	w.lines = w.lines[:0]
	h := w.height
	for i := w.offset; len(w.lines) < h; i++ {
		if _, ok := w.RowAt(i); !ok {
			if w.total > int64(i) {
				w.lines = append(w.lines, line{kind: lineMore, row: i})
				continue
			}
			break
		}
		if h > 1 && w.headerBefore(i) { // one line shows the row alone
			if len(w.lines) >= h-1 {
				break // a header needs a row under it
			}
			w.lines = append(w.lines, line{kind: lineHeader, row: i})
		}
		w.lines = append(w.lines, line{kind: lineRow, row: i})
	}
	if !w.cfg.Cache {
		return
	}
	stamp := w.stampNow()
	if w.width != w.cW || stamp != w.stamp {
		clear(w.cache)
		w.cW, w.stamp = w.width, stamp
	}
	for _, l := range w.lines {
		if l.kind != lineRow || l.row == w.cursor {
			continue
		}
		if k := w.keyOf[l.row-w.start]; w.cache[k] == "" {
			w.cache[k] = w.cfg.Render(w.rows[l.row-w.start], false, w.width)
		}
	}
}

func (w *Model[R, K]) stampNow() int64 {
	if w.cfg.Stamp == nil {
		return 0
	}
	return w.cfg.Stamp()
}

// headerBefore reports whether row i starts a group on screen.
func (w *Model[R, K]) headerBefore(i int) bool {
	if w.cfg.Header == nil {
		return false
	}
	j := i - w.start
	return i == w.offset || j <= 0 || j >= len(w.rows) || !w.cfg.SameGroup(w.rows[j-1], w.rows[j])
}

// scroll moves the top row so the cursor's row fits in the height, group
// headers included.
func (w *Model[R, K]) scroll() {
	h := w.height
	if end := w.start + len(w.rows); w.atEnd && end-w.offset < h {
		w.offset = max(w.start, end-h) // no room left empty at the foot
	}
	if w.cursor < w.offset {
		w.offset = w.cursor
	}
	if w.offset < w.cursor-h+1 {
		w.offset = w.cursor - h + 1
	}
	if w.cfg.Header == nil {
		return
	}
	for w.offset < w.cursor {
		lines := 0
		for i := w.offset; i <= w.cursor; i++ {
			lines++
			if w.headerBefore(i) {
				lines++
			}
		}
		if lines <= h {
			break
		}
		w.offset++
	}
}

// Lines draws the body: at most the height's lines, one a row, a group
// header or a row not loaded yet.
func (w *Model[R, K]) Lines() []string {
	out := make([]string, 0, len(w.lines))
	usable := w.cfg.Cache && w.width == w.cW && w.stampNow() == w.stamp
	for _, l := range w.lines {
		switch l.kind {
		case lineMore:
			out = append(out, w.cfg.More(w.width))
		case lineHeader:
			out = append(out, w.cfg.Header(w.rows[l.row-w.start], w.width))
		default:
			sel := l.row == w.cursor
			if s, ok := w.cache[w.keyOf[l.row-w.start]]; ok && usable && !sel {
				out = append(out, s)
				continue
			}
			out = append(out, w.cfg.Render(w.rows[l.row-w.start], sel, w.width))
		}
	}
	return out
}

// View is Lines joined.
func (w *Model[R, K]) View() string { return strings.Join(w.Lines(), "\n") }

// Invalidate drops the rendered rows (what they show changed).
func (w *Model[R, K]) Invalidate() { clear(w.cache) }

// RowAt is row i (absolute), when it is loaded.
func (w *Model[R, K]) RowAt(i int) (R, bool) {
	j := i - w.start
	if j < 0 || j >= len(w.rows) {
		var zero R
		return zero, false
	}
	return w.rows[j], true
}

// Selected is the row under the cursor.
func (w *Model[R, K]) Selected() (R, bool) { return w.RowAt(w.cursor) }

// Rows are the rows held, from Start.
func (w *Model[R, K]) Rows() []R { return w.rows }

// Visible are the rows drawn.
func (w *Model[R, K]) Visible() []R {
	var out []R
	for _, l := range w.lines {
		if l.kind == lineRow {
			out = append(out, w.rows[l.row-w.start])
		}
	}
	return out
}

// Start is the absolute index of the first row held.
func (w *Model[R, K]) Start() int { return w.start }

// Cursor is the absolute index of the selected row.
func (w *Model[R, K]) Cursor() int { return w.cursor }

// SetCursor puts the cursor on row i without loading.
func (w *Model[R, K]) SetCursor(i int) {
	w.cursor = i
	w.settle()
}

// Offset is the absolute index of the top row drawn.
func (w *Model[R, K]) Offset() int { return w.offset }

// Height is the body's height in lines.
func (w *Model[R, K]) Height() int { return w.height }

// Total is how many rows the query has, -1 until known.
func (w *Model[R, K]) Total() int64 { return w.total }

// Loading reports whether a page is on its way.
func (w *Model[R, K]) Loading() bool { return w.loading }

// Err is why the last fetch failed; nil after one succeeds.
func (w *Model[R, K]) Err() error { return w.err }

// Width is the body's width in cells.
func (w *Model[R, K]) Width() int { return w.width }
