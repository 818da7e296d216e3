package server_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/storetest"
)

// TestSearchPageQualityFacet checks the data-quality facet on the
// signed-in search page: a US reader searching the leak truth's cables
// sees the unreadable-mark kind counted over the three cables the quality
// filter finds for them (10, 17 and 19), as a link that sets the filter,
// and the API's facet says the same; a foreign reader, whose release
// copies show no withheld place, sees no such value.
func TestSearchPageQualityFacet(t *testing.T) {
	t.Parallel()
	lt := storetest.MustLoadLeakTruth(t)
	srv, tokens := openTruthServer(t, lt)
	facet := func(user string) (values, hrefs []string) {
		b := newBrowser(t, srv.URL()).login(user, testPassword)
		d := parsePage(t, b.get("/search?q=Paragraph"))
		for _, a := range d.all(".facets li a[href*='quality=']") {
			values = append(values, nodeText(a.Parent)) // the value and its count
			hrefs = append(hrefs, attr(a, "href"))
		}
		return values, hrefs
	}
	values, hrefs := facet("us-s")
	if len(values) == 0 || !strings.Contains(strings.Join(values, "|"), "unreadable-mark") {
		t.Fatalf("us-s: quality facet links %q, want one for unreadable-mark", values)
	}
	var res api.SearchResult
	(&client{tb: t, base: srv.URL(), token: tokens["us-s"]}).get("/api/v1/search?q=Paragraph&facets=1&limit=100").decode(t, &res)
	counts := map[string]int{}
	for _, fc := range res.Facets["quality"] {
		counts[fc.Value] = fc.Count
	}
	if counts["unreadable-mark"] != 3 {
		t.Errorf("us-s: API quality facet %v, want unreadable-mark counting 08STATE200010, 17 and 19", res.Facets["quality"])
	}
	for i, v := range values {
		if strings.Contains(v, "unreadable-mark") {
			if !strings.Contains(v, "3") || !strings.Contains(hrefs[i], "quality=unreadable-mark") {
				t.Errorf("us-s: facet link %q -> %q, want the count 3 and the filter quality=unreadable-mark", v, hrefs[i])
			}
		}
	}
	if values, _ := facet("chn-s-beijing"); slices.ContainsFunc(values, func(v string) bool { return strings.Contains(v, "unreadable-mark") }) {
		t.Errorf("chn-s-beijing: quality facet %q shows unreadable marks, which a release copy does not", values)
	}
}
