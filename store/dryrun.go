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
// handles of the file so far (import_seen, as a real import does) and every
// handle the import has touched, with whether it has entered the pipeline
// (dry_seen), so that a later file counts as a re-import would.
type dryRun struct {
	conn *sql.Conn
	// newCampaign: the named campaign does not exist yet; the import
	// would create it, so every row would enter its pipeline.
	newCampaign bool
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
	im := &Import{s: s, ctx: ctx, tx: tx, now: s.now().Unix(), source: opt.Source,
		inBat: map[string]bool{}, dupHook: opt.Duplicate, release: func() {}, dry: &dryRun{conn: conn}}
	fail := func(err error) (*Import, error) {
		im.end()
		return nil, err
	}
	for _, q := range []string{
		`CREATE TEMP TABLE import_seen (handle TEXT PRIMARY KEY, line BIGINT NOT NULL)`,
		`CREATE TEMP TABLE dry_seen (handle TEXT PRIMARY KEY, piped INTEGER NOT NULL)`,
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
			im.result.CreatedCampaign, _ = outreach.NormalizeCampaignName(opt.Campaign)
			im.dry.newCampaign = true
		case err != nil:
			return fail(err)
		}
		im.campaignID, im.explicit = c.ID, true
	}
	return im, nil
}

// countDry counts the batch as flush would write it: a creator is new
// unless the database or an earlier row of the import has them; a row
// enters the pipeline as startPipelines would put it there.
func (im *Import) countDry() error {
	ctx, tx := im.ctx, im.tx
	for _, r := range im.batch {
		if r.dup {
			continue // merged into its first row, counted there
		}
		var id int64
		var dnc bool
		err := tx.QueryRowContext(ctx, "SELECT id, dnc FROM creators WHERE handle = ?", r.Handle).Scan(&id, &dnc)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		exists := err == nil
		var piped sql.NullBool
		err = tx.QueryRowContext(ctx, "SELECT piped FROM dry_seen WHERE handle = ?", r.Handle).Scan(&piped)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if exists || piped.Valid {
			im.result.Updated++
		} else {
			im.result.New++
		}
		started := false
		if (im.explicit || r.Stage != "") && !piped.Bool {
			if started, err = im.wouldStart(id, exists, dnc, r.Stage); err != nil {
				return err
			}
		}
		if started {
			im.result.Pipelines++
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO dry_seen (handle, piped) VALUES (?, ?)
			ON CONFLICT (handle) DO UPDATE SET piped = piped OR excluded.piped`, r.Handle, started); err != nil {
			return err
		}
	}
	return nil
}

// wouldStart says whether startPipelines would start a pipeline for the
// creator (id, when exists) at stage.
func (im *Import) wouldStart(id int64, exists, dnc bool, stage outreach.Stage) (bool, error) {
	if !exists || im.dry.newCampaign {
		return !dnc || stage == outreach.DoNotContact, nil
	}
	if dnc && stage != outreach.DoNotContact {
		return false, nil
	}
	if im.campaignID == 0 {
		c, err := im.s.campaign(im.ctx, im.tx, "")
		if err != nil {
			return false, err
		}
		im.campaignID = c.ID
	}
	var one int
	err := im.tx.QueryRowContext(im.ctx, "SELECT 1 FROM pipelines WHERE creator_id = ? AND campaign_id = ?", id, im.campaignID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	return false, err
}
