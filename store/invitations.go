package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"creatordesk/outreach"
)

// invitationSource marks the queue's pipeline moves in the event log.
const invitationSource = "queue"

// settingSender is the settings key of the name that signs invitations.
const settingSender = "invitation_sender"

// closedStatuses matches the partial index invitations_one_open: an
// invitation in any other status is open.
const closedStatuses = `('sent', 'skipped', 'failed')`

// Sender is the name that signs invitations; "" until set.
func (s *Store) Sender(ctx context.Context) (string, error) {
	return s.setting(ctx, s.db, settingSender)
}

// SetSender sets the name that signs invitations and returns it normalised.
func (s *Store) SetSender(ctx context.Context, name string) (string, error) {
	n, err := outreach.NormalizeSender(name)
	if err != nil {
		return "", err
	}
	return n, s.tx(ctx, func(tx *sql.Tx) error { return setSetting(ctx, tx, settingSender, n) })
}

// ErrNoSender is returned when invitations are to be signed and nobody is
// set to sign them.
var ErrNoSender = errors.New("no sender: set the name that signs invitations first")

// QueueDefaultInvitations is QueueInvitations with creatordesk's built-in
// message for each tier (outreach.DefaultMessage), signed with Sender.
func (s *Store) QueueDefaultInvitations(ctx context.Context, handles []string, campaign string) (int, []Held, error) {
	sender, err := s.Sender(ctx)
	if err != nil {
		return 0, nil, err
	}
	if sender == "" {
		return 0, nil, ErrNoSender
	}
	return s.QueueInvitations(ctx, handles, campaign, func(c outreach.Creator, camp outreach.Campaign, t outreach.Terms) (string, string, error) {
		return outreach.DefaultMessage(c, camp.Name, t, sender)
	})
}

// Held is a creator QueueInvitations left out, and why.
type Held struct {
	Handle string
	Reason string
}

// Render writes an invitation for a creator in a campaign on the terms
// offered. It gets the campaign as stored, so a name typed in another case
// or left empty (the default campaign) reads right in the message.
type Render func(outreach.Creator, outreach.Campaign, outreach.Terms) (subject, body string, err error)

