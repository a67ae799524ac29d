package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"creatordesk/outreach"
)

// A correction puts a recorded stage right: backwards along the path, or
// out of an exit. The furthest stage and the milestone stamps follow it
// (see outreach.Position.Corrected), so the funnel and every counter kept
// by triggers do too; the messages that no longer fit are called off; out
// of do-not-contact, the creator is cleared and the campaigns that
// do-not-contact stopped go back to where it found them.

// correctionNote starts the history note of a correction; the reason
// follows.
const correctionNote = "correction: "

// correct makes the checked correction mv (mv.at is its time, mv.note the
// reason). It returns how many other campaigns went back to where a
// do-not-contact found them, and how many messages it called off.
func (s *Store) correct(ctx context.Context, tx *sql.Tx, mv pipelineMove) (restored, calledOff int, err error) {
	if err := mv.pos.CheckCorrection(mv.to); err != nil {
		return 0, 0, err
	}
	next := mv.pos.Corrected(mv.to)
	note := correctionNote + mv.note
	calledOff, err = s.setStage(ctx, tx, stageSet{pipelineID: mv.pipelineID, from: mv.pos.Stage, to: next.Stage,
		furthest: next.Furthest.Rank(), at: mv.at, note: note, source: mv.source, why: "corrected to " + mv.to.Label()})
	if err != nil {
		return 0, 0, err
	}
	if mv.to.Rank() >= outreach.Partnered.Rank() && mv.pos.Furthest.Rank() < outreach.Partnered.Rank() {
		// Out of an exit to a partnership it never had: the terms are
		// frozen as a move to partnered freezes them.
		if err := s.freezeAndRecordTerms(ctx, tx, mv); err != nil {
			return 0, 0, err
		}
	}
	if mv.pos.Stage != outreach.DoNotContact {
		return 0, calledOff, nil
	}
	restored, n, err := s.liftDoNotContact(ctx, tx, mv, note)
	return restored, calledOff + n, err
}

