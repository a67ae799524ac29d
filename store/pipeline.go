package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"creatordesk/outreach"
)

// stageSort orders stages for sorting: the path, then the exits.
func stageSort(s outreach.Stage) int {
	if r := s.Rank(); r >= 0 {
		return r
	}
	for i, e := range outreach.Exits {
		if e == s {
			return len(outreach.Path) + i
		}
	}
	return len(outreach.Stages)
}

// milestones returns the columns stamped when a pipeline first reaches a
// funnel step.
var milestones = []struct {
	stage  outreach.Stage
	column string
}{
	{outreach.Invited, "invited_at"},
	{outreach.Replied, "replied_at"},
	{outreach.Partnered, "partnered_at"},
	{outreach.ContentPosted, "content_posted_at"},
}

// startPipeline creates a creator's pipeline in a campaign at stage (with
// the furthest stage it implies) unless one exists, and logs it. It reports
// whether it created one.
func (s *Store) startPipeline(ctx context.Context, tx *sql.Tx, creatorID, campaignID int64, stage outreach.Stage, at int64, note, source string) (bool, error) {
	if stage != outreach.DoNotContact {
		// A do-not-contact creator enters no new pipeline (an import with
		// --campaign, terms set by hand) except to record that.
		var dnc bool
		if err := tx.QueryRowContext(ctx, "SELECT dnc FROM creators WHERE id = ?", creatorID).Scan(&dnc); err != nil {
			return false, err
		}
		if dnc {
			return false, nil
		}
	}
	furthest := outreach.ImpliedFurthest(stage)
	args := []any{creatorID, campaignID, string(stage), stageSort(stage), furthest.Rank(), at}
	for _, m := range milestones {
		args = append(args, stampIf(furthest, m.stage, at))
	}
	args = append(args, at, at)
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO pipelines (creator_id, campaign_id, stage, stage_rank, furthest_rank, stage_at,
			invited_at, replied_at, partnered_at, content_posted_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (creator_id, campaign_id) DO NOTHING RETURNING id`, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("start pipeline: %w", err)
	}
	if err := s.logEvent(ctx, tx, id, at, "", stage, note, source); err != nil {
		return false, err
	}
	if stage.IsContact() {
		if err := contactedAt(ctx, tx, creatorID, at); err != nil {
			return false, err
		}
	}
	if stage == outreach.DoNotContact {
		// As a move there would: their other pipelines and waiting messages stop.
		var dnc bool
		if err := tx.QueryRowContext(ctx, "SELECT dnc FROM creators WHERE id = ?", creatorID).Scan(&dnc); err != nil {
			return false, err
		}
		if !dnc {
			if _, err := s.stopAll(ctx, tx, creatorID, id, note, source, at); err != nil {
				return false, err
			}
		}
	}
	return true, nil
}

// contactedAt moves a creator's last contact forward to ts (never back:
// moves may be recorded out of order).
func contactedAt(ctx context.Context, tx *sql.Tx, creatorID, ts int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE creators SET last_contact_at = ? WHERE id = ?
		AND (last_contact_at IS NULL OR last_contact_at < ?)`, ts, creatorID, ts)
	return err
}

func stampIf(furthest, step outreach.Stage, at int64) any {
	if furthest.Rank() >= step.Rank() {
		return at
	}
	return nil
}