// QueueInvitations queues an invitation to each creator in a campaign ("" is
// the default campaign), in one transaction, starting the creator's pipeline
// at prospect if needed. It holds back, with a reason, handles that are not
// creators, do-not-contact creators, creators past prospect in the campaign,
// creators with an open invitation there, and messages render refuses. The
// terms given to render are the tier's defaults with the campaign's
// commission, overridden by any terms set on the pipeline.
func (s *Store) QueueInvitations(ctx context.Context, handles []string, campaign string, render Render) (queued int, held []Held, err error) {
	if render == nil {
		return 0, nil, errors.New("queue invitations: no message")
	}
	if len(handles) > MaxPage {
		return 0, nil, fmt.Errorf("queue invitations: %d creators at once, at most %d", len(handles), MaxPage)
	}
	ts := s.now().Unix()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		queued, held = 0, nil
		camp, err := s.campaign(ctx, tx, campaign)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, raw := range handles {
			h, err := outreach.NormalizeHandle(raw)
			if err != nil {
				held = append(held, Held{Handle: raw, Reason: "not a handle: " + err.Error()})
				continue
			}
			if seen[h] {
				continue
			}
			seen[h] = true
			reason, err := s.queueOne(ctx, tx, h, camp, render, ts)
			if err != nil {
				return fmt.Errorf("@%s: %w", h, err)
			}
			if reason != "" {
				held = append(held, Held{Handle: h, Reason: reason})
				continue
			}
			queued++
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return queued, held, nil
}

// queueOne queues one creator's invitation, or returns why not.
func (s *Store) queueOne(ctx context.Context, tx *sql.Tx, handle string, camp outreach.Campaign, render Render, ts int64) (string, error) {
	c, err := scanCreator(tx.QueryRowContext(ctx, "SELECT "+creatorColumns+" FROM creators c WHERE c.handle = ?", handle))
	if errors.Is(err, sql.ErrNoRows) {
		return "no such creator", nil
	}
	if err != nil {
		return "", err
	}
	if c.DoNotContact {
		return "do not contact", nil
	}
	var collabID sql.NullInt64
	var stage string
	var tr termsRow
	err = tx.QueryRowContext(ctx, `SELECT k.id, k.stage, `+termsColumns+`
		FROM collabs k WHERE k.creator_id = ? AND k.campaign_id = ?`, c.ID, camp.ID).
		Scan(append([]any{&collabID, &stage}, tr.dest()...)...)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	if collabID.Valid {
		if st := outreach.Stage(stage); st != outreach.Prospect {
			return "already " + st.Label() + " in " + camp.Name, nil
		}
		var open bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM invitations WHERE collab_id = ? AND status NOT IN `+closedStatuses+`)`,
			collabID.Int64).Scan(&open); err != nil {
			return "", err
		}
		if open {
			return "already queued in " + camp.Name, nil
		}
	}
	t := tr.terms().Or(s.terms.In(c.Tier, camp.DefaultCommission))
	subject, body, err := render(c, camp, t)
	if err == nil {
		subject, err = outreach.NormalizeSubject(subject)
	}
	if err == nil {
		body, err = outreach.NormalizeMessageBody(body)
	}
	if err != nil {
		return err.Error(), nil
	}
	if !collabID.Valid {
		if _, err := s.startPipeline(ctx, tx, c.ID, camp.ID, outreach.Prospect, ts, "", invitationSource); err != nil {
			return "", err
		}
		if err := tx.QueryRowContext(ctx, "SELECT id FROM collabs WHERE creator_id = ? AND campaign_id = ?", c.ID, camp.ID).
			Scan(&collabID); err != nil {
			return "", err
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO invitations (collab_id, channel, subject, body, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, collabID.Int64, string(outreach.ChannelDM), subject, body, string(outreach.InvitationQueued), ts, ts)
	return "", err
}

const invitationSelect = `SELECT i.id, c.handle, cp.name, c.tier, k.stage, i.channel, i.subject, i.body, i.status,
		i.created_at, i.sent_at, i.reason
	FROM invitations i JOIN collabs k ON k.id = i.collab_id
	JOIN creators c ON c.id = k.creator_id JOIN campaigns cp ON cp.id = k.campaign_id`

func scanInvitation(r scanner) (outreach.Invitation, error) {
	var inv outreach.Invitation
	var tier, stage, channel, status string
	var created int64
	var sent sql.NullInt64
	err := r.Scan(&inv.ID, &inv.Handle, &inv.CampaignName, &tier, &stage, &channel, &inv.Subject, &inv.Body, &status,
		&created, &sent, &inv.Reason)
	if err != nil {
		return inv, err
	}
	inv.Tier, inv.Stage, inv.Channel, inv.Status = outreach.Tier(tier), outreach.Stage(stage), outreach.Channel(channel), outreach.InvitationStatus(status)
	inv.CreatedAt, inv.SentAt = time.Unix(created, 0), fromUnix(sent)
	return inv, nil
}

// Invitation returns one invitation by id.
func (s *Store) Invitation(ctx context.Context, id int64) (outreach.Invitation, error) {
	inv, err := scanInvitation(s.db.QueryRowContext(ctx, invitationSelect+" WHERE i.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return inv, fmt.Errorf("no invitation #%d: %w", id, ErrNotFound)
	}
	return inv, err
}

// InvitationQuery filters and pages invitations, by id: oldest first (the
// order they were queued in), or newest first.
type InvitationQuery struct {
	Campaign string                    // "" is every campaign
	Status   outreach.InvitationStatus // "" is every status
	Newest   bool
	After    int64 // the Next of the previous page; 0 is the start
	Limit    int   // at most MaxPage
}

// InvitationPage is one page; More is true when another follows from Next.
type InvitationPage struct {
	Invitations []outreach.Invitation
	Next        int64
	More        bool
}

// Invitations returns one page of invitations matching q.
func (s *Store) Invitations(ctx context.Context, q InvitationQuery) (InvitationPage, error) {
	var page InvitationPage
	if q.Limit <= 0 || q.Limit > MaxPage {
		q.Limit = MaxPage
	}
	scope, args, err := s.campaignScope(ctx, q.Campaign)
	if err != nil {
		return page, err
	}
	where := "WHERE 1 = 1" + scope
	if q.Status != "" {
		where += " AND i.status = ?"
		args = append(args, string(q.Status))
	}
	order := " ORDER BY i.id"
	if q.After != 0 {
		where += map[bool]string{false: " AND i.id > ?", true: " AND i.id < ?"}[q.Newest]
		args = append(args, q.After)
	}
	if q.Newest {
		order += " DESC"
	}
	rows, err := s.db.QueryContext(ctx, invitationSelect+" "+where+order+" LIMIT ?", append(args, q.Limit+1)...)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	for rows.Next() {
		inv, err := scanInvitation(rows)
		if err != nil {
			return page, err
		}
		if len(page.Invitations) == q.Limit {
			page.More = true
			break
		}
		page.Invitations = append(page.Invitations, inv)
		page.Next = inv.ID
	}
	return page, rows.Err()
}

// CountInvitations counts invitations by status in a campaign ("" is every
// campaign).
func (s *Store) CountInvitations(ctx context.Context, campaign string) (map[outreach.InvitationStatus]int64, error) {
	scope, args, err := s.campaignScope(ctx, campaign)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT i.status, COUNT(*) FROM invitations i JOIN collabs k ON k.id = i.collab_id
		WHERE 1 = 1`+scope+` GROUP BY i.status`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[outreach.InvitationStatus]int64{}
	for rows.Next() {
		var st string
		var n int64
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[outreach.InvitationStatus(st)] = n
	}
	return out, rows.Err()
}

// invitationRow is an invitation with its pipeline, read inside a write.
type invitationRow struct {
	inv       outreach.Invitation
	collabID  int64
	creatorID int64
	dnc       bool
	pos       outreach.Position
}

func loadInvitation(ctx context.Context, tx *sql.Tx, id int64) (invitationRow, error) {
	var r invitationRow
	var status, stage, tier, handle string
	var furthest int
	err := tx.QueryRowContext(ctx, `SELECT i.status, k.id, k.creator_id, c.handle, c.dnc, c.tier, k.stage, k.furthest_rank,
			EXISTS (SELECT 1 FROM samples sm WHERE sm.collab_id = k.id)
		FROM invitations i JOIN collabs k ON k.id = i.collab_id JOIN creators c ON c.id = k.creator_id
		WHERE i.id = ?`, id).Scan(&status, &r.collabID, &r.creatorID, &handle, &r.dnc, &tier, &stage, &furthest, &r.pos.HasSample)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("no invitation #%d: %w", id, ErrNotFound)
	}
	r.inv = outreach.Invitation{ID: id, Handle: handle, Status: outreach.InvitationStatus(status), Tier: outreach.Tier(tier),
		Stage: outreach.Stage(stage)}
	r.pos.Stage, r.pos.Furthest, r.pos.Tier = outreach.Stage(stage), outreach.StageAt(furthest), outreach.Tier(tier)
	r.pos.DoNotContact = r.dnc
	return r, err
}

