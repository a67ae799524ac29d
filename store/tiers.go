package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"creatordesk/outreach"
)

const settingHeadThreshold = "head_threshold"

// HeadThreshold is the follower count above which creators are head tier.
func (s *Store) HeadThreshold(ctx context.Context) (int64, error) {
	return s.headThreshold(ctx, s.db)
}

func (s *Store) headThreshold(ctx context.Context, q querier) (int64, error) {
	v, err := s.setting(ctx, q, settingHeadThreshold)
	if err != nil || v == "" {
		return outreach.DefaultHeadThreshold, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("setting %s: %q is not a number", settingHeadThreshold, v)
	}
	return n, nil
}

// SetHeadThreshold changes the tier threshold and re-tiers, in the same
// transaction, every creator whose tier was not set by hand. It returns how
// many creators changed tier.
func (s *Store) SetHeadThreshold(ctx context.Context, threshold int64) (int64, error) {
	if threshold < 0 {
		return 0, fmt.Errorf("head threshold %d is negative", threshold)
	}
	var changed int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.headThreshold(ctx, tx)
		if err != nil {
			return err
		}
		if old == threshold {
			v, err := s.setting(ctx, tx, settingHeadThreshold)
			if err != nil || v != "" {
				return err
			}
		}
		// The SQL form of outreach.TierFor: head strictly above the
		// threshold, unknown followers micro. TestRetierMatchesTierFor keeps
		// the two in step.
		res, err := tx.ExecContext(ctx, `UPDATE creators
			SET tier = CASE WHEN followers > ? THEN 'head' ELSE 'micro' END, updated_at = ?
			WHERE tier_manual = 0 AND tier <> CASE WHEN followers > ? THEN 'head' ELSE 'micro' END`,
			threshold, s.now().Unix(), threshold)
		if err != nil {
			return err
		}
		if changed, err = res.RowsAffected(); err != nil {
			return err
		}
		return setSetting(ctx, tx, settingHeadThreshold, strconv.FormatInt(threshold, 10))
	})
	return changed, err
}
