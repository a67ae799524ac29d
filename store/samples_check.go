package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"creatordesk/outreach"
)

// samplePipeline is the pipeline of creator h in camp that a sample goes
// to, or why there is none: the creator is not in the campaign, or is not
// (or no longer) a partner there.
func samplePipeline(ctx context.Context, q querier, h string, camp outreach.Campaign) (int64, error) {
	var pipelineID int64
	var stage string
	err := q.QueryRowContext(ctx, `SELECT k.id, k.stage FROM pipelines k JOIN creators c ON c.id = k.creator_id
		WHERE c.handle = ? AND k.campaign_id = ?`, h, camp.ID).Scan(&pipelineID, &stage)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("@%s is not in campaign %q: %w", h, camp.Name, ErrNotFound)
	}
	if err != nil {
		return 0, err
	}
	// A sample goes to a partner: before that it could never be marked
	// shipped (the pipeline rules refuse the move).
	if st := outreach.Stage(stage); st.IsExit() || st.Rank() < outreach.Partnered.Rank() {
		return 0, fmt.Errorf("@%s is %s in %s: record samples for partners", h, st.Label(), camp.Name)
	}
	return pipelineID, nil
}

// SampleCampaign checks, writing nothing, that a sample for handle can be
// recorded in campaign (the campaign rule's when ""), as RecordSample
// would: it returns the campaign it would go to, or why not. A creator in
// several campaigns with none named gives an *AmbiguousCampaignError, as
// RecordSample does.
func (s *Store) SampleCampaign(ctx context.Context, handle, campaign string) (outreach.Campaign, error) {
	var camp outreach.Campaign
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		id, h, err := creatorID(ctx, tx, handle)
		if err != nil {
			return err
		}
		if camp, err = s.resolveCampaign(ctx, tx, id, h, campaign); err != nil {
			return err
		}
		_, err = samplePipeline(ctx, tx, h, camp)
		return err
	})
	return camp, err
}
