package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"creatordesk/outreach"
)

// An undo takes one change back: every history row of it, newest first,
// goes back to its old value, and the undo is recorded as a change of its
// own ("undo of change N"). It is refused, and nothing is written, when any
// of those values is no longer the change's new one (something changed
// since), or the change is one undo does not take back (an import, the
// demo's data, a creator added).

// undoNote starts the history note of an undo's rows; the change undone
// follows.
const undoNote = "undo of change "

// UndoResult says what an undo did.
type UndoResult struct {
	Change int64  // the change undone
	Undo   int64  // the change that records the undo
	What   string // what went back, for people: "@anna in Spring: invited → prospect"
	Rows   int    // history rows reverted
}

// UndoError refuses an undo, saying why.
type UndoError struct {
	Change int64
	Reason string
	Err    error // ErrNotFound when the change is not in the history
}

func (e *UndoError) Error() string {
	return fmt.Sprintf("cannot undo change %d: %s", e.Change, e.Reason)
}

func (e *UndoError) Unwrap() error { return e.Err }

// undoRow is a history row of the change being undone.
type undoRow struct {
	id, creatorID, campaignID, ref int64
	field, old, new, note          string
	handle, campaign               string
}

// Undo takes the change back (see above).
func (s *Store) Undo(ctx context.Context, changeID int64) (UndoResult, error) {
	res := UndoResult{Change: changeID}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var who string
		var at int64
		err := tx.QueryRowContext(ctx, "SELECT who, at FROM changes WHERE id = ?", changeID).Scan(&who, &at)
		if errors.Is(err, sql.ErrNoRows) {
			// A refusal like the others, so that the dashboard's u goes on
			// to the change before: forget removes the changes that were
			// only the forgotten creator's.
			reason := fmt.Sprintf("there is no change %d", changeID)
			var last int64
			if tx.QueryRowContext(ctx, `SELECT seq FROM sqlite_sequence WHERE name = 'changes'`).Scan(&last) == nil &&
				changeID > 0 && changeID <= last {
				reason = "it is no longer in the history (the creator it changed was forgotten)"
			}
			return &UndoError{Change: changeID, Reason: reason, Err: ErrNotFound}
		}
		if err != nil {
			return err
		}
		refuse := func(format string, args ...any) error {
			return &UndoError{Change: changeID, Reason: fmt.Sprintf(format, args...)}
		}
		switch who {
		case ByImport:
			return refuse("it is an import, which undo does not take back")
		case ByDemo: // its import records by ByDemo, not ByImport
			return refuse("it is the demo data, which undo does not take back")
		}
		if by, err := undoneBy(ctx, tx, changeID); err != nil {
			return err
		} else if by != 0 {
			return refuse("it was undone already (change %d)", by)
		}
		rows, err := undoRows(ctx, tx, changeID)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return refuse("nothing of it is left in the history")
		}
		for _, r := range rows {
			if !undoable(r) {
				if r.field == FieldStage {
					return refuse("it took @%s out of %s, which undo does not put back", r.handle, r.campaign)
				}
				if r.field == FieldInvitation {
					return refuse("it took back a message queued to @%s, which undo does not queue again", r.handle)
				}
				if r.field == "creator" {
					return refuse("it added @%s, which undo does not take back (forget removes a creator)", r.handle)
				}
				return refuse("it changed %s of @%s, which undo does not put back", r.field, r.handle)
			}
		}
		u := &undoer{s: s, tx: tx, change: changeID, changeAt: at, ts: s.now().Unix(), note: undoNote + strconv.FormatInt(changeID, 10),
			lifted: map[int64]bool{}, back: map[int64]dncMark{}}
		var what, starts []string
		for _, r := range rows {
			desc, err := u.revert(ctx, r)
			if err != nil {
				var ue *UndoError
				if errors.As(err, &ue) {
					ue.Change = changeID
				}
				return err
			}
			if desc == "" {
				continue // a note on a pipeline: nothing to put back
			}
			res.Rows++
			if r.field == FieldStage && r.old == "" {
				starts = append(starts, desc)
			} else {
				what = append(what, desc)
			}
		}
		if res.Rows == 0 {
			return refuse("it holds notes only, nothing to put back")
		}
		if err := u.settleDoNotContact(ctx); err != nil {
			return err
		}
		slices.Reverse(what) // oldest first: the action, then what it caused
		what = append(what, starts...)
		res.What = what[0]
		if len(what) > 1 {
			res.What += fmt.Sprintf(" (and %d more)", len(what)-1)
		}
		if id, ok := openChanges.Load(tx); ok {
			res.Undo = id.(int64)
		}
		return nil
	})
	return res, err
}