// logEvent records a pipeline's stage move (from == to for a note on the
// pipeline, such as a sample's progress) in the history.
func (s *Store) logEvent(ctx context.Context, tx *sql.Tx, pipelineID, at int64, from, to outreach.Stage, note, source string) error {
	source = whoOf(ctx, source)
	change, err := changeOf(ctx, tx, source, at)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO history (change_id, creator_id, campaign_id, at, field, old_value, new_value, note, who)
		SELECT ?, creator_id, campaign_id, ?, 'stage', ?, ?, ?, ? FROM pipelines WHERE id = ?`,
		change, at, string(from), string(to), note, source, pipelineID)
	if err != nil {
		return fmt.Errorf("log event: %w", err)
	}
	return nil
}

// Move is a request to move a creator's pipeline in a campaign.
type Move struct {
	Handle   string // as typed: normalised here
	Campaign string // named or in view; "" goes by the campaign rule (ResolveCampaign)
	To       outreach.Stage
	Note     string
	Source   string    // cli, dashboard, import, demo
	At       time.Time // zero means now; a day before the pipeline's last move is refused
	// Correct puts a mistake right: the move goes backwards, or out of an
	// exit, under outreach.Position.CheckCorrection; Note (the reason) is
	// required. See correct.
	Correct bool
}

// MoveResult says what a move did.
type MoveResult struct {
	Handle   string
	Campaign string
	From, To outreach.Stage
	// AlsoStopped counts other campaigns' pipelines moved to do-not-contact
	// with this one.
	AlsoStopped int
	// Restored counts other campaigns' pipelines a correction out of
	// do-not-contact took back to where that do-not-contact found them.
	Restored int
	// CalledOff counts the waiting messages a correction called off.
	CalledOff int
}

// MoveStage moves a creator's pipeline in the campaign the campaign rule
// picks (inside the move's transaction), starting it at prospect if the
// creator is not in the campaign yet. The move is checked against the
// pipeline rules (a refused move is an *outreach.MoveError) and logged.
// Moving to do-not-contact marks the creator and stops every pipeline.
func (s *Store) MoveStage(ctx context.Context, m Move) (MoveResult, error) {
	res := MoveResult{To: m.To}
	handle, err := outreach.NormalizeHandle(m.Handle)
	if err != nil {
		return res, fmt.Errorf("handle %q: %w", m.Handle, err)
	}
	res.Handle = handle
	if m.Correct && strings.TrimSpace(m.Note) == "" {
		return res, errors.New("a correction needs a reason: give it as the note")
	}
	ts := s.now().Unix()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var creatorID int64
		var tier string
		var dnc bool
		err := tx.QueryRowContext(ctx, "SELECT id, tier, dnc FROM creators WHERE handle = ?", handle).Scan(&creatorID, &tier, &dnc)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("no creator @%s: %w", handle, ErrNotFound)
		}
		if err != nil {
			return err
		}
		camp, err := s.resolveCampaign(ctx, tx, creatorID, handle, m.Campaign)
		var ambiguous *AmbiguousCampaignError
		if errors.As(err, &ambiguous) && m.To == outreach.DoNotContact {
			// It stops every campaign whichever is named: the move is
			// logged in the one moved last, the others say why they stopped.
			camp, err = s.lastMovedCampaign(ctx, tx, creatorID)
		}
		if err != nil {
			return err
		}
		res.Campaign = camp.Name
		if dnc && m.To != outreach.DoNotContact && !m.Correct {
			// Refused by the rule, whether or not a pipeline exists here.
			return outreach.Position{Stage: outreach.DoNotContact, Tier: outreach.Tier(tier), DoNotContact: true}.CheckMove(m.To)
		}
		at, started := ts, false
		if !m.At.IsZero() {
			at = m.At.Unix()
		}
		if !m.Correct {
			if started, err = s.startPipeline(ctx, tx, creatorID, camp.ID, outreach.Prospect, at, "", m.Source); err != nil {
				return err
			}
		}
		var pipelineID, stageAt int64
		var stage string
		var furthest int
		var hasSample bool
		err = tx.QueryRowContext(ctx, `SELECT k.id, k.stage, k.furthest_rank, k.stage_at,
				EXISTS (SELECT 1 FROM samples sm WHERE sm.pipeline_id = k.id)
			FROM pipelines k WHERE k.creator_id = ? AND k.campaign_id = ?`, creatorID, camp.ID).
			Scan(&pipelineID, &stage, &furthest, &stageAt, &hasSample)
		if errors.Is(err, sql.ErrNoRows) && m.Correct {
			return fmt.Errorf("@%s is not in %s: there is nothing to correct", handle, camp.Name)
		}
		if err != nil {
			return err
		}
		if !m.At.IsZero() && !started {
			prev := stageAt
			if outreach.Stage(stage) == outreach.Prospect {
				// Added by hand or by an import before the work was
				// recorded: an invitation of last week is still last week's.
				prev = 0
			}
			if at, err = s.pastTime(m.At, prev, "the last move"); err != nil {
				return err
			}
		}
		if !m.At.IsZero() && m.To == outreach.DoNotContact && !m.Correct {
			// It stops every campaign: none before its own last move.
			var last int64
			var name string
			err := tx.QueryRowContext(ctx, `SELECT k.stage_at, cp.name FROM pipelines k JOIN campaigns cp ON cp.id = k.campaign_id
				WHERE k.creator_id = ? AND k.id <> ? AND k.stage <> ? ORDER BY k.stage_at DESC LIMIT 1`,
				creatorID, pipelineID, string(outreach.DoNotContact)).Scan(&last, &name)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if at, err = s.pastTime(time.Unix(at, 0), last, "the last move in "+name); err != nil {
				return err
			}
		}
		pos := outreach.Position{Stage: outreach.Stage(stage), Furthest: outreach.StageAt(furthest),
			Tier: outreach.Tier(tier), HasSample: hasSample, DoNotContact: dnc}
		res.From = pos.Stage
		mv := pipelineMove{pipelineID: pipelineID, creatorID: creatorID, pos: pos, to: m.To, at: at, note: m.Note, source: m.Source}
		if m.Correct {
			res.Restored, res.CalledOff, err = s.correct(ctx, tx, mv)
			return err
		}
		res.AlsoStopped, err = s.move(ctx, tx, mv)
		return err
	})
	return res, err
}

// pipelineMove is one move of one pipeline, inside a write transaction.
type pipelineMove struct {
	pipelineID, creatorID int64
	pos                   outreach.Position
	to                    outreach.Stage
	at                    int64
	note, source          string
}

// move is the one way a pipeline changes stage, whatever asked for it (a
// person, the queue, a sample update): checked against the rules, the row
// and its milestones updated, logged, last contact set; reaching partnered
// freezes the terms, and do-not-contact stops every campaign (it returns how
// many others it stopped).
func (s *Store) move(ctx context.Context, tx *sql.Tx, mv pipelineMove) (int, error) {
	if err := mv.pos.CheckMove(mv.to); err != nil {
		return 0, err
	}
	if err := s.applyMove(ctx, tx, mv.pipelineID, mv.pos, mv.to, mv.at); err != nil {
		return 0, err
	}
	if err := s.logEvent(ctx, tx, mv.pipelineID, mv.at, mv.pos.Stage, mv.to, mv.note, mv.source); err != nil {
		return 0, err
	}
	if mv.to.IsContact() {
		if err := contactedAt(ctx, tx, mv.creatorID, mv.at); err != nil {
			return 0, err
		}
	}
	if mv.to != outreach.DoNotContact { // stopAll says why
		if err := stopMessages(ctx, tx, mv.pipelineID, mv.to, mv.at); err != nil {
			return 0, err
		}
	}
	if mv.to == outreach.Replied {
		// A creator who answered in one campaign is not chased in another.
		if _, err := tx.ExecContext(ctx, `UPDATE invitations SET status = ?, reason = ?, updated_at = ?
			WHERE pipeline_id IN (SELECT id FROM pipelines WHERE creator_id = ? AND id <> ?)
			AND status IN `+stoppableStatuses+` AND purpose IN (?, ?)`,
			string(outreach.InvitationSkipped), "stopped: the creator replied in another campaign", mv.at,
			mv.creatorID, mv.pipelineID, string(outreach.PurposeFollowUp1), string(outreach.PurposeFollowUp2)); err != nil {
			return 0, err
		}
	}
	switch mv.to {
	case outreach.Partnered:
		return 0, s.freezeAndRecordTerms(ctx, tx, mv)
	case outreach.DoNotContact:
		return s.stopAll(ctx, tx, mv.creatorID, mv.pipelineID, mv.note, mv.source, mv.at)
	}
	return 0, nil
}

// stoppableStatuses are the statuses of a message waiting to go, not in
// the engine's hands: what a stage change may call off and what the quota
// plans for (outreach.InvitationStatus.Stoppable).
const stoppableStatuses = `('queued', 'approved', 'retry_wait')`

// stopMessages calls off the pipeline's open messages that a move to the
// stage makes pointless: a reply stops the follow-ups, for one.
func stopMessages(ctx context.Context, tx *sql.Tx, pipelineID int64, to outreach.Stage, ts int64) error {
	var stop []any
	for _, p := range outreach.Purposes {
		if p.StoppedBy(to) {
			stop = append(stop, string(p))
		}
	}
	if len(stop) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE invitations SET status = ?, reason = ?, updated_at = ?
		WHERE pipeline_id = ? AND status IN `+stoppableStatuses+` AND purpose IN (?`+strings.Repeat(", ?", len(stop)-1)+`)`,
		append([]any{string(outreach.InvitationSkipped), "stopped: moved to " + to.Label(), ts, pipelineID}, stop...)...)
	return err
}

