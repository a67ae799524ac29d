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

// importBatch rows go into one multi-row INSERT; 50 keeps statements well
// under SQLite's parameter limit and was the fastest size measured.
const importBatch = 50

// ImportOptions set where imported creators enter the pipeline.
type ImportOptions struct {
	// Campaign puts every imported creator in this campaign's pipeline (at
	// the row's stage, else prospect), creating the campaign if needed,
	// whatever campaign a row names. With no campaign, a row that names
	// one enters that campaign's pipeline (created if needed), and a row
	// that carries a stage or terms enters the default campaign's; other
	// rows enter none.
	Campaign string
	// Source names the import in the event log ("import").
	Source string
	// DryRun counts what the import would do and writes nothing: it reads
	// in a transaction of its own and takes no write lock, so it runs
	// while another process writes. End it with Rollback.
	DryRun bool
	// Duplicate, when set, hears of each row whose handle came earlier in
	// the same file (at line first); the two are merged as a re-import
	// would merge them. It is called as the rows are written, a batch
	// after they were added.
	Duplicate func(file string, line, first int, handle string)
	// Overwrite takes the file's non-empty contacts (email, phone), notes
	// and terms over the values stored. Without it a stored value the
	// file contradicts is kept, and counted in ImportResult.Kept.
	Overwrite bool
	// Note, when set, hears of a row imported all but one field, and why
	// (a discount code that is another creator's). Called as the rows are
	// written.
	Note func(file string, line int, field, reason string)
}

// ImportResult counts what an import did.
type ImportResult struct {
	New        int // creators that did not exist before
	Updated    int // existing creators that were updated
	Duplicates int // rows whose handle appeared earlier in the same import
	Pipelines  int // pipelines started
	// Kept counts the stored values the file contradicted and the import
	// kept (none with ImportOptions.Overwrite).
	Kept Kept
	// CreatedCampaigns names the campaigns the import created, in order.
	CreatedCampaigns []string
}

// Import is one import in progress: a single write transaction that rows are
// added to in batches. Nothing is visible to other readers until Commit.
type Import struct {
	s         *Store
	ctx       context.Context
	tx        *sql.Tx
	threshold int64
	now       int64
	source    string
	maxID     int64        // creators with a larger id were created by this file
	indexed   int64        // creators up to this id were in the search index before the import
	file      string       // the file being added, named by NextFile
	files     int          // how many files NextFile has started
	fileFrom  ImportResult // result when the file began

	campaignID int64 // 0 until needed when no campaign was named
	explicit   bool  // a campaign was named: every row enters its pipeline
	// campaigns are the campaigns rows named so far, by campaignKey: their
	// id, or a negative one for a campaign a dry run would create.
	campaigns map[string]int64
	overwrite bool
	change    int64 // the history's change for what this import changes

	full     *sql.Stmt // the INSERT for a full batch, prepared once
	fullSeen *sql.Stmt // the same for import_seen
	batch    []batchRow
	inBat    map[string]int // handle → its row in batch
	result   ImportResult
	dupHook  func(file string, line, first int, handle string)
	noteHook func(file string, line int, field, reason string)
	release  func()  // ends the announcement that an import holds the database
	dry      *dryRun // set for a dry run
}

type batchRow struct {
	outreach.CreatorRow
	dup bool // the handle came earlier in this file
}

// The handles of the file being imported, with the line of each one's
// first row, are kept in a table of their own inside the import's
// transaction (created at the start, dropped before commit, so never seen
// by anyone else) rather than in memory: the importer's memory stays the
// same whatever the size of the file. SQLite's page cache bounds what of
// it is held in RAM.
const (
	createImportSeen = `CREATE TABLE import_seen (handle TEXT PRIMARY KEY, line BIGINT NOT NULL)`
	dropImportSeen   = `DROP TABLE import_seen`
)

