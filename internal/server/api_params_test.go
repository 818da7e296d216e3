package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAPI_UnknownParams: a query parameter the API does not read is a 400
// that names it, rather than a filter silently ignored (issue 17, defect
// 9: tags=PARM gave every cable).
func TestAPI_UnknownParams(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	c := f.as(t, "us-s")
	for _, tc := range []struct {
		name, path string
		status     int
		says       string
	}{
		{"misspelt tag", "/api/v1/search?tags=PARM", http.StatusBadRequest, "unknown query parameter tags"},
		{"tag", "/api/v1/search?tag=PARM", http.StatusOK, ""},
		{"cable with a parameter it does not read", "/api/v1/cables/07STATE159388?fromat=text", http.StatusBadRequest, "parameter fromat"},
		{"me takes none", "/api/v1/me?x=1", http.StatusBadRequest, "it takes none"},
		{"list of cables", "/api/v1/cables?limit=2", http.StatusOK, ""},
		{"list of cables, unknown parameter", "/api/v1/cables?q=x", http.StatusBadRequest, "unknown query parameter q"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := c.get(tc.path)
			if a.status != tc.status || !strings.Contains(a.body, tc.says) {
				t.Errorf("GET %s: %d %s, want %d saying %q", tc.path, a.status, a.body, tc.status, tc.says)
			}
		})
	}
}

// TestAPI_MethodNotAllowed: a path the API serves, asked with another
// method, is 405 with Allow; a path it does not serve stays 404.
func TestAPI_MethodNotAllowed(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	c := f.as(t, "us-s")
	for _, tc := range []struct {
		name, method, path string
		status             int
		allow              string
	}{
		{"delete a cable", "DELETE", "/api/v1/cables/07STATE159388", http.StatusMethodNotAllowed, "GET, HEAD"},
		{"post a search", "POST", "/api/v1/search", http.StatusMethodNotAllowed, "GET, HEAD"},
		{"get the login", "GET", "/api/v1/login", http.StatusMethodNotAllowed, "POST"},
		{"tokens", "PUT", "/api/v1/me/tokens", http.StatusMethodNotAllowed, "GET, HEAD, POST"},
		{"no such path", "DELETE", "/api/v1/nothing", http.StatusNotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := c.do(tc.method, tc.path, nil)
			if a.status != tc.status || a.header.Get("Allow") != tc.allow {
				t.Errorf("%s %s: %d Allow %q, want %d Allow %q", tc.method, tc.path, a.status, a.header.Get("Allow"), tc.status, tc.allow)
			}
		})
	}
}

// TestAPI_CableList: GET /api/v1/cables lists, newest first, the cables
// the caller may know of, as a search without words does.
func TestAPI_CableList(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	for _, name := range []string{"us-ts", "us-c", "chn"} {
		t.Run(name, func(t *testing.T) {
			c := f.as(t, name)
			var list, search struct {
				Total int `json:"total"`
				Hits  []struct {
					ID string `json:"id"`
				} `json:"hits"`
			}
			c.get("/api/v1/cables?limit=100").decode(t, &list)
			c.get("/api/v1/search?sort=date&limit=100").decode(t, &search)
			if list.Total != search.Total || !cmp.Equal(list.Hits, search.Hits) {
				t.Errorf("list %+v, search %+v", list, search)
			}
			if list.Total == 0 || list.Total == len(f.ids) && name != "us-ts" {
				t.Errorf("%s lists %d of %d cables", name, list.Total, len(f.ids))
			}
		})
	}
}
