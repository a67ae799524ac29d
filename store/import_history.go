package store

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// Kept counts, by field, the creators whose stored value an import kept
// although the file gave another (ImportOptions.Overwrite takes the file's).
type Kept struct {
	Email, Phone, Notes, Tier                                 int
	SlotFee, Commission, SampleSKU, DiscountCode, DiscountPct int
}

// KeptField is one field's count in Kept, named as the file's column.
type KeptField struct {
	Field string
	N     int
}

// Fields lists the fields with a count, in the order of a file's columns.
func (k Kept) Fields() []KeptField {
	var out []KeptField
	for _, f := range []KeptField{
		{"email", k.Email}, {"phone", k.Phone}, {"notes", k.Notes}, {"tier", k.Tier},
		{"slot_fee", k.SlotFee}, {"commission_pct", k.Commission}, {"sample_sku", k.SampleSKU},
		{"discount_code", k.DiscountCode}, {"discount_pct", k.DiscountPct},
	} {
		if f.N > 0 {
			out = append(out, f)
		}
	}
	return out
}

// Add is k and o together.
func (k Kept) Add(o Kept) Kept {
	return Kept{Email: k.Email + o.Email, Phone: k.Phone + o.Phone, Notes: k.Notes + o.Notes, Tier: k.Tier + o.Tier,
		SlotFee: k.SlotFee + o.SlotFee, Commission: k.Commission + o.Commission, SampleSKU: k.SampleSKU + o.SampleSKU,
		DiscountCode: k.DiscountCode + o.DiscountCode, DiscountPct: k.DiscountPct + o.DiscountPct}
}

func (k Kept) minus(o Kept) Kept {
	return k.Add(Kept{Email: -o.Email, Phone: -o.Phone, Notes: -o.Notes, Tier: -o.Tier, SlotFee: -o.SlotFee, Commission: -o.Commission,
		SampleSKU: -o.SampleSKU, DiscountCode: -o.DiscountCode, DiscountPct: -o.DiscountPct})
}

// The history of what an import changes on creators who existed before
// its file is written by a trigger that lives inside the import's
// transaction (created at the start and for each file, dropped before
// commit, like import_seen): it sees each row's old and new values in the
// upsert itself, so a re-import pays no extra statement. On the 100,000-row
// benchmark a re-import that changes nothing costs no measurable time
// more, and one that changes every creator's followers a third more, most
// of it the 100,000 rows the history gains; reading each batch's fields
// first and writing the differences from Go added more than twice what
// the trigger adds.
//
// historyFields are the creator columns it records, as the history names
// them (field, old value, new value: text, empty for none).
var historyFields = []struct{ field, value string }{
	{"display_name", "%s.display_name"},
	{"followers", "COALESCE(CAST(%s.followers AS TEXT), '')"},
	{"email", "%s.email"},
	{"phone", "%s.phone"},
	{"region", "%s.region"},
	{"category", "%s.category"},
	{"notes", "%s.notes"},
	{"tier", "%[1]s.tier || CASE WHEN %[1]s.tier_manual = 1 THEN '' ELSE ' (auto)' END"},
}

const dropHistoryTrigger = `DROP TRIGGER IF EXISTS import_history`

// watchChanges (re)creates the trigger for the file about to be read:
// creators with an id up to maxID existed before it.
func (im *Import) watchChanges() error {
	who := sqlText(whoOf(im.ctx, im.source))
	var when, inserts []string
	for _, f := range historyFields {
		o, n := fmt.Sprintf(f.value, "old"), fmt.Sprintf(f.value, "new")
		when = append(when, o+" IS NOT "+n)
		inserts = append(inserts, fmt.Sprintf(`INSERT INTO history (change_id, creator_id, at, field, old_value, new_value, who)
				SELECT %d, new.id, %d, '%s', %s, %s, %s WHERE %s <> %s;`, im.change, im.now, f.field, o, n, who, o, n))
	}
	q := fmt.Sprintf(`CREATE TRIGGER import_history AFTER UPDATE ON creators
		WHEN new.id <= %d AND (%s)
		BEGIN
			%s
		END`, im.maxID, strings.Join(when, " OR "), strings.Join(inserts, "\n"))
	for _, q := range []string{dropHistoryTrigger, q} {
		if _, err := im.tx.ExecContext(im.ctx, q); err != nil {
			return fmt.Errorf("history: %w", err)
		}
	}
	return nil
}

// sqlText quotes s as an SQL string literal.
func sqlText(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// endChanges drops the trigger before commit, and the import's change
// when it recorded nothing.
func (im *Import) endChanges() error {
	if _, err := im.tx.ExecContext(im.ctx, dropHistoryTrigger); err != nil {
		return err
	}
	res, err := im.tx.ExecContext(im.ctx, `DELETE FROM changes WHERE id = ?
		AND NOT EXISTS (SELECT 1 FROM history WHERE change_id = ?)`, im.change, im.change)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		openChanges.Delete(im.tx)
	}
	return nil
}

// saveTags adds the batch's tags; a tag new to a creator who existed
// before the file is recorded in the history.
func (im *Import) saveTags(ids map[string]int64) error {
	var args []any
	for _, r := range im.batch {
		for _, t := range r.Tags {
			args = append(args, ids[r.Handle], t)
		}
	}
	var added []Change
	for len(args) > 0 {
		n := min(len(args), 2*importBatch*4)
		chunk := args[:n]
		args = args[n:]
		q := "INSERT INTO creator_tags (creator_id, tag) VALUES " +
			strings.TrimSuffix(strings.Repeat("(?, ?), ", len(chunk)/2), ", ") +
			" ON CONFLICT DO NOTHING RETURNING creator_id, tag"
		rows, err := im.tx.QueryContext(im.ctx, q, chunk...)
		if err != nil {
			return fmt.Errorf("save tags: %w", err)
		}
		for rows.Next() {
			var c Change
			if err := rows.Scan(&c.CreatorID, &c.New); err != nil {
				rows.Close()
				return err
			}
			if c.CreatorID <= im.maxID {
				c.Field = FieldTag
				added = append(added, c)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("save tags: %w", err)
		}
	}
	return im.recordAll(added)
}

// recordAll writes changes into the history as record would, in as few
// statements as the parameter limit allows.
func (im *Import) recordAll(changes []Change) error {
	const per = 100 // rows per INSERT, 9 parameters each
	who := whoOf(im.ctx, im.source)
	for len(changes) > 0 {
		chunk := changes[:min(len(changes), per)]
		changes = changes[len(chunk):]
		args := make([]any, 0, 9*len(chunk))
		for _, c := range chunk {
			args = append(args, im.change, c.CreatorID, nullIfZero(c.CampaignID), im.now, c.Field, c.Old, c.New, c.Note, who)
		}
		_, err := im.tx.ExecContext(im.ctx, `INSERT INTO history (change_id, creator_id, campaign_id, at, field, old_value, new_value, note, who)
			VALUES `+strings.TrimSuffix(strings.Repeat("("+placeholders(9)+"), ", len(chunk)), ", "), args...)
		if err != nil {
			return fmt.Errorf("record: %w", err)
		}
	}
	return nil
}

// optText is a nullable column's value as the history writes it.
func optText(v sql.NullInt64) string {
	if !v.Valid {
		return ""
	}
	return strconv.FormatInt(v.Int64, 10)
}
