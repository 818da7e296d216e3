package server

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
)

// The saved searches' API (docs/api.md, "Saved searches"): the web UI's
// Saved page for programs, with the same store methods and the same runs
// (page_saved.go). Each search is the caller's own: another user's is
// not found, as it would be if it did not exist.

// handleSavedList lists the caller's saved searches, oldest first, each
// with its count of new matches.
func (s *Server) handleSavedList(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.needSavedSearches()
	if err != nil {
		return err
	}
	as, err := s.savedAlerts(r.Context(), svc)
	if err != nil {
		return err
	}
	s.keepCount(caller(r.Context()), as)
	out := make([]api.SavedSearch, 0, len(as))
	for _, a := range as {
		out = append(out, savedOut(a))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleSavedView answers one of the caller's saved searches with its
// count of new matches and the newest of them.
func (s *Server) handleSavedView(w http.ResponseWriter, r *http.Request) error {
	svc, id, err := s.savedSearchOf(r)
	if err != nil {
		return err
	}
	ss, err := findSavedSearch(r.Context(), svc, id)
	if err != nil {
		return err
	}
	a := savedAlert{SavedSearch: ss}
	a.savedRun, err = s.newMatches(r.Context(), svc, ss)
	if err := runProblem(&a, err); err != nil {
		return err
	}
	out := savedOut(a)
	for _, h := range a.New {
		out.NewHits = append(out.NewHits, api.FromSearchHit(h))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleSavedCreate saves a search for the caller: what it matches now is
// not new. The query must be one GET /api/v1/search reads, and ask for
// something.
func (s *Server) handleSavedCreate(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.needSavedSearches()
	if err != nil {
		return err
	}
	var req api.SavedSearchCreate
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	v, err := apiSavedQuery(req.Query)
	if err != nil {
		return err
	}
	ss := &cable.SavedSearch{Name: oneLine(req.Name), Query: savedQuery(v.Encode())}
	if err := ss.Check(); err != nil {
		return err
	}
	if err := s.saveSearch(r.Context(), svc, ss); err != nil {
		return err
	}
	s.Logger.Info("search saved", "search", ss.ID, "user", userName(r.Context()))
	w.Header().Set("Location", "/api/v1/searches/"+strconv.FormatInt(ss.ID, 10))
	out := api.FromSavedSearch(ss, 0)
	out.NewExact = true
	return writeJSON(w, http.StatusCreated, out)
}

// handleSavedDelete deletes one of the caller's saved searches.
func (s *Server) handleSavedDelete(w http.ResponseWriter, r *http.Request) error {
	svc, id, err := s.savedSearchOf(r)
	if err != nil {
		return err
	}
	if err := svc.DeleteSavedSearch(r.Context(), id); err != nil {
		return err
	}
	s.alertCounts.forget(caller(r.Context()))
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleSavedSeen marks a saved search's new matches seen: those the
// server finds now, as the caller.
func (s *Server) handleSavedSeen(w http.ResponseWriter, r *http.Request) error {
	if err := s.markRequestedSeen(r); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// markRequestedSeen marks the new matches of the caller's saved search
// that r names as seen: those the server finds now, as the caller, not
// ids the request names. Another user's search is not found.
func (s *Server) markRequestedSeen(r *http.Request) error {
	svc, id, err := s.savedSearchOf(r)
	if err != nil {
		return err
	}
	ss, err := findSavedSearch(r.Context(), svc, id)
	if err != nil {
		return err
	}
	return s.markAllSeen(r.Context(), svc, ss)
}

// savedKeys are the search parameters a saved search keeps: what it
// searches for, not its page, order or what the answer carries.
var savedKeys = []string{"q", "tag", "origin", "to", "class", "caption", "from", "until", "quality"}

// apiSavedQuery reads the query of a search to save: a parameter it
// would not keep, a value the search refuses, or a query that asks for
// nothing is Invalid, and says so.
func apiSavedQuery(raw string) (url.Values, error) {
	v, err := url.ParseQuery(raw)
	if err != nil {
		return nil, cable.Errorf(cable.Invalid, "query: %q is not a query string (q=…&tag=…): %v", raw, err)
	}
	var names []string
	for k := range v {
		if !slices.Contains(savedKeys, k) {
			names = append(names, k)
		}
	}
	if len(names) > 0 {
		sort.Strings(names)
		return nil, cable.Errorf(cable.Invalid, "query: unknown parameter %s: a saved search keeps %v", names[0], savedKeys)
	}
	dropEmpty(v)
	if !asksSomething(v) {
		return nil, cable.Errorf(cable.Invalid, "query: ask for something: words (q=) or a filter")
	}
	if _, err := searchQuery(v); err != nil {
		return nil, err
	}
	return v, nil
}

// runProblem puts in a why a search cannot run now (Invalid, Unavailable)
// and returns any other error.
func runProblem(a *savedAlert, err error) error {
	switch k := cable.KindOf(err); {
	case err == nil:
	case k == cable.Invalid || k == cable.Unavailable:
		a.Err = cable.MessageOf(err)
	default:
		return err
	}
	return nil
}

// savedOut is the wire form of a.
func savedOut(a savedAlert) api.SavedSearch {
	out := api.FromSavedSearch(a.SavedSearch, a.Count)
	out.NewExact, out.CannotRun = a.CountExact || a.Err != "", a.Err
	return out
}
