package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"creatordesk/outreach"
)

// invitationRow is an invitation with its pipeline, read inside a write.
type invitationRow struct {
	inv        outreach.Invitation
	pipelineID int64
	creatorID  int64
	campaignID int64
	dnc        bool
	pos        outreach.Position
	invitedAt  time.Time // when the pipeline first reached invited
	body       string
	subject    string
}

func loadInvitation(ctx context.Context, tx *sql.Tx, id int64) (invitationRow, error) {
	var r invitationRow
	var status, stage, tier, handle, purpose, channel string
	var furthest int
	var invited sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT i.subject, i.body, i.status, i.purpose, i.channel, i.to_addr, k.id, k.creator_id, k.campaign_id, c.handle, c.dnc, c.tier,
			k.stage, k.furthest_rank, k.invited_at, EXISTS (SELECT 1 FROM samples sm WHERE sm.pipeline_id = k.id)
		FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id JOIN creators c ON c.id = k.creator_id
		WHERE i.id = ?`, id).Scan(&r.subject, &r.body, &status, &purpose, &channel, &r.inv.ToAddr, &r.pipelineID, &r.creatorID, &r.campaignID, &handle, &r.dnc, &tier,
		&stage, &furthest, &invited, &r.pos.HasSample)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("no invitation #%d: %w", id, ErrNotFound)
	}
	r.inv.ID, r.inv.Handle, r.inv.Status, r.inv.Tier = id, handle, outreach.InvitationStatus(status), outreach.Tier(tier)
	r.inv.Stage, r.inv.Purpose, r.inv.Channel = outreach.Stage(stage), outreach.Purpose(purpose), outreach.Channel(channel)
	r.invitedAt = fromUnix(invited)
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
		if !r.inv.Status.Open() || r.inv.Status == outreach.InvitationSending {
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
		switch {
		case status == outreach.InvitationSkipped:
			reason = "skipped by hand"
		case status == outreach.InvitationApproved && r.body == "":
			return fmt.Errorf("invitation #%d to @%s has no text yet: edit it first", id, r.inv.Handle)
		case status == outreach.InvitationApproved && r.inv.Channel == outreach.ChannelEmail && r.subject == "":
			return fmt.Errorf("email #%d to @%s has no subject", id, r.inv.Handle)
		}
		if err := changeInvitationStatus(ctx, tx, id, r.inv.Status, status, reason, nil, ts); err != nil {
			return err
		}
		return s.recordInvitation(ctx, tx, r, status, ts, reason)
	})
}

// recordInvitation records a message's status changed by a person in the
// history, so that an undo can put it back.
func (s *Store) recordInvitation(ctx context.Context, tx *sql.Tx, r invitationRow, to outreach.InvitationStatus, ts int64, note string) error {
	return s.record(ctx, tx, "", ts, Change{CreatorID: r.creatorID, CampaignID: r.campaignID, RefID: r.inv.ID,
		Field: FieldInvitation, Old: string(r.inv.Status), New: string(to), Note: note})
}

// MarkSent records that an open invitation went out at at (zero is now),
// sent by hand or confirmed by the staffer after an unknown outcome. See
// recordSent.
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
		if err := s.recordSent(ctx, tx, r, ts, "sent by hand"); err != nil {
			return err
		}
		return s.recordInvitation(ctx, tx, r, outreach.InvitationSent, ts, "sent by hand")
	})
}

// recordSent marks an invitation sent. A first invitation moves the
// pipeline from prospect to invited, checked and logged as a stage move
// is; a follow-up to an invited creator leaves the stage, within TikTok's
// limit of messages before a reply; a sample reminder or thank-you needs
// no move. The next follow-up of the sequence is queued, due on its day.
// Anything else (a do-not-contact creator, a pipeline past invited) is
// refused and nothing is written.
func (s *Store) recordSent(ctx context.Context, tx *sql.Tx, r invitationRow, ts int64, how string) error {
	move, err := s.checkSent(ctx, tx, r)
	if err != nil {
		return err
	}
	return s.writeSent(ctx, tx, r, move, ts, how, "")
}

// checkSent says whether sending r moves its pipeline to invited, or why
// it may not be sent.
func (s *Store) checkSent(ctx context.Context, tx *sql.Tx, r invitationRow) (move bool, err error) {
	if r.dnc {
		return false, fmt.Errorf("@%s is do-not-contact: skip this invitation", r.inv.Handle)
	}
	switch {
	case !r.inv.Purpose.InSequence():
		return false, nil
	case r.pos.Stage == outreach.Prospect && r.inv.Purpose == outreach.PurposeInvitation:
		return true, r.pos.CheckMove(outreach.Invited)
	case r.pos.Stage == outreach.Invited:
		// TikTok counts messages to the creator, whatever the campaign.
		var sent int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id
			WHERE k.creator_id = ? AND k.replied_at IS NULL AND i.status = ?`,
			r.creatorID, string(outreach.InvitationSent)).Scan(&sent); err != nil {
			return false, err
		}
		if sent >= outreach.MaxMessagesBeforeReply {
			return false, fmt.Errorf("@%s has had %d messages without a reply, TikTok's limit", r.inv.Handle, sent)
		}
		return false, nil
	}
	return false, fmt.Errorf("@%s is %s in this campaign: the invitation is not needed any more; skip it", r.inv.Handle, r.pos.Stage.Label())
}