// undoneByQuery finds the newest undo of a change. An undo is a later
// change than the one it undid: reading only those takes the index (the
// whole history was read, 0.2 s a call at 800,000 rows, in the write
// lock, more than once an undo).
const undoneByQuery = `SELECT MAX(change_id) FROM history WHERE change_id > ? AND note = ?`

// undoneBy is the change that undid change id and still stands (it was not
// undone in turn), else 0.
func undoneBy(ctx context.Context, tx *sql.Tx, id int64) (int64, error) {
	var by sql.NullInt64
	if err := tx.QueryRowContext(ctx, undoneByQuery, id, undoNote+strconv.FormatInt(id, 10)).Scan(&by); err != nil || !by.Valid {
		return 0, err
	}
	again, err := undoneBy(ctx, tx, by.Int64)
	if err != nil || again != 0 {
		return 0, err
	}
	return by.Int64, nil
}

// undoRows reads the change's history rows, newest first.
func undoRows(ctx context.Context, tx *sql.Tx, changeID int64) ([]undoRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT h.id, h.creator_id, COALESCE(h.campaign_id, 0), COALESCE(h.ref_id, 0),
			h.field, h.old_value, h.new_value, h.note, c.handle, COALESCE(cp.name, '')
		FROM history h JOIN creators c ON c.id = h.creator_id LEFT JOIN campaigns cp ON cp.id = h.campaign_id
		WHERE h.change_id = ? ORDER BY h.id DESC`, changeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []undoRow
	for rows.Next() {
		var r undoRow
		if err := rows.Scan(&r.id, &r.creatorID, &r.campaignID, &r.ref, &r.field, &r.old, &r.new, &r.note, &r.handle, &r.campaign); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// undoable reports whether undo can put the row back.
func undoable(r undoRow) bool {
	switch r.field {
	case FieldStage:
		return r.new != "" // a pipeline an undo removed is not put back
	case FieldInvitation:
		return r.new != "" // a message an undo took back is not queued again
	case FieldSample, FieldTag, "tier":
		return true
	}
	_, terms := undoTermsColumns[r.field]
	return terms || slices.Contains(undoCreatorColumns, r.field)
}

// undoer reverts the rows of one change inside the undo's transaction.
type undoer struct {
	s        *Store
	tx       *sql.Tx
	change   int64
	changeAt int64 // when the change was made
	ts       int64 // now
	note     string
	// creators whose do-not-contact the change set (lifted by the undo),
	// and whose it lifted (set again)
	lifted map[int64]bool
	back   map[int64]dncMark
}

type dncMark struct {
	reason string
	at     int64
}

// changed refuses the undo: the row's value is no longer the change's.
func changed(format string, args ...any) error {
	return &UndoError{Reason: fmt.Sprintf(format, args...) + ": it changed since"}
}

// revert puts one row back and says what went back ("" for a note, which
// has nothing to put back).
func (u *undoer) revert(ctx context.Context, r undoRow) (string, error) {
	switch {
	case r.field == FieldStage:
		return u.stage(ctx, r)
	case r.field == FieldInvitation:
		return u.invitation(ctx, r)
	case r.field == FieldSample:
		return u.sample(ctx, r)
	case r.field == FieldTag:
		return u.tag(ctx, r)
	case r.field == "tier":
		return u.tier(ctx, r)
	case slices.Contains(undoCreatorColumns, r.field):
		return u.creatorColumn(ctx, r)
	}
	return u.terms(ctx, r)
}

// record writes the undo's row for r: the field back from its new value to
// its old.
func (u *undoer) record(ctx context.Context, r undoRow) error {
	return u.s.record(ctx, u.tx, "", u.ts, Change{CreatorID: r.creatorID, CampaignID: r.campaignID, RefID: r.ref,
		Field: r.field, Old: r.new, New: r.old, Note: u.note})
}

func shown(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}

func (u *undoer) stage(ctx context.Context, r undoRow) (string, error) {
	if r.old == r.new {
		return "", nil
	}
	var pipelineID int64
	var stage string
	var furthest int
	err := u.tx.QueryRowContext(ctx, `SELECT id, stage, furthest_rank FROM pipelines WHERE creator_id = ? AND campaign_id = ?`,
		r.creatorID, r.campaignID).Scan(&pipelineID, &stage, &furthest)
	if errors.Is(err, sql.ErrNoRows) {
		return "", changed("@%s is no longer in %s", r.handle, r.campaign)
	}
	if err != nil {
		return "", err
	}
	from, to := outreach.Stage(r.new), outreach.Stage(r.old)
	if stage != r.new {
		return "", changed("@%s in %s is %s now, not %s", r.handle, r.campaign, outreach.Stage(stage).Label(), from.Label())
	}
	if r.old == "" {
		return u.unstart(ctx, r, pipelineID)
	}
	st, err := u.s.stateBefore(ctx, u.tx, r.creatorID, r.campaignID, r.id)
	if err != nil {
		return "", err
	}
	if !st.known || st.stage != to {
		// No history before it to read: the furthest a correction would give.
		st = pipeState{known: true, stage: to,
			furthest: outreach.Position{Stage: from, Furthest: outreach.StageAt(furthest)}.Corrected(to).Furthest.Rank()}
	}
	if _, err := u.s.setStage(ctx, u.tx, stageSet{pipelineID: pipelineID, from: from, to: to, furthest: st.furthest,
		stamps: st.stamps, stageAt: st.stageAt, at: u.ts, note: u.note, why: u.note}); err != nil {
		return "", err
	}
	switch {
	case from == outreach.DoNotContact && to != outreach.DoNotContact:
		u.lifted[r.creatorID] = true
	case to == outreach.DoNotContact && from != outreach.DoNotContact:
		u.back[r.creatorID] = dncMark{reason: strings.TrimPrefix(st.note, stoppedNote), at: st.stageAt}
	}
	return fmt.Sprintf("@%s in %s: %s → %s", r.handle, r.campaign, from.Label(), to.Label()), nil
}

// unstart takes back a pipeline the change started: it goes, unless
// something else was recorded on it since (undone changes and undos aside)
// or it has messages or samples.
func (u *undoer) unstart(ctx context.Context, r undoRow, pipelineID int64) (string, error) {
	var hangs bool
	if err := u.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM invitations WHERE pipeline_id = ?)
		OR EXISTS (SELECT 1 FROM samples WHERE pipeline_id = ?)`, pipelineID, pipelineID).Scan(&hangs); err != nil {
		return "", err
	}
	later, err := u.laterChanges(ctx, r)
	if err != nil {
		return "", err
	}
	if hangs || later {
		return "", changed("@%s in %s has more on record", r.handle, r.campaign)
	}
	if err := u.s.logEvent(ctx, u.tx, pipelineID, u.ts, outreach.Stage(r.new), "", u.note, ""); err != nil {
		return "", err
	}
	if _, err := u.tx.ExecContext(ctx, `DELETE FROM pipelines WHERE id = ?`, pipelineID); err != nil {
		return "", err
	}
	return fmt.Sprintf("@%s out of %s", r.handle, r.campaign), nil
}

