package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// Search page sizes.
const (
	defaultLimit = 20
	maxLimit     = 100
)

// handleSearch searches the cables the caller may see:
//
//	GET /api/v1/search?q=&tag=&origin=&to=&from=&until=&class=&caption=&sort=date|relevance&offset=&limit=&facets=1&suggest=1
//
// tag may repeat; from and until are dates (YYYY-MM-DD), until included.
// Hits, totals, facets and snippets are computed by the store from what
// the caller may see, so none of them counts a withheld word; so are the
// suggestions ("did you mean"), which respell words that found nothing.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) error {
	q, err := searchQuery(r.URL.Query())
	if err != nil {
		return err
	}
	res, err := s.search(r.Context(), q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, api.FromSearchResult(res, q.Offset, q.Limit))
}

// search runs q within SearchTimeout, in one of the caller's
// MaxUserSearches slots (search_limit.go). The deadline reaches the store's
// statements, which stop when it passes; the caller gets an Unavailable
// error (503) that says so, whatever the store made of the cancellation.
func (s *Server) search(ctx context.Context, q cable.SearchQuery) (*cable.SearchResult, error) {
	res, err := s.runSearch(ctx, q)
	if err != nil {
		return nil, err
	}
	// A search is not a read, but paging through many hits is watched.
	if err := s.countSearch(ctx, len(res.Hits)); err != nil {
		return nil, err
	}
	return res, nil
}

// runSearch is search without counting the hits against the caller's
// paging: for the saved searches the server runs for the caller on every
// page (page_saved.go), which are not the caller paging through hits.
func (s *Server) runSearch(ctx context.Context, q cable.SearchQuery) (*cable.SearchResult, error) {
	done, err := s.searchSlot(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	sctx, cancel := context.WithTimeout(ctx, s.SearchTimeout)
	defer cancel()
	start := time.Now()
	res, err := s.DB.Search(sctx, q)
	s.Metrics.ObserveSearch(q, time.Since(start))
	if err != nil && ctx.Err() == nil && errors.Is(sctx.Err(), context.DeadlineExceeded) {
		return nil, &cable.Error{Kind: cable.Unavailable, Err: err,
			Message: fmt.Sprintf("search took too long (more than %s): narrow it with fewer words or more filters", s.SearchTimeout)}
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// searchQuery reads a search from URL parameters, or returns an Invalid
// error naming the parameter that cannot be read.
func searchQuery(v url.Values) (cable.SearchQuery, error) {
	q := cable.SearchQuery{
		Text:      v.Get("q"),
		Tags:      v["tag"],
		Origin:    v.Get("origin"),
		Addressee: v.Get("to"),
		Caption:   v.Get("caption"),
		Sort:      v.Get("sort"),
		Snippets:  true,
		Limit:     defaultLimit,
	}
	if err := qualityParam(&q, v.Get("quality")); err != nil {
		return q, err
	}
	// The store parses the query too; parsing it here first refuses a
	// malformed or oversized query before any work, and lets the search
	// page show why on its form.
	if _, err := cable.ParseQuery(q.Text); err != nil {
		return q, err
	}
	var err error
	if q.From, err = dateParam(v, "from"); err != nil {
		return q, err
	}
	if q.To, err = dateParam(v, "until"); err != nil {
		return q, err
	}
	if !q.To.IsZero() {
		q.To = q.To.AddDate(0, 0, 1) // until is a day, and included
	}
	if c := v.Get("class"); c != "" {
		l, err := marking.ParseLevel(c)
		if err != nil {
			return q, cable.Errorf(cable.Invalid, "class %q: want UNCLASSIFIED, CONFIDENTIAL, SECRET or TOP SECRET", c)
		}
		q.Classified = l.Word()
	}
	switch q.Sort {
	case "", "date", "relevance":
	default:
		return q, cable.Errorf(cable.Invalid, "sort %q: want date or relevance", q.Sort)
	}
	if q.Offset, err = intParam(v, "offset", 0, 0, 1<<20); err != nil {
		return q, err
	}
	if q.Limit, err = intParam(v, "limit", defaultLimit, 1, maxLimit); err != nil {
		return q, err
	}
	if q.Facets, err = boolParam(v, "facets"); err != nil {
		return q, err
	}
	if q.Suggestions, err = boolParam(v, "suggest"); err != nil {
		return q, err
	}
	if q.FacetValues, err = intParam(v, "facet_values", 0, 1, cable.MaxFacetValues); err != nil {
		return q, err
	}
	return q, nil
}

// dateParam reads a YYYY-MM-DD parameter; absent is the zero time.
func dateParam(v url.Values, name string) (time.Time, error) {
	s := v.Get(name)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, cable.Errorf(cable.Invalid, "%s %q: want a date YYYY-MM-DD", name, s)
	}
	return t, nil
}

// intParam reads a whole-number parameter from least to most; absent is
// def.
func intParam(v url.Values, name string, def, least, most int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < least || n > most {
		return 0, cable.Errorf(cable.Invalid, "%s %q: want a whole number from %d to %d", name, s, least, most)
	}
	return n, nil
}
