package server_test

import (
	"context"
	"html"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/gen"
)

// A facet with more values than the page lists offers "more…", which
// lists them all; the API cuts facets at facet_values and says which.
func TestSearch_FacetMore(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	g := &gen.Generator{Seed: 17, PerDay: 1} // one cable of three days: about three years of them
	var cs []*cable.Cable
	for i := range 300 {
		cs = append(cs, cabletext.Parse(g.Cable(i*3)))
	}
	if _, err := db.ImportCables(context.Background(), cs); err != nil {
		t.Fatal(err)
	}
	token := MustCreateUser(t, db, &cable.User{Name: "ann", Clearance: "TOP SECRET", Citizenship: "USA", ReadIns: []string{"NODIS", "EXDIS"}})
	s, _ := MustOpenServer(t, db)
	c := &client{tb: t, base: s.URL(), token: token}

	var all, cut api.SearchResult
	c.get("/api/v1/search?q=the&facets=1&facet_values=500").decode(t, &all)
	if len(all.Facets["tag"]) <= 13 || len(all.FacetsCut) != 0 {
		t.Fatalf("facet_values=500: %d tags, cut %v; want more than 13 and none cut", len(all.Facets["tag"]), all.FacetsCut)
	}
	c.get("/api/v1/search?q=the&facets=1&facet_values=5").decode(t, &cut)
	if len(cut.Facets["tag"]) != 5 || !strings.Contains(strings.Join(cut.FacetsCut, ","), "tag") {
		t.Errorf("facet_values=5: %d tags, cut %v; want 5 and tag cut", len(cut.Facets["tag"]), cut.FacetsCut)
	}
	if a := c.get("/api/v1/search?q=the&facets=1&facet_values=501"); a.status != http.StatusBadRequest {
		t.Errorf("facet_values=501 = %d, want 400", a.status)
	}

	b := newBrowser(t, s.URL()).login("ann", testPassword)
	page := parsePage(t, b.get("/search?q=the"))
	if n := len(page.all(".facets li")); n == 0 {
		t.Fatal("the search page lists no facet values")
	}
	// The years chart draws every year of the Year facet, each bar a
	// link to its year.
	bars := page.attrs("#years-chart a", "href")
	if len(bars) != len(all.Facets["year"]) || len(bars) < 2 {
		t.Errorf("the years chart has %d bars; the year facet %d years", len(bars), len(all.Facets["year"]))
	}
	for _, y := range all.Facets["year"] {
		if !slices.ContainsFunc(bars, func(h string) bool { return strings.Contains(h, "from="+y.Value+"-01-01") }) {
			t.Errorf("no bar narrows to %s: %v", y.Value, bars)
		}
	}
	more := page.attrs(".facet-more a", "href")
	if len(more) == 0 {
		t.Fatalf("no facet offers more…; tags %d", len(all.Facets["tag"]))
	}
	var tagMore string
	for _, h := range more {
		if strings.Contains(h, "more=tag") {
			tagMore = html.UnescapeString(h)
		}
	}
	if tagMore == "" {
		t.Fatalf("TAGS offers no more… link: %v", more)
	}
	page = parsePage(t, b.get(tagMore))
	var tags int
	for _, h := range page.attrs(".facets li a", "href") {
		if strings.Contains(h, "tag=") {
			tags++
		}
	}
	if tags != len(all.Facets["tag"]) {
		t.Errorf("after more…, the page lists %d tags, want all %d", tags, len(all.Facets["tag"]))
	}
}
