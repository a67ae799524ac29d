package store

import (
	"context"
	"strings"
)

// MaxHandleSuggestions bounds HandlesWithPrefix: completions are a short
// list under an input, never a listing.
const MaxHandleSuggestions = 50

// HandlesWithPrefix returns up to limit handles starting with prefix, in
// handle order, for completing a handle as it is typed. prefix is read as
// a handle is (an @ and case do not matter); a prefix no handle can start
// with returns none. Handles are unique and indexed, so this is a range
// seek on that index however many creators there are.
func (s *Store) HandlesWithPrefix(ctx context.Context, prefix string, limit int) ([]string, error) {
	p := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(prefix), "@"))
	if p == "" || limit <= 0 {
		return nil, nil
	}
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.') {
			return nil, nil // not a handle's character: nothing starts so
		}
	}
	limit = min(limit, MaxHandleSuggestions)
	// Every handle character sorts below '~', so [p, p+"~") holds exactly
	// the handles starting with p.
	rows, err := s.db.QueryContext(ctx, `SELECT handle FROM creators WHERE handle >= ? AND handle < ? ORDER BY handle LIMIT ?`,
		p, p+"~", limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
