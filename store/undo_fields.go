package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"creatordesk/outreach"
)

// How an undo puts back each kind of row but the stage: a message's or a
// sample's status, a tag, the tier, a creator's column, a pipeline's
// terms. Each checks that the value is still the change's new one.

// The fields undo puts back besides stage, invitation, sample, tier and
// tag (see the field naming contract in history.go).
var (
	undoCreatorColumns = []string{"display_name", "followers", "email", "phone", "region", "category", "notes"}
	undoTermsColumns   = map[string]termsColumn{
		"commission_bp": intOrNull, "slot_fee_minor": intOrNull, "discount_pct": intOrNull, "sample_unit_cost_minor": intOrNull,
		"slot_fee_currency": text, "sample_sku": text, "sample_currency": text,
		"sample_qty": intOrZero, "discount_code": textOrNull,
	}
)

// termsColumn is how a pipeline column's history text is stored.
type termsColumn int

const (
	text termsColumn = iota
	textOrNull
	intOrNull
	intOrZero
)

func (k termsColumn) value(v string) (any, error) {
	switch {
	case v == "" && (k == textOrNull || k == intOrNull):
		return nil, nil
	case v == "" && k == intOrZero:
		return 0, nil
	case k == intOrNull || k == intOrZero:
		return strconv.ParseInt(v, 10, 64)
	}
	return v, nil
}

func (u *undoer) invitation(ctx context.Context, r undoRow) (string, error) {
	var status string
	var pipelineID int64
	var dnc bool
	err := u.tx.QueryRowContext(ctx, `SELECT i.status, i.pipeline_id, c.dnc FROM invitations i
		JOIN pipelines k ON k.id = i.pipeline_id JOIN creators c ON c.id = k.creator_id WHERE i.id = ?`, r.ref).Scan(&status, &pipelineID, &dnc)
	if errors.Is(err, sql.ErrNoRows) {
		return "", changed("message #%d to @%s is gone", r.ref, r.handle)
	}
	if err != nil {
		return "", err
	}
	if status != r.new {
		return "", changed("message #%d to @%s is %s now, not %s", r.ref, r.handle, status, r.new)
	}
	if r.old == "" {
		// The change queued it: it goes.
		if _, err := u.tx.ExecContext(ctx, `DELETE FROM invitations WHERE id = ?`, r.ref); err != nil {
			return "", err
		}
		return fmt.Sprintf("@%s's message #%d (%s) taken back", r.handle, r.ref, r.new), u.record(ctx, r)
	}
	if outreach.InvitationStatus(r.old).Open() {
		if dnc {
			return "", changed("@%s is do-not-contact now", r.handle)
		}
		if r.new == string(outreach.InvitationSent) {
			// The follow-up that sending queued goes with it.
			if _, err := u.tx.ExecContext(ctx, `UPDATE invitations SET status = ?, reason = ?, updated_at = ?
				WHERE pipeline_id = ? AND id > ? AND created_at >= ? AND status IN `+stoppableStatuses+` AND purpose IN (?, ?)`,
				string(outreach.InvitationSkipped), "called off: "+u.note, u.ts, pipelineID, r.ref, u.changeAt,
				string(outreach.PurposeFollowUp1), string(outreach.PurposeFollowUp2)); err != nil {
				return "", err
			}
		}
		var open bool
		if err := u.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM invitations WHERE pipeline_id = ? AND id <> ?
			AND status NOT IN `+closedStatuses+`)`, pipelineID, r.ref).Scan(&open); err != nil {
			return "", err
		}
		if open {
			return "", changed("another message to @%s in %s is open now", r.handle, r.campaign)
		}
	}
	if _, err := u.tx.ExecContext(ctx, `UPDATE invitations SET status = ?, reason = '',
			sent_at = CASE WHEN ? = 'sent' THEN sent_at END, updated_at = ? WHERE id = ?`, r.old, r.old, u.ts, r.ref); err != nil {
		return "", err
	}
	return fmt.Sprintf("@%s's message #%d: %s → %s", r.handle, r.ref, r.new, r.old), u.record(ctx, r)
}

func (u *undoer) sample(ctx context.Context, r undoRow) (string, error) {
	var status string
	err := u.tx.QueryRowContext(ctx, `SELECT status FROM samples WHERE id = ?`, r.ref).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return "", changed("sample %d of @%s is gone", r.ref, r.handle)
	}
	if err != nil {
		return "", err
	}
	if status != r.new {
		return "", changed("sample %d of @%s is %s now, not %s", r.ref, r.handle, sampleLabel(status), sampleLabel(r.new))
	}
	// What the steps after the old status recorded goes with them.
	clear := map[outreach.SampleStatus]string{
		outreach.SampleToShip:    ", shipped_at = NULL, delivered_at = NULL, content_due_at = NULL, content_posted_at = NULL, video_url = ''",
		outreach.SampleInTransit: ", delivered_at = NULL, content_due_at = NULL, content_posted_at = NULL, video_url = ''",
		outreach.SampleArrived:   ", content_posted_at = NULL, video_url = ''",
	}[outreach.SampleStatus(r.old)]
	if _, err := u.tx.ExecContext(ctx, `UPDATE samples SET status = ?`+clear+` WHERE id = ?`, r.old, r.ref); err != nil {
		return "", err
	}
	return fmt.Sprintf("@%s's sample: %s → %s", r.handle, sampleLabel(r.new), sampleLabel(r.old)), u.record(ctx, r)
}

func sampleLabel(s string) string { return strings.ReplaceAll(s, "_", " ") }

func (u *undoer) tag(ctx context.Context, r undoRow) (string, error) {
	tag, added := r.new, true
	if tag == "" {
		tag, added = r.old, false
	}
	var has bool
	if err := u.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM creator_tags WHERE creator_id = ? AND tag = ?)`,
		r.creatorID, tag).Scan(&has); err != nil {
		return "", err
	}
	switch {
	case added && !has:
		return "", changed("@%s no longer has the tag %s", r.handle, tag)
	case !added && has:
		return "", changed("@%s has the tag %s again", r.handle, tag)
	case added:
		_, err := u.tx.ExecContext(ctx, `DELETE FROM creator_tags WHERE creator_id = ? AND tag = ?`, r.creatorID, tag)
		return fmt.Sprintf("@%s: tag %s taken off", r.handle, tag), errors.Join(err, u.record(ctx, r))
	}
	_, err := u.tx.ExecContext(ctx, `INSERT INTO creator_tags (creator_id, tag) VALUES (?, ?)`, r.creatorID, tag)
	return fmt.Sprintf("@%s: tag %s back", r.handle, tag), errors.Join(err, u.record(ctx, r))
}