// liftDoNotContact clears the creator's do-not-contact after mv corrected
// one pipeline out of it, and takes the creator's other pipelines that the
// same do-not-contact stopped (their last move is in its change) back to
// the stage it found them at.
func (s *Store) liftDoNotContact(ctx context.Context, tx *sql.Tx, mv pipelineMove, note string) (restored, calledOff int, err error) {
	if _, err := tx.ExecContext(ctx, `UPDATE creators SET dnc = 0, dnc_reason = '', dnc_at = NULL, updated_at = ? WHERE id = ?`,
		mv.at, mv.creatorID); err != nil {
		return 0, 0, err
	}
	// The do-not-contact's change: its move in this pipeline (the one just
	// made aside). Moves from before the history kept changes have none:
	// their time stands in.
	var change sql.NullInt64
	var at int64
	err = tx.QueryRowContext(ctx, `SELECT h.change_id, h.at FROM history h JOIN pipelines k
			ON k.creator_id = h.creator_id AND k.campaign_id = h.campaign_id
		WHERE k.id = ? AND h.field = 'stage' AND h.new_value = ? AND h.old_value <> h.new_value
		ORDER BY h.id DESC LIMIT 1`, mv.pipelineID, string(outreach.DoNotContact)).Scan(&change, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT k.id, k.furthest_rank, h.old_value, h.change_id, h.at
		FROM pipelines k JOIN history h ON h.id = (SELECT MAX(h2.id) FROM history h2
			WHERE h2.creator_id = k.creator_id AND h2.campaign_id = k.campaign_id AND h2.field = 'stage' AND h2.old_value <> h2.new_value)
		WHERE k.creator_id = ? AND k.id <> ? AND k.stage = ? AND h.new_value = ?`,
		mv.creatorID, mv.pipelineID, string(outreach.DoNotContact), string(outreach.DoNotContact))
	if err != nil {
		return 0, 0, err
	}
	type stopped struct {
		id       int64
		furthest int
		was      outreach.Stage
	}
	var back []stopped
	for rows.Next() {
		var o stopped
		var was string
		var c sql.NullInt64
		var when int64
		if err := rows.Scan(&o.id, &o.furthest, &was, &c, &when); err != nil {
			rows.Close()
			return 0, 0, err
		}
		if c != change || (!change.Valid && when != at) {
			continue // stopped by another do-not-contact, or started there
		}
		o.was = outreach.Stage(was)
		if !o.was.Valid() {
			o.was = outreach.Prospect // it started at do-not-contact then
		}
		back = append(back, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	for _, o := range back {
		next := outreach.Position{Stage: outreach.DoNotContact, Furthest: outreach.StageAt(o.furthest)}.Corrected(o.was)
		n, err := s.setStage(ctx, tx, stageSet{pipelineID: o.id, from: outreach.DoNotContact, to: o.was,
			furthest: next.Furthest.Rank(), at: mv.at, note: note, source: mv.source, why: "corrected to " + o.was.Label()})
		if err != nil {
			return 0, 0, err
		}
		calledOff += n
	}
	return len(back), calledOff, nil
}

// stageStamps are a pipeline's milestone times in milestones' order (0:
// none), as an undo restores them.
type stageStamps [4]int64

// stageSet puts a pipeline at a stage outside the move rules (a
// correction, an undo).
type stageSet struct {
	pipelineID int64
	from, to   outreach.Stage
	furthest   int         // rank: the milestones past it are cleared
	stamps     stageStamps // for the milestones up to it the pipeline lacks; else at
	stageAt    int64       // since when it is at the stage; 0 is at
	at         int64       // when, for the history
	note       string
	source     string
	why        string // the reason given to the messages called off
}

// setStage makes set, records it in the history and calls off the
// messages that no longer fit the stage, returning how many.
func (s *Store) setStage(ctx context.Context, tx *sql.Tx, set stageSet) (int, error) {
	stageAt := set.stageAt
	if stageAt == 0 {
		stageAt = set.at
	}
	q := `UPDATE pipelines SET stage = ?, stage_rank = ?, furthest_rank = ?, stage_at = ?, updated_at = ?`
	args := []any{string(set.to), stageSort(set.to), set.furthest, stageAt, s.now().Unix()}
	for i, m := range milestones {
		if m.stage.Rank() > set.furthest {
			q += ", " + m.column + " = NULL"
			continue
		}
		ts := set.stamps[i]
		if ts == 0 {
			ts = set.at
		}
		q += fmt.Sprintf(", %[1]s = COALESCE(%[1]s, ?)", m.column)
		args = append(args, ts)
	}
	if _, err := tx.ExecContext(ctx, q+" WHERE id = ?", append(args, set.pipelineID)...); err != nil {
		return 0, err
	}
	if err := s.logEvent(ctx, tx, set.pipelineID, set.at, set.from, set.to, set.note, set.source); err != nil {
		return 0, err
	}
	return callOff(ctx, tx, set.pipelineID, set.to, set.at, "called off: "+set.why)
}

// callOff skips the pipeline's waiting messages that have no place at the
// stage (outreach.Purpose.FitsStage), with reason; it returns how many.
func callOff(ctx context.Context, tx *sql.Tx, pipelineID int64, at outreach.Stage, ts int64, reason string) (int, error) {
	var stop []any
	for _, p := range outreach.Purposes {
		if !p.FitsStage(at) {
			stop = append(stop, string(p))
		}
	}
	if len(stop) == 0 {
		return 0, nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE invitations SET status = ?, reason = ?, updated_at = ?
		WHERE pipeline_id = ? AND status IN `+stoppableStatuses+` AND purpose IN (`+placeholders(len(stop))+`)`,
		append([]any{string(outreach.InvitationSkipped), reason, ts, pipelineID}, stop...)...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// pastTime checks the time a person gave for something that happened
// against prev (unix seconds; 0 for none), the time of the step before,
// which what names: a day before prev's is refused, an earlier hour of
// prev's own day is prev. It returns the time to record, in unix seconds.
// (A day after today is refused where the date is read:
// outreach.ParsePastDate.)
func (s *Store) pastTime(at time.Time, prev int64, what string) (int64, error) {
	if prev > 0 && at.Unix() < prev {
		day := func(t time.Time) string { return t.Local().Format(outreach.DateLayout) }
		p := time.Unix(prev, 0)
		if day(at) < day(p) {
			return 0, fmt.Errorf("%s is before %s (%s)", day(at), what, day(p))
		}
		return prev, nil
	}
	return at.Unix(), nil
}
