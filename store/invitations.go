package store

import (
	"context"
	"database/sql"
	"encoding/json"
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

// QueueRequest asks for messages of one purpose to creators in a campaign.
type QueueRequest struct {
	Handles  []string
	Campaign string // "" is the default campaign, unless ByRule
	// ByRule, with Campaign "", queues each creator in the campaign the
	// campaign rule picks (ResolveCampaign): for creators named one by one,
	// not a campaign's prospects.
	ByRule  bool
	Purpose outreach.Purpose // "" is a first invitation; follow-ups queue themselves
	DM      bool             // a TikTok DM even when email is set up and the creator has an address
	Approve bool             // ready to go without review
	// Tier narrows QueueMatching's "every creator at the purpose's
	// stages" to one tier; "" is both. Named Handles ignore it.
	Tier outreach.Tier
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
	spec := queueSpec{purpose: p, email: s.email && !req.DM, approve: req.Approve, byRule: req.ByRule}
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
	byRule  bool // campaign "": each creator's by the campaign rule
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
		// A campaign named (or the default) holds for every creator; by
		// the rule, each creator's is found in queueOne (camp.ID 0 here).
		var camp outreach.Campaign
		if strings.TrimSpace(campaign) != "" || !spec.byRule {
			if camp, err = s.campaign(ctx, tx, campaign); err != nil {
				return err
			}
		}
		seen := map[string]bool{}
		var ids []int64
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
			id, reason, err := s.queueOne(ctx, tx, h, camp, spec, render, ts)
			var ambiguous *AmbiguousCampaignError
			if errors.As(err, &ambiguous) {
				return err // it names the creator
			}
			if err != nil {
				return fmt.Errorf("@%s: %w", h, err)
			}
			if reason != "" {
				held = append(held, Held{Handle: h, Reason: reason})
				continue
			}
			queued++
			ids = append(ids, id)
		}
		return s.recordQueued(ctx, tx, ids, ts)
	})
	if err != nil {
		return 0, nil, err
	}
	return queued, held, nil
}

// queueOne queues one creator's message, or returns why not; camp.ID 0
// asks the campaign rule for the creator's campaign.
func (s *Store) queueOne(ctx context.Context, tx *sql.Tx, handle string, camp outreach.Campaign, spec queueSpec, render func(message) (string, string, error), ts int64) (int64, string, error) {
	c, err := scanCreator(tx.QueryRowContext(ctx, "SELECT "+creatorColumns+" FROM creators c WHERE c.handle = ?", handle))
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "no such creator", nil
	}
	if err != nil {
		return 0, "", err
	}
	if c.DoNotContact {
		return 0, "do not contact", nil
	}
	if camp.ID == 0 {
		if camp, err = s.resolveCampaign(ctx, tx, c.ID, c.Handle, ""); err != nil {
			return 0, "", err
		}
	}
	var pipelineID sql.NullInt64
	var stage string
	var tr termsRow
	err = tx.QueryRowContext(ctx, `SELECT k.id, k.stage, `+termsColumns+`
		FROM pipelines k WHERE k.creator_id = ? AND k.campaign_id = ?`, c.ID, camp.ID).
		Scan(append([]any{&pipelineID, &stage}, tr.dest()...)...)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, "", err
	}
	st := outreach.Stage(stage)
	switch spec.purpose {
	case outreach.PurposeInvitation:
		if pipelineID.Valid && st != outreach.Prospect {
			return 0, "already " + st.Label() + " in " + camp.Name, nil
		}
	case outreach.PurposeSampleReminder:
		if !st.IsSample() {
			return 0, "no sample out in " + camp.Name, nil
		}
	case outreach.PurposeThankYou:
		if st != outreach.ContentPosted {
			return 0, "no content posted in " + camp.Name, nil
		}
	}
	if pipelineID.Valid && (spec.purpose == outreach.PurposeThankYou || spec.purpose == outreach.PurposeSampleReminder) {
		// One thank-you per partnership; a reminder at most every few days.
		var last sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(sent_at) FROM invitations WHERE pipeline_id = ? AND purpose = ? AND status = ?`,
			pipelineID.Int64, string(spec.purpose), string(outreach.InvitationSent)).Scan(&last); err != nil {
			return 0, "", err
		}
		switch {
		case last.Valid && spec.purpose == outreach.PurposeThankYou:
			return 0, "thanked already on " + time.Unix(last.Int64, 0).Format("Jan 2"), nil
		case last.Valid && ts-last.Int64 < int64(reminderGap/time.Second):
			return 0, "reminded already on " + time.Unix(last.Int64, 0).Format("Jan 2"), nil
		}
	}
	if pipelineID.Valid {
		var open bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM invitations WHERE pipeline_id = ? AND status NOT IN `+closedStatuses+`)`,
			pipelineID.Int64).Scan(&open); err != nil {
			return 0, "", err
		}
		if open {
			return 0, "already queued in " + camp.Name, nil
		}
	}
	m := message{tx: tx, c: c, camp: camp, terms: tr.terms().Or(s.terms.In(c.Tier, camp.DefaultCommission))}
	if pipelineID.Valid && spec.purpose == outreach.PurposeSampleReminder {
		var due sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(content_due_at) FROM samples WHERE pipeline_id = ?`, pipelineID.Int64).Scan(&due); err != nil {
			return 0, "", err
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
		return 0, err.Error(), nil
	}
	if !pipelineID.Valid {
		if _, err := s.startPipeline(ctx, tx, c.ID, camp.ID, outreach.Prospect, ts, "", invitationSource); err != nil {
			return 0, "", err
		}
		if err := tx.QueryRowContext(ctx, "SELECT id FROM pipelines WHERE creator_id = ? AND campaign_id = ?", c.ID, camp.ID).
			Scan(&pipelineID); err != nil {
			return 0, "", err
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
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO invitations (pipeline_id, campaign_id, channel, subject, body, status, purpose, to_addr, due_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, pipelineID.Int64, camp.ID, string(channel), subject, body, string(status), string(spec.purpose), to, ts, ts, ts).Scan(&id)
	return id, "", err
}

// recordQueued writes the history's rows for the messages a queueing
// transaction queued (ids), in one statement for the whole page: field
// invitation, from "" to the status it was queued in, noting its purpose
// and channel.
func (s *Store) recordQueued(ctx context.Context, tx *sql.Tx, ids []int64, ts int64) error {
	if len(ids) == 0 {
		return nil
	}
	who := whoOf(ctx, "")
	change, err := changeOf(ctx, tx, who, ts)
	if err != nil {
		return err
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO history (change_id, creator_id, campaign_id, ref_id, at, field, old_value, new_value, note, who)
		SELECT ?, k.creator_id, i.campaign_id, i.id, ?, ?, '', i.status, i.purpose || ' by ' || i.channel, ?
		FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id
		WHERE i.id IN (SELECT value FROM json_each(?)) ORDER BY i.id`,
		change, ts, FieldInvitation, who, string(list))
	if err != nil {
		return fmt.Errorf("record queued messages: %w", err)
	}
	return nil
}
