package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"sync"
	"time"

	"creatordesk/outreach"
)

// Who made a change, until staffers have names.
const (
	ByCLI       = "cli"
	ByDashboard = "dashboard"
	ByImport    = "import"
	ByDemo      = "demo"
)

// Fields named in the history besides a creator's own columns (email,
// phone, display_name, followers, region, category, tier, notes).
const (
	FieldStage      = "stage"
	FieldTag        = "tag"        // old "" and new the tag: added; the reverse: removed
	FieldInvitation = "invitation" // a message's status; ref is the message
	FieldSample     = "sample"     // a sample's status; ref is the sample
)

type byKey struct{}

// By returns a context whose writes the history records as made by who
// (ByCLI, ByDashboard, ByImport; a staffer's name later).
func By(ctx context.Context, who string) context.Context {
	return context.WithValue(ctx, byKey{}, who)
}

// whoOf is who ctx's writes are by: By's name, else who, else ByCLI.
func whoOf(ctx context.Context, who string) string {
	if who != "" {
		return who
	}
	if w, _ := ctx.Value(byKey{}).(string); w != "" {
		return w
	}
	return ByCLI
}

// Change is one field's change, as the history keeps it. Values are text,
// "" for none.
type Change struct {
	CreatorID  int64
	CampaignID int64 // 0 when the field is not a campaign's
	RefID      int64 // the message or sample the row is about, else 0
	Field      string
	Old, New   string
	Note       string
}

// openChanges holds the change each open write transaction is recording,
// so every row an action writes shares one change (the unit of undo).
var openChanges sync.Map // *sql.Tx -> int64

// record writes c into the history, by who (or whoever ctx says: see By)
// at ts, as part of the change tx is making (the first record of a
// transaction opens the change).
func (s *Store) record(ctx context.Context, tx *sql.Tx, who string, ts int64, c Change) error {
	who = whoOf(ctx, who)
	id, err := changeOf(ctx, tx, who, ts)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO history (change_id, creator_id, campaign_id, ref_id, at, field, old_value, new_value, note, who)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, c.CreatorID, nullIfZero(c.CampaignID), nullIfZero(c.RefID), ts, c.Field, c.Old, c.New, c.Note, who)
	if err != nil {
		return fmt.Errorf("record %s: %w", c.Field, err)
	}
	return nil
}

func changeOf(ctx context.Context, tx *sql.Tx, who string, ts int64) (int64, error) {
	if id, ok := openChanges.Load(tx); ok {
		return id.(int64), nil
	}
	if g, _ := ctx.Value(togetherKey{}).(*together); g != nil {
		if id := g.committed(); id != 0 {
			var still bool // forget may have taken it since
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM changes WHERE id = ?)`, id).Scan(&still); err != nil {
				return 0, err
			}
			if still {
				openChanges.Store(tx, id)
				return id, nil
			}
		}
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO changes (at, who) VALUES (?, ?) RETURNING id`, ts, who).Scan(&id); err != nil {
		return 0, fmt.Errorf("record a change: %w", err)
	}
	openChanges.Store(tx, id)
	return id, nil
}

// endChange forgets tx's change once it has committed or rolled back, and
// tells a Tracker in ctx about a committed one.
func endChange(ctx context.Context, tx *sql.Tx, committed bool) {
	id, ok := openChanges.LoadAndDelete(tx)
	if !ok || !committed {
		return
	}
	if g, _ := ctx.Value(togetherKey{}).(*together); g != nil {
		g.commit(id.(int64))
	}
	if t, _ := ctx.Value(trackerKey{}).(*Tracker); t != nil {
		t.mu.Lock()
		if n := len(t.ids); n == 0 || t.ids[n-1] != id.(int64) { // a change made Together is one
			t.ids = append(t.ids, id.(int64))
		}
		t.mu.Unlock()
	}
}

type togetherKey struct{}