// BeginImport starts an import transaction. Call NextFile at the start of
// each file and Add for each of its rows, then Commit, or Rollback to leave
// the database as it was.
func (s *Store) BeginImport(ctx context.Context, opt ImportOptions) (*Import, error) {
	if s.batch != nil {
		return nil, errors.New("an import runs in its own transaction, not inside a batch")
	}
	if opt.DryRun {
		return s.beginDryRun(ctx, opt)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, fileError(s.path, err)
	}
	im := &Import{s: s, ctx: ctx, tx: tx, now: s.now().Unix(), source: opt.Source, overwrite: opt.Overwrite,
		inBat: map[string]int{}, campaigns: map[string]int64{}, dupHook: opt.Duplicate, noteHook: opt.Note,
		release: s.announce("an import")}
	fail := func(err error) (*Import, error) {
		im.end()
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, createImportSeen); err != nil {
		return fail(err)
	}
	// New creators join the search index in one pass at commit, not row by
	// row through its trigger, which this transaction drops and restores
	// (migration 8 keeps their changes out of the index meanwhile).
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM creators`).Scan(&im.indexed); err != nil {
		return fail(err)
	}
	if err := setSetting(ctx, tx, settingSearchPending, strconv.FormatInt(im.indexed, 10)); err != nil {
		return fail(err)
	}
	// The same for the creator counts (migration 10).
	for _, q := range []string{`DROP TRIGGER creators_search_insert`, `DROP TRIGGER creators_count_insert`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fail(err)
		}
	}
	if im.source == "" {
		im.source = ByImport
	}
	// Whatever the import writes is by the import in the history.
	im.ctx = By(ctx, im.source)
	if im.threshold, err = s.headThreshold(ctx, tx); err != nil {
		return fail(err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM creators").Scan(&im.maxID); err != nil {
		return fail(err)
	}
	if im.change, err = changeOf(im.ctx, tx, im.source, im.now); err != nil {
		return fail(err)
	}
	if err := im.watchChanges(); err != nil {
		return fail(err)
	}
	if opt.Campaign != "" {
		c, err := s.campaign(ctx, tx, opt.Campaign)
		if err != nil && !isNotFound(err) {
			return fail(err)
		}
		if isNotFound(err) {
			name, _ := outreach.NormalizeCampaignName(opt.Campaign)
			if err := tx.QueryRowContext(ctx, `INSERT INTO campaigns (name, name_key, kind, created_at)
				VALUES (?, ?, ?, ?) RETURNING id`, name, campaignKey(name), string(outreach.Targeted), im.now).Scan(&c.ID); err != nil {
				return fail(err)
			}
			im.result.CreatedCampaigns = append(im.result.CreatedCampaigns, name)
		}
		im.campaignID, im.explicit = c.ID, true
	}
	return im, nil
}

// NextFile ends the file being added, if any, and starts the rows of the
// file called name (the name pipelines' "imported from" events and
// ImportOptions.Duplicate give). Each file counts as its own import, even
// inside one transaction (--strict, --dry-run): duplicates are found
// within a file, and a creator an earlier file created is updated, not new.
func (im *Import) NextFile(name string) (err error) {
	defer func() { err = fileError(im.s.path, err) }()
	if err := im.flush(); err != nil {
		return err
	}
	if im.files > 0 {
		if err := im.tx.QueryRowContext(im.ctx, "SELECT COALESCE(MAX(id), 0) FROM creators").Scan(&im.maxID); err != nil {
			return err
		}
		if _, err := im.tx.ExecContext(im.ctx, `DELETE FROM import_seen`); err != nil {
			return err
		}
		if im.dry == nil {
			if err := im.watchChanges(); err != nil { // from the new maxID on
				return err
			}
		}
		im.fileFrom = im.result
	}
	im.file = name
	im.files++
	return nil
}

// EndFile writes the rows of the current file still in the batch and
// says what the file has done; the first file's names the campaign the
// import created.
func (im *Import) EndFile() (ImportResult, error) {
	if err := im.flush(); err != nil {
		return im.result.since(im.fileFrom), fileError(im.s.path, err)
	}
	return im.result.since(im.fileFrom), nil
}

// since is what r adds to from.
func (r ImportResult) since(from ImportResult) ImportResult {
	d := ImportResult{New: r.New - from.New, Updated: r.Updated - from.Updated,
		Duplicates: r.Duplicates - from.Duplicates, Pipelines: r.Pipelines - from.Pipelines,
		Kept: r.Kept.minus(from.Kept)}
	if len(r.CreatedCampaigns) > len(from.CreatedCampaigns) {
		d.CreatedCampaigns = r.CreatedCampaigns[len(from.CreatedCampaigns):]
	}
	return d
}

// Add queues one validated row of the file NextFile started. A row whose
// handle came earlier in the same file is merged into it, as a re-import
// would merge them, and reported to ImportOptions.Duplicate.
func (im *Import) Add(row outreach.CreatorRow) (err error) {
	if im.files == 0 {
		return errors.New("import: Add before NextFile")
	}
	defer func() { err = fileError(im.s.path, err) }()
	// The same handle twice in one INSERT would update a row twice in one
	// statement, which PostgreSQL refuses: flush first.
	if _, in := im.inBat[row.Handle]; in || len(im.batch) == importBatch {
		if err := im.flush(); err != nil {
			return err
		}
	}
	im.inBat[row.Handle] = len(im.batch)
	im.batch = append(im.batch, batchRow{CreatorRow: row})
	return nil
}

// closeStmts closes the import's prepared statements (import_seen cannot
// be dropped under one).
func (im *Import) closeStmts() error {
	var err error
	for _, st := range []**sql.Stmt{&im.full, &im.fullSeen} {
		if *st != nil {
			err = errors.Join(err, (*st).Close())
			*st = nil
		}
	}
	return err
}

// markDuplicates records the batch's handles in import_seen and marks the
// rows whose handle an earlier batch of the file had.
func (im *Import) markDuplicates() error {
	args := make([]any, 0, 2*len(im.batch))
	for _, r := range im.batch {
		args = append(args, r.Handle, r.Line)
	}
	q := `INSERT INTO import_seen (handle, line) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?), ", len(im.batch)), ", ") +
		` ON CONFLICT (handle) DO NOTHING RETURNING handle`
	var rows *sql.Rows
	var err error
	if len(im.batch) == importBatch {
		if im.fullSeen == nil {
			if im.fullSeen, err = im.tx.PrepareContext(im.ctx, q); err != nil {
				return err
			}
		}
		rows, err = im.fullSeen.QueryContext(im.ctx, args...)
	} else {
		rows, err = im.tx.QueryContext(im.ctx, q, args...)
	}
	if err != nil {
		return err
	}
	fresh := make(map[string]bool, len(im.batch))
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			rows.Close()
			return err
		}
		fresh[h] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(fresh) == len(im.batch) {
		return nil
	}
	var dups []any
	for i := range im.batch {
		if !fresh[im.batch[i].Handle] {
			im.batch[i].dup = true
			im.result.Duplicates++
			dups = append(dups, im.batch[i].Handle)
		}
	}
	if im.dupHook == nil {
		return nil
	}
	first := make(map[string]int, len(dups))
	rows, err = im.tx.QueryContext(im.ctx, `SELECT handle, line FROM import_seen WHERE handle IN (`+placeholders(len(dups))+`)`, dups...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var h string
		var line int
		if err := rows.Scan(&h, &line); err != nil {
			rows.Close()
			return err
		}
		first[h] = line
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range im.batch {
		if r.dup {
			im.dupHook(im.file, r.Line, first[r.Handle], r.Handle)
		}
	}
	return nil
}

