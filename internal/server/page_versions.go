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
// left the UI for a bare text file. An earlier version's text is shown
// only in a comparison of two versions (page_versions_diff.go), through
// access.VersionView: its marks may have been corrected since.

// versionsPage is the data of versions.html.
type versionsPage struct {
	layout
	ID, Banner string
	Versions   []cable.Version
	// Full: the caller may read the whole cable, so may see the hashes
	// and sizes, as the API shows them.
	Full bool
	// Diff compares the two versions ?from and ?to name, when they do.
	Diff *versionDiff
	// Pick is the pair the comparison form offers: the one shown, else
	// the last two versions.
	PickFrom, PickTo int
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
	if len(vs) == 0 { // a cable has its first version: the store disagrees
		return notFound(c.ID)
	}
	data := versionsPage{layout: s.page(r, ""), ID: c.ID, Banner: v.Banner(), Versions: vs, Full: readsAll(r, c, v, s.Now)}
	data.PageBanner = "" // versions.html draws the view's
	last := vs[len(vs)-1].Number
	data.PickFrom, data.PickTo = vs[max(len(vs)-2, 0)].Number, last
	from, to, compare, err := versionPair(r, vs)
	if err != nil {
		return err
	}
	if compare {
		if data.Diff, err = s.compareVersions(w, r, c, last, from, to); err != nil {
			return err
		}
		data.PickFrom, data.PickTo = from, to
		data.Banner = rollUpBanners([]string{v.Banner(), data.Diff.FromBanner, data.Diff.ToBanner})
	}
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
