package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"creatordesk/outreach"
)

// Limits on the fields a person types (an import has the same).
const (
	MaxDisplayName = 200 // characters
	MaxCategory    = 100 // characters
)

// CreatorEdit is a change to a creator's own fields, as typed: nil leaves a
// field alone and "" clears it (Tier "" is "auto"). Values are checked and
// normalised as an import does: Followers reads "1.2M", "12.5万" and
// "10万+", Tier is head, micro or auto (tiering by followers again).
type CreatorEdit struct {
	Name, Followers, Email, Phone, Region, Category, Tier *string
}

// Str is a helper for CreatorEdit fields.
func Str(s string) *string { return &s }

// FieldError says which field of an edit is wrong.
type FieldError struct {
	Field string // name, followers, email, phone, region, category, tier
	Err   error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// ExistsError refuses adding a creator who is already there.
type ExistsError struct{ Handle string }

func (e *ExistsError) Error() string {
	return fmt.Sprintf("@%s is already in creatordesk: change their fields with creator set", e.Handle)
}

// editRow is a creator's editable columns as stored.
type editRow struct {
	name, email, phone, region, category string
	followers                            sql.NullInt64
	tier                                 outreach.Tier
	manual                               bool
}

// apply checks e and applies it to r; the tier follows the followers when
// it is not set by hand.
func (e CreatorEdit) apply(r *editRow, threshold int64) error {
	text := func(field string, v *string, limit int, dst *string) error {
		if v == nil {
			return nil
		}
		s := strings.TrimSpace(*v)
		if i := strings.IndexFunc(s, unicode.IsControl); i >= 0 {
			return &FieldError{field, fmt.Errorf("%q holds a control character", s)}
		}
		if n := utf8.RuneCountInString(s); limit > 0 && n > limit {
			return &FieldError{field, fmt.Errorf("%d characters, the limit is %d", n, limit)}
		}
		*dst = s
		return nil
	}
	if err := text("name", e.Name, MaxDisplayName, &r.name); err != nil {
		return err
	}
	if err := text("category", e.Category, MaxCategory, &r.category); err != nil {
		return err
	}
	if e.Followers != nil {
		if s := strings.TrimSpace(*e.Followers); s == "" {
			r.followers = sql.NullInt64{}
		} else if n, _, err := outreach.ParseApproxCount(s); err != nil { // "10万+" as an import reads it
			return &FieldError{"followers", err}
		} else {
			r.followers = sql.NullInt64{Int64: n, Valid: true}
		}
	}
	if e.Email != nil {
		r.email = ""
		if s := strings.TrimSpace(*e.Email); s != "" {
			v, err := outreach.NormalizeEmail(s)
			if err != nil {
				return &FieldError{"email", err}
			}
			r.email = v
		}
	}
	if e.Phone != nil {
		r.phone = ""
		if s := strings.TrimSpace(*e.Phone); s != "" {
			v, err := outreach.NormalizePhone(s)
			if err != nil {
				return &FieldError{"phone", err}
			}
			r.phone = v
		}
	}
	if e.Region != nil {
		v, err := outreach.NormalizeRegion(*e.Region)
		if err != nil {
			return &FieldError{"region", err}
		}
		r.region = v
	}
	if e.Tier != nil {
		switch s := strings.ToLower(strings.TrimSpace(*e.Tier)); s {
		case "", "auto":
			r.manual = false
		default:
			t, err := outreach.ParseTier(s)
			if err != nil {
				return &FieldError{"tier", fmt.Errorf("%q is not a tier: use head, micro or auto", *e.Tier)}
			}
			r.tier, r.manual = t, true
		}
	}
	if !r.manual {
		var f *int64
		if r.followers.Valid {
			f = &r.followers.Int64
		}
		r.tier = outreach.TierFor(f, threshold)
	}
	return nil
}

// Check checks e's values as saving it would, without a creator or a
// database: the command line refuses a bad value before it makes one.
func (e CreatorEdit) Check() error {
	var r editRow
	return e.apply(&r, 0)
}

// tierValue is the history's text for a tier: "head", or "head (auto)"
// when the followers decide it.
func tierValue(t outreach.Tier, manual bool) string {
	if manual {
		return string(t)
	}
	return string(t) + " (auto)"
}

func countValue(n sql.NullInt64) string {
	if !n.Valid {
		return ""
	}
	return strconv.FormatInt(n.Int64, 10)
}

// changes lists the columns that differ between r and to, as history rows.
func (r editRow) changes(creatorID int64, to editRow) []Change {
	var out []Change
	add := func(field, old, new string) {
		if old != new {
			out = append(out, Change{CreatorID: creatorID, Field: field, Old: old, New: new})
		}
	}
	add("display_name", r.name, to.name)
	add("followers", countValue(r.followers), countValue(to.followers))
	add("email", r.email, to.email)
	add("phone", r.phone, to.phone)
	add("region", r.region, to.region)
	add("category", r.category, to.category)
	add("tier", tierValue(r.tier, r.manual), tierValue(to.tier, to.manual))
	return out
}

// AddCreator adds a creator by hand, tiered by followers unless e.Tier
// says, and starts their pipeline at prospect in campaign when one is
// named. Someone already in creatordesk is refused with an *ExistsError.
func (s *Store) AddCreator(ctx context.Context, handle string, e CreatorEdit, campaign string) (outreach.Creator, error) {
	h, err := outreach.NormalizeHandle(handle)
	if err != nil {
		return outreach.Creator{}, &FieldError{"handle", err}
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var exists bool
		if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM creators WHERE handle = ?)", h).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return &ExistsError{h}
		}
		threshold, err := s.headThreshold(ctx, tx)
		if err != nil {
			return err
		}
		var r editRow
		if err := e.apply(&r, threshold); err != nil {
			return err
		}
		var camp outreach.Campaign
		if strings.TrimSpace(campaign) != "" {
			if camp, err = s.campaign(ctx, tx, campaign); err != nil {
				return err
			}
		}
		ts := s.now().Unix()
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO creators (handle, display_name, region, category, followers, email, phone,
				tier, tier_manual, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			h, r.name, r.region, r.category, r.followers, r.email, r.phone, string(r.tier), r.manual, ts, ts).Scan(&id)
		if err != nil {
			return fmt.Errorf("add @%s: %w", h, err)
		}
		if err := s.record(ctx, tx, "", ts, Change{CreatorID: id, Field: "creator", New: h, Note: "added"}); err != nil {
			return err
		}
		for _, c := range (editRow{tier: r.tier, manual: r.manual}).changes(id, r) {
			if err := s.record(ctx, tx, "", ts, c); err != nil {
				return err
			}
		}
		if camp.ID != 0 {
			_, err = s.startPipeline(ctx, tx, id, camp.ID, outreach.Prospect, ts, "added by hand", "")
		}
		return err
	})
	if err != nil {
		return outreach.Creator{}, err
	}
	return s.Creator(ctx, h)
}

