package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// What the search page does before it searches (issue 17, defect 5): a
// query that is one cable id opens that cable, an origin written as a
// city ("Beijing") or routing indicator is read through the directory,
// and empty filters are dropped.

// jumpTarget returns the id of the cable that query names, when the
// query is one cable id (07STATE159388, "07 STATE 159388", or as a REF
// line writes it, "STATE 159388", the newest such) and the caller may
// know of that cable; "" otherwise. A cable the caller may not know of is
// searched for as words, as one that does not exist would be. The store
// is asked for the cable's versions, which reads no text and records no
// read: the cable page that follows does.
func (s *Server) jumpTarget(r *http.Request, query string) string {
	for _, id := range cabletext.IDsOf(query, s.Now().Year()) {
		if _, err := s.DB.FindVersions(r.Context(), id); err == nil {
			return id
		}
	}
	return ""
}

// resolveOrigin reads the origin filter of v through the directory, when
// the store has one: a PLAD, office symbol or routing indicator becomes
// its PLAD, and a word (a city) the first post whose entry holds it. It
// returns a note that says what the page searched for, or "".
func (s *Server) resolveOrigin(r *http.Request, v url.Values) string {
	origin := strings.TrimSpace(v.Get("origin"))
	tr, ok := s.traffic()
	if origin == "" || !ok {
		return ""
	}
	ctx := r.Context()
	if site, err := tr.FindSite(ctx, origin); err == nil {
		v.Set("origin", site.PLAD)
		return ""
	}
	sites, err := tr.FindSites(ctx, cable.SiteFilter{Kind: cable.SitePost, Text: origin, Limit: 6})
	if err != nil || len(sites) == 0 {
		return ""
	}
	v.Set("origin", sites[0].PLAD)
	note := "Origin “" + origin + "” is " + sites[0].PLAD + " in the directory"
	if len(sites) > 1 {
		var others []string
		for _, o := range sites[1:] {
			others = append(others, o.PLAD)
		}
		note += "; it also names " + strings.Join(others, ", ")
	}
	return note + "."
}

// dropEmpty removes the empty values of the search's filters: the form's
// empty tag field is no filter.
func dropEmpty(v url.Values) {
	for k, vs := range v {
		var keep []string
		for _, x := range vs {
			if strings.TrimSpace(x) != "" {
				keep = append(keep, strings.TrimSpace(x))
			}
		}
		if len(keep) == 0 {
			delete(v, k)
		} else {
			v[k] = keep
		}
	}
}

// originChoices are the posts the origin field suggests: the directory's,
// when the store has one.
func (s *Server) originChoices(r *http.Request) []string {
	tr, ok := s.traffic()
	if !ok {
		return nil
	}
	sites, err := tr.FindSites(r.Context(), cable.SiteFilter{Kind: cable.SitePost})
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(sites))
	for _, st := range sites {
		out = append(out, st.PLAD)
	}
	return out
}
