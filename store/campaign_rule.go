package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"creatordesk/outreach"
)

// The campaign rule decides which campaign an action on one creator
// touches, wherever it is asked from (a command, the dashboard):
//   - the campaign named (a --campaign flag, the campaign in view);
//   - else the creator's only pipeline;
//   - with several pipelines, none: *AmbiguousCampaignError names them, to
//     ask which;
//   - with no pipeline, the default campaign.
//
// Do-not-contact is the exception to asking: it stops every campaign, so
// MoveStage takes the pipeline moved last rather than refuse.
//
// MoveStage, SetTerms, GiveDiscountCode and RecordSample with campaign ""
// (and Queue with ByRule) apply it inside their own write transaction, so
// a pipeline added at the same moment (an import) cannot slip between the
// choice and the change. ResolveCampaign answers the same question ahead,
// to show or to ask (it does not know the action: a do-not-contact move
// needs no asking).

// AmbiguousCampaignError says that no campaign was named and the creator
// has pipelines in several: the caller names one (the dashboard asks which
// of Campaigns).
type AmbiguousCampaignError struct {
	Handle    string
	Campaigns []string // by name, case-insensitively
}

func (e *AmbiguousCampaignError) Error() string {
	return fmt.Sprintf("@%s is in %d campaigns: %s — name one", e.Handle, len(e.Campaigns), strings.Join(e.Campaigns, ", "))
}

// ResolveCampaign returns the campaign an action on the creator touches by
// the campaign rule, named being the campaign named or in view ("" for
// none). A missing creator or named campaign is an error wrapping
// ErrNotFound; several pipelines and none named, an
// *AmbiguousCampaignError.
func (s *Store) ResolveCampaign(ctx context.Context, handle, named string) (outreach.Campaign, error) {
	h, err := outreach.NormalizeHandle(handle)
	if err != nil {
		return outreach.Campaign{}, fmt.Errorf("handle %q: %w", handle, err)
	}
	var id int64
	if err := s.db.QueryRowContext(ctx, "SELECT id FROM creators WHERE handle = ?", h).Scan(&id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return outreach.Campaign{}, fmt.Errorf("no creator @%s: %w", h, ErrNotFound)
		}
		return outreach.Campaign{}, err
	}
	return s.resolveCampaign(ctx, s.db, id, h, named)
}

// resolveCampaign applies the campaign rule for the creator with id
// (handle h, for the error) through q: inside a write transaction when the
// answer is acted on.
func (s *Store) resolveCampaign(ctx context.Context, q querier, creatorID int64, h, named string) (outreach.Campaign, error) {
	if strings.TrimSpace(named) != "" {
		return s.campaign(ctx, q, named)
	}
	rows, err := q.QueryContext(ctx, `SELECT cp.id, cp.name FROM pipelines k JOIN campaigns cp ON cp.id = k.campaign_id
		WHERE k.creator_id = ? ORDER BY cp.name_key LIMIT ?`, creatorID, MaxCampaigns)
	if err != nil {
		return outreach.Campaign{}, err
	}
	var ids []int64
	var names []string
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return outreach.Campaign{}, err
		}
		ids, names = append(ids, id), append(names, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return outreach.Campaign{}, err
	}
	switch len(ids) {
	case 0:
		return s.campaign(ctx, q, outreach.DefaultCampaign)
	case 1:
		return s.campaignByID(ctx, q, ids[0])
	}
	return outreach.Campaign{}, &AmbiguousCampaignError{Handle: h, Campaigns: names}
}

// lastMovedCampaign is the campaign of the creator's pipeline moved most
// recently (the one the dashboard's detail shows first).
func (s *Store) lastMovedCampaign(ctx context.Context, q querier, creatorID int64) (outreach.Campaign, error) {
	var id int64
	if err := q.QueryRowContext(ctx, `SELECT campaign_id FROM pipelines WHERE creator_id = ?
		ORDER BY stage_at DESC, id DESC LIMIT 1`, creatorID).Scan(&id); err != nil {
		return outreach.Campaign{}, err
	}
	return s.campaignByID(ctx, q, id)
}
