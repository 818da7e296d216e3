package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/cable/cable/internal/cable"
)

// Saved searches with alerts, as an archive tool keeps them (Aleph's
// alerts): a signed-in user saves the search they are on, and the
// navigation counts the cables that have matched it since, listed on
// /searches. The server runs each saved search as its owner through the
// same Search every search page uses, so a new match is only ever a cable
// the owner may see: a cable above their clearance is no alert, no count
// and no line. The store keeps each search and the ids it has shown.

// alertLimit is the most the navigation's count says: "99+" past it.
const alertLimit = 99

// savedAlert is one saved search and its new matches, as its owner sees
// them.
type savedAlert struct {
	*cable.SavedSearch
	savedRun
	// Href runs the search; Err says why it could not be run now.
	Href, Err string
}

// searchesPage is the data of searches.html.
type searchesPage struct {
	layout
	Searches []savedAlert
	// Max is how many searches one may keep.
	Max int
}

// savedSearches returns the store's saved searches, if it keeps them.
func (s *Server) savedSearches() (cable.SavedSearchService, bool) {
	svc, ok := s.DB.(cable.SavedSearchService)
	return svc, ok
}

// savedAlerts returns the caller's saved searches with their new matches.
// A search that cannot run now says why and counts none.
func (s *Server) savedAlerts(ctx context.Context, svc cable.SavedSearchService) ([]savedAlert, error) {
	all, err := svc.FindSavedSearches(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]savedAlert, 0, len(all))
	for _, ss := range all {
		a := savedAlert{SavedSearch: ss, Href: "/search?" + ss.Query}
		a.savedRun, err = s.newMatches(ctx, svc, ss)
		if err := runProblem(&a, err); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// alertCount is the navigation's count of new matches of the caller's
// saved searches: "" for none or when they cannot be counted now (the
// page is not refused for want of its badge), "99+" past alertLimit.
// The count is kept a minute (page_saved_cache.go).
func (s *Server) alertCount(r *http.Request) string {
	svc, ok := s.savedSearches()
	u := caller(r.Context())
	if !ok || u == nil {
		return ""
	}
	if n, ok := s.alertCounts.get(u, s.Now()); ok {
		return n
	}
	as, err := s.savedAlerts(r.Context(), svc)
	if err != nil {
		s.Logger.Warn("saved search alerts", "user", userName(r.Context()), "err", err)
		return ""
	}
	return s.keepCount(u, as)
}

// keepCount keeps and returns the navigation's count of as.
func (s *Server) keepCount(u *cable.User, as []savedAlert) string {
	n := 0
	for _, a := range as {
		n += a.Count
	}
	count := ""
	switch {
	case n > alertLimit:
		count = strconv.Itoa(alertLimit) + "+"
	case n > 0:
		count = strconv.Itoa(n)
	}
	s.alertCounts.set(u, count, s.Now())
	return count
}

// handleSearchesPage lists the caller's saved searches and their new
// matches.
func (s *Server) handleSearchesPage(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.needSavedSearches()
	if err != nil {
		return err
	}
	// The searches run once, for the page and its count: the layout's
	// count would run them again (or show a kept one).
	data := searchesPage{layout: s.pageNoCount(r, "searches"), Max: cable.MaxSavedSearches}
	if data.Searches, err = s.savedAlerts(r.Context(), svc); err != nil {
		return err
	}
	data.Alerts = s.keepCount(caller(r.Context()), data.Searches)
	var marks []string
	for _, a := range data.Searches {
		for _, h := range a.New {
			marks = append(marks, h.Classification)
		}
	}
	data.PageBanner = rollUpBanners(marks)
	return s.render(w, http.StatusOK, "searches.html", data)
}

func (s *Server) needSavedSearches() (cable.SavedSearchService, error) {
	svc, ok := s.savedSearches()
	if !ok {
		return nil, cable.Errorf(cable.Unavailable, "this server does not keep saved searches")
	}
	return svc, nil
}

// handleSearchSave saves the search the form names (query: the search
// page's query string) under a name. What it matches now, as the caller
// sees it, is not new.
func (s *Server) handleSearchSave(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.needSavedSearches()
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return cable.Errorf(cable.Invalid, "read the form: %v", err)
	}
	ss := &cable.SavedSearch{Name: oneLine(r.PostForm.Get("name")), Query: savedQuery(r.PostForm.Get("query"))}
	if !asksSomething(parsedQuery(ss.Query)) {
		return cable.Errorf(cable.Invalid, "query: search for something first, then save the search")
	}
	if err := ss.Check(); err != nil {
		return err
	}
	if err := s.saveSearch(r.Context(), svc, ss); err != nil {
		return err
	}
	s.Logger.Info("search saved", "search", ss.ID, "user", userName(r.Context()))
	return redirect(w, r, withDone("/searches", "search-saved"))
}