// applyMove updates the pipeline row for a checked move, stamping the funnel
// milestones it reaches for the first time.
func (s *Store) applyMove(ctx context.Context, tx *sql.Tx, pipelineID int64, pos outreach.Position, to outreach.Stage, ts int64) error {
	next := pos.Next(to)
	q := `UPDATE pipelines SET stage = ?, stage_rank = ?, furthest_rank = ?, stage_at = ?, updated_at = ?`
	args := []any{string(to), stageSort(to), next.Furthest.Rank(), ts, ts}
	for _, m := range milestones {
		if next.Furthest.Rank() >= m.stage.Rank() {
			q += fmt.Sprintf(", %[1]s = COALESCE(%[1]s, ?)", m.column)
			args = append(args, ts)
		}
	}
	_, err := tx.ExecContext(ctx, q+" WHERE id = ?", append(args, pipelineID)...)
	return err
}

// freezeAndRecordTerms freezes the terms of mv's pipeline as it reaches
// partnered; the terms frozen go into the history with the move, so that
// undoing it takes them back too.
func (s *Store) freezeAndRecordTerms(ctx context.Context, tx *sql.Tx, mv pipelineMove) error {
	before, err := pipelineTerms(ctx, tx, mv.pipelineID)
	if err != nil {
		return err
	}
	if err := s.freezeTerms(ctx, tx, mv.pipelineID, mv.pos.Tier, mv.at); err != nil {
		return err
	}
	after, err := pipelineTerms(ctx, tx, mv.pipelineID)
	if err != nil {
		return err
	}
	return s.recordTerms(ctx, tx, mv.pipelineID, before, after, mv.at, "frozen at partnered")
}

