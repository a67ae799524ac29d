package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"creatordesk/outreach"
)

// MaxNotes bounds a creator's notes.
const MaxNotes = outreach.MaxNotes

// creatorID finds a creator inside a transaction.
func creatorID(ctx context.Context, tx *sql.Tx, handle string) (int64, string, error) {
	h, err := outreach.NormalizeHandle(handle)
	if err != nil {
		return 0, "", fmt.Errorf("handle %q: %w", handle, err)
	}
	var id int64
	err = tx.QueryRowContext(ctx, "SELECT id FROM creators WHERE handle = ?", h).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, h, fmt.Errorf("no creator @%s: %w", h, ErrNotFound)
	}
	return id, h, err
}

// AddNote appends a dated line to a creator's notes ("2026-11-22 text"),
// keeping what was there.
func (s *Store) AddNote(ctx context.Context, handle, note string) error {
	note = strings.Join(strings.Fields(note), " ")
	if note == "" {
		return errors.New("the note is empty")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, _, err := creatorID(ctx, tx, handle)
		if err != nil {
			return err
		}
		var notes string
		if err := tx.QueryRowContext(ctx, "SELECT notes FROM creators WHERE id = ?", id).Scan(&notes); err != nil {
			return err
		}
		line := s.now().Format("2006-01-02") + " " + note
		if notes != "" {
			line = notes + "\n" + line
		}
		if len([]rune(line)) > MaxNotes {
			return fmt.Errorf("notes would be longer than %d characters", MaxNotes)
		}
		return s.writeNotes(ctx, tx, id, notes, line)
	})
}

// writeNotes replaces a creator's notes, recording the change; the same
// notes again write nothing.
func (s *Store) writeNotes(ctx context.Context, tx *sql.Tx, id int64, old, notes string) error {
	if old == notes {
		return nil
	}
	ts := s.now().Unix()
	if _, err := tx.ExecContext(ctx, "UPDATE creators SET notes = ?, updated_at = ? WHERE id = ?", notes, ts, id); err != nil {
		return err
	}
	return s.record(ctx, tx, "", ts, Change{CreatorID: id, Field: "notes", Old: old, New: notes})
}

// SetNotes replaces a creator's notes.
func (s *Store) SetNotes(ctx context.Context, handle, notes string) error {
	notes = strings.TrimSpace(notes)
	if len([]rune(notes)) > MaxNotes {
		return fmt.Errorf("notes are longer than %d characters", MaxNotes)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, _, err := creatorID(ctx, tx, handle)
		if err != nil {
			return err
		}
		var old string
		if err := tx.QueryRowContext(ctx, "SELECT notes FROM creators WHERE id = ?", id).Scan(&old); err != nil {
			return err
		}
		return s.writeNotes(ctx, tx, id, old, notes)
	})
}

// EditTags adds and removes a creator's tags (normalised as on import),
// recording each tag that comes or goes; a tag both added and removed is
// added.
func (s *Store) EditTags(ctx context.Context, handle string, add, remove []string) error {
	add, err := outreach.NormalizeTags(add)
	if err != nil {
		return err
	}
	remove, err = outreach.NormalizeTags(remove)
	if err != nil {
		return err
	}
	remove = slices.DeleteFunc(remove, func(t string) bool { return slices.Contains(add, t) })
	ts := s.now().Unix()
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, _, err := creatorID(ctx, tx, handle)
		if err != nil {
			return err
		}
		var changes []Change
		for _, t := range remove {
			r, err := tx.ExecContext(ctx, "DELETE FROM creator_tags WHERE creator_id = ? AND tag = ?", id, t)
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n > 0 {
				changes = append(changes, Change{CreatorID: id, Field: FieldTag, Old: t})
			}
		}
		for _, t := range add {
			r, err := tx.ExecContext(ctx, "INSERT INTO creator_tags (creator_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING", id, t)
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n > 0 {
				changes = append(changes, Change{CreatorID: id, Field: FieldTag, New: t})
			}
		}
		if len(changes) == 0 {
			return nil
		}
		for _, c := range changes {
			if err := s.record(ctx, tx, "", ts, c); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, "UPDATE creators SET updated_at = ? WHERE id = ?", ts, id)
		return err
	})
}