// handleSearchDelete deletes one of the caller's saved searches.
func (s *Server) handleSearchDelete(w http.ResponseWriter, r *http.Request) error {
	svc, id, err := s.savedSearchOf(r)
	if err != nil {
		return err
	}
	if err := svc.DeleteSavedSearch(r.Context(), id); err != nil {
		return err
	}
	s.alertCounts.forget(caller(r.Context()))
	return redirect(w, r, withDone("/searches", "search-deleted"))
}

// handleSearchSeen marks the new matches of one of the caller's saved
// searches as seen: those the server finds now, as the caller, not ids
// a form names.
func (s *Server) handleSearchSeen(w http.ResponseWriter, r *http.Request) error {
	if err := s.markRequestedSeen(r); err != nil {
		return err
	}
	return redirect(w, r, withDone("/searches", "search-seen"))
}

// saveSearch saves ss for the caller with what it matches now, as they
// see it, as seen: a saved search alerts of what comes after.
func (s *Server) saveSearch(ctx context.Context, svc cable.SavedSearchService, ss *cable.SavedSearch) error {
	run, err := s.newMatches(ctx, noneSeen{}, ss)
	if err != nil {
		return err
	}
	ss.SeenTo = run.Newest
	if err := svc.CreateSavedSearch(ctx, ss, run.AtNewest); err != nil {
		return err
	}
	s.alertCounts.forget(caller(ctx))
	return nil
}

// markAllSeen marks the new matches of ss as seen: those the server finds
// now, as the caller, not ids a request names.
func (s *Server) markAllSeen(ctx context.Context, svc cable.SavedSearchService, ss *cable.SavedSearch) error {
	run, err := s.newMatches(ctx, svc, ss)
	if err != nil {
		return err
	}
	if run.Count == 0 {
		return nil
	}
	if err := svc.MarkSeen(ctx, ss.ID, run.Newest, run.AtNewest); err != nil {
		return err
	}
	s.alertCounts.forget(caller(ctx))
	return nil
}

// findSavedSearch returns the caller's saved search id, or NotFound: the
// store lists only the caller's own.
func findSavedSearch(ctx context.Context, svc cable.SavedSearchService, id int64) (*cable.SavedSearch, error) {
	all, err := svc.FindSavedSearches(ctx)
	if err != nil {
		return nil, err
	}
	for _, ss := range all {
		if ss.ID == id {
			return ss, nil
		}
	}
	return nil, cable.NoSavedSearch(id)
}

// savedSearchOf reads the saved search id of the path.
func (s *Server) savedSearchOf(r *http.Request) (cable.SavedSearchService, int64, error) {
	svc, err := s.needSavedSearches()
	if err != nil {
		return nil, 0, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, 0, cable.Errorf(cable.NotFound, "saved search %s not found", r.PathValue("id"))
	}
	return svc, id, nil
}

// savedQuery keeps of a search page's query string the parameters that
// say what it searches for, in a canonical order: not its page or order.
func savedQuery(raw string) string {
	v := parsedQuery(raw)
	keep := url.Values{}
	for _, k := range savedKeys {
		for _, x := range v[k] {
			if x != "" {
				keep.Add(k, x)
			}
		}
	}
	return keep.Encode()
}

func parsedQuery(raw string) url.Values {
	v, _ := url.ParseQuery(raw) // a bad pair is dropped, and with it what it asked
	return v
}

// noneSeen is a search that has shown nothing yet: one being saved.
type noneSeen struct{ cable.SavedSearchService }

func (noneSeen) SeenCables(context.Context, int64) (map[string]bool, error) { return nil, nil }
