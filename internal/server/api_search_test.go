package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/api"
)

func TestSearch(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	tests := []struct {
		name, user, query string
		ids               []string
		total             int
	}{
		{"words", "us-s", "q=litmus", []string{seedID}, 1},
		{"withheld words do not match", "us-c", "q=litmus", nil, 0},
		{"everything, newest first", "us-s", "", []string{"08BEIJING100004", seedID}, 2},
		{"a tag", "us-s", "tag=UNGA", []string{seedID}, 1},
		{"an origin", "us-s", "origin=amembassy+beijing", []string{"08BEIJING100004"}, 1},
		{"an addressee", "us-s", "to=AMEMBASSY+BEIJING", []string{seedID}, 1},
		{"from a date", "us-s", "from=2008-01-13", []string{"08BEIJING100004"}, 1},
		{"until a day, included", "us-s", "until=2007-11-22", []string{seedID}, 1},
		{"by visible level", "us-c", "class=unclassified", []string{"08BEIJING100004", seedID}, 2},
		{"a page", "us-s", "limit=1&offset=1", []string{seedID}, 2},
		// Each word is in one of the two hits, so both weigh the same
		// (rank.go); the seed has Iran in six visible paragraphs.
		{"by relevance", "us-s", "q=Iran+OR+ZQBJA1&sort=relevance", []string{seedID, "08BEIJING100004"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := f.as(t, tt.user).get("/api/v1/search?" + tt.query)
			if a.status != http.StatusOK {
				t.Fatalf("search %s = %d %s", tt.query, a.status, a.body)
			}
			var res api.SearchResult
			a.decode(t, &res)
			var ids []string
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			if diff := cmp.Diff(tt.ids, ids); diff != "" || res.Total != tt.total {
				t.Errorf("search %s: total %d, want %d; hits (-want +got):\n%s", tt.query, res.Total, tt.total, diff)
			}
		})
	}
	t.Run("snippet and paragraphs", func(t *testing.T) {
		var res api.SearchResult
		f.as(t, "us-s").get("/api/v1/search?q=litmus&facets=1").decode(t, &res)
		h := res.Hits[0]
		if !strings.Contains(h.Snippet, "[litmus]") || !cmp.Equal(h.Paragraphs, []int{5}) || h.Level != "SECRET" {
			t.Errorf("hit = %+v, want a snippet of paragraph 5", h)
		}
		if len(res.Facets["tag"]) == 0 || strings.Contains(h.Snippet, "score") {
			t.Errorf("facets = %v", res.Facets)
		}
	})
}

func TestSearch_ErrInvalid(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	tests := []struct{ query, want string }{
		{"q=" + url.QueryEscape(`"iran`), `query "\"iran": unclosed quote at column 1`},
		{"q=AND+iran", `query "AND iran": AND needs a term before it`},
		{"from=22/11/2007", `from "22/11/2007": want a date YYYY-MM-DD`},
		{"until=soon", `until "soon": want a date YYYY-MM-DD`},
		{"class=HIGH", `class "HIGH": want UNCLASSIFIED, CONFIDENTIAL, SECRET or TOP SECRET`},
		{"sort=size", `sort "size": want date or relevance`},
		{"limit=1000", `limit "1000": want a whole number from 1 to 100`},
		{"limit=0", `limit "0": want a whole number from 1 to 100`},
		{"offset=-1", `offset "-1": want a whole number from 0 to 1048576`},
		{"facets=yes", `facets "yes": want 1 or 0`},
	}
	for _, tt := range tests {
		a := f.as(t, "us-s").get("/api/v1/search?" + tt.query)
		if a.status != http.StatusBadRequest || a.body != errorBody(tt.want) {
			t.Errorf("search %s = %d %s, want 400 %q", tt.query, a.status, a.body, tt.want)
		}
	}
}

// TestSearch_Classification: a hit's classification is the banner of the
// caller's view; its level stays the level alone (issue 17, defect 4).
func TestSearch_Classification(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	for _, tc := range []struct {
		name, reader, level, class string
	}{
		{"cleared for everything", "us-s", "SECRET", "SECRET//NOFORN"},
		{"NOFORN paragraphs withheld from a foreign reader", "chn", "SECRET", "SECRET//REL TO USA, CHN"},
		{"only the unclassified paragraphs", "us-c", "UNCLASSIFIED", "UNCLASSIFIED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var res api.SearchResult
			f.as(t, tc.reader).get("/api/v1/search?q=appreciates").decode(t, &res)
			var got []string
			for _, h := range res.Hits {
				if h.ID == seedID {
					got = []string{h.Level, h.Classification}
				}
			}
			if diff := cmp.Diff([]string{tc.level, tc.class}, got); diff != "" {
				t.Errorf("seed hit level, classification (-want +got):\n%s", diff)
			}
		})
	}
}
