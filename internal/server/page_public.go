package server

import (
	"net/http"
	"slices"
	"strings"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
	"github.com/cable/cable/internal/quality"
)

// The reading room's pages (/public, /public/cables/{id}) are the signed-in
// search and cable pages for the public reader: the same query parameters,
// the store's hits, facets and snippets, and the public reader's view of a
// cable with its declassification: "Declassified on DATE under E.O. …",
// and the original banner and portion marks struck through, as
// declassified paper copies show them. They carry no navigation: they are
// the same page for anyone, signed in or not.

// publicCablePage is the data of public_cable.html.
type publicCablePage struct {
	layout
	ID               string
	View             *access.CableView
	Declassification api.Declassification
	Subject          publicPortion
	Paras            []publicPortion
	// Withheld are the portions a reviewer withheld from release.
	Withheld []api.ReviewNote
	// Findings are the data-quality findings the public may know of.
	Findings []quality.Finding
}

// publicPortion is the subject or a paragraph as a declassified copy
// shows it: its original mark struck through.
type publicPortion struct {
	Number  int
	Mark    string // as written; empty when the portion carried none
	Heading string
	Text    string
}

// handlePublicSearchPage is the reading room's search page.
func (s *Server) handlePublicSearchPage(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	data := searchPage{layout: layout{Nav: "public"}, Form: v}
	q, err := searchQuery(v)
	if cable.KindOf(err) == cable.Invalid {
		data.Error = cable.MessageOf(err)
		return s.render(w, http.StatusBadRequest, "public_search.html", data)
	}
	if err != nil {
		return err
	}
	if !asksSomething(v) {
		return s.render(w, http.StatusOK, "public_search.html", data)
	}
	q.Facets, q.CountLimit, q.Suggestions = true, pageCountLimit, q.Text != ""
	if v.Get("more") != "" {
		q.FacetValues = cable.MaxFacetValues
	}
	res, err := s.publicSearch(r.Context(), clientAddr(r), q)
	if cable.KindOf(err) == cable.Unavailable {
		data.Error = cable.MessageOf(err)
		return s.render(w, http.StatusServiceUnavailable, "public_search.html", data)
	}
	if err != nil {
		return err
	}
	data.Result = res
	for _, h := range res.Hits {
		h.Portions = slices.Sorted(slices.Values(h.Portions))
		data.Hits = append(data.Hits, searchHit{SearchHit: h, Parts: snippetParts(h.Snippet)})
	}
	data.From, data.To = q.Offset+1, q.Offset+len(res.Hits)
	if q.Offset > 0 {
		data.Prev = inRoom(pageLink(v, max(q.Offset-q.Limit, 0)))
	}
	if q.Offset+len(res.Hits) < res.Total {
		data.Next = inRoom(pageLink(v, q.Offset+q.Limit))
	}
	data.Facets = facetGroups(v, res.Facets, res.FacetsCut)
	for i := range data.Facets {
		if data.Facets[i].More != "" {
			data.Facets[i].More = inRoom(data.Facets[i].More)
		}
		for j := range data.Facets[i].Values {
			data.Facets[i].Values[j].Href = inRoom(data.Facets[i].Values[j].Href)
		}
	}
	data.Filters = activeFilters(v)
	for i := range data.Filters {
		data.Filters[i].Remove = inRoom(data.Filters[i].Remove)
	}
	for _, sg := range res.Suggestions {
		w := cloneValues(v)
		w.Set("q", sg.Text)
		w.Del("offset")
		data.Suggestions = append(data.Suggestions, suggestionLink{Suggestion: sg, Href: "/public?" + w.Encode()})
	}
	return s.render(w, http.StatusOK, "public_search.html", data)
}

// inRoom turns a link of the signed-in search page into the reading
// room's.
func inRoom(href string) string {
	if rest, ok := strings.CutPrefix(href, "/search?"); ok {
		return "/public?" + rest
	}
	return href
}

// handlePublicCablePage shows the public reader's view of a cable.
func (s *Server) handlePublicCablePage(w http.ResponseWriter, r *http.Request) error {
	c, v, err := s.publicView(r)
	if err != nil {
		return err
	}
	data := publicCablePage{layout: layout{Nav: "public"}, ID: c.ID, View: v, Declassification: declassificationOf(c),
		Withheld: publishedReviews(c), Findings: publicFindings(c, s)}
	t := &v.Cable.Text
	if v.SubjectShown {
		data.Subject = publicPortion{Mark: markAsWritten(t.SubjectMark), Text: t.Subject}
	}
	for _, p := range t.Paragraphs {
		data.Paras = append(data.Paras, publicPortion{Number: p.Number, Mark: markAsWritten(p.Mark), Heading: p.Heading, Text: p.Text})
	}
	return s.render(w, http.StatusOK, "public_cable.html", data)
}

// markAsWritten returns a portion mark in the canonical form when it can
// be read, else as written.
func markAsWritten(mark string) string {
	if strings.TrimSpace(mark) == "" {
		return ""
	}
	if m, _, err := marking.ReadMark(mark); err == nil {
		return m.Portion()
	}
	return mark
}
