package server_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/quality"
	"github.com/cable/cable/internal/storetest"
)

// TestQualityAPI checks the data-quality filter and findings on the leak
// truth's cables, whose unreadable marks are known by hand (10, 17 and
// 19 hold one; 20 is found by nobody): a US reader finds the cables they
// know that hold one, in the words or as a parameter; a foreign reader,
// whose release copies show no withheld place, and the public find none.
func TestQualityAPI(t *testing.T) {
	t.Parallel()
	lt := storetest.MustLoadLeakTruth(t)
	srv, tokens := openTruthServer(t, lt)
	ids := func(c *client, path string) []string {
		var res api.SearchResult
		c.get(path).decode(t, &res)
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		slices.Sort(out)
		return out
	}
	usS := &client{tb: t, base: srv.URL(), token: tokens["us-s"]}
	chn := &client{tb: t, base: srv.URL(), token: tokens["chn-s-beijing"]}
	anyone := &client{tb: t, base: srv.URL()}
	want := []string{"08STATE200010", "08STATE200017", "08STATE200019"}
	for _, p := range []string{"/api/v1/search?q=quality:unreadable-mark", "/api/v1/search?quality=unreadable-mark"} {
		if got := ids(usS, p); !slices.Equal(got, want) {
			t.Errorf("us-s GET %s finds %v, want %v", p, got, want)
		}
		if got := ids(chn, p); len(got) != 0 {
			t.Errorf("chn-s-beijing GET %s finds %v, want none", p, got)
		}
	}
	if got := ids(anyone, "/api/v1/public/search?q=quality:unreadable-mark"); len(got) != 0 {
		t.Errorf("the public finds %v, want none", got)
	}
	var fs []quality.Finding
	usS.get("/api/v1/cables/08STATE200010/quality").decode(t, &fs)
	if diff := cmp.Diff([]quality.Finding{{Kind: quality.UnreadableMark, Part: "2"}}, fs); diff != "" {
		t.Errorf("findings of 08STATE200010 for us-s (-want +got):\n%s", diff)
	}
	if a := usS.get("/api/v1/search?quality=bad-kind"); a.status != http.StatusBadRequest {
		t.Errorf("an unknown kind = %d, want 400", a.status)
	}
}
