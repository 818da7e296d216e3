package server_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
)

// TestAPI_SavedSearches: the saved searches' API on a real server. A
// SECRET and a CONFIDENTIAL reader save the same search; a new SECRET
// cable and a new UNCLASSIFIED one match it, and each is told only of
// what they may see. Another user's search is not found, answered as one
// that does not exist; marking seen clears the count; the API's
// conventions hold (unknown parameter 400, wrong method 405 with Allow,
// errors as {"error"}).
func TestAPI_SavedSearches(t *testing.T) {
	t.Parallel()
	f := MustOpenWeb(t)
	MustImport(t, f.tr.DB, "../cabletext/testdata/seed.txt")
	sec := &client{tb: t, base: f.srv.URL(), token: MustCreateUser(t, f.tr, &cable.User{Name: "sec-reader", Clearance: "SECRET", Citizenship: "USA"})}
	conf := &client{tb: t, base: f.srv.URL(), token: MustCreateUser(t, f.tr, &cable.User{Name: "conf-reader", Clearance: "CONFIDENTIAL", Citizenship: "USA"})}

	for _, tc := range []struct {
		name string
		body any
		says string
	}{
		{"a parameter it would not keep", map[string]string{"name": "x", "query": "tag=PARM&page=2"}, "unknown parameter page"},
		{"a bad day", map[string]string{"name": "x", "query": "tag=PARM&from=2007-13-45"}, "from"},
		{"nothing asked", map[string]string{"name": "x", "query": "q="}, "ask for something"},
		{"no name", map[string]string{"name": " ", "query": "tag=PARM"}, "name"},
		{"an unknown field", map[string]string{"nmae": "x", "query": "tag=PARM"}, "nmae"},
	} {
		a := sec.do("POST", "/api/v1/searches", tc.body)
		if a.status != http.StatusBadRequest || !strings.Contains(a.body, tc.says) || !strings.HasPrefix(a.body, `{"error":`) {
			t.Errorf("save %s: %d %s, want 400 saying %q", tc.name, a.status, a.body, tc.says)
		}
	}

	ids := map[*client]int64{}
	for _, c := range []*client{sec, conf} {
		a := c.do("POST", "/api/v1/searches", api.SavedSearchCreate{Name: "Arms control", Query: "tag=PARM"})
		var ss api.SavedSearch
		a.decode(t, &ss)
		if a.status != http.StatusCreated || ss.ID == 0 || ss.New != 0 || ss.Query != "tag=PARM" ||
			a.header.Get("Location") != "/api/v1/searches/"+strconv.FormatInt(ss.ID, 10) {
			t.Fatalf("save: %d %s Location %q", a.status, a.body, a.header.Get("Location"))
		}
		ids[c] = ss.ID
	}
	mustImportSecretPARM(t, f)
	MustImport(t, f.tr.DB, "testdata/beijing.txt") // PARM, UNCLASSIFIED: for every reader

	for _, tc := range []struct {
		name string
		c    *client
		new  []string
	}{
		{"SECRET", sec, []string{"08BEIJING100004", "08STATE100001"}},
		{"CONFIDENTIAL", conf, []string{"08BEIJING100004"}},
	} {
		var list []api.SavedSearch
		a := tc.c.get("/api/v1/searches")
		a.decode(t, &list)
		if a.status != http.StatusOK || len(list) != 1 || list[0].ID != ids[tc.c] || list[0].New != len(tc.new) {
			t.Errorf("%s: list = %d %s, want its one search with %d new", tc.name, a.status, a.body, len(tc.new))
		}
		var one api.SavedSearch
		a = tc.c.get("/api/v1/searches/" + strconv.FormatInt(ids[tc.c], 10))
		a.decode(t, &one)
		var got []string
		for _, h := range one.NewHits {
			got = append(got, h.ID)
		}
		if a.status != http.StatusOK || one.New != len(tc.new) || !equalSorted(got, tc.new) {
			t.Errorf("%s: one = %d %s, want new %q", tc.name, a.status, a.body, tc.new)
		}
		if tc.name == "CONFIDENTIAL" && (strings.Contains(a.body, "100001") || strings.Contains(a.body, "ZQTS")) {
			t.Errorf("the CONFIDENTIAL reader's search tells of the SECRET cable: %s", a.body)
		}
	}

	// Another user's search is not found, word for word as one that
	// does not exist.
	secID := strconv.FormatInt(ids[sec], 10)
	for _, r := range [][2]string{{"GET", ""}, {"DELETE", ""}, {"POST", "/seen"}} {
		a := conf.do(r[0], "/api/v1/searches/"+secID+r[1], nil)
		none := conf.do(r[0], "/api/v1/searches/999999"+r[1], nil)
		if a.status != http.StatusNotFound || a.body != strings.ReplaceAll(none.body, "999999", secID) {
			t.Errorf("%s %s%s by another user = %d %s; want 404 as for none (%s)", r[0], secID, r[1], a.status, a.body, none.body)
		}
	}

	if a := sec.do("POST", "/api/v1/searches/"+secID+"/seen", nil); a.status != http.StatusNoContent {
		t.Errorf("mark seen: %d %s", a.status, a.body)
	}
	var one api.SavedSearch
	sec.get("/api/v1/searches/"+secID).decode(t, &one)
	if one.New != 0 || len(one.NewHits) != 0 {
		t.Errorf("after marking seen: %+v, want nothing new", one)
	}
	if a := sec.do("DELETE", "/api/v1/searches/"+secID, nil); a.status != http.StatusNoContent {
		t.Errorf("delete: %d %s", a.status, a.body)
	}
	if a := sec.get("/api/v1/searches"); a.status != http.StatusOK || a.body != "[]\n" && a.body != "[]" {
		t.Errorf("list after the delete: %d %q, want []", a.status, a.body)
	}
	if a := sec.get("/api/v1/searches/" + secID); a.status != http.StatusNotFound {
		t.Errorf("deleted search: %d, want 404", a.status)
	}

	for _, tc := range []struct {
		method, path string
		status       int
		allow, says  string
	}{
		{"GET", "/api/v1/searches?name=x", http.StatusBadRequest, "", "unknown query parameter name"},
		{"PUT", "/api/v1/searches/1", http.StatusMethodNotAllowed, "DELETE, GET, HEAD", ""},
		{"PATCH", "/api/v1/searches", http.StatusMethodNotAllowed, "GET, HEAD, POST", ""},
		{"GET", "/api/v1/searches/x", http.StatusNotFound, "", "saved search x not found"},
	} {
		a := conf.do(tc.method, tc.path, nil)
		if a.status != tc.status || a.header.Get("Allow") != tc.allow || !strings.Contains(a.body, tc.says) {
			t.Errorf("%s %s: %d Allow %q %s, want %d Allow %q saying %q", tc.method, tc.path, a.status, a.header.Get("Allow"), a.body, tc.status, tc.allow, tc.says)
		}
	}
	if a := (&client{tb: t, base: f.srv.URL()}).get("/api/v1/searches"); a.status != http.StatusUnauthorized {
		t.Errorf("without credentials: %d, want 401", a.status)
	}
}
