package store

import (
	"context"
	"sort"
	"strings"

	"creatordesk/outreach"
)

// shipmentSearchJoin brings in a sample's pipeline (k) and creator (c) for
// the filter.
const shipmentSearchJoin = " JOIN pipelines k ON k.id = sm.pipeline_id JOIN creators c ON c.id = k.creator_id"

// shipmentMatch is the Samples filter as a condition on a sample (sm) and
// its creator (c, shipmentSearchJoin), starting " AND "; "" when search is
// empty. It matches the creator as every list's filter does (search.go),
// or part of the SKU, carrier or tracking number. page: as creatorMatch.
func shipmentMatch(ctx context.Context, q querier, search string, page bool) (string, []any, error) {
	m, args, err := creatorMatch(ctx, q, "c", search, page)
	if err != nil || m == "" {
		return "", nil, err
	}
	pat := "%" + likeEscape(strings.TrimSpace(search)) + "%"
	return ` AND (` + m + ` OR sm.sku LIKE ? ESCAPE '\' OR sm.carrier LIKE ? ESCAPE '\' OR sm.tracking LIKE ? ESCAPE '\')`,
		append(args, pat, pat, pat), nil
}

// ShipmentCountsWhere counts the samples q lists (its Campaign and
// Search; every group has an entry) by group and totals their cost per
// currency, cancelled samples left out.
func (s *Store) ShipmentCountsWhere(ctx context.Context, q ShipmentQuery) (map[ShipmentGroup]int64, []outreach.Money, error) {
	counts := make(map[ShipmentGroup]int64, len(ShipmentGroups))
	for _, g := range ShipmentGroups {
		counts[g] = 0
	}
	scope, scopeArgs, err := s.campaignScope(ctx, q.Campaign)
	if err != nil {
		return nil, nil, err
	}
	match, matchArgs, err := shipmentMatch(ctx, s.db, q.Search, false)
	if err != nil {
		return nil, nil, err
	}
	join := " JOIN pipelines k ON k.id = sm.pipeline_id"
	if match != "" {
		join = shipmentSearchJoin
	}
	args := append(append([]any{s.now().Unix()}, scopeArgs...), matchArgs...)
	rows, err := s.db.QueryContext(ctx, `SELECT g, currency, COUNT(*), SUM(cost) FROM (
			SELECT `+groupCase+` AS g, sm.currency AS currency, sm.unit_cost_minor * sm.qty AS cost
			FROM samples sm`+join+` WHERE `+listed+scope+match+`
		) x GROUP BY g, currency`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	sums := map[string]int64{}
	for rows.Next() {
		var rank int
		var cur string
		var n, cost int64
		if err := rows.Scan(&rank, &cur, &n, &cost); err != nil {
			return nil, nil, err
		}
		counts[ShipmentGroups[rank]] += n
		sums[cur] += cost
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	var costs []outreach.Money
	for cur, n := range sums {
		if n != 0 {
			costs = append(costs, outreach.Money{Minor: n, Currency: cur})
		}
	}
	sort.Slice(costs, func(i, j int) bool { return costs[i].Currency < costs[j].Currency })
	return counts, costs, nil
}
