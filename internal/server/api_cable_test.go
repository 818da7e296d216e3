package server_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
)

// TestCableView_Seed is the table of MARKINGS.md §6, through the API.
func TestCableView_Seed(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	all := []int{1, 2, 3, 4, 5, 6, 7, 8}
	tests := []struct {
		user string
		want api.ViewInfo
	}{
		{"us-s", api.ViewInfo{Banner: "SECRET//NOFORN", SubjectShown: true, Shown: all}},
		{"us-c", api.ViewInfo{Banner: "UNCLASSIFIED", Shown: []int{7, 8}, Withheld: []int{1, 2, 3, 4, 5, 6}}},
		{"chn", api.ViewInfo{Banner: "SECRET//REL TO USA, CHN", Release: true, Shown: []int{2, 6, 7, 8}}},
		{"gbr", api.ViewInfo{Banner: "UNCLASSIFIED", Release: true, Shown: []int{7, 8}}},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			a := f.as(t, tt.user).get("/api/v1/cables/" + seedID)
			if a.status != http.StatusOK {
				t.Fatalf("GET = %d %s", a.status, a.body)
			}
			var doc api.CableView
			a.decode(t, &doc)
			if diff := cmp.Diff(tt.want, doc.View); diff != "" {
				t.Errorf("view (-want +got):\n%s", diff)
			}
			if doc.Cable.Classification != tt.want.Banner {
				t.Errorf("classification = %q, want the view's banner %q", doc.Cable.Classification, tt.want.Banner)
			}
			for _, p := range doc.Cable.Paragraphs {
				if p.Line != 0 {
					t.Errorf("paragraph %d has line %d: lines tell how long withheld paragraphs are", p.Number, p.Line)
				}
			}
		})
	}
	t.Run("us-u: not found", func(t *testing.T) {
		a := f.as(t, "us-u").get("/api/v1/cables/" + strings.ToLower(seedID))
		if a.status != http.StatusNotFound || a.body != errorBody("cable 07STATE159388 not found") {
			t.Errorf("GET = %d %q, want 404 not found", a.status, a.body)
		}
	})
}

func TestCableView_Text(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	a := f.as(t, "us-c").get("/api/v1/cables/" + seedID + "?format=text")
	if a.status != http.StatusOK || !strings.HasPrefix(a.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET = %d %s", a.status, a.header.Get("Content-Type"))
	}
	for _, want := range []string{"UNCLASSIFIED\n\n", "UNCLAS STATE 159388", "5. (S//NF) [withheld]", "7. (U) Please report", "\nUNCLASSIFIED\n"} {
		if !strings.Contains(a.body, want) {
			t.Errorf("text view lacks %q:\n%s", want, a.body)
		}
	}
	if got := a.header.Get("X-Cable-Banner"); got != "UNCLASSIFIED" {
		t.Errorf("X-Cable-Banner = %q, want UNCLASSIFIED", got)
	}
	a = f.as(t, "chn").get("/api/v1/cables/" + seedID + "?format=text")
	if !strings.HasPrefix(a.body, "SECRET//REL TO USA, CHN\n\n") || strings.Contains(a.body, "[withheld]") {
		t.Errorf("release copy text: want the banner first and no placeholders:\n%s", a.body)
	}
	a = f.as(t, "chn").get("/api/v1/cables/" + seedID + "?format=pdf")
	if a.status != http.StatusBadRequest || a.body != errorBody(`format "pdf": want json or text`) {
		t.Errorf("format=pdf: %d %q", a.status, a.body)
	}
}

func TestCableRelease(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	tests := []struct {
		name, user, query string
		status            int
		want              api.ViewInfo
		err               string
	}{
		{"US SECRET for CHN", "us-s", "country=CHN", 200,
			api.ViewInfo{Banner: "SECRET//REL TO USA, CHN", Release: true, Shown: []int{2, 6, 7, 8}}, ""},
		{"by country name", "us-s", "country=China", 200,
			api.ViewInfo{Banner: "SECRET//REL TO USA, CHN", Release: true, Shown: []int{2, 6, 7, 8}}, ""},
		{"at a lower clearance", "us-s", "country=CHN&clearance=CONFIDENTIAL", 200,
			api.ViewInfo{Banner: "UNCLASSIFIED", Release: true, Shown: []int{7, 8}}, ""},
		{"never above the caller's clearance", "us-c", "country=CHN&clearance=TOP+SECRET", 200,
			api.ViewInfo{Banner: "UNCLASSIFIED", Release: true, Shown: []int{7, 8}}, ""},
		{"GBR", "us-s", "country=GBR", 200,
			api.ViewInfo{Banner: "UNCLASSIFIED", Release: true, Shown: []int{7, 8}}, ""},
		{"a foreign reader's own country", "chn", "country=CHN", 200,
			api.ViewInfo{Banner: "SECRET//REL TO USA, CHN", Release: true, Shown: []int{2, 6, 7, 8}}, ""},
		{"a foreign reader, another country", "chn", "country=GBR", 400, api.ViewInfo{},
			"country GBR: a reader from CHN may ask only for the copy for CHN"},
		{"no country", "us-s", "", 400, api.ViewInfo{}, "country: required, e.g. ?country=GBR"},
		{"USA", "us-s", "country=USA", 400, api.ViewInfo{}, "country USA: a release copy is for a foreign government"},
		{"unknown country", "us-s", "country=XYZ", 400, api.ViewInfo{},
			`country "XYZ": want an ISO 3166 country code such as GBR`},
		{"bad clearance", "us-s", "country=CHN&clearance=HIGH", 400, api.ViewInfo{},
			`clearance "HIGH": want UNCLASSIFIED, CONFIDENTIAL, SECRET or TOP SECRET`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := f.as(t, tt.user).get("/api/v1/cables/" + seedID + "/release?" + tt.query)
			if a.status != tt.status {
				t.Fatalf("GET = %d %s, want %d", a.status, a.body, tt.status)
			}
			if tt.err != "" {
				if a.body != errorBody(tt.err) {
					t.Errorf("GET = %q, want %q", a.body, errorBody(tt.err))
				}
				return
			}
			var doc api.CableView
			a.decode(t, &doc)
			if diff := cmp.Diff(tt.want, doc.View); diff != "" {
				t.Errorf("view (-want +got):\n%s", diff)
			}
			if len(doc.Cable.Captions) != 0 || strings.Contains(a.body, "SIPDIS") {
				t.Errorf("a release copy keeps US handling captions: %v", doc.Cable.Captions)
			}
		})
	}
}

