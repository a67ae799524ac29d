package store

import (
	"context"
	"slices"

	"creatordesk/outreach"
)

// QueueResult is what QueueMatching did so far: how many messages it queued
// and the creators it held back, with why, in the order it met them.
type QueueResult struct {
	Queued int
	Held   []Held
}

// QueueMatching queues req.Purpose's message, as Queue does, to the
// creators req.Handles names or, with no handles, to every creator at the
// stages the purpose is for (Purpose.Stages) in req.Campaign, of req.Tier
// when it is set. It goes a page of at most MaxPage creators at a time,
// each queued in one transaction, paging by key: queueing changes who is
// at a stage, so an offset would skip creators. progress, when not nil,
// gets the running totals after each page. On an error the pages before
// it stay queued, and the result counts them.
func (s *Store) QueueMatching(ctx context.Context, req QueueRequest, progress func(QueueResult)) (QueueResult, error) {
	var res QueueResult
	page := func(handles []string) error {
		r := req
		r.Handles = handles
		n, held, err := s.Queue(ctx, r)
		if err != nil {
			return err
		}
		res.Queued += n
		res.Held = append(res.Held, held...)
		if progress != nil {
			progress(res)
		}
		return nil
	}
	if len(req.Handles) > 0 {
		for hs := range slices.Chunk(req.Handles, MaxPage) {
			if err := page(hs); err != nil {
				return res, err
			}
		}
		return res, nil
	}
	// only the campaign's own creators: queueing for campaign A never
	// reaches creators who are not in A
	q := CreatorQuery{Campaign: req.Campaign, Tier: req.Tier, Members: true, Limit: MaxPage}
	if q.Campaign == "" {
		q.Campaign = outreach.DefaultCampaign // "" lists every campaign
	}
	// A campaign's prospects are queued in that campaign, not by the rule.
	req.Campaign, req.ByRule = q.Campaign, false
	for _, st := range req.Purpose.Stages() {
		q.Stage, q.After = st, Cursor{}
		for {
			cs, err := s.Creators(ctx, q)
			if err != nil {
				return res, err
			}
			hs := make([]string, len(cs.Creators))
			for i, c := range cs.Creators {
				hs[i] = c.Handle
			}
			// An empty page still asks Queue, which says when no sender is set.
			if err := page(hs); err != nil {
				return res, err
			}
			if !cs.More {
				break
			}
			q.After = cs.Next
		}
	}
	return res, nil
}