// GiveDiscountCode gives a micro creator their personal discount code in
// the campaign the campaign rule picks now, before they are a partner (to name it in the
// invitation), starting the pipeline at prospect if needed; a creator who
// has one keeps it. The percent off is the pipeline's, else the tier's.
func (s *Store) GiveDiscountCode(ctx context.Context, handle, campaign string) (string, error) {
	var code string
	ts := s.now().Unix()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		id, h, err := creatorID(ctx, tx, handle)
		if err != nil {
			return err
		}
		c, err := scanCreator(tx.QueryRowContext(ctx, "SELECT "+creatorColumns+" FROM creators c WHERE c.id = ?", id))
		if err != nil {
			return err
		}
		if c.Tier != outreach.Micro {
			return fmt.Errorf("@%s is %s tier: personal discount codes are for micro creators", h, c.Tier)
		}
		if c.DoNotContact {
			return fmt.Errorf("@%s is do-not-contact", h)
		}
		camp, err := s.resolveCampaign(ctx, tx, id, h, campaign)
		if err != nil {
			return err
		}
		if _, err := s.startPipeline(ctx, tx, id, camp.ID, outreach.Prospect, ts, "", ""); err != nil {
			return err
		}
		var pipelineID int64
		if err := tx.QueryRowContext(ctx, "SELECT id FROM pipelines WHERE creator_id = ? AND campaign_id = ?", id, camp.ID).Scan(&pipelineID); err != nil {
			return err
		}
		before, err := pipelineTerms(ctx, tx, pipelineID)
		if err != nil {
			return err
		}
		if code, err = giveDiscountCode(ctx, tx, pipelineID, s.terms.In(outreach.Micro, camp.DefaultCommission).DiscountPct); err != nil {
			return err
		}
		if code == "" {
			return fmt.Errorf("every code built from @%s is taken: set one by hand", h)
		}
		after, err := pipelineTerms(ctx, tx, pipelineID)
		if err != nil {
			return err
		}
		return s.recordTerms(ctx, tx, pipelineID, before, after, ts, "")
	})
	return code, err
}

// SetTerms sets the terms offered to a creator in the campaign the
// campaign rule picks, starting the pipeline at prospect if the creator is
// not in it. Zero fields are unset: the tier's defaults fill them when the
// creator becomes a partner. A discount code must be unique across the
// database.
func (s *Store) SetTerms(ctx context.Context, handle, campaign string, t outreach.Terms) error {
	t.DiscountCode = outreach.NormalizeDiscountCode(t.DiscountCode)
	if err := t.Validate(); err != nil {
		return err
	}
	ts := s.now().Unix()
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, h, err := creatorID(ctx, tx, handle)
		if err != nil {
			return err
		}
		camp, err := s.resolveCampaign(ctx, tx, id, h, campaign)
		if err != nil {
			return err
		}
		if _, err := s.startPipeline(ctx, tx, id, camp.ID, outreach.Prospect, ts, "", ""); err != nil {
			return err
		}
		var pipelineID int64
		err = tx.QueryRowContext(ctx, "SELECT id FROM pipelines WHERE creator_id = ? AND campaign_id = ?", id, camp.ID).Scan(&pipelineID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // a do-not-contact creator enters no pipeline (startPipeline)
		}
		if err != nil {
			return err
		}
		before, err := pipelineTerms(ctx, tx, pipelineID)
		if err != nil {
			return err
		}
		if t.DiscountCode != "" {
			var other string
			err := tx.QueryRowContext(ctx, `SELECT c.handle FROM pipelines k JOIN creators c ON c.id = k.creator_id
				WHERE k.discount_code = ? AND NOT (k.creator_id = ? AND k.campaign_id = ?)`, t.DiscountCode, id, camp.ID).Scan(&other)
			if err == nil {
				return fmt.Errorf("discount code %s is already @%s's", t.DiscountCode, other)
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE pipelines SET slot_fee_minor = ?, slot_fee_currency = ?, commission_bp = ?,
				sample_sku = ?, sample_qty = ?, sample_unit_cost_minor = ?, sample_currency = ?, discount_code = ?,
				discount_pct = ?, updated_at = ?
			WHERE id = ?`,
			nullIfZero(t.SlotFee.Minor), t.SlotFee.Currency, nullIfZero(int64(t.Commission)), strings.TrimSpace(t.SampleSKU),
			t.SampleQty, nullIfZero(t.SampleUnitCost.Minor), t.SampleUnitCost.Currency, nullIfEmpty(t.DiscountCode),
			nullIfZero(int64(t.DiscountPct)), ts, pipelineID)
		if err != nil {
			return fmt.Errorf("terms for @%s: %w", h, err)
		}
		after, err := pipelineTerms(ctx, tx, pipelineID)
		if err != nil {
			return err
		}
		return s.recordTerms(ctx, tx, pipelineID, before, after, ts, "")
	})
}

func nullIfZero(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
