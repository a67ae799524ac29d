package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"creatordesk/outreach"
)

// The sending engine hands email to an SMTP server at most once: a message
// is claimed (sending) in a transaction that is on disk before the server
// hears of it, and whatever the outcome it never goes back to a state
// from which it would be sent again without the staffer's word, unless
// the server refused it before taking its data.

const (
	settingSendRun    = "send_run"    // owner and heartbeat of the running sender
	settingSendPaused = "send_paused" // why sending is paused, and since when
)

// sendRunStale is how long a sender may go without a heartbeat before
// another may take over.
const sendRunStale = 10 * time.Minute

// ErrSendRunning is returned when another sender holds the queue.
type ErrSendRunning struct {
	Owner string
	Since time.Time
}

func (e *ErrSendRunning) Error() string {
	return fmt.Sprintf("another send is running (%s, last seen %s)", e.Owner, e.Since.Format("15:04:05"))
}

// SendRun is the one sender allowed at a time.
type SendRun struct {
	s     *Store
	owner string
	// The quota left, counted once a day of the run and then kept by
	// the run itself: counting it takes two scans of the pipelines.
	left    int
	leftDay string
}

// unknownAfterCrash is the reason a message left mid-hand-over gets.
const unknownAfterCrash = "creatordesk stopped while handing this message to the mail server: it may have been delivered. Check the sent folder, then mark it sent or send it again"

// StartSendRun takes the queue for one sender (owner names it, e.g. "pid
// 4242 on host"). Another sender's hold is honoured while it beats and alive
// says it lives; a dead one's messages left in sending become unknown,
// returned as recovered.
func (s *Store) StartSendRun(ctx context.Context, owner string, alive func(owner string) bool) (*SendRun, int, error) {
	now := s.now()
	recovered := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		v, err := s.setting(ctx, tx, settingSendRun)
		if err != nil {
			return err
		}
		if run := liveSendRun(v, now, alive); run != nil && run.Owner != owner {
			return run
		}
		res, err := tx.ExecContext(ctx, `UPDATE invitations SET status = ?, reason = ?, updated_at = ? WHERE status = ?`,
			string(outreach.InvitationUnknown), unknownAfterCrash, now.Unix(), string(outreach.InvitationSending))
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		recovered = int(n)
		return setSetting(ctx, tx, settingSendRun, owner+"\n"+strconv.FormatInt(now.Unix(), 10))
	})
	if err != nil {
		return nil, 0, err
	}
	return &SendRun{s: s, owner: owner}, recovered, nil
}

// liveSendRun reads a send_run setting: the sender holding the queue, or
// nil when none does or its hold went stale or alive says it died.
func liveSendRun(v string, now time.Time, alive func(owner string) bool) *ErrSendRunning {
	held, beat, ok := strings.Cut(v, "\n")
	if !ok {
		return nil
	}
	sec, _ := strconv.ParseInt(beat, 10, 64)
	since := time.Unix(sec, 0)
	if now.Sub(since) >= sendRunStale || alive != nil && !alive(held) {
		return nil
	}
	return &ErrSendRunning{Owner: held, Since: since}
}

