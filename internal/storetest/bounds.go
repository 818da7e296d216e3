package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
)

// testSearchBounds checks that a store refuses a query past the parser's
// bounds as Invalid (so 400, never 500: a NUL byte once reached SQLite),
// and that a search whose deadline has passed stops with the deadline's
// error instead of finishing: the server maps it to 503, and the search
// must not go on holding the database for a caller who has been answered.
func testSearchBounds(t *testing.T, s Store) {
	MustImport(t, s, Seed(t))
	us := as("SECRET", "USA")
	refused := []struct{ name, text, want string }{
		{"terms", strings.TrimSpace(strings.Repeat("slug ", cable.MaxQueryTerms+1)), "65 terms"},
		{"bytes", strings.Repeat("s", cable.MaxQueryBytes+1), "1001 bytes"},
		{"depth", strings.Repeat("(", cable.MaxQueryDepth+1) + "slug" + strings.Repeat(")", cable.MaxQueryDepth+1), "16 deep"},
		{"NUL", "slug\x00", "U+0000"},
		{"not UTF-8", "slug \xff", "not UTF-8"},
	}
	for _, tt := range refused {
		for _, sugg := range []bool{false, true} {
			_, err := s.Search(us, cable.SearchQuery{Text: tt.text, Suggestions: sugg})
			if cable.KindOf(err) != cable.Invalid || !strings.Contains(cable.MessageOf(err), tt.want) {
				t.Errorf("%s: Search (suggestions %v) error = %v, want Invalid saying %q", tt.name, sugg, err, tt.want)
			}
		}
	}
	queries := []struct {
		name string
		q    cable.SearchQuery
	}{
		{"words", cable.SearchQuery{Text: "slug OR Hezbollah"}},
		{"no words", cable.SearchQuery{Tags: []string{"PARM"}}},
		{"by relevance", cable.SearchQuery{Text: "slug", Sort: "relevance"}},
		{"suggestions, facets, snippets", cable.SearchQuery{Text: "slgu", Suggestions: true, Facets: true, Snippets: true}},
	}
	for _, tt := range queries {
		ctx, cancel := context.WithDeadline(us, time.Now().Add(-time.Second))
		res, err := s.Search(ctx, tt.q)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: Search past its deadline = %v, %v, want the deadline's error", tt.name, res, err)
		}
	}
}