func (u *undoer) tier(ctx context.Context, r undoRow) (string, error) {
	var tier string
	var manual bool
	if err := u.tx.QueryRowContext(ctx, `SELECT tier, tier_manual FROM creators WHERE id = ?`, r.creatorID).Scan(&tier, &manual); err != nil {
		return "", err
	}
	if cur := tierValue(outreach.Tier(tier), manual); cur != r.new {
		return "", changed("@%s's tier is %s now, not %s", r.handle, cur, r.new)
	}
	old, auto := strings.CutSuffix(r.old, " (auto)")
	t, err := outreach.ParseTier(old)
	if err != nil {
		return "", fmt.Errorf("history row %d: tier %q: %w", r.id, r.old, err)
	}
	if _, err := u.tx.ExecContext(ctx, `UPDATE creators SET tier = ?, tier_manual = ?, updated_at = ? WHERE id = ?`,
		string(t), !auto, u.ts, r.creatorID); err != nil {
		return "", err
	}
	return fmt.Sprintf("@%s: tier %s → %s", r.handle, r.new, r.old), u.record(ctx, r)
}

func (u *undoer) creatorColumn(ctx context.Context, r undoRow) (string, error) {
	col := r.field // one of undoCreatorColumns: safe to name in SQL
	var cur string
	if err := u.tx.QueryRowContext(ctx, `SELECT COALESCE(CAST(`+col+` AS TEXT), '') FROM creators WHERE id = ?`, r.creatorID).Scan(&cur); err != nil {
		return "", err
	}
	if cur != r.new {
		return "", changed("@%s's %s is %q now, not %q", r.handle, col, cur, r.new)
	}
	var v any = r.old
	if col == "followers" {
		var err error
		if v, err = intOrNull.value(r.old); err != nil {
			return "", fmt.Errorf("history row %d: followers %q: %w", r.id, r.old, err)
		}
	}
	if _, err := u.tx.ExecContext(ctx, `UPDATE creators SET `+col+` = ?, updated_at = ? WHERE id = ?`, v, u.ts, r.creatorID); err != nil {
		return "", err
	}
	return fmt.Sprintf("@%s: %s %s → %s", r.handle, col, shown(r.new), shown(r.old)), u.record(ctx, r)
}

func (u *undoer) terms(ctx context.Context, r undoRow) (string, error) {
	col, kind := r.field, undoTermsColumns[r.field] // a key of undoTermsColumns: safe to name in SQL
	var pipelineID int64
	var cur string
	err := u.tx.QueryRowContext(ctx, `SELECT id, COALESCE(CAST(`+col+` AS TEXT), '') FROM pipelines WHERE creator_id = ? AND campaign_id = ?`,
		r.creatorID, r.campaignID).Scan(&pipelineID, &cur)
	if errors.Is(err, sql.ErrNoRows) {
		return "", changed("@%s is no longer in %s", r.handle, r.campaign)
	}
	if err != nil {
		return "", err
	}
	if cur != r.new {
		return "", changed("@%s's %s in %s is %q now, not %q", r.handle, col, r.campaign, cur, r.new)
	}
	v, err := kind.value(r.old)
	if err != nil {
		return "", fmt.Errorf("history row %d: %s %q: %w", r.id, col, r.old, err)
	}
	if col == "discount_code" && r.old != "" {
		var taken bool
		if err := u.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pipelines WHERE discount_code = ? AND id <> ?)`,
			r.old, pipelineID).Scan(&taken); err != nil {
			return "", err
		}
		if taken {
			return "", changed("the code %s is another creator's now", r.old)
		}
	}
	if _, err := u.tx.ExecContext(ctx, `UPDATE pipelines SET `+col+` = ?, updated_at = ? WHERE id = ?`, v, u.ts, pipelineID); err != nil {
		return "", err
	}
	return fmt.Sprintf("@%s in %s: %s %s → %s", r.handle, r.campaign, col, shown(r.new), shown(r.old)), u.record(ctx, r)
}
