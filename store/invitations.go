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

// QueueDefaultInvitations queues first invitations rendered from the
// stored templates (Template), signed with Sender, by email to creators
// with an address when email is set up (Options.Email), else as DMs.
func (s *Store) QueueDefaultInvitations(ctx context.Context, handles []string, campaign string) (int, []Held, error) {
	return s.Queue(ctx, QueueRequest{Handles: handles, Campaign: campaign})
}

// QueueRequest asks for messages of one purpose to creators in a campaign.
type QueueRequest struct {
	Handles  []string
	Campaign string           // "" is the default campaign
	Purpose  outreach.Purpose // "" is a first invitation; follow-ups queue themselves
	DM       bool             // a TikTok DM even when email is set up and the creator has an address
	Approve  bool             // ready to go without review
}

// Queue queues a message from the stored template for the purpose to each
// creator, like QueueInvitations. A first invitation needs a prospect, a
// sample reminder a sample out, a thank-you posted content.
func (s *Store) Queue(ctx context.Context, req QueueRequest) (int, []Held, error) {
	sender, err := s.Sender(ctx)
	if err != nil {
		return 0, nil, err
	}
	if sender == "" {
		return 0, nil, ErrNoSender
	}
	p := req.Purpose
	if p == "" {
		p = outreach.PurposeInvitation
	}
	if !p.Valid() {
		return 0, nil, fmt.Errorf("queue: %q is not a message purpose", p)
	}
	if p == outreach.PurposeFollowUp1 || p == outreach.PurposeFollowUp2 {
		return 0, nil, errors.New("follow-ups are queued on their own after an invitation goes unanswered")
	}
	spec := queueSpec{purpose: p, email: s.email && !req.DM, approve: req.Approve}
	return s.queue(ctx, req.Handles, req.Campaign, spec, func(m message) (string, string, error) {
		tm, err := s.template(ctx, m.tx, m.c.Tier, p)
		if err != nil {
			return "", "", err
		}
		return renderTemplate(tm, m, sender)
	})
}

// renderTemplate writes a message from a template, checked as a message that may
// go.
func renderTemplate(tm outreach.Template, m message, sender string) (subject, body string, err error) {
	subject, body, err = outreach.RenderFor(tm, m.c, m.camp, m.terms, sender, m.contentDue)
	if err == nil {
		subject, err = outreach.NormalizeSubject(subject)
	}
	if err == nil {
		body, err = outreach.NormalizeMessageBody(body)
	}
	return subject, body, err
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
	return s.queue(ctx, handles, campaign, queueSpec{purpose: outreach.PurposeInvitation}, func(m message) (string, string, error) {
		return render(m.c, m.camp, m.terms)
	})
}

// reminderGap is the least time between two sample reminders.
const reminderGap = 3 * 24 * time.Hour

// queueSpec is what kind of message queue writes, and how it goes.
type queueSpec struct {
	purpose outreach.Purpose
	email   bool // by email when the creator has an address
	approve bool
}

// message is what a message is rendered from, read inside the queueing
// transaction.
type message struct {
	tx         *sql.Tx
	c          outreach.Creator
	camp       outreach.Campaign
	terms      outreach.Terms
	contentDue time.Time
}