// freezeTerms fills the terms a partnership was agreed on: terms set for
// the creator stay, the tier's defaults (with the campaign's commission)
// fill the rest; a micro partner without a code gets one.
func (s *Store) freezeTerms(ctx context.Context, tx *sql.Tx, pipelineID int64, tier outreach.Tier, ts int64) error {
	var tr termsRow
	var campaignCommission int64
	err := tx.QueryRowContext(ctx, `SELECT `+termsColumns+`, cp.default_commission_bp FROM pipelines k
		JOIN campaigns cp ON cp.id = k.campaign_id WHERE k.id = ?`, pipelineID).
		Scan(append(tr.dest(), &campaignCommission)...)
	if err != nil {
		return err
	}
	t := tr.terms().Or(s.terms.In(tier, outreach.BasisPoints(campaignCommission)))
	var fee, unitCost, commission, discount any
	if t.SlotFee.Minor > 0 {
		fee = t.SlotFee.Minor
	}
	if t.SampleUnitCost.Minor > 0 {
		unitCost = t.SampleUnitCost.Minor
	}
	if t.Commission > 0 {
		commission = int64(t.Commission)
	}
	if t.DiscountPct > 0 {
		discount = t.DiscountPct
	}
	_, err = tx.ExecContext(ctx, `UPDATE pipelines SET slot_fee_minor = ?, slot_fee_currency = ?, commission_bp = ?,
			sample_sku = ?, sample_qty = ?, sample_unit_cost_minor = ?, sample_currency = ?, discount_pct = ?, updated_at = ?
		WHERE id = ?`,
		fee, t.SlotFee.Currency, commission, t.SampleSKU, t.SampleQty, unitCost, t.SampleUnitCost.Currency, discount, ts, pipelineID)
	if err != nil || tier != outreach.Micro {
		return err
	}
	return assignDiscountCode(ctx, tx, pipelineID)
}

// assignDiscountCode gives a micro partner their personal code if they have
// none: the first of outreach.DiscountCodes not used anywhere yet.
func assignDiscountCode(ctx context.Context, tx *sql.Tx, pipelineID int64) error {
	_, err := giveDiscountCode(ctx, tx, pipelineID, 0)
	return err
}