// laterChanges reports whether a change after r that still stands (not an
// undo, not undone) recorded anything in r's pipeline.
func (u *undoer) laterChanges(ctx context.Context, r undoRow) (bool, error) {
	rows, err := u.tx.QueryContext(ctx, `SELECT DISTINCT COALESCE(change_id, 0), note LIKE ? FROM history
		WHERE creator_id = ? AND campaign_id = ? AND id > ? AND COALESCE(change_id, 0) <> ?`,
		undoNote+"%", r.creatorID, r.campaignID, r.id, u.change)
	if err != nil {
		return false, err
	}
	type later struct {
		id   int64
		undo bool
	}
	var ls []later
	for rows.Next() {
		var l later
		if err := rows.Scan(&l.id, &l.undo); err != nil {
			rows.Close()
			return false, err
		}
		ls = append(ls, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, l := range ls {
		if l.undo {
			continue
		}
		if l.id == 0 {
			return true, nil
		}
		by, err := undoneBy(ctx, u.tx, l.id)
		if err != nil || by == 0 {
			return by == 0, err
		}
	}
	return false, nil
}

// settleDoNotContact lifts the do-not-contact the change set, and sets
// again the one it lifted.
func (u *undoer) settleDoNotContact(ctx context.Context) error {
	for id := range u.lifted {
		if _, ok := u.back[id]; ok {
			continue
		}
		if _, err := u.tx.ExecContext(ctx, `UPDATE creators SET dnc = 0, dnc_reason = '', dnc_at = NULL, updated_at = ? WHERE id = ?`,
			u.ts, id); err != nil {
			return err
		}
	}
	for id, m := range u.back {
		if _, err := u.tx.ExecContext(ctx, `UPDATE creators SET dnc = 1, dnc_reason = ?, dnc_at = ?, updated_at = ? WHERE id = ?`,
			m.reason, m.at, u.ts, id); err != nil {
			return err
		}
	}
	return nil
}