// changeInvitationStatus changes an invitation's status if it is still from; the check
// guards against a change made since it was read.
func changeInvitationStatus(ctx context.Context, tx *sql.Tx, id int64, from, to outreach.InvitationStatus, reason string, sentAt any, ts int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE invitations SET status = ?, reason = ?, sent_at = COALESCE(?, sent_at), updated_at = ?
		WHERE id = ? AND status = ?`, string(to), reason, sentAt, ts, id, string(from))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("invitation #%d changed meanwhile", id)
	}
	return nil
}

// EditInvitation replaces an open invitation's text. An approved invitation
// goes back to queued: an edit needs a fresh look before it goes.
func (s *Store) EditInvitation(ctx context.Context, id int64, body string) error {
	b, err := outreach.NormalizeMessageBody(body)
	if err != nil {
		return err
	}
	ts := s.now().Unix()
	return s.tx(ctx, func(tx *sql.Tx) error {
		r, err := loadInvitation(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.inv.Status.Open() {
			return fmt.Errorf("invitation #%d to @%s is %s: it can no longer be edited", id, r.inv.Handle, r.inv.Status)
		}
		_, err = tx.ExecContext(ctx, `UPDATE invitations SET body = ?, status = ?, updated_at = ? WHERE id = ?`,
			b, string(outreach.InvitationQueued), ts, id)
		return err
	})
}

// SetInvitationStatus approves, skips or sends back to queued an open
// invitation. Sent goes through MarkSent, which moves the pipeline.
func (s *Store) SetInvitationStatus(ctx context.Context, id int64, status outreach.InvitationStatus) error {
	switch status {
	case outreach.InvitationQueued, outreach.InvitationApproved, outreach.InvitationSkipped:
	case outreach.InvitationSent:
		return errors.New("mark an invitation sent with MarkSent")
	default:
		return fmt.Errorf("an invitation is not set %q by hand", status)
	}
	ts := s.now().Unix()
	return s.tx(ctx, func(tx *sql.Tx) error {
		r, err := loadInvitation(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := outreach.CheckInvitationStatus(r.inv.Status, status); err != nil {
			return fmt.Errorf("invitation #%d to @%s: %w", id, r.inv.Handle, err)
		}
		reason := ""
		if status == outreach.InvitationSkipped {
			reason = "skipped by hand"
		}
		return changeInvitationStatus(ctx, tx, id, r.inv.Status, status, reason, nil, ts)
	})
}

// MarkSent records that an open invitation went out at at (zero is now).
// A first invitation moves the pipeline from prospect to invited, checked
// and logged as a stage move is; a follow-up to an invited creator leaves
// the stage, within TikTok's limit of messages before a reply. Anything
// else (a do-not-contact creator, a pipeline past invited) is refused and
// nothing is written.
func (s *Store) MarkSent(ctx context.Context, id int64, at time.Time) error {
	if at.IsZero() {
		at = s.now()
	}
	ts := at.Unix()
	return s.tx(ctx, func(tx *sql.Tx) error {
		r, err := loadInvitation(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := outreach.CheckInvitationStatus(r.inv.Status, outreach.InvitationSent); err != nil {
			return fmt.Errorf("invitation #%d to @%s: %w", id, r.inv.Handle, err)
		}
		if r.dnc {
			return fmt.Errorf("@%s is do-not-contact: skip this invitation", r.inv.Handle)
		}
		switch r.pos.Stage {
		case outreach.Prospect:
			if err := s.moveForInvitation(ctx, tx, r, outreach.Invited, ts, fmt.Sprintf("invitation #%d sent by hand", id)); err != nil {
				return err
			}
		case outreach.Invited:
			var sent int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM invitations WHERE collab_id = ? AND status = ?`,
				r.collabID, string(outreach.InvitationSent)).Scan(&sent); err != nil {
				return err
			}
			if sent >= outreach.MaxMessagesBeforeReply {
				return fmt.Errorf("@%s has had %d messages without a reply, TikTok's limit", r.inv.Handle, sent)
			}
			if err := contactedAt(ctx, tx, r.creatorID, ts); err != nil {
				return err
			}
		default:
			return fmt.Errorf("@%s is %s in this campaign: the invitation is not needed any more; skip it", r.inv.Handle, r.pos.Stage.Label())
		}
		return changeInvitationStatus(ctx, tx, id, r.inv.Status, outreach.InvitationSent, "", ts, ts)
	})
}

