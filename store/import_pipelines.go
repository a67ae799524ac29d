package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"creatordesk/outreach"
)

// pipelineCampaign is the campaign whose pipeline a row enters, and
// whether it enters one: the import's campaign when one was named, else
// the campaign the row names (created if new), else the default one for
// a row that carries a stage or terms. A dry run gives a negative id for
// a campaign it would create.
func (im *Import) pipelineCampaign(r outreach.CreatorRow) (int64, bool, error) {
	switch {
	case im.explicit:
		return im.campaignID, true, nil
	case r.Campaign != "":
		return im.namedCampaign(r.Campaign)
	case r.Stage == "" && r.Terms.IsZero():
		return 0, false, nil
	}
	if im.campaignID == 0 {
		c, err := im.s.campaign(im.ctx, im.tx, "")
		if err != nil {
			return 0, false, err
		}
		im.campaignID = c.ID
	}
	return im.campaignID, true, nil
}

// namedCampaign finds the campaign a row names, creating it (a dry run
// notes that it would) the first time the import meets a new one. An
// exported partners file names its campaigns; refusing the ones this
// database lacks would make moving the export to a new database fail, so
// they are created, and the summary names each one.
func (im *Import) namedCampaign(name string) (int64, bool, error) {
	key := campaignKey(name)
	if id, ok := im.campaigns[key]; ok {
		return id, true, nil
	}
	c, err := im.s.campaign(im.ctx, im.tx, name)
	switch {
	case err == nil:
	case !isNotFound(err):
		return 0, false, err
	case im.dry != nil:
		im.result.CreatedCampaigns = append(im.result.CreatedCampaigns, name)
		c.ID = dryNewCampaign(len(im.result.CreatedCampaigns))
	default:
		if err := im.tx.QueryRowContext(im.ctx, `INSERT INTO campaigns (name, name_key, kind, created_at)
			VALUES (?, ?, ?, ?) RETURNING id`, name, key, string(outreach.Targeted), im.now).Scan(&c.ID); err != nil {
			return 0, false, err
		}
		im.result.CreatedCampaigns = append(im.result.CreatedCampaigns, name)
	}
	im.campaigns[key] = c.ID
	return c.ID, true, nil
}

// startPipelines puts rows into their campaign's pipeline where they are
// not in it yet; a pipeline that exists keeps its stage. A pipeline
// started at partnered or beyond gets the terms a move to partnered
// gives (freezeTerms), after the file's own, and the file's partnered_at
// for its milestones.
func (im *Import) startPipelines(ids map[string]int64, tiers map[string]outreach.Tier) error {
	for _, r := range im.batch {
		campID, ok, err := im.pipelineCampaign(r.CreatorRow)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		stage := r.Stage
		if stage == "" {
			stage = outreach.Prospect
		}
		id := ids[r.Handle]
		started, err := im.s.startPipeline(im.ctx, im.tx, id, campID, stage, im.now,
			fmt.Sprintf("imported from %s:%d", im.file, r.Line), im.source)
		if err != nil {
			return err
		}
		if started {
			im.result.Pipelines++
		}
		partner := started && outreach.ImpliedFurthest(stage).Rank() >= outreach.Partnered.Rank()
		if !partner && r.Terms.IsZero() {
			continue
		}
		var pipelineID int64
		err = im.tx.QueryRowContext(im.ctx, `SELECT id FROM pipelines WHERE creator_id = ? AND campaign_id = ?`, id, campID).Scan(&pipelineID)
		if errors.Is(err, sql.ErrNoRows) {
			continue // a do-not-contact creator enters no pipeline
		}
		if err != nil {
			return err
		}
		if err := im.setTerms(pipelineID, id, campID, r.CreatorRow); err != nil {
			return err
		}
		if !partner {
			continue
		}
		if !r.PartneredAt.IsZero() {
			at := r.PartneredAt.Unix()
			if _, err := im.tx.ExecContext(im.ctx, `UPDATE pipelines SET invited_at = ?, replied_at = ?, partnered_at = ?,
				stage_at = CASE WHEN stage = ? THEN ? ELSE stage_at END WHERE id = ?`,
				at, at, at, string(outreach.Partnered), at, pipelineID); err != nil {
				return err
			}
		}
		if err := im.s.freezeTerms(im.ctx, im.tx, pipelineID, tiers[r.Handle], im.now); err != nil {
			return err
		}
	}
	return nil
}