// writeSent records a checked send: the move or the contact time, the
// status, and the next follow-up.
func (s *Store) writeSent(ctx context.Context, tx *sql.Tx, r invitationRow, move bool, ts int64, how, reason string) error {
	if move {
		if err := s.moveForInvitation(ctx, tx, r, outreach.Invited, ts, fmt.Sprintf("invitation #%d %s", r.inv.ID, how)); err != nil {
			return err
		}
		r.invitedAt = time.Unix(ts, 0)
	} else if err := contactedAt(ctx, tx, r.creatorID, ts); err != nil {
		return err
	}
	if err := changeInvitationStatus(ctx, tx, r.inv.ID, r.inv.Status, outreach.InvitationSent, reason, ts, ts); err != nil {
		return err
	}
	if r.inv.Purpose.InSequence() && (move || r.pos.Stage == outreach.Invited) && !r.dnc {
		return s.queueFollowUp(ctx, tx, r, ts)
	}
	return nil
}

// queueFollowUp queues the next step of the follow-up sequence after a
// message of it went out, due its number of days after the invitation. It
// goes the same way as the invitation, ready to go; when the template
// needs a value the creator lacks it waits for review, with the reason.
func (s *Store) queueFollowUp(ctx context.Context, tx *sql.Tx, r invitationRow, ts int64) error {
	if r.invitedAt.IsZero() {
		return nil
	}
	var done int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM invitations WHERE pipeline_id = ? AND status = ? AND purpose IN (?, ?)`,
		r.pipelineID, string(outreach.InvitationSent), string(outreach.PurposeFollowUp1), string(outreach.PurposeFollowUp2)).Scan(&done); err != nil {
		return err
	}
	next, due, _ := s.fu.Step(r.invitedAt, done, time.Unix(ts, 0))
	if next == "" {
		return nil
	}
	if done > 0 {
		// Keep the sequence's spacing after a follow-up that went late.
		gap := s.fu.Days[done] - s.fu.Days[done-1]
		if late := time.Unix(ts, 0).AddDate(0, 0, gap); late.After(due) {
			due = late
		}
	}
	var c outreach.Creator
	var camp outreach.Campaign
	var tr termsRow
	var campaignID int64
	var err error
	if c, err = scanCreator(tx.QueryRowContext(ctx, "SELECT "+creatorColumns+" FROM creators c WHERE c.id = ?", r.creatorID)); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, `SELECT campaign_id, `+termsColumns+` FROM pipelines k WHERE k.id = ?`, r.pipelineID).
		Scan(append([]any{&campaignID}, tr.dest()...)...); err != nil {
		return err
	}
	if camp, err = s.campaignByID(ctx, tx, campaignID); err != nil {
		return err
	}
	sender, err := s.setting(ctx, tx, settingSender)
	if err != nil {
		return err
	}
	tm, err := s.template(ctx, tx, c.Tier, next)
	if err != nil {
		return err
	}
	status, reason := outreach.InvitationApproved, ""
	subject, body, err := renderTemplate(tm, message{tx: tx, c: c, camp: camp,
		terms: tr.terms().Or(s.terms.In(c.Tier, camp.DefaultCommission))}, sender)
	if err != nil {
		// Held for the staffer to write; it answers the invitation's subject.
		status, reason, body = outreach.InvitationQueued, "held: "+err.Error(), ""
		var first string
		if err := tx.QueryRowContext(ctx, `SELECT subject FROM invitations WHERE pipeline_id = ? AND purpose = ?
			ORDER BY id LIMIT 1`, r.pipelineID, string(outreach.PurposeInvitation)).Scan(&first); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		subject = ""
		if first != "" {
			subject = "Re: " + strings.TrimPrefix(first, "Re: ")
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO invitations (pipeline_id, campaign_id, channel, subject, body, status, reason, purpose, to_addr, due_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.pipelineID, camp.ID, string(r.inv.Channel), subject, body, string(status), reason,
		string(next), r.inv.ToAddr, due.Unix(), ts, ts)
	return err
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
		// The move calls off whatever of the sequence has not gone yet.
		if err := s.moveForInvitation(ctx, tx, r, outreach.Replied, ts, fmt.Sprintf("reply to invitation #%d", id)); err != nil {
			return fmt.Errorf("@%s: %w", r.inv.Handle, err)
		}
		return nil
	})
}

// moveForInvitation moves the invitation's pipeline (to invited or
// replied) the one way pipelines move.
func (s *Store) moveForInvitation(ctx context.Context, tx *sql.Tx, r invitationRow, to outreach.Stage, ts int64, note string) error {
	_, err := s.move(ctx, tx, pipelineMove{pipelineID: r.pipelineID, creatorID: r.creatorID, pos: r.pos, to: to,
		at: ts, note: note, source: invitationSource})
	return err
}
