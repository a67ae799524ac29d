package store

import (
	"context"
	"database/sql"
	"errors"

	"creatordesk/outreach"
)

// dryRun is what an Import needs to count without writing. It reads in a
// deferred (read) transaction on a connection of its own, and keeps what it
// has seen in TEMP tables, which take no lock on the database: the
// handles of the file so far (import_seen, as a real import does), every
// creator the import has touched with the contacts and notes it would
// leave them (dry_seen), and the pipelines it would start (dry_piped), so
// that a later row or file counts as a re-import would.
type dryRun struct {
	conn *sql.Conn
}

func (s *Store) beginDryRun(ctx context.Context, opt ImportOptions) (*Import, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}) // BEGIN DEFERRED
	if err != nil {
		conn.Close()
		return nil, err
	}
	im := &Import{s: s, ctx: ctx, tx: tx, now: s.now().Unix(), source: opt.Source, overwrite: opt.Overwrite,
		inBat: map[string]int{}, campaigns: map[string]int64{}, dupHook: opt.Duplicate, noteHook: opt.Note,
		release: func() {}, dry: &dryRun{conn: conn}}
	fail := func(err error) (*Import, error) {
		im.end()
		return nil, err
	}
	for _, q := range []string{
		`CREATE TEMP TABLE import_seen (handle TEXT PRIMARY KEY, line BIGINT NOT NULL)`,
		`CREATE TEMP TABLE dry_seen (handle TEXT PRIMARY KEY, email TEXT NOT NULL, phone TEXT NOT NULL, notes TEXT NOT NULL)`,
		`CREATE TEMP TABLE dry_piped (handle TEXT NOT NULL, campaign_id BIGINT NOT NULL, PRIMARY KEY (handle, campaign_id))`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fail(err)
		}
	}
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM creators").Scan(&im.maxID); err != nil {
		return fail(err)
	}
	if opt.Campaign != "" {
		c, err := s.campaign(ctx, tx, opt.Campaign)
		switch {
		case isNotFound(err):
			name, _ := outreach.NormalizeCampaignName(opt.Campaign)
			im.result.CreatedCampaigns = append(im.result.CreatedCampaigns, name)
			c.ID = dryNewCampaign(len(im.result.CreatedCampaigns))
		case err != nil:
			return fail(err)
		}
		im.campaignID, im.explicit = c.ID, true
	}
	return im, nil
}

// dryNewCampaign stands for the nth campaign a dry run would create: an
// id no campaign has.
func dryNewCampaign(n int) int64 { return -int64(n) }

// countDry counts the batch as flush would write it: a creator is new
// unless the database or an earlier row of the import has them; a
// contact the file contradicts is kept as flush would keep it; a row
// enters the pipeline as startPipelines would put it there.
func (im *Import) countDry() error {
	ctx, tx := im.ctx, im.tx
	for _, r := range im.batch {
		var id int64
		var dnc bool
		var email, phone, notes, tier string
		var manual bool
		err := tx.QueryRowContext(ctx, "SELECT id, dnc, email, phone, notes, tier, tier_manual FROM creators WHERE handle = ?", r.Handle).
			Scan(&id, &dnc, &email, &phone, &notes, &tier, &manual)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		exists := err == nil
		err = tx.QueryRowContext(ctx, "SELECT email, phone, notes FROM dry_seen WHERE handle = ?", r.Handle).Scan(&email, &phone, &notes)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		seen := err == nil
		switch {
		case r.dup: // merged into its first row, counted there
		case exists || seen:
			im.result.Updated++
		default:
			im.result.New++
		}
		k := &im.result.Kept
		email, k.Email = im.dryContact(r.Email, email, k.Email)
		phone, k.Phone = im.dryContact(r.Phone, phone, k.Phone)
		notes, k.Notes = im.dryContact(r.Notes, notes, k.Notes)
		if exists && manual && r.TierManual && outreach.Tier(tier) != r.Tier && !im.overwrite {
			k.Tier++ // as flush keeps a tier set by hand
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO dry_seen (handle, email, phone, notes) VALUES (?, ?, ?, ?)
			ON CONFLICT (handle) DO UPDATE SET email = excluded.email, phone = excluded.phone, notes = excluded.notes`,
			r.Handle, email, phone, notes); err != nil {
			return err
		}
		if err := im.countDryPipeline(r.CreatorRow, id, exists, dnc); err != nil {
			return err
		}
	}
	return nil
}

// dryContact is what flush leaves of a contact stored as stored when the
// file gives file, and kept counted on.
func (im *Import) dryContact(file, stored string, kept int) (string, int) {
	switch {
	case file == "" || file == stored:
		return stored, kept
	case stored == "" || im.overwrite:
		return file, kept
	}
	return stored, kept + 1
}

// countDryPipeline counts the pipeline a row would start, and the terms
// it would keep in a pipeline that exists.
func (im *Import) countDryPipeline(r outreach.CreatorRow, id int64, exists, dnc bool) error {
	campID, ok, err := im.pipelineCampaign(r)
	if err != nil || !ok {
		return err
	}
	var piped int
	err = im.tx.QueryRowContext(im.ctx, "SELECT 1 FROM dry_piped WHERE handle = ? AND campaign_id = ?", r.Handle, campID).Scan(&piped)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if piped == 0 {
		started, err := im.wouldStart(id, exists, dnc, r.Stage, campID)
		if err != nil {
			return err
		}
		if started {
			im.result.Pipelines++
			if _, err := im.tx.ExecContext(im.ctx, "INSERT INTO dry_piped (handle, campaign_id) VALUES (?, ?)", r.Handle, campID); err != nil {
				return err
			}
		}
	}
	if r.Terms.IsZero() || !exists || campID < 0 {
		return nil
	}
	var stored termsRow
	err = im.tx.QueryRowContext(im.ctx, `SELECT `+termsColumns+` FROM pipelines k WHERE k.creator_id = ? AND k.campaign_id = ?`, id, campID).
		Scan(stored.dest()...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	fileTerms(stored, r.Terms, im.overwrite, &im.result.Kept)
	return nil
}

// wouldStart says whether startPipelines would start a pipeline for the
// creator (id, when exists) at stage in the campaign.
func (im *Import) wouldStart(id int64, exists, dnc bool, stage outreach.Stage, campID int64) (bool, error) {
	if !exists || campID < 0 {
		return !dnc || stage == outreach.DoNotContact, nil
	}
	if dnc && stage != outreach.DoNotContact {
		return false, nil
	}
	var one int
	err := im.tx.QueryRowContext(im.ctx, "SELECT 1 FROM pipelines WHERE creator_id = ? AND campaign_id = ?", id, campID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	return false, err
}
