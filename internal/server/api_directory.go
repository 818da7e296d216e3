package server

import (
	"net/http"
	"strconv"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
)

// The directory of posts, offices and collective addresses. Any user may
// read it (it holds no cable and no one's clearance); administrators
// change it, which both the route table and the service check.

// handleDirectoryList lists directory entries by PLAD:
//
//	GET /api/v1/directory?kind=post|office|collective&country=CHN&parent=SECSTATE%20WASHDC&q=BEIJING&limit=N
//
// q matches PLADs, routing indicators and names; limit 0 (the default)
// lists every match.
func (s *Server) handleDirectoryList(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	v := r.URL.Query()
	f := cable.SiteFilter{Kind: cable.SiteKind(v.Get("kind")), Country: v.Get("country"), Parent: v.Get("parent"), Text: v.Get("q")}
	switch f.Kind {
	case "", cable.SitePost, cable.SiteOffice, cable.SiteCollective:
	default:
		return cable.Errorf(cable.Invalid, "kind %q: want post, office or collective", f.Kind)
	}
	if f.Limit, err = intParam(v, "limit", 0, 0, 100000); err != nil {
		return err
	}
	sites, err := tr.FindSites(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]api.Site, 0, len(sites))
	for _, site := range sites {
		out = append(out, api.FromSite(site))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleDirectoryView answers one directory entry, named by its PLAD,
// office symbol or routing indicator. An office symbol with a slash is
// escaped in the path: /api/v1/directory/S%2FES.
func (s *Server) handleDirectoryView(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	site, err := tr.FindSite(r.Context(), r.PathValue("plad"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, api.FromSite(site))
}

// handleDirectoryCreate adds a directory entry (administrators only).
func (s *Server) handleDirectoryCreate(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	var req api.Site
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	site := req.Site()
	if err := tr.CreateSite(r.Context(), site); err != nil {
		return err
	}
	s.Logger.Info("site created", "site", site.PLAD, "by", userName(r.Context()))
	return writeJSON(w, http.StatusCreated, api.FromSite(site))
}

// handleDirectoryUpdate changes the fields of a directory entry the body
// sets (administrators only).
func (s *Server) handleDirectoryUpdate(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	var req api.SiteUpdate
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	site, err := tr.UpdateSite(r.Context(), r.PathValue("plad"), req.Update())
	if err != nil {
		return err
	}
	s.Logger.Info("site updated", "site", site.PLAD, "by", userName(r.Context()))
	return writeJSON(w, http.StatusOK, api.FromSite(site))
}

// handleSerialSet records the last serial a post used in a year, for a
// post that moves its traffic here mid-year (administrators only).
func (s *Server) handleSerialSet(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.needTraffic()
	if err != nil {
		return err
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return cable.Errorf(cable.Invalid, "year %q: want a four-digit year", r.PathValue("year"))
	}
	var req api.SerialSet
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	if req.Last == nil {
		return cable.Errorf(cable.Invalid, `request body: "last" is required, e.g. {"last": 159387}`)
	}
	plad := r.PathValue("plad")
	if err := tr.SetSerial(r.Context(), plad, year, *req.Last); err != nil {
		return err
	}
	site, err := tr.FindSite(r.Context(), plad)
	if err != nil {
		return err
	}
	s.Logger.Info("serial set", "site", site.PLAD, "year", year, "last", *req.Last, "by", userName(r.Context()))
	return writeJSON(w, http.StatusOK, api.Serial{PLAD: site.PLAD, Year: year, Last: *req.Last})
}
