package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"creatordesk/outreach"
)

// MaxCampaigns bounds how many campaigns Campaigns returns; a seller runs a
// handful at a time.
const MaxCampaigns = 500

func campaignKey(name string) string { return strings.ToLower(name) }

// Campaign finds a campaign by name, case-insensitively; "" is the default
// campaign. A missing campaign gives an error wrapping ErrNotFound.
func (s *Store) Campaign(ctx context.Context, name string) (outreach.Campaign, error) {
	return s.campaign(ctx, s.db, name)
}

func (s *Store) campaign(ctx context.Context, q querier, name string) (outreach.Campaign, error) {
	if strings.TrimSpace(name) == "" {
		name = outreach.DefaultCampaign
	}
	n, err := outreach.NormalizeCampaignName(name)
	if err != nil {
		return outreach.Campaign{}, err
	}
	return s.oneCampaign(ctx, q, " WHERE name_key = ?", campaignKey(n), fmt.Sprintf("no campaign named %q", n))
}

// campaignByID returns the campaign with that id.
func (s *Store) campaignByID(ctx context.Context, q querier, id int64) (outreach.Campaign, error) {
	return s.oneCampaign(ctx, q, " WHERE id = ?", id, fmt.Sprintf("no campaign #%d", id))
}

// oneCampaign reads the campaign where matches, or says missing.
func (s *Store) oneCampaign(ctx context.Context, q querier, where string, arg any, missing string) (outreach.Campaign, error) {
	rows, err := q.QueryContext(ctx, campaignSelect+where, arg)
	if err != nil {
		return outreach.Campaign{}, err
	}
	cs, err := s.scanCampaigns(ctx, q, rows)
	if err != nil {
		return outreach.Campaign{}, err
	}
	if len(cs) == 0 {
		return outreach.Campaign{}, fmt.Errorf("%s: %w", missing, ErrNotFound)
	}
	return cs[0], nil
}

// Campaigns lists campaigns by name, at most MaxCampaigns.
func (s *Store) Campaigns(ctx context.Context) ([]outreach.Campaign, error) {
	rows, err := s.db.QueryContext(ctx, campaignSelect+" ORDER BY name_key LIMIT ?", MaxCampaigns)
	if err != nil {
		return nil, err
	}
	return s.scanCampaigns(ctx, s.db, rows)
}

// CreateCampaign adds a campaign; a name already taken (in any case) is an
// error.
func (s *Store) CreateCampaign(ctx context.Context, c outreach.Campaign) (outreach.Campaign, error) {
	n, err := outreach.NormalizeCampaignName(c.Name)
	if err != nil {
		return c, err
	}
	c.Name = n
	if c.Kind == "" {
		c.Kind = outreach.Targeted
	}
	if c.DefaultCommission != 0 {
		if err := (outreach.Terms{Commission: c.DefaultCommission}).Validate(); err != nil {
			return c, err
		}
	}
	if !c.StartsAt.IsZero() && !c.EndsAt.IsZero() && c.EndsAt.Before(c.StartsAt) {
		return c, errors.New("campaign ends before it starts")
	}
	c.CreatedAt = s.now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM campaigns WHERE name_key = ?", campaignKey(n)).Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return fmt.Errorf("a campaign named %q exists already", n)
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO campaigns (name, name_key, kind, default_commission_bp, starts_at, ends_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			n, campaignKey(n), string(c.Kind), int64(c.DefaultCommission), unix(c.StartsAt), unix(c.EndsAt), c.CreatedAt.Unix()).Scan(&c.ID)
		if err != nil {
			return err
		}
		for _, sku := range c.SKUs {
			if _, err := tx.ExecContext(ctx, "INSERT INTO campaign_products (campaign_id, sku) VALUES (?, ?) ON CONFLICT DO NOTHING", c.ID, sku); err != nil {
				return err
			}
		}
		return nil
	})
	return c, err
}

const campaignSelect = `SELECT id, name, kind, default_commission_bp, starts_at, ends_at, created_at FROM campaigns`

func (s *Store) scanCampaigns(ctx context.Context, q querier, rows *sql.Rows) ([]outreach.Campaign, error) {
	var out []outreach.Campaign
	for rows.Next() {
		var c outreach.Campaign
		var kind string
		var commission int64
		var starts, ends, created sql.NullInt64
		if err := rows.Scan(&c.ID, &c.Name, &kind, &commission, &starts, &ends, &created); err != nil {
			rows.Close()
			return nil, err
		}
		c.Kind, c.DefaultCommission = outreach.CampaignKind(kind), outreach.BasisPoints(commission)
		c.StartsAt, c.EndsAt, c.CreatedAt = fromUnix(starts), fromUnix(ends), fromUnix(created)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		skus, err := q.QueryContext(ctx, "SELECT sku FROM campaign_products WHERE campaign_id = ? ORDER BY sku", out[i].ID)
		if err != nil {
			return nil, err
		}
		for skus.Next() {
			var sku string
			if err := skus.Scan(&sku); err != nil {
				skus.Close()
				return nil, err
			}
			out[i].SKUs = append(out[i].SKUs, sku)
		}
		skus.Close()
		if err := skus.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
