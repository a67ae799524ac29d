package store

import (
	"context"
	"database/sql"

	"creatordesk/outreach"
)

// What a restore carries over into the backup's copy from the database it
// replaces, message by message (see Restore).

// carried is a message as the database being replaced has it: one that
// left (sent, unknown, sending) or was closed (skipped, failed).
type carried struct {
	id, created, at int64
	status          outreach.InvitationStatus
	reason, handle  string
}

// Reasons a restored message is maybe sent, for the Queue screen.
const (
	reasonRestoredSending = "it was being handed to the mail server in the database the restore replaced: it may have been delivered. Check the sent folder, then mark it sent or send it again"
	reasonRestoredUnsure  = "the database the restore replaced could not be read, so this may have gone after the backup was made. Check the sent folder, then mark it sent or send it again"
)

// waiting are the statuses of a message still to go, or being handed
// over by a sender that may have died.
const waiting = `('queued', 'approved', 'retry_wait', 'sending')`

// carryOver records in the restored database what the replaced one knew
// had left, or had closed, within one transaction.
func (s *Store) carryOver(ctx context.Context, ls []carried, cur *current, res *RestoreResult) error {
	open, err := s.openCopies(ctx, ls, res)
	if err != nil {
		return err
	}
	ts := s.now().Unix()
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, m := range open {
			r, err := loadInvitation(ctx, tx, m.id)
			if err != nil {
				return err
			}
			from := r.inv.Status
			switch {
			case r.inv.Handle != m.handle: // another creator's message: not a copy
				res.After += m.wentOut()
			case m.status == outreach.InvitationSent:
				if err := s.carrySent(ctx, tx, r, m); err != nil {
					return err
				}
				res.Sent++
			case m.status == outreach.InvitationSkipped || m.status == outreach.InvitationFailed:
				if err := changeInvitationStatus(ctx, tx, m.id, from, m.status, m.reason, nil, ts); err != nil {
					return err
				}
				res.Closed++
			case from == outreach.InvitationUnknown:
				res.MaybeSent++
			default:
				reason := m.reason
				if m.status == outreach.InvitationSending || reason == "" {
					reason = reasonRestoredSending
				}
				if err := changeInvitationStatus(ctx, tx, m.id, from, outreach.InvitationUnknown, reason, nil, ts); err != nil {
					return err
				}
				res.MaybeSent++
			}
		}
		if !cur.creators {
			return nil
		}
		return markAbsent(ctx, tx, cur, ts, res)
	})
}

// openCopies returns the messages of ls (in id order) whose copy in s,
// the same id made at the same time, is still open, and counts in
// res.After those that left and have no copy (made after the backup).
// One pass over s's messages in id order, beside ls: a query per message
// took seconds on a large database.
func (s *Store) openCopies(ctx context.Context, ls []carried, res *RestoreResult) ([]carried, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, created_at, status FROM invitations ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var open []carried
	i := 0
	for rows.Next() && i < len(ls) {
		var id, created int64
		var status string
		if err := rows.Scan(&id, &created, &status); err != nil {
			return nil, err
		}
		for ; i < len(ls) && ls[i].id < id; i++ {
			res.After += ls[i].wentOut()
		}
		if i < len(ls) && ls[i].id == id {
			switch {
			case ls[i].created != created:
				res.After += ls[i].wentOut()
			case outreach.InvitationStatus(status).Open():
				open = append(open, ls[i])
			}
			i++
		}
	}
	for ; i < len(ls); i++ {
		res.After += ls[i].wentOut()
	}
	return open, rows.Err()
}

// wentOut is 1 when the message left (sent or maybe sent), 0 when it was
// closed without leaving.
func (m carried) wentOut() int {
	if m.status == outreach.InvitationSkipped || m.status == outreach.InvitationFailed {
		return 0
	}
	return 1
}

// carrySent records as sent, when it was, the backup's copy of a message
// the replaced database sent, moving the pipeline as a send does. No
// follow-up is queued: the replaced database may have sent it already, as
// a message the backup does not hold.
func (s *Store) carrySent(ctx context.Context, tx *sql.Tx, r invitationRow, m carried) error {
	move, err := s.checkSent(ctx, tx, r)
	note := m.reason
	if err != nil {
		move, note = false, "sent, but "+err.Error()
	}
	r.dnc = true // no follow-up
	return s.writeSent(ctx, tx, r, move, m.at, "sent (carried over by a restore)", note)
}

// markAbsent marks maybe sent the messages waiting to go to creators the
// replaced database does not have: only forget removes a creator, and a
// forgotten creator must not hear from the shop again by itself.
func markAbsent(ctx context.Context, tx *sql.Tx, cur *current, ts int64, res *RestoreResult) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT c.handle FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id
		JOIN creators c ON c.id = k.creator_id WHERE i.status IN `+waiting)
	if err != nil {
		return err
	}
	var handles []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			rows.Close()
			return err
		}
		handles = append(handles, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, h := range handles {
		if has, err := cur.has(ctx, h); err != nil || has {
			if err != nil {
				return err
			}
			continue
		}
		r, err := tx.ExecContext(ctx, `UPDATE invitations SET status = 'unknown', reason = ?, updated_at = ?
			WHERE status IN `+waiting+` AND pipeline_id IN (SELECT k.id FROM pipelines k JOIN creators c ON c.id = k.creator_id WHERE c.handle = ?)`,
			"@"+h+" was not in the database the restore replaced (forgotten since the backup was made?): do not send unless you know they want it",
			ts, h)
		if err != nil {
			return err
		}
		n, _ := r.RowsAffected()
		res.AbsentMessages += int(n)
	}
	return nil
}

// markUnsure marks maybe sent every message the restored database has
// ready to go: the database it replaced could not say what left since.
func (s *Store) markUnsure(ctx context.Context) (int, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE invitations SET status = 'unknown', reason = ?, updated_at = ?
			WHERE status IN ('approved', 'retry_wait', 'sending')`, reasonRestoredUnsure, s.now().Unix())
		if err != nil {
			return err
		}
		n, err = r.RowsAffected()
		return err
	})
	return int(n), err
}

// finishRestored drops the backup's record of a sender (none runs on the
// restored database) and counts the emails due now.
func (s *Store) finishRestored(ctx context.Context) (int, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM settings WHERE key = ?", settingSendRun)
		return err
	})
	if err != nil {
		return 0, err
	}
	var n int
	err = s.db.QueryRowContext(ctx, `SELECT COUNT(*) `+emailDue, s.now().Unix()).Scan(&n)
	return n, err
}