func (s *Store) queue(ctx context.Context, handles []string, campaign string, spec queueSpec, render func(message) (string, string, error)) (queued int, held []Held, err error) {
	if len(handles) > MaxPage {
		return 0, nil, fmt.Errorf("queue: %d creators at once, at most %d", len(handles), MaxPage)
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
			reason, err := s.queueOne(ctx, tx, h, camp, spec, render, ts)
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

// queueOne queues one creator's message, or returns why not.
func (s *Store) queueOne(ctx context.Context, tx *sql.Tx, handle string, camp outreach.Campaign, spec queueSpec, render func(message) (string, string, error), ts int64) (string, error) {
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
	st := outreach.Stage(stage)
	switch spec.purpose {
	case outreach.PurposeInvitation:
		if collabID.Valid && st != outreach.Prospect {
			return "already " + st.Label() + " in " + camp.Name, nil
		}
	case outreach.PurposeSampleReminder:
		if st != outreach.SampleShipped && st != outreach.SampleDelivered {
			return "no sample out in " + camp.Name, nil
		}
	case outreach.PurposeThankYou:
		if st != outreach.ContentPosted {
			return "no content posted in " + camp.Name, nil
		}
	}
	if collabID.Valid && (spec.purpose == outreach.PurposeThankYou || spec.purpose == outreach.PurposeSampleReminder) {
		// One thank-you per partnership; a reminder at most every few days.
		var last sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(sent_at) FROM invitations WHERE collab_id = ? AND purpose = ? AND status = ?`,
			collabID.Int64, string(spec.purpose), string(outreach.InvitationSent)).Scan(&last); err != nil {
			return "", err
		}
		switch {
		case last.Valid && spec.purpose == outreach.PurposeThankYou:
			return "thanked already on " + time.Unix(last.Int64, 0).Format("Jan 2"), nil
		case last.Valid && ts-last.Int64 < int64(reminderGap/time.Second):
			return "reminded already on " + time.Unix(last.Int64, 0).Format("Jan 2"), nil
		}
	}
	if collabID.Valid {
		var open bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM invitations WHERE collab_id = ? AND status NOT IN `+closedStatuses+`)`,
			collabID.Int64).Scan(&open); err != nil {
			return "", err
		}
		if open {
			return "already queued in " + camp.Name, nil
		}
	}
	m := message{tx: tx, c: c, camp: camp, terms: tr.terms().Or(s.terms.In(c.Tier, camp.DefaultCommission))}
	if collabID.Valid && spec.purpose == outreach.PurposeSampleReminder {
		var due sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(content_due_at) FROM samples WHERE collab_id = ?`, collabID.Int64).Scan(&due); err != nil {
			return "", err
		}
		m.contentDue = fromUnix(due)
	}
	subject, body, err := render(m)
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
	channel, to := outreach.ChannelDM, ""
	if spec.email && c.Email != "" {
		channel, to = outreach.ChannelEmail, c.Email
	}
	status := outreach.InvitationQueued
	if spec.approve {
		status = outreach.InvitationApproved
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO invitations (collab_id, channel, subject, body, status, purpose, to_addr, due_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, collabID.Int64, string(channel), subject, body, string(status), string(spec.purpose), to, ts, ts, ts)
	return "", err
}

// quotaCost is true for a first invitation to a creator never invited in
// any campaign: what TikTok's weekly quota counts.
const quotaCost = `(i.purpose = 'invitation' AND NOT EXISTS (SELECT 1 FROM collabs k2
		WHERE k2.creator_id = k.creator_id AND k2.invited_at IS NOT NULL))`

const invitationSelect = `SELECT i.id, c.handle, cp.name, c.tier, k.stage, i.channel, i.subject, i.body, i.status,
		i.created_at, i.sent_at, i.reason, i.purpose, i.to_addr, i.due_at, i.attempts,
		CASE WHEN i.status IN ` + stoppableStatuses + ` AND ` + quotaCost + ` THEN 1 ELSE 0 END
	FROM invitations i JOIN collabs k ON k.id = i.collab_id
	JOIN creators c ON c.id = k.creator_id JOIN campaigns cp ON cp.id = k.campaign_id`

func scanInvitation(r scanner) (outreach.Invitation, error) {
	var inv outreach.Invitation
	var tier, stage, channel, status string
	var created int64
	var sent, due sql.NullInt64
	var purpose string
	var costs bool
	err := r.Scan(&inv.ID, &inv.Handle, &inv.CampaignName, &tier, &stage, &channel, &inv.Subject, &inv.Body, &status,
		&created, &sent, &inv.Reason, &purpose, &inv.ToAddr, &due, &inv.Attempts, &costs)
	if err != nil {
		return inv, err
	}
	inv.Purpose, inv.DueAt = outreach.Purpose(purpose), fromUnix(due)
	if costs {
		inv.QuotaRank = -1 // filled in by quotaRanks
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
	if err != nil {
		return inv, err
	}
	invs := []outreach.Invitation{inv}
	err = s.quotaRanks(ctx, invs)
	return invs[0], err
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
	if err := rows.Err(); err != nil {
		return page, err
	}
	rows.Close()
	return page, s.quotaRanks(ctx, page.Invitations)
}

// QuotaWaiting counts the open first invitations, in every campaign, that
// will spend quota when they go.
func (s *Store) QuotaWaiting(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM invitations i JOIN collabs k ON k.id = i.collab_id
		WHERE i.status IN `+stoppableStatuses+` AND `+quotaCost).Scan(&n)
	return n, err
}

// quotaRanks numbers the invitations that spend quota by their place in
// the line of all such open invitations, oldest first.
func (s *Store) quotaRanks(ctx context.Context, invs []outreach.Invitation) error {
	for i := range invs {
		if invs[i].QuotaRank != -1 {
			continue
		}
		err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM invitations i JOIN collabs k ON k.id = i.collab_id
			WHERE i.status IN `+stoppableStatuses+` AND i.id <= ? AND `+quotaCost, invs[i].ID).Scan(&invs[i].QuotaRank)
		if err != nil {
			return err
		}
	}
	return nil
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
	invitedAt time.Time // when the pipeline first reached invited
	body      string
	subject   string
}

func loadInvitation(ctx context.Context, tx *sql.Tx, id int64) (invitationRow, error) {
	var r invitationRow
	var status, stage, tier, handle, purpose, channel string
	var furthest int
	var invited sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT i.subject, i.body, i.status, i.purpose, i.channel, i.to_addr, k.id, k.creator_id, c.handle, c.dnc, c.tier,
			k.stage, k.furthest_rank, k.invited_at, EXISTS (SELECT 1 FROM samples sm WHERE sm.collab_id = k.id)
		FROM invitations i JOIN collabs k ON k.id = i.collab_id JOIN creators c ON c.id = k.creator_id
		WHERE i.id = ?`, id).Scan(&r.subject, &r.body, &status, &purpose, &channel, &r.inv.ToAddr, &r.collabID, &r.creatorID, &handle, &r.dnc, &tier,
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
		return changeInvitationStatus(ctx, tx, id, r.inv.Status, status, reason, nil, ts)
	})
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
		return s.recordSent(ctx, tx, r, ts, "sent by hand")
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
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM invitations i JOIN collabs k ON k.id = i.collab_id
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
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM invitations WHERE collab_id = ? AND status = ? AND purpose IN (?, ?)`,
		r.collabID, string(outreach.InvitationSent), string(outreach.PurposeFollowUp1), string(outreach.PurposeFollowUp2)).Scan(&done); err != nil {
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
	if err := tx.QueryRowContext(ctx, `SELECT campaign_id, `+termsColumns+` FROM collabs k WHERE k.id = ?`, r.collabID).
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
		if err := tx.QueryRowContext(ctx, `SELECT subject FROM invitations WHERE collab_id = ? AND purpose = ?
			ORDER BY id LIMIT 1`, r.collabID, string(outreach.PurposeInvitation)).Scan(&first); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		subject = ""
		if first != "" {
			subject = "Re: " + strings.TrimPrefix(first, "Re: ")
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO invitations (collab_id, channel, subject, body, status, reason, purpose, to_addr, due_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.collabID, string(r.inv.Channel), subject, body, string(status), reason,
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
	_, err := s.move(ctx, tx, pipelineMove{collabID: r.collabID, creatorID: r.creatorID, pos: r.pos, to: to,
		at: ts, note: note, source: invitationSource})
	return err
}
