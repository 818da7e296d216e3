package server

import (
	"bytes"
	"net/http"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// The versions of a cable and its text as stored, inside the UI (issue
// 17, defect 7): the versions were only in the API, so an import that
// replaced the text a reader had seen (the corpus copy of a cable the
// demo had released) did so without a word; and "the text as stored"
// left the UI for a bare text file. Only the current version's text is
// ever shown: an earlier version may hold text that is not current.

// versionsPage is the data of versions.html.
type versionsPage struct {
	layout
	ID, Banner string
	Versions   []cable.Version
	// Full: the caller may read the whole cable, so may see the hashes
	// and sizes, as the API shows them.
	Full bool
}

// handleVersionsPage lists a cable's stored versions, oldest first.
func (s *Server) handleVersionsPage(w http.ResponseWriter, r *http.Request) error {
	c, v, err := s.findView(w, r)
	if err != nil {
		return err
	}
	vs, err := s.DB.FindVersions(r.Context(), c.ID)
	if err != nil {
		return err
	}
	data := versionsPage{layout: s.page(r, ""), ID: c.ID, Banner: v.Banner(), Versions: vs, Full: readsAll(r, c, v, s.Now)}
	data.PageBanner = "" // versions.html draws the view's
	return s.render(w, http.StatusOK, "versions.html", data)
}

// storedText returns the cable's current text exactly as stored, for a
// caller who may read all of it (readsAll).
func storedText(c *cable.Cable) (string, error) {
	var b bytes.Buffer
	if err := cabletext.WriteLossless(&b, c); err != nil {
		return "", err
	}
	return b.String(), nil
}