func TestCableRaw(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	src, err := os.ReadFile("../cabletext/testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	a := f.as(t, "us-s").get("/api/v1/cables/" + seedID + "/raw")
	if a.status != http.StatusOK || a.body != string(src) {
		t.Errorf("raw as us-s = %d, %d bytes; want 200 and the seed byte for byte", a.status, len(a.body))
	}
	for _, u := range []string{"us-c", "chn"} {
		a := f.as(t, u).get("/api/v1/cables/" + seedID + "/raw")
		if a.status != http.StatusNotFound || a.body != errorBody("cable 07STATE159388 not found") {
			t.Errorf("raw as %s = %d %q, want 404", u, a.status, a.body)
		}
	}
}

func TestCableVersions(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	a := f.as(t, "nodis").get("/api/v1/cables/08london100003/versions")
	var doc api.Versions
	a.decode(t, &doc)
	if doc.ID != "08LONDON100003" || len(doc.Versions) != 2 || doc.Versions[0].Number != 1 || doc.Versions[1].SHA256 == "" {
		t.Errorf("versions as nodis = %+v, want 2 with hashes", doc)
	}
	var gbr api.Versions
	f.as(t, "gbr").get("/api/v1/cables/08LONDON100003/versions").decode(t, &gbr)
	if len(gbr.Versions) != 2 || gbr.Versions[1].SHA256 != "" || gbr.Versions[1].Size != 0 {
		t.Errorf("versions as gbr = %+v, want 2 without hashes or sizes", gbr)
	}
}

func TestCableRefs(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	var g api.RefGraph
	f.as(t, "nodis").get("/api/v1/cables/08LONDON100003/refs").decode(t, &g)
	want := []api.RefLink{
		{ID: seedID, Label: "A", Text: "07 STATE 159388", InArchive: true, DTG: "2007-11-22T00:00:00Z",
			Subject: f.cables[seedID].Text.Subject},
		{ID: "08STATE100001", Label: "B", Text: "08 STATE 100001"}, // TOP SECRET: as if not in the archive
		{ID: "08STATE100099", Label: "C", Text: "08 STATE 100099"},
	}
	if diff := cmp.Diff(want, g.Cites); diff != "" {
		t.Errorf("cites of 08LONDON100003 as nodis (-want +got):\n%s", diff)
	}
	g = api.RefGraph{}
	f.as(t, "us-s").get("/api/v1/cables/"+seedID+"/refs").decode(t, &g)
	var citedBy []string
	for _, l := range g.CitedBy {
		citedBy = append(citedBy, l.ID)
	}
	// 08LONDON100003 cites the seed too, but us-s may not know of it.
	if diff := cmp.Diff([]string{"08BEIJING100004"}, citedBy); diff != "" {
		t.Errorf("seed cited by, as us-s (-want +got):\n%s", diff)
	}
	for _, l := range g.Cites {
		if l.InArchive {
			t.Errorf("seed cites %s in the archive; none of its references is", l.ID)
		}
	}
}

// TestSearch_NewVersion checks that a cable's new version is searchable
// when it is imported in a batch after the first.
func TestSearch_NewVersion(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	MustImport(t, db, "testdata/london_v1.txt", "testdata/london.txt")
	u := &cable.User{Name: "x", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"SECSTATE WASHDC"}}
	res, err := db.Search(cable.NewContextWithUser(context.Background(), u), cable.SearchQuery{Text: "cordial"})
	if err != nil || res.Total != 1 {
		t.Errorf("Search(cordial) = %v, %v; want the second version", res, err)
	}
}