// UpdateCreator changes a creator's own fields, each change recorded in
// the history. It returns the creator as now stored and the history fields
// that changed (none when e changes nothing).
func (s *Store) UpdateCreator(ctx context.Context, handle string, e CreatorEdit) (outreach.Creator, []string, error) {
	var fields []string
	var h string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		var err error
		if id, h, err = creatorID(ctx, tx, handle); err != nil {
			return err
		}
		var r editRow
		var tier string
		if err := tx.QueryRowContext(ctx, `SELECT display_name, email, phone, region, category, followers, tier, tier_manual
			FROM creators WHERE id = ?`, id).Scan(&r.name, &r.email, &r.phone, &r.region, &r.category, &r.followers, &tier, &r.manual); err != nil {
			return err
		}
		r.tier = outreach.Tier(tier)
		threshold, err := s.headThreshold(ctx, tx)
		if err != nil {
			return err
		}
		to := r
		if err := e.apply(&to, threshold); err != nil {
			return err
		}
		cs := r.changes(id, to)
		if len(cs) == 0 {
			return nil
		}
		ts := s.now().Unix()
		_, err = tx.ExecContext(ctx, `UPDATE creators SET display_name = ?, email = ?, phone = ?, region = ?, category = ?,
				followers = ?, tier = ?, tier_manual = ?, updated_at = ? WHERE id = ?`,
			to.name, to.email, to.phone, to.region, to.category, to.followers, string(to.tier), to.manual, ts, id)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if err := s.record(ctx, tx, "", ts, c); err != nil {
				return err
			}
			fields = append(fields, c.Field)
		}
		return nil
	})
	if err != nil {
		return outreach.Creator{}, nil, err
	}
	c, err := s.Creator(ctx, h)
	return c, fields, err
}