// End lets the queue go.
func (r *SendRun) End(ctx context.Context) error {
	return r.s.tx(ctx, func(tx *sql.Tx) error {
		v, err := r.s.setting(ctx, tx, settingSendRun)
		if err != nil {
			return err
		}
		if held, _, _ := strings.Cut(v, "\n"); held != r.owner {
			return nil // taken over: not ours to release
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM settings WHERE key = ? AND value = ?`, settingSendRun, v)
		return err
	})
}

// Outgoing is an email claimed for sending.
type Outgoing struct {
	ID        int64
	Handle    string
	ToName    string // the creator's display name
	ToAddr    string
	Subject   string
	Body      string
	Purpose   outreach.Purpose
	CreatedAt time.Time
}

// ErrNothingDue is returned by Claim when no email is due.
var ErrNothingDue = errors.New("no email is due")

// emailDue selects email ready to go: approved or waiting to retry, due,
// to a creator who may be contacted, oldest due first.
const emailDue = `FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id JOIN creators c ON c.id = k.creator_id
	WHERE i.channel = 'email' AND i.status IN ('approved', 'retry_wait') AND i.due_at <= ? AND c.dnc = 0`

// QuotaLeft is how many new creators may still be contacted now under q;
// -1 is unlimited.
func (s *Store) QuotaLeft(ctx context.Context, q outreach.Quota, now time.Time) (int, error) {
	if q.Weekly <= 0 && q.Daily <= 0 {
		return -1, nil
	}
	used := func(since time.Time) (int, error) {
		n, err := s.NewCreatorsInvited(ctx, since)
		if err != nil {
			return 0, err
		}
		// A first invitation being sent, or maybe sent, counts as spent.
		var flying int
		err = s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id
			WHERE i.status IN ('sending', 'unknown') AND i.updated_at >= ? AND `+quotaCost, since.Unix()).Scan(&flying)
		return int(n) + flying, err
	}
	week, err := used(q.WeekStart(now))
	if err != nil {
		return 0, err
	}
	y, m, d := now.Date()
	today, err := used(time.Date(y, m, d, 0, 0, 0, 0, now.Location()))
	if err != nil {
		return 0, err
	}
	return q.Left(week, today), nil
}

// EmailDue lists, without claiming them, up to limit emails that a send
// now would hand over in order, within what is left of the quota, and how
// many more wait for quota.
func (s *Store) EmailDue(ctx context.Context, q outreach.Quota, now time.Time, limit int) ([]Outgoing, int, error) {
	left, err := s.QuotaLeft(ctx, q, now)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, `+quotaCost+` `+emailDue+` ORDER BY i.due_at, i.id`, now.Unix())
	if err != nil {
		return nil, 0, err
	}
	var ids []int64
	waiting := 0
	for rows.Next() {
		var id int64
		var costs bool
		if err := rows.Scan(&id, &costs); err != nil {
			rows.Close()
			return nil, 0, err
		}
		switch {
		case costs && left == 0:
			waiting++
			continue
		case costs && left > 0:
			left--
		}
		if len(ids) < limit {
			ids = append(ids, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	out := make([]Outgoing, 0, len(ids))
	for _, id := range ids {
		o, err := s.outgoing(ctx, s.db, id)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, o)
	}
	return out, waiting, nil
}

func (s *Store) outgoing(ctx context.Context, q querier, id int64) (Outgoing, error) {
	o := Outgoing{ID: id}
	var purpose string
	var created int64
	err := q.QueryRowContext(ctx, `SELECT c.handle, c.display_name, i.to_addr, i.subject, i.body, i.purpose, i.created_at
		FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id JOIN creators c ON c.id = k.creator_id WHERE i.id = ?`, id).
		Scan(&o.Handle, &o.ToName, &o.ToAddr, &o.Subject, &o.Body, &purpose, &created)
	o.Purpose, o.CreatedAt = outreach.Purpose(purpose), time.Unix(created, 0)
	return o, err
}

// Claim takes the next email due, within what is left of the quota, and
// marks it sending in a transaction synced to disk (synchronous=FULL)
// before it returns, so a crash after the server took it cannot lead to a
// second copy. ErrNothingDue when none is.
func (r *SendRun) Claim(ctx context.Context, q outreach.Quota) (Outgoing, error) {
	s := r.s
	now := s.now()
	if day := now.Format(time.DateOnly); day != r.leftDay {
		left, err := s.QuotaLeft(ctx, q, now)
		if err != nil {
			return Outgoing{}, err
		}
		r.left, r.leftDay = left, day
	}
	left := r.left
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return Outgoing{}, err
	}
	defer conn.Close()
	var sync int
	if err := conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
		return Outgoing{}, err
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = FULL"); err != nil {
		return Outgoing{}, err
	}
	defer conn.ExecContext(context.Background(), "PRAGMA synchronous = "+strconv.Itoa(sync))
	tx, err := s.beginOn(ctx, conn)
	if err != nil {
		return Outgoing{}, err
	}
	defer tx.Rollback()
	defer openChanges.Delete(tx)
	// A run that was taken over (its heartbeat went stale) stops here.
	v, err := s.setting(ctx, tx, settingSendRun)
	if err != nil {
		return Outgoing{}, err
	}
	if held, beat, _ := strings.Cut(v, "\n"); held != r.owner {
		sec, _ := strconv.ParseInt(beat, 10, 64)
		return Outgoing{}, &ErrSendRunning{Owner: held, Since: time.Unix(sec, 0)}
	}
	var id int64
	skipped := false
	for {
		if id, err = nextEmail(ctx, tx, now, left != 0); err != nil {
			if errors.Is(err, ErrNothingDue) && skipped {
				if err := tx.Commit(); err != nil { // keep the skips
					return Outgoing{}, err
				}
				return Outgoing{}, ErrNothingDue
			}
			return Outgoing{}, err
		}
		// The rules may have changed since it was queued: a reply in
		// another campaign, TikTok's limit of messages without a reply.
		row, err := loadInvitation(ctx, tx, id)
		if err != nil {
			return Outgoing{}, err
		}
		if _, refused := s.checkSent(ctx, tx, row); refused != nil {
			if err := changeInvitationStatus(ctx, tx, id, row.inv.Status, outreach.InvitationSkipped, "not sent: "+refused.Error(), nil, now.Unix()); err != nil {
				return Outgoing{}, err
			}
			skipped = true
			continue
		}
		break
	}
	res, err := tx.ExecContext(ctx, `UPDATE invitations SET status = ?, updated_at = ? WHERE id = ? AND status IN ('approved', 'retry_wait')`,
		string(outreach.InvitationSending), now.Unix(), id)
	if err != nil {
		return Outgoing{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Outgoing{}, fmt.Errorf("invitation #%d changed meanwhile", id)
	}
	if err := setSetting(ctx, tx, settingSendRun, r.owner+"\n"+strconv.FormatInt(now.Unix(), 10)); err != nil {
		return Outgoing{}, err
	}
	o, err := s.outgoing(ctx, tx, id)
	if err != nil {
		return Outgoing{}, err
	}
	var costs bool
	if err := tx.QueryRowContext(ctx, `SELECT `+quotaCost+` FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id
		WHERE i.id = ?`, id).Scan(&costs); err != nil {
		return Outgoing{}, err
	}
	if err := tx.Commit(); err != nil {
		return Outgoing{}, err
	}
	if costs && r.left > 0 {
		r.left--
	}
	return o, nil
}

// nextEmail is the id of the email due first, by due time then id; with
// quota false, first invitations to new creators are passed over. One
// index range per status, so nothing is sorted.
func nextEmail(ctx context.Context, tx *sql.Tx, now time.Time, quota bool) (int64, error) {
	var best, bestDue int64
	for _, st := range []outreach.InvitationStatus{outreach.InvitationApproved, outreach.InvitationRetryWait} {
		var id, due int64
		err := tx.QueryRowContext(ctx, `SELECT i.id, i.due_at FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id
			JOIN creators c ON c.id = k.creator_id
			WHERE i.channel = 'email' AND i.status = ? AND i.due_at <= ? AND c.dnc = 0 AND (? OR NOT `+quotaCost+`)
			ORDER BY i.due_at, i.id LIMIT 1`, string(st), now.Unix(), quota).Scan(&id, &due)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return 0, err
		}
		if best == 0 || due < bestDue || due == bestDue && id < best {
			best, bestDue = id, due
		}
	}
	if best == 0 {
		return 0, ErrNothingDue
	}
	return best, nil
}

// Outcome is what the mail server made of a claimed message.
type Outcome string

const (
	OutcomeSent    Outcome = "sent"    // accepted
	OutcomeRetry   Outcome = "retry"   // not taken yet; safe to send again later
	OutcomeFailed  Outcome = "failed"  // refused for good
	OutcomeUnknown Outcome = "unknown" // cut off after its data went
)

// Finish records what became of a claimed message. A sent message moves
// the pipeline as MarkSent does (if the creator replied or was marked
// do-not-contact meanwhile, it is still recorded sent, with a note). A
// retry waits RetryDelay; after MaxSendAttempts it fails.
func (r *SendRun) Finish(ctx context.Context, id int64, outcome Outcome, reason string) error {
	s := r.s
	ts := s.now().Unix()
	return s.tx(ctx, func(tx *sql.Tx) error {
		row, err := loadInvitation(ctx, tx, id)
		if err != nil {
			return err
		}
		if row.inv.Status != outreach.InvitationSending {
			return fmt.Errorf("invitation #%d is %s, not being sent", id, row.inv.Status)
		}
		switch outcome {
		case OutcomeSent:
			move, err := s.checkSent(ctx, tx, row)
			note := ""
			if err != nil { // it went out all the same: say so, move nothing
				move, note = false, "sent, but "+err.Error()
				row.dnc = true // no follow-up either
			}
			return s.writeSent(ctx, tx, row, move, ts, "sent by email", note)
		case OutcomeRetry:
			var attempts int
			if err := tx.QueryRowContext(ctx, `SELECT attempts + 1 FROM invitations WHERE id = ?`, id).Scan(&attempts); err != nil {
				return err
			}
			if attempts >= outreach.MaxSendAttempts {
				_, err = tx.ExecContext(ctx, `UPDATE invitations SET status = ?, reason = ?, attempts = ?, updated_at = ? WHERE id = ?`,
					string(outreach.InvitationFailed), fmt.Sprintf("gave up after %d tries: %s", attempts, reason), attempts, ts, id)
				return err
			}
			due := ts + int64(outreach.RetryDelay(attempts)/time.Second)
			_, err = tx.ExecContext(ctx, `UPDATE invitations SET status = ?, reason = ?, attempts = ?, due_at = ?, updated_at = ? WHERE id = ?`,
				string(outreach.InvitationRetryWait), reason, attempts, due, ts, id)
			return err
		case OutcomeFailed, OutcomeUnknown:
			_, err = tx.ExecContext(ctx, `UPDATE invitations SET status = ?, reason = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?`,
				string(outcome), reason, ts, id)
			return err
		}
		return fmt.Errorf("unknown outcome %q", outcome)
	})
}

// Release gives back a claimed message that never reached the server
// (the run stopped before it): it is ready to go again, no try counted.
func (r *SendRun) Release(ctx context.Context, id int64) error {
	return r.s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE invitations SET status = CASE WHEN attempts > 0 THEN ? ELSE ? END, updated_at = ?
			WHERE id = ? AND status = ?`, string(outreach.InvitationRetryWait), string(outreach.InvitationApproved),
			r.s.now().Unix(), id, string(outreach.InvitationSending))
		return err
	})
}