// termColumn is one pipeline column a file's term sets: its value stored
// and in the file as the history writes them, and the value to store.
type termColumn struct {
	column       string
	stored, file string
	set          any
}

// fileTerms compares the terms a file gives with those stored: a term the
// pipeline lacks is filled, one it has with another value is kept
// (counted in kept) unless overwrite. It returns the columns to change.
func fileTerms(stored termsRow, t outreach.Terms, overwrite bool, kept *Kept) []termColumn {
	type term struct {
		has  bool // the pipeline has this term
		cols []termColumn
		kept *int
	}
	var terms []term
	if t.SlotFee.Currency != "" { // the file names a fee, if only a zero one
		fee := ""
		if t.SlotFee.Minor != 0 {
			fee = strconv.FormatInt(t.SlotFee.Minor, 10)
		}
		terms = append(terms, term{stored.fee.Valid, []termColumn{
			{"slot_fee_minor", optText(stored.fee), fee, nullIfZero(t.SlotFee.Minor)},
			{"slot_fee_currency", stored.feeCur, t.SlotFee.Currency, t.SlotFee.Currency}}, &kept.SlotFee})
	}
	if t.Commission != 0 {
		terms = append(terms, term{stored.commission.Valid, []termColumn{
			{"commission_bp", optText(stored.commission), strconv.Itoa(int(t.Commission)), int64(t.Commission)}}, &kept.Commission})
	}
	if t.SampleSKU != "" {
		terms = append(terms, term{stored.sku != "", []termColumn{
			{"sample_sku", stored.sku, t.SampleSKU, t.SampleSKU}}, &kept.SampleSKU})
	}
	if t.DiscountCode != "" {
		terms = append(terms, term{stored.code.Valid, []termColumn{
			{"discount_code", stored.code.String, t.DiscountCode, t.DiscountCode}}, &kept.DiscountCode})
	}
	if t.DiscountPct != 0 {
		terms = append(terms, term{stored.discountPct.Valid, []termColumn{
			{"discount_pct", optText(stored.discountPct), strconv.Itoa(t.DiscountPct), t.DiscountPct}}, &kept.DiscountPct})
	}
	var out []termColumn
	for _, tm := range terms {
		var diff []termColumn
		for _, c := range tm.cols {
			if c.stored != c.file {
				diff = append(diff, c)
			}
		}
		switch {
		case len(diff) == 0:
		case tm.has && !overwrite:
			*tm.kept++
		default:
			out = append(out, diff...)
		}
	}
	return out
}

// setTerms gives a pipeline the terms its row carries (see fileTerms),
// each change recorded in the history. A discount code that is another
// pipeline's is not set, and the row's note says so.
func (im *Import) setTerms(pipelineID, creatorID, campaignID int64, r outreach.CreatorRow) error {
	if r.Terms.IsZero() {
		return nil
	}
	var stored termsRow
	if err := im.tx.QueryRowContext(im.ctx, `SELECT `+termsColumns+` FROM pipelines k WHERE k.id = ?`, pipelineID).
		Scan(stored.dest()...); err != nil {
		return err
	}
	changes := fileTerms(stored, r.Terms, im.overwrite, &im.result.Kept)
	q, args := "UPDATE pipelines SET updated_at = ?", []any{im.now}
	for _, c := range changes {
		if c.column == "discount_code" {
			var other string
			err := im.tx.QueryRowContext(im.ctx, `SELECT c.handle FROM pipelines k JOIN creators c ON c.id = k.creator_id
				WHERE k.discount_code = ? AND k.id <> ?`, c.set, pipelineID).Scan(&other)
			if err == nil {
				im.note(r.Line, "discount_code", fmt.Sprintf("%s is already @%s's; not set", c.file, other))
				continue
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		q += ", " + c.column + " = ?"
		args = append(args, c.set)
		if err := im.s.record(im.ctx, im.tx, im.source, im.now, Change{CreatorID: creatorID, CampaignID: campaignID,
			Field: c.column, Old: c.stored, New: c.file}); err != nil {
			return err
		}
	}
	if len(args) == 1 {
		return nil
	}
	_, err := im.tx.ExecContext(im.ctx, q+" WHERE id = ?", append(args, pipelineID)...)
	return err
}

// note tells ImportOptions.Note about a row of the file being read.
func (im *Import) note(line int, field, reason string) {
	if im.noteHook != nil {
		im.noteHook(im.file, line, field, reason)
	}
}