// MarkReplied records the creator's reply to an invitation at at (zero is
// now): the pipeline moves to replied, checked and logged. An invitation
// still open is skipped, since the creator answered before it went.
func (s *Store) MarkReplied(ctx context.Context, id int64, at time.Time) error {
	if at.IsZero() {
		at = s.now()
	}
	ts := at.Unix()
	return s.tx(ctx, func(tx *sql.Tx) error {
		r, err := loadInvitation(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.moveForInvitation(ctx, tx, r, outreach.Replied, ts, fmt.Sprintf("reply to invitation #%d", id)); err != nil {
			return fmt.Errorf("@%s: %w", r.inv.Handle, err)
		}
		if r.inv.Status.Open() {
			return changeInvitationStatus(ctx, tx, id, r.inv.Status, outreach.InvitationSkipped, "the creator replied before it was sent", nil, ts)
		}
		return nil
	})
}

// moveForInvitation moves the invitation's pipeline (to invited or
// replied) the one way pipelines move.
func (s *Store) moveForInvitation(ctx context.Context, tx *sql.Tx, r invitationRow, to outreach.Stage, ts int64, note string) error {
	_, err := s.move(ctx, tx, pipelineMove{collabID: r.collabID, creatorID: r.creatorID, pos: r.pos, to: to,
		at: ts, note: note, source: invitationSource})
	return err
}