// PauseSending records why sending stopped as a whole (a refused login),
// for the dashboard to show until a send gets through.
func (s *Store) PauseSending(ctx context.Context, why string) error {
	v := strconv.FormatInt(s.now().Unix(), 10) + "\n" + strings.ReplaceAll(why, "\n", " ")
	return s.tx(ctx, func(tx *sql.Tx) error { return setSetting(ctx, tx, settingSendPaused, v) })
}

// ResumeSending clears the pause.
func (s *Store) ResumeSending(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, settingSendPaused)
		return err
	})
}

// SendingPaused says why sending is paused and since when; "" if it is not.
func (s *Store) SendingPaused(ctx context.Context) (string, time.Time, error) {
	v, err := s.setting(ctx, s.db, settingSendPaused)
	why, since := parsePaused(v)
	return why, since, err
}

// parsePaused reads the send_paused setting: "" when sending is not paused.
func parsePaused(v string) (string, time.Time) {
	if v == "" {
		return "", time.Time{}
	}
	at, why, _ := strings.Cut(v, "\n")
	sec, _ := strconv.ParseInt(at, 10, 64)
	return why, time.Unix(sec, 0)
}

// CloseUnanswered moves to no_response the pipelines whose follow-up
// sequence is over: invited at least NoResponseDays ago, nothing left to
// send, and quiet since the last message for as long as the sequence
// allows after its last follow-up. It returns how many moved.
func (s *Store) CloseUnanswered(ctx context.Context) (int, error) {
	now := s.now()
	moved := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT k.id, k.creator_id, k.furthest_rank, c.tier,
				EXISTS (SELECT 1 FROM samples sm WHERE sm.pipeline_id = k.id)
			`+unansweredFrom, append(s.unansweredArgs(now), MaxPage)...)
		if err != nil {
			return err
		}
		var moves []pipelineMove
		for rows.Next() {
			var mv pipelineMove
			var furthest int
			var tier string
			if err := rows.Scan(&mv.pipelineID, &mv.creatorID, &furthest, &tier, &mv.pos.HasSample); err != nil {
				rows.Close()
				return err
			}
			mv.pos.Stage, mv.pos.Furthest, mv.pos.Tier = outreach.Invited, outreach.StageAt(furthest), outreach.Tier(tier)
			mv.to, mv.at, mv.source = outreach.NoResponse, now.Unix(), invitationSource
			mv.note = fmt.Sprintf("no reply %d days after the invitation", s.fu.NoResponseDays)
			moves = append(moves, mv)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, mv := range moves {
			if _, err := s.move(ctx, tx, mv); err != nil {
				return err
			}
		}
		moved = len(moves)
		return nil
	})
	return moved, err
}

// unansweredFrom finds the pipelines CloseUnanswered closes, at most ? of
// them; unansweredArgs fills in the stage and the times.
const unansweredFrom = `FROM pipelines k JOIN creators c ON c.id = k.creator_id
	WHERE k.stage = ? AND k.invited_at <= ?
	AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.pipeline_id = k.id AND i.status NOT IN ` + closedStatuses + `)
	AND EXISTS (SELECT 1 FROM invitations i WHERE i.pipeline_id = k.id AND i.status = 'sent')
	AND COALESCE((SELECT MAX(i.sent_at) FROM invitations i WHERE i.pipeline_id = k.id), 0) <= ?
	LIMIT ?`

func (s *Store) unansweredArgs(now time.Time) []any {
	last := 0
	if n := len(s.fu.Days); n > 0 {
		last = s.fu.Days[n-1]
	}
	invitedBy := now.AddDate(0, 0, -s.fu.NoResponseDays).Unix()
	quietSince := now.AddDate(0, 0, -(s.fu.NoResponseDays - last)).Unix()
	return []any{string(outreach.Invited), invitedBy, quietSince}
}

// UnansweredDue says, with a read only, whether CloseUnanswered has a
// pipeline to close.
func (s *Store) UnansweredDue(ctx context.Context) (bool, error) {
	var due bool
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 `+unansweredFrom+`)`,
		append(s.unansweredArgs(s.now()), 1)...).Scan(&due)
	return due, err
}

// CloseUnansweredIfDue runs CloseUnanswered when UnansweredDue says there
// is something to close, so that a timer (the dashboard's) takes the write
// lock only then. Sending (send.Run) closes them too.
func (s *Store) CloseUnansweredIfDue(ctx context.Context) (int, error) {
	due, err := s.UnansweredDue(ctx)
	if err != nil || !due {
		return 0, err
	}
	return s.CloseUnanswered(ctx)
}