// together is the change the writes of one action share (see Together).
type together struct {
	mu sync.Mutex
	id int64
}

func (g *together) committed() int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.id
}

func (g *together) commit(id int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.id == 0 {
		g.id = id
	}
}

// Together returns a context whose writes record one change, though each
// is its own transaction (one creator's refusal keeps the others'): an
// action on several creators, such as a move of the selected ones, is
// then undone as one. A write that rolls back leaves the change to the
// next.
func Together(ctx context.Context) context.Context {
	return context.WithValue(ctx, togetherKey{}, &together{})
}

// Tracker collects the changes committed by writes made with its context:
// the dashboard keeps them to undo.
type Tracker struct {
	mu  sync.Mutex
	ids []int64
}

type trackerKey struct{}

// Track returns a context whose writes report their changes to the
// returned Tracker.
func Track(ctx context.Context) (context.Context, *Tracker) {
	t := &Tracker{}
	return context.WithValue(ctx, trackerKey{}, t), t
}

// Changes returns the changes committed so far, oldest first.
func (t *Tracker) Changes() []int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]int64(nil), t.ids...)
}

// Entry is one row of a creator's history.
type Entry struct {
	ID       int64
	Change   int64 // 0 for moves recorded before the history kept changes
	At       time.Time
	Campaign string // "" when the field is not a campaign's
	Ref      int64
	Field    string
	Old, New string
	Note     string
	Who      string
	// Currency is the pipeline's currency for an amount (slot fee, sample
	// cost), which Values shows in it; "" for other fields.
	Currency string
}

// HistoryQuery asks for a page of a creator's history, newest first.
type HistoryQuery struct {
	Handle   string
	Campaign string // "" for all
	Before   int64  // an Entry.ID: entries older than it; 0 for the newest
	Limit    int
}

// History returns a page of a creator's history, newest first, and
// whether older entries remain.
func (s *Store) History(ctx context.Context, q HistoryQuery) ([]Entry, bool, error) {
	h, err := outreach.NormalizeHandle(q.Handle)
	if err != nil {
		return nil, false, fmt.Errorf("handle %q: %w", q.Handle, err)
	}
	var creator int64
	if err := s.db.QueryRowContext(ctx, "SELECT id FROM creators WHERE handle = ?", h).Scan(&creator); err == sql.ErrNoRows {
		return nil, false, fmt.Errorf("no creator @%s: %w", h, ErrNotFound)
	} else if err != nil {
		return nil, false, err
	}
	before := q.Before
	if before <= 0 {
		before = 1<<63 - 1
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	where, args := "h.creator_id = ? AND h.id < ?", []any{creator, before}
	if q.Campaign != "" {
		camp, err := s.Campaign(ctx, q.Campaign)
		if err != nil {
			return nil, false, err
		}
		where += " AND h.campaign_id = ?"
		args = append(args, camp.ID)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT h.id, COALESCE(h.change_id, 0), h.at, COALESCE(cp.name, ''), COALESCE(h.ref_id, 0),
			h.field, h.old_value, h.new_value, h.note, h.who,
			CASE h.field WHEN 'slot_fee_minor' THEN COALESCE(k.slot_fee_currency, '')
				WHEN 'sample_unit_cost_minor' THEN COALESCE(k.sample_currency, '') ELSE '' END
		FROM history h LEFT JOIN campaigns cp ON cp.id = h.campaign_id
		LEFT JOIN pipelines k ON k.creator_id = h.creator_id AND k.campaign_id = h.campaign_id
		WHERE `+where+` ORDER BY h.id DESC LIMIT `+strconv.Itoa(limit+1), args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at int64
		if err := rows.Scan(&e.ID, &e.Change, &at, &e.Campaign, &e.Ref, &e.Field, &e.Old, &e.New, &e.Note, &e.Who, &e.Currency); err != nil {
			return nil, false, err
		}
		e.At = time.Unix(at, 0)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, nil
}
