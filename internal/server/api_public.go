package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
)

// The public reading room (docs/archive.md): anyone, signed in or not,
// searches and reads what has been declassified, as the public reader
// (access.PublicReader) whom the store and package access decide for
// exactly as for everyone else. Its routes run through reading
// (public_limit.go): the public reader, and a rate limit per client
// address in place of a read budget. A cable with no declassified
// portion is answered exactly as one that does not exist.

// handlePublicSearch searches what the public may read:
//
//	GET /api/v1/public/search?q=&tag=&origin=&to=&from=&until=&class=&caption=&sort=&offset=&limit=&facets=1&suggest=1
//
// with the parameters of GET /api/v1/search.
func (s *Server) handlePublicSearch(w http.ResponseWriter, r *http.Request) error {
	q, err := searchQuery(r.URL.Query())
	if err != nil {
		return err
	}
	res, err := s.publicSearch(r.Context(), clientAddr(r), q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, api.FromSearchResult(res, q.Offset, q.Limit))
}

// publicSearch runs q as the public reader within SearchTimeout, in one
// of the searches in flight the client address addr may have. Unlike a
// signed-in search it counts no hits against anyone: the public has no
// budget to watch, only the rate limit.
func (s *Server) publicSearch(ctx context.Context, addr string, q cable.SearchQuery) (*cable.SearchResult, error) {
	slot := "public " + addr
	if !s.searches.acquire(slot, s.MaxUserSearches) {
		return nil, errSearchBusy
	}
	defer s.searches.release(slot)
	sctx, cancel := context.WithTimeout(ctx, s.SearchTimeout)
	defer cancel()
	res, err := s.DB.Search(sctx, q)
	if err != nil && ctx.Err() == nil && errors.Is(sctx.Err(), context.DeadlineExceeded) {
		return nil, &cable.Error{Kind: cable.Unavailable, Err: err,
			Message: fmt.Sprintf("search took too long (more than %s): narrow it with fewer words or more filters", s.SearchTimeout)}
	}
	return res, err
}

// handlePublicCable answers the public reader's view of a cable:
//
//	GET /api/v1/public/cables/{id}[?format=text]
//
// JSON with how it was declassified, or the view as a telegram.
func (s *Server) handlePublicCable(w http.ResponseWriter, r *http.Request) error {
	c, v, err := s.publicView(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "text" {
		return writeView(w, r, v)
	}
	return writeJSON(w, http.StatusOK, api.PublicCable{CableView: viewDocument(v), Declassification: declassificationOf(c),
		Withheld: publishedReviews(c)})
}

// publicView returns the cable a request names and the public reader's
// view of it, or NotFound. The store audits the read under
// cable.PublicName with the client's address; no budget is metered.
func (s *Server) publicView(r *http.Request) (*cable.Cable, *access.CableView, error) {
	id := cableID(r)
	c, err := s.DB.FindCableByID(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	v, ok := access.View(access.PublicReader(), c, access.DistributionOf(c), s.Now())
	if !ok {
		return nil, nil, notFound(id) // as for a cable that does not exist
	}
	return c, v, nil
}

// executiveOrder finds the order an E.O. line names: "E.O. 12958", "EO
// 13526", "E. O. 12356".
var executiveOrder = regexp.MustCompile(`(?i)\bE\.?\s*O\.?\s*(1[0-9]{4})\b`)

// declassificationOf says how c, which the public may read and which is
// therefore declassified, was declassified.
func declassificationOf(c *cable.Cable) api.Declassification {
	// A reviewer's decision, when there is one, is the date, not the
	// DECL (which may be unreadable: 0001-01-01).
	d := api.Declassification{Date: access.DeclassifiedOn(c).Format(time.DateOnly)}
	if m := executiveOrder.FindStringSubmatch(c.Text.EO); m != nil {
		d.Authority = "E.O. " + m[1]
	}
	if b, err := access.Banner(c); err == nil {
		d.OriginalBanner = b.Banner()
	}
	return d
}
