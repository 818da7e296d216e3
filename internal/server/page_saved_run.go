package server

import (
	"context"
	"net/url"
	"time"

	"github.com/cable/cable/internal/cable"
)

// A saved search's new matches are counted against its mark, the DTG of
// the newest cable it has shown its owner (cable.SavedSearch.SeenTo): the
// search runs again as its owner with its from moved up to the mark, and
// the store's total of those matches, less the ones at the mark it has
// already shown, is the count, however many there are. Diffing the ids
// of the newest 100 matches against those shown, as it was done before,
// stopped at 100 and never saw a match pushed out of that window.

// alertWindow is how many of a saved search's new matches are listed.
const alertWindow = 100

// alertCountLimit is how far a store that cannot count every match
// (SearchResult.TotalExact false) counts a saved search's.
const alertCountLimit = 100_000

// savedRun is what one run of a saved search finds for its owner.
type savedRun struct {
	// New are the newest new matches, at most alertWindow, newest first.
	New []cable.SearchHit
	// Count is how many new matches there are: exactly, or at least when
	// CountExact is false.
	Count      int
	CountExact bool
	// Newest is the DTG of the newest match, and AtNewest the ids of the
	// matches dated then: the search's mark once they are all seen.
	Newest   time.Time
	AtNewest []string
}

// newMatches runs saved search ss as the caller and returns its matches
// dated after its mark, and those at the mark not yet shown.
func (s *Server) newMatches(ctx context.Context, svc cable.SavedSearchService, ss *cable.SavedSearch) (savedRun, error) {
	var run savedRun
	v, err := url.ParseQuery(ss.Query)
	if err != nil {
		return run, cable.Errorf(cable.Invalid, "the saved query cannot be read: %v", err)
	}
	q, err := searchQuery(v)
	if err != nil {
		return run, err
	}
	q.Offset, q.Limit, q.Sort, q.CountLimit = 0, alertWindow, "date", alertCountLimit
	q.Facets, q.Snippets, q.Suggestions = false, false, false
	mark := ss.SeenTo
	if mark.After(q.From) {
		q.From = mark
	}
	res, err := s.runSearch(ctx, q)
	if err != nil {
		return run, err
	}
	seen, err := svc.SeenCables(ctx, ss.ID)
	if err != nil {
		return run, err
	}
	for _, h := range res.Hits {
		if !seen[h.ID] {
			run.New = append(run.New, h)
		}
		if run.Newest.IsZero() {
			run.Newest = h.DTG
		}
		if h.DTG.Equal(run.Newest) {
			run.AtNewest = append(run.AtNewest, h.ID)
		}
	}
	run.Count, run.CountExact = len(run.New), res.TotalExact
	if res.TotalExact && res.Total <= len(res.Hits) {
		return run, nil // every match is on the page
	}
	shown, err := s.shownAtMark(ctx, q, mark, seen)
	if err != nil {
		return run, err
	}
	run.Count = max(res.Total-shown, len(run.New))
	return run, nil
}

// shownAtMark counts the matches of q dated at the mark that the search
// has shown: the only ones at or after the mark it has.
func (s *Server) shownAtMark(ctx context.Context, q cable.SearchQuery, mark time.Time, seen map[string]bool) (int, error) {
	end := mark.Add(time.Second) // DTGs are stored to the second
	if mark.IsZero() || len(seen) == 0 || q.From.After(mark) || !q.To.IsZero() && q.To.Before(end) {
		return 0, nil // the mark is outside what the query asks
	}
	q.From, q.To, q.Limit, q.CountLimit = mark, end, alertWindow, alertWindow
	res, err := s.runSearch(ctx, q)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, h := range res.Hits {
		if seen[h.ID] {
			n++
		}
	}
	return n, nil
}
