package api

import (
	"time"

	"github.com/cable/cable/internal/cable"
)

// SavedSearch is one of the caller's saved searches and its new matches:
// the cables that match it, as the caller may see them, and that it has
// not shown them yet. Query is the search as GET /api/v1/search's query
// string writes it (q=…&tag=…).
type SavedSearch struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Query     string `json:"query"`
	CreatedAt string `json:"created_at"`
	// New counts the new matches, however many; NewExact is false when
	// the store stopped counting (at 100,000) and New is a lower bound.
	// CannotRun says why the search cannot be run now (a query the
	// search no longer reads), and New is then 0.
	New       int    `json:"new"`
	NewExact  bool   `json:"new_exact"`
	CannotRun string `json:"cannot_run,omitempty"`
	// NewHits are the newest new matches, up to 100, on GET of one search.
	NewHits []SearchHit `json:"new_hits,omitempty"`
}

// SavedSearchCreate is the body of POST /api/v1/searches.
type SavedSearchCreate struct {
	Name  string `json:"name"`
	Query string `json:"query"`
}

// FromSavedSearch returns the wire form of s with n new matches.
func FromSavedSearch(s *cable.SavedSearch, n int) SavedSearch {
	return SavedSearch{ID: s.ID, Name: s.Name, Query: s.Query, CreatedAt: s.CreatedAt.UTC().Format(time.RFC3339Nano), New: n}
}