// giveDiscountCode returns the pipeline's code, first giving it one (see
// assignDiscountCode) if it has none; pct is the percent off to build it
// from when the pipeline has none of its own. "" when every proposal is
// taken.
func giveDiscountCode(ctx context.Context, tx *sql.Tx, pipelineID int64, pct int) (string, error) {
	var code sql.NullString
	var ownPct sql.NullInt64
	var handle string
	err := tx.QueryRowContext(ctx, `SELECT k.discount_code, k.discount_pct, c.handle FROM pipelines k
		JOIN creators c ON c.id = k.creator_id WHERE k.id = ?`, pipelineID).Scan(&code, &ownPct, &handle)
	if err != nil || code.Valid {
		return code.String, err
	}
	if ownPct.Valid {
		pct = int(ownPct.Int64)
	}
	for c := range outreach.DiscountCodes(handle, pct) {
		var taken int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM pipelines WHERE discount_code = ?", c).Scan(&taken); err != nil {
			return "", err
		}
		if taken == 0 {
			_, err := tx.ExecContext(ctx, "UPDATE pipelines SET discount_code = ? WHERE id = ?", c, pipelineID)
			return c, err
		}
	}
	return "", nil // every proposal taken: the staffer sets one by hand
}

// stoppedNote starts the note of a pipeline stopped by a do-not-contact
// set in another; the reason follows.
const stoppedNote = "creator marked do-not-contact: "

// stopAll marks a creator do-not-contact and moves their other pipelines
// there too, each with an event.
func (s *Store) stopAll(ctx context.Context, tx *sql.Tx, creatorID, exceptCollab int64, reason, source string, ts int64) (int, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE creators SET dnc = 1, dnc_reason = ?, dnc_at = ?, updated_at = ? WHERE id = ?`,
		reason, ts, ts, creatorID); err != nil {
		return 0, err
	}
	// Nothing waiting to go out may reach them. A message being handed over
	// right now, or maybe out already, is left for the engine and the staffer.
	if _, err := tx.ExecContext(ctx, `UPDATE invitations SET status = ?, reason = ?, updated_at = ?
		WHERE pipeline_id IN (SELECT id FROM pipelines WHERE creator_id = ?) AND status IN `+stoppableStatuses,
		string(outreach.InvitationSkipped), "do not contact", ts, creatorID); err != nil {
		return 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, stage FROM pipelines WHERE creator_id = ? AND id <> ? AND stage <> ?`,
		creatorID, exceptCollab, string(outreach.DoNotContact))
	if err != nil {
		return 0, err
	}
	type open struct {
		id    int64
		stage outreach.Stage
	}
	var others []open
	for rows.Next() {
		var o open
		var st string
		if err := rows.Scan(&o.id, &st); err != nil {
			rows.Close()
			return 0, err
		}
		o.stage = outreach.Stage(st)
		others = append(others, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, o := range others {
		if _, err := tx.ExecContext(ctx, `UPDATE pipelines SET stage = ?, stage_rank = ?, stage_at = ?, updated_at = ? WHERE id = ?`,
			string(outreach.DoNotContact), stageSort(outreach.DoNotContact), ts, ts, o.id); err != nil {
			return 0, err
		}
		if err := s.logEvent(ctx, tx, o.id, ts, o.stage, outreach.DoNotContact, stoppedNote+reason, source); err != nil {
			return 0, err
		}
	}
	return len(others), nil
}

// Event is one entry of a pipeline's log.
type Event struct {
	At       time.Time
	Campaign string
	From, To outreach.Stage
	Note     string
	Source   string
}

// Events returns a creator's stage moves from the history, newest first,
// at most limit entries before the entry id before (0 for the newest).
func (s *Store) Events(ctx context.Context, handle string, before int64, limit int) ([]Event, int64, error) {
	h, err := outreach.NormalizeHandle(handle)
	if err != nil {
		return nil, 0, err
	}
	if before <= 0 {
		before = 1<<63 - 1
	}
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.at, cp.name, e.old_value, e.new_value, e.note, e.who
		FROM history e JOIN campaigns cp ON cp.id = e.campaign_id
		JOIN creators c ON c.id = e.creator_id
		WHERE c.handle = ? AND e.field = 'stage' AND e.id < ? ORDER BY e.id DESC LIMIT ?`, h, before, limit)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Event
	var last int64
	for rows.Next() {
		var e Event
		var at int64
		var from, to string
		if err := rows.Scan(&last, &at, &e.Campaign, &from, &to, &e.Note, &e.Source); err != nil {
			return nil, 0, err
		}
		e.At, e.From, e.To = time.Unix(at, 0), outreach.Stage(from), outreach.Stage(to)
		out = append(out, e)
	}
	return out, last, rows.Err()
}

func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
