package server

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
)

// cableID returns the canonical id of the cable a request names.
func cableID(r *http.Request) string {
	return cabletext.CanonicalID(strings.ToUpper(strings.TrimSpace(r.PathValue("id"))))
}

// notFound is the one answer for a cable that does not exist and for a
// cable the caller may not know of. It is worded as the store words it.
func notFound(id string) error {
	return cable.Errorf(cable.NotFound, "cable %s not found", id)
}

// findView returns the cable a request names and the caller's view of it,
// or NotFound. It is a full read, counted against the caller's read budget
// (budget.go): past it, Exhausted; past 80%, w gets the budget header.
func (s *Server) findView(w http.ResponseWriter, r *http.Request) (*cable.Cable, *access.CableView, error) {
	id := cableID(r)
	ctx, m := s.metered(r.Context())
	c, err := s.DB.FindCableByID(ctx, id)
	if err != nil {
		if cable.KindOf(err) == cable.Exhausted {
			s.refused(w, err)
		}
		return nil, nil, err
	}
	noteBudget(w, m)
	v, ok := access.View(readerOf(r.Context()), c, access.DistributionOf(c), s.Now())
	if !ok {
		// The store and the policy disagree: the policy wins, and the
		// answer is the same as for a cable that does not exist.
		return nil, nil, notFound(id)
	}
	return c, v, nil
}

// handleCableView answers the caller's view of a cable: JSON, or with
// ?format=text the view as a telegram.
func (s *Server) handleCableView(w http.ResponseWriter, r *http.Request) error {
	_, v, err := s.findView(w, r)
	if err != nil {
		return err
	}
	return writeView(w, r, v)
}

// writeView writes a view in the format the request asks for: JSON, or
// with ?format=text the telegram between banner lines, its banner also in
// the X-Cable-Banner header.
func writeView(w http.ResponseWriter, r *http.Request, v *access.CableView) error {
	switch f := r.URL.Query().Get("format"); f {
	case "", "json":
		return writeJSON(w, http.StatusOK, viewDocument(v))
	case "text":
		w.Header().Set("X-Cable-Banner", v.Banner())
		return writeText(w, viewText(v))
	default:
		return cable.Errorf(cable.Invalid, "format %q: want json or text", f)
	}
}

// viewText writes a view as a telegram between two lines that carry its
// banner, as a paper copy carries it at top and bottom: the telegram's own
// classification line has the level only, not its controls (REL TO…).
// cable view writes the same.
func viewText(v *access.CableView) string {
	return v.Banner() + "\n\n" + cabletext.Format(v.Cable) + "\n" + v.Banner() + "\n"
}

// viewDocument returns the JSON document of a view.
func viewDocument(v *access.CableView) api.CableView {
	return api.FromView(v.Cable, api.ViewInfo{
		Banner: v.Banner(), Release: v.Release, Declassified: v.Declassified,
		SubjectShown: v.SubjectShown, Shown: v.Shown, Withheld: v.Withheld,
	})
}

// handleCableRelease answers the copy of a cable that may be given to a
// foreign government: ?country=GBR[&clearance=SECRET]. The caller must know
// the cable, and the copy is made at the lower of their clearance and the
// one asked for, so that it never shows what the caller may not see. A
// foreign caller may ask only for their own country's copy.
func (s *Server) handleCableRelease(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	country, err := releaseCountry(q.Get("country"))
	if err != nil {
		return err
	}
	reader := readerOf(r.Context())
	if own, _ := marking.Trigraph(reader.Citizenship); reader.Foreign() && own != country {
		return cable.Errorf(cable.Invalid, "country %s: a reader from %s may ask only for the copy for %s", country, own, own)
	}
	level := reader.Clearance
	if cl := q.Get("clearance"); cl != "" {
		l, err := marking.ParseLevel(cl)
		if err != nil {
			return cable.Errorf(cable.Invalid, "clearance %q: want UNCLASSIFIED, CONFIDENTIAL, SECRET or TOP SECRET", cl)
		}
		level = min(level, l)
	}
	c, v, err := s.findView(w, r)
	if err != nil {
		return err
	}
	rc, ok := access.ReleaseCopy(country, level, c, s.Now())
	if !ok {
		return cable.Errorf(cable.NotFound, "nothing of cable %s may be released to %s at %s", c.ID, country, level.Word())
	}
	if !within(rc, v) {
		return fmt.Errorf("release copy of %s for %s shows more than the view of %s", c.ID, country, userName(r.Context()))
	}
	if err := s.DB.Audit(r.Context(), audit.KindReleaseCopy, c.ID, "country="+country); err != nil {
		return err
	}
	return writeView(w, r, rc)
}

