package server

import (
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
)

// The API refuses what it would otherwise ignore (issue 17, defect 9): a
// query parameter it does not read is a 400 that names it, since a
// misspelt filter (tags=PARM for tag=PARM) silently gave every cable; a
// known path asked with a method it does not serve is a 405 with Allow,
// not a 404.

// apiParams are the query parameters each API route reads; a route not
// listed reads none.
var apiParams = map[string][]string{
	"GET /api/v1/cables":              {"offset", "limit"},
	"GET /api/v1/cables/{id}":         {"format"},
	"GET /api/v1/cables/{id}/release": {"country", "clearance", "format"},
	"GET /api/v1/search":              searchParams,
	"GET /api/v1/audit":               {"limit", "cable"},
	"GET /api/v1/directory":           {"kind", "country", "parent", "q", "limit"},
	"GET /api/v1/drafts":              {"state", "pending", "limit"},
	"GET /api/v1/inbox":               {"site", "unread", "unacked", "precedence", "state", "sort", "limit", "offset"},
	"GET /api/v1/actions":             {"site", "cable", "open", "overdue", "limit"},
	"GET /api/v1/actions/report":      {"site", "cable", "open", "overdue", "limit"},
	"GET /api/v1/speed-of-service":    {"since", "until", "scope"},
	"GET /api/v1/public/search":       searchParams,
	"GET /api/v1/public/cables/{id}":  {"format"},
	"GET /api/v1/review/queue":        {"limit"},
}

// searchParams are the parameters of GET /api/v1/search. snippets is
// accepted for the clients that send it: hits always carry snippets.
var searchParams = []string{"q", "tag", "origin", "to", "from", "until", "class", "caption", "sort", "offset", "limit", "facets", "facet_values", "suggest", "snippets", "quality"}

// knownParams wraps the handler of an API route so that a query parameter
// it does not read is refused.
func knownParams(pattern string, h handlerFunc) handlerFunc {
	known := apiParams[pattern]
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := unknownParam(r, known); err != nil {
			return err
		}
		return h(w, r)
	}
}

// unknownParam returns an Invalid error naming the first query
// parameter of r not in known, or nil.
func unknownParam(r *http.Request, known []string) error {
	var names []string
	for name := range r.URL.Query() {
		if !slices.Contains(known, name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	want := "it takes none"
	if len(known) > 0 {
		want = "it reads " + strings.Join(known, ", ")
	}
	return cable.Errorf(cable.Invalid, "unknown query parameter %s for %s %s: %s", names[0], r.Method, r.URL.Path, want)
}

// allowedMethods returns the methods the API routes of mux serve at r's
// path, sorted, for a 405's Allow header; none when no route serves the
// path.
func allowedMethods(mux *http.ServeMux, r *http.Request) []string {
	var out []string
	for _, m := range []string{"DELETE", "GET", "PATCH", "POST", "PUT"} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); strings.HasPrefix(pattern, m+" ") {
			out = append(out, m)
		}
	}
	if slices.Contains(out, "GET") {
		out = append(out, "HEAD")
		sort.Strings(out)
	}
	return out
}

// handleCableList lists the cables the caller may know of, newest first:
//
//	GET /api/v1/cables?offset=&limit=
//
// It is a search without words or filters, counted and limited as one.
func (s *Server) handleCableList(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	q := cable.SearchQuery{Sort: "date"}
	var err error
	if q.Offset, err = intParam(v, "offset", 0, 0, 1<<20); err != nil {
		return err
	}
	if q.Limit, err = intParam(v, "limit", defaultLimit, 1, maxLimit); err != nil {
		return err
	}
	res, err := s.search(r.Context(), q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, api.FromSearchResult(res, q.Offset, q.Limit))
}
