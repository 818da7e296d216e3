package server

import (
	"net/http"
	"strings"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/quality"
)

// Data-quality findings (package quality, docs/archive.md): a search
// filter, quality=KIND or "quality:KIND" in the words, and the findings
// of a cable the caller may know of, each only when the caller may know
// of it (quality.Visible; the stores' filter says the same in SQL).

// qualityParam sets q's quality filter from the quality parameter, or
// from a quality:KIND term in the words, which it takes out of them.
func qualityParam(q *cable.SearchQuery, param string) error {
	var kind string
	q.Text, kind = cable.CutQuality(q.Text)
	if param != "" {
		kind = strings.ToLower(param)
	}
	if kind != "" && !quality.IsKind(kind) {
		return cable.Errorf(cable.Invalid, "quality %q: want one of %s", kind, strings.Join(quality.Kinds, ", "))
	}
	q.Quality = kind
	return nil
}

// handleCableQuality answers the findings of a cable the caller may know
// of: GET /api/v1/cables/{id}/quality. It is a full read (findView).
func (s *Server) handleCableQuality(w http.ResponseWriter, r *http.Request) error {
	c, _, err := s.findView(w, r)
	if err != nil {
		return err
	}
	fs := quality.VisibleOf(readerOf(r.Context()), c, s.Now())
	if fs == nil {
		fs = []quality.Finding{}
	}
	return writeJSON(w, http.StatusOK, fs)
}

// publicFindings returns the findings of c the public may know of.
func publicFindings(c *cable.Cable, s *Server) []quality.Finding {
	return quality.VisibleOf(access.PublicReader(), c, s.Now())
}