// Result is what the import has done so far (rows still in the batch are
// counted at Commit).
func (im *Import) Result() ImportResult { return im.result }

// Commit writes the last batch and commits.
func (im *Import) Commit() (_ ImportResult, err error) {
	if im.dry != nil {
		im.end()
		return im.result, errors.New("a dry run writes nothing: end it with Rollback")
	}
	defer func() { err = fileError(im.s.path, err) }()
	err = im.flush()
	if err == nil {
		err = im.closeStmts()
	}
	if err == nil {
		_, err = im.tx.ExecContext(im.ctx, dropImportSeen)
	}
	if err == nil {
		err = im.endChanges()
	}
	if err == nil {
		err = im.indexNew()
	}
	if err == nil {
		_, err = im.tx.ExecContext(im.ctx, `INSERT INTO creator_counts (tier, n)
			SELECT tier, COUNT(*) FROM creators WHERE id > ? GROUP BY tier
			ON CONFLICT (tier) DO UPDATE SET n = creator_counts.n + excluded.n`, im.indexed)
	}
	if err == nil {
		_, err = im.tx.ExecContext(im.ctx, `DELETE FROM settings WHERE key = ?`, settingSearchPending)
	}
	for _, q := range []string{searchInsertTrigger, countInsertTrigger} {
		if err == nil {
			_, err = im.tx.ExecContext(im.ctx, q)
		}
	}
	if err != nil {
		im.end()
		return im.result, err
	}
	defer im.release()
	err = im.tx.Commit()
	endChange(im.ctx, im.tx, err == nil)
	return im.result, err
}

