package api

import (
	"time"

	"github.com/cable/cable/internal/cable"
)

// SearchResult is one page of search hits, with the total number of
// cables that match and, when asked for, facet counts. Everything in it is
// computed from what the caller may see.
type SearchResult struct {
	Total int `json:"total"`
	// TotalExact is false when Total is a lower bound: a newest-first
	// search stops counting at 1,000 matching cables.
	TotalExact bool               `json:"total_exact"`
	Offset     int                `json:"offset"`
	Limit      int                `json:"limit"`
	Hits       []SearchHit        `json:"hits"`
	Facets     map[string][]Facet `json:"facets,omitempty"`
	// FacetsCut names the facets with more values than they list
	// (facet_values, 30 by default).
	FacetsCut []string `json:"facets_cut,omitempty"`
	// Suggestions respell the query's words that found nothing; asked
	// for with suggest=1.
	Suggestions []Suggestion `json:"suggestions,omitempty"`
}

// Suggestion is a respelled query ("did you mean") and how many cables
// it finds for the caller, with the same filters; past 100 the total is
// a lower bound.
type Suggestion struct {
	Query      string `json:"query"`
	Total      int    `json:"total"`
	TotalExact bool   `json:"total_exact"`
}

// SearchHit is one matching cable. Subject is empty when the caller may
// not see it; Paragraphs are the numbers of the matching paragraphs the
// caller may see. There is no score: ranking statistics are computed over
// the whole index, and a number would say more about withheld text than an
// order does.
type SearchHit struct {
	ID      string `json:"id"`
	Subject string `json:"subject"`
	Origin  string `json:"origin"`
	DTG     string `json:"dtg,omitempty"`
	Level   string `json:"level"`
	// Classification is the banner of the caller's view of the cable,
	// with its controls (SECRET//NOFORN); Level is its level alone.
	Classification string `json:"classification"`
	Snippet        string `json:"snippet,omitempty"`
	Paragraphs     []int  `json:"paragraphs"`
}

// Facet is one value of a facet (tag, origin, year, classification) and
// the number of matching cables that have it.
type Facet struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// FromSearchResult maps a page of search results onto its JSON document.
func FromSearchResult(r *cable.SearchResult, offset, limit int) SearchResult {
	out := SearchResult{Total: r.Total, TotalExact: r.TotalExact, Offset: offset, Limit: limit, Hits: make([]SearchHit, 0, len(r.Hits))}
	for _, h := range r.Hits {
		out.Hits = append(out.Hits, FromSearchHit(h))
	}
	if r.Facets != nil {
		out.Facets = map[string][]Facet{}
		for name, fs := range r.Facets {
			list := make([]Facet, 0, len(fs))
			for _, f := range fs {
				list = append(list, Facet{Value: f.Value, Count: f.Count})
			}
			out.Facets[name] = list
		}
	}
	out.FacetsCut = r.FacetsCut
	for _, sg := range r.Suggestions {
		out.Suggestions = append(out.Suggestions, Suggestion{Query: sg.Text, Total: sg.Total, TotalExact: sg.TotalExact})
	}
	return out
}

// FromSearchHit maps one hit onto its JSON document.
func FromSearchHit(h cable.SearchHit) SearchHit {
	out := SearchHit{ID: h.ID, Subject: h.Subject, Origin: h.Origin, Level: h.Level, Classification: h.Classification, Snippet: h.Snippet, Paragraphs: h.Portions}
	if !h.DTG.IsZero() {
		out.DTG = h.DTG.UTC().Format(time.RFC3339)
	}
	if out.Paragraphs == nil {
		out.Paragraphs = []int{}
	}
	return out
}
