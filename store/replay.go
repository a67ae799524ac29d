package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"creatordesk/outreach"
)

// pipeState is a pipeline's stage and funnel columns at one point of its
// history, as read back from its stage rows (see stateBefore).
type pipeState struct {
	known    bool // false: no stage row before that point, or the pipeline was not there
	stage    outreach.Stage
	furthest int // rank
	stageAt  int64
	stamps   stageStamps
	note     string // the note of the move that reached the stage
}

// after is the state once the pipeline moved from one stage to another at
// at: a path stage is the furthest reached (a move forward reaches it, a
// correction goes back to it); an exit keeps the furthest. Milestones up to
// the furthest keep their time or take at; the ones past it go.
func (st pipeState) after(from, to outreach.Stage, at int64, note string) pipeState {
	f := -1
	if st.known {
		f = st.furthest
	}
	if to.Rank() >= 0 {
		f = to.Rank()
	} else {
		f = max(f, from.Rank(), outreach.ImpliedFurthest(to).Rank())
	}
	out := pipeState{known: true, stage: to, furthest: f, stageAt: at, note: note}
	for i, m := range milestones {
		if m.stage.Rank() <= f {
			out.stamps[i] = st.stamps[i]
			if out.stamps[i] == 0 {
				out.stamps[i] = at
			}
		}
	}
	return out
}

// stateBefore replays a pipeline's stage rows older than the history row
// before (by creator and campaign, as the history keeps them) and returns
// the state they left it in: where an undo takes the pipeline back to. An
// undo's row restores the state before the row it undid.
func (s *Store) stateBefore(ctx context.Context, tx *sql.Tx, creatorID, campaignID, before int64) (pipeState, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, COALESCE(change_id, 0), at, old_value, new_value, note FROM history
		WHERE creator_id = ? AND campaign_id = ? AND field = 'stage' AND id < ? ORDER BY id`, creatorID, campaignID, before)
	if err != nil {
		return pipeState{}, err
	}
	defer rows.Close()
	type seen struct {
		id, change int64
		old, new   string
		before     pipeState
	}
	var done []seen
	var st pipeState
	for rows.Next() {
		var r seen
		var at int64
		var note string
		if err := rows.Scan(&r.id, &r.change, &at, &r.old, &r.new, &note); err != nil {
			return pipeState{}, err
		}
		r.before = st
		done = append(done, r)
		switch {
		case r.old == r.new: // a note on the pipeline
		case r.new == "": // an undo took the pipeline away
			st = pipeState{}
		case r.old == "": // it started
			st = pipeState{}.after("", outreach.Stage(r.new), at, note)
		case strings.HasPrefix(note, undoNote):
			n, _ := strconv.ParseInt(strings.TrimPrefix(note, undoNote), 10, 64)
			undone := false
			for i := len(done) - 2; i >= 0; i-- {
				if d := done[i]; d.change == n && d.old == r.new && d.new == r.old {
					st, undone = d.before, true
					break
				}
			}
			if !undone {
				st = st.after(outreach.Stage(r.old), outreach.Stage(r.new), at, note)
			}
		default:
			st = st.after(outreach.Stage(r.old), outreach.Stage(r.new), at, note)
		}
	}
	return st, rows.Err()
}