// Rollback abandons the import; the database is as it was. Result still
// reports what would have been written (used by --dry-run).
func (im *Import) Rollback() (ImportResult, error) {
	err := im.flush()
	im.end()
	return im.result, err
}

// end rolls the transaction back and ends the announcement.
func (im *Import) end() {
	im.tx.Rollback()
	endChange(im.ctx, im.tx, false)
	im.release()
	if im.dry != nil {
		im.dry.conn.Close()
	}
}

const upsertCreatorColumns = `handle, display_name, region, category, followers, avg_views, engagement_bp,
	gmv30_minor, gmv30_currency, email, phone, notes, tier, tier_manual, created_at, updated_at`

// upsertCreatorConflict merges a row into an existing creator: figures and
// descriptions from the file win when given; contacts and notes, which a
// person may have edited, are only filled when empty (keepContact), or
// taken from the file with Overwrite (overwriteContact); a tier set by
// hand (creator set --tier) stays, and a file's tier column is kept and
// reported against it, unless Overwrite (keepTier, overwriteTier).
// RETURNING gives the tier, contacts and notes as they are now, which
// tells flush what was kept.
const upsertCreatorConflict = ` ON CONFLICT (handle) DO UPDATE SET
	display_name = CASE WHEN excluded.display_name <> '' THEN excluded.display_name ELSE creators.display_name END,
	region = CASE WHEN excluded.region <> '' THEN excluded.region ELSE creators.region END,
	category = CASE WHEN excluded.category <> '' THEN excluded.category ELSE creators.category END,
	followers = COALESCE(excluded.followers, creators.followers),
	avg_views = COALESCE(excluded.avg_views, creators.avg_views),
	engagement_bp = COALESCE(excluded.engagement_bp, creators.engagement_bp),
	gmv30_currency = CASE WHEN excluded.gmv30_minor IS NOT NULL THEN excluded.gmv30_currency ELSE creators.gmv30_currency END,
	gmv30_minor = COALESCE(excluded.gmv30_minor, creators.gmv30_minor),
	email = %[1]s,
	phone = %[2]s,
	notes = %[3]s,
	tier = %[4]s,
	tier_manual = CASE WHEN excluded.tier_manual = 1 THEN 1 ELSE creators.tier_manual END,
	updated_at = excluded.updated_at
RETURNING id, handle, tier, email, phone, notes`

// keepContact fills a contact only where it is empty; overwriteContact
// takes the file's where it has one.
const (
	keepContact      = `CASE WHEN creators.%[1]s = '' THEN excluded.%[1]s ELSE creators.%[1]s END`
	overwriteContact = `CASE WHEN excluded.%[1]s <> '' THEN excluded.%[1]s ELSE creators.%[1]s END`
	keepTier         = `CASE WHEN creators.tier_manual = 1 OR excluded.followers IS NULL AND excluded.tier_manual = 0
		THEN creators.tier ELSE excluded.tier END`
	overwriteTier = `CASE WHEN excluded.tier_manual = 1 THEN excluded.tier
		WHEN creators.tier_manual = 1 OR excluded.followers IS NULL THEN creators.tier
		ELSE excluded.tier END`
)

