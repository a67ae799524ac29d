package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"creatordesk/outreach"
)

// Template returns the message template for a tier and purpose: the
// staffer's edit if there is one, else the built-in default.
func (s *Store) Template(ctx context.Context, tier outreach.Tier, p outreach.Purpose) (outreach.Template, error) {
	return s.template(ctx, s.db, tier, p)
}

func (s *Store) template(ctx context.Context, q querier, tier outreach.Tier, p outreach.Purpose) (outreach.Template, error) {
	if !tier.Valid() || !p.Valid() {
		return outreach.Template{}, fmt.Errorf("no template for %q %q", tier, p)
	}
	t := outreach.Template{Tier: tier, Purpose: p, Custom: true}
	var updated int64
	err := q.QueryRowContext(ctx, `SELECT subject, body, updated_at FROM templates WHERE tier = ? AND purpose = ?`,
		string(tier), string(p)).Scan(&t.Subject, &t.Body, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return outreach.DefaultTemplate(tier, p), nil
	}
	t.UpdatedAt = time.Unix(updated, 0)
	return t, err
}

// Templates returns every tier's template for every purpose, head first.
func (s *Store) Templates(ctx context.Context) ([]outreach.Template, error) {
	var out []outreach.Template
	for _, tier := range []outreach.Tier{outreach.Head, outreach.Micro} {
		for _, p := range outreach.Purposes {
			t, err := s.Template(ctx, tier, p)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// SaveTemplate stores an edited template after checking it: a syntax
// error or an unknown placeholder is returned and the old template stays.
// Messages already queued keep the text they were rendered with.
func (s *Store) SaveTemplate(ctx context.Context, t outreach.Template) error {
	if !t.Tier.Valid() || !t.Purpose.Valid() {
		return fmt.Errorf("no template for %q %q", t.Tier, t.Purpose)
	}
	subject, err := outreach.NormalizeSubject(t.Subject)
	if err != nil {
		return fmt.Errorf("subject: %w", err)
	}
	t.Subject = subject
	if err := t.Check(); err != nil {
		return err
	}
	ts := s.now().Unix()
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO templates (tier, purpose, subject, body, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (tier, purpose) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at`,
			string(t.Tier), string(t.Purpose), t.Subject, t.Body, ts)
		return err
	})
}

// ResetTemplate drops the staffer's edit: the built-in default applies
// again.
func (s *Store) ResetTemplate(ctx context.Context, tier outreach.Tier, p outreach.Purpose) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM templates WHERE tier = ? AND purpose = ?`, string(tier), string(p))
		return err
	})
}