// releaseCountry reads the country of a release copy.
func releaseCountry(s string) (string, error) {
	if s == "" {
		return "", cable.Errorf(cable.Invalid, "country: required, e.g. ?country=GBR")
	}
	code, ok := marking.Trigraph(s)
	if !ok {
		return "", cable.Errorf(cable.Invalid, "country %q: want an ISO 3166 country code such as GBR", s)
	}
	if code == "USA" {
		return "", cable.Errorf(cable.Invalid, "country USA: a release copy is for a foreign government")
	}
	return code, nil
}

// within reports whether view a shows nothing that view b withholds.
func within(a, b *access.CableView) bool {
	for _, n := range a.Shown {
		if !slices.Contains(b.Shown, n) {
			return false
		}
	}
	if a.SubjectShown && !b.SubjectShown {
		return false
	}
	return a.Cable.Text.Signature == "" || b.Cable.Text.Signature != ""
}

// readsAll reports whether the caller's view v of c withholds nothing: no
// portion, and not the banner, which the text outside the portions (and
// anything a damaged text hides there) takes. Only such a caller may read
// the raw text, or learn its size and hash.
func readsAll(r *http.Request, c *cable.Cable, v *access.CableView, now func() time.Time) bool {
	return access.ReadsAll(readerOf(r.Context()), c, v, now())
}

// handleCableRaw answers the cable's current text exactly as stored, to a
// caller who may read all of it; NotFound to anyone else, as the raw text
// holds every withheld paragraph.
func (s *Server) handleCableRaw(w http.ResponseWriter, r *http.Request) error {
	c, v, err := s.findView(w, r)
	if err != nil {
		return err
	}
	if !readsAll(r, c, v, s.Now) {
		return notFound(c.ID)
	}
	var b bytes.Buffer
	if err := cabletext.WriteLossless(&b, c); err != nil {
		return err
	}
	return writeText(w, b.String())
}

// handleCableVersions lists the stored versions of a cable.
func (s *Server) handleCableVersions(w http.ResponseWriter, r *http.Request) error {
	c, v, err := s.findView(w, r)
	if err != nil {
		return err
	}
	vs, err := s.DB.FindVersions(r.Context(), c.ID)
	if err != nil {
		return err
	}
	all := readsAll(r, c, v, s.Now)
	out := make([]api.Version, 0, len(vs))
	for _, ver := range vs {
		av := api.Version{Number: ver.Number, ImportedAt: ver.ImportedAt.UTC().Format(time.RFC3339)}
		if all {
			av.SHA256, av.Size = ver.SHA256, ver.Size
		}
		out = append(out, av)
	}
	return writeJSON(w, http.StatusOK, api.Versions{ID: c.ID, Versions: out})
}

// handleCableRefs answers what a cable cites, what cites it, and its
// thread, as far as the caller may know: the store answers NotFound for a
// cable the caller may not know of, and leaves out the references the
// caller may not see.
func (s *Server) handleCableRefs(w http.ResponseWriter, r *http.Request) error {
	g, err := s.DB.FindRefs(r.Context(), cableID(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, api.FromRefGraph(g))
}