// upsertConflict is upsertCreatorConflict keeping or overwriting contacts.
func upsertConflict(overwrite bool) string {
	rule, tier := keepContact, keepTier
	if overwrite {
		rule, tier = overwriteContact, overwriteTier
	}
	return fmt.Sprintf(upsertCreatorConflict, fmt.Sprintf(rule, "email"), fmt.Sprintf(rule, "phone"), fmt.Sprintf(rule, "notes"), tier)
}

func (im *Import) flush() error {
	if len(im.batch) == 0 {
		return nil
	}
	defer func() {
		im.batch = im.batch[:0]
		clear(im.inBat)
	}()
	if err := im.markDuplicates(); err != nil {
		return fmt.Errorf("save creators: %w", err)
	}
	if im.dry != nil {
		return im.countDry()
	}
	ctx, tx := im.ctx, im.tx
	args := make([]any, 0, len(im.batch)*16)
	for _, r := range im.batch {
		c := r.Creator
		tier, manual := c.Tier, 0
		if c.TierManual && c.Tier.Valid() {
			manual = 1
		} else {
			tier = outreach.TierFor(c.Followers, im.threshold)
		}
		var gmv, gmvCur any = nil, ""
		if c.GMV30 != nil {
			gmv, gmvCur = c.GMV30.Minor, c.GMV30.Currency
		}
		args = append(args, c.Handle, c.DisplayName, c.Region, c.Category, optInt(c.Followers), optInt(c.AvgViews),
			optBP(c.Engagement), gmv, gmvCur, c.Email, c.Phone, c.Notes, string(tier), manual, im.now, im.now)
	}
	q := "INSERT INTO creators (" + upsertCreatorColumns + ") VALUES " +
		strings.TrimSuffix(strings.Repeat("("+placeholders(16)+"), ", len(im.batch)), ", ") + upsertConflict(im.overwrite)
	var rows *sql.Rows
	var err error
	if len(im.batch) == importBatch {
		if im.full == nil {
			if im.full, err = tx.PrepareContext(ctx, q); err != nil {
				return fmt.Errorf("save creators: %w", err)
			}
		}
		rows, err = im.full.QueryContext(ctx, args...)
	} else {
		rows, err = tx.QueryContext(ctx, q, args...)
	}
	if err != nil {
		return fmt.Errorf("save creators: %w", err)
	}
	ids := make(map[string]int64, len(im.batch))
	tiers := make(map[string]outreach.Tier, len(im.batch))
	for rows.Next() {
		var id int64
		var h, tier, email, phone, notes string
		if err := rows.Scan(&id, &h, &tier, &email, &phone, &notes); err != nil {
			rows.Close()
			return err
		}
		ids[h], tiers[h] = id, outreach.Tier(tier)
		if id > im.maxID {
			im.result.New++
		} else {
			im.result.Updated++
		}
		// A contact the file gives that differs from the one stored now
		// was kept (without Overwrite, the stored one was not empty).
		c := im.batch[im.inBat[h]].Creator
		im.result.Kept.Email += differs(c.Email, email)
		im.result.Kept.Phone += differs(c.Phone, phone)
		im.result.Kept.Notes += differs(c.Notes, notes)
		if c.TierManual && outreach.Tier(tier) != c.Tier {
			im.result.Kept.Tier++ // set by hand here, not as the file says
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("save creators: %w", err)
	}
	// A creator added twice (a duplicate in a later batch) is counted once.
	for _, r := range im.batch {
		if r.dup {
			if ids[r.Handle] > im.maxID {
				im.result.New--
			} else {
				im.result.Updated--
			}
		}
	}
	if err := im.saveTags(ids); err != nil {
		return err
	}
	return im.startPipelines(ids, tiers)
}

// differs is 1 when the file gives a value and it is not the one stored.
func differs(file, stored string) int {
	if file != "" && file != stored {
		return 1
	}
	return 0
}

func optInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func optBP(p *outreach.BasisPoints) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}
