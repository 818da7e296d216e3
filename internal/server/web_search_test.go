package server_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestSearchPage_Truth: the search page opens a cable named by its id
// (only one the reader may know of), offers "did you mean" only when
// nothing matched, keeps the form on a syntax error, and says what its
// counts cover (issue 17, defect 5).
func TestSearchPage_Truth(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	us := f.as(t, "us-s")
	for _, tc := range []struct {
		name, reader, q, want string
	}{
		{"id", "us-s", "07STATE159388", "/cables/07STATE159388"},
		{"id with spaces", "us-s", "07 STATE 159388", "/cables/07STATE159388"},
		{"as a REF line writes it", "us-s", "STATE 159388", "/cables/07STATE159388"},
		{"as a REF line writes it, above the reader's clearance", "us-s", "STATE 100001", "/search?q=STATE+100001"},
		{"an id above the reader's clearance is searched as words", "us-s", "08STATE100001", "/search?q=08STATE100001"},
		{"an id not in the archive is searched as words", "us-s", "08STATE999999", "/search?q=08STATE999999"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newBrowser(t, f.srv.URL()).login(tc.reader, testPassword)
			a := b.get("/search?" + url.Values{"q": {tc.q}}.Encode())
			if got := a.header.Get("X-Final-URL"); got != tc.want {
				t.Errorf("search %q lands on %s, want %s", tc.q, got, tc.want)
			}
		})
	}
	hidden := parsePage(t, newBrowser(t, f.srv.URL()).login("us-s", testPassword).get("/search?q=08STATE100001"))
	absent := parsePage(t, newBrowser(t, f.srv.URL()).login("us-s", testPassword).get("/search?q=08STATE999999"))
	if hidden.text("#results-h") != absent.text("#results-h") {
		t.Errorf("a hidden id answers %q, an absent one %q", hidden.text("#results-h"), absent.text("#results-h"))
	}

	d := parsePage(t, us.get("/search?q=Tianjin+OR+Tianjn"))
	if n := len(d.all(".results li")); n == 0 {
		t.Fatal("Tianjin OR Tianjn finds nothing")
	}
	if n := len(d.all(".suggest")); n != 0 {
		t.Errorf("a query that matched is offered %d respellings", n)
	}
	if got := d.text("#facet-scope"); !strings.HasPrefix(got, "Counted over all") {
		t.Errorf("facet scope = %q", got)
	}

	a := us.get("/search?q=%28Tianjin")
	d = mustStatus(t, "syntax error", a, http.StatusBadRequest)
	if got := d.attrs("#q", "value"); !slices.Equal(got, []string{"(Tianjin"}) || len(d.all(".alert")) != 1 {
		t.Errorf("after a syntax error the form holds %q, alerts %d", got, len(d.all(".alert")))
	}
}

// TestSearchPage_OriginByCity: origin=Beijing searches the post the
// directory names so, and says so (issue 17, defect 5).
func TestSearchPage_OriginByCity(t *testing.T) {
	t.Parallel()
	f := MustOpenWeb(t)
	MustImport(t, f.tr.DB, "testdata/beijing.txt")
	b := newBrowser(t, f.srv.URL()).login("isn-drafter", testPassword)
	for _, origin := range []string{"Beijing", "RUEHBJ", "AMEMBASSY BEIJING"} {
		d := parsePage(t, b.get("/search?"+url.Values{"origin": {origin}}.Encode()))
		if got := d.attrs(".results li", "data-cable"); !slices.Equal(got, []string{"08BEIJING100004"}) {
			t.Errorf("origin=%s finds %q", origin, got)
		}
	}
	d := parsePage(t, b.get("/search?origin=Beijing"))
	if got := d.text("#origin-note"); !strings.Contains(got, "AMEMBASSY BEIJING") {
		t.Errorf("origin note = %q", got)
	}
}

// TestSearchPage_HitClassification: a hit shows the banner of the
// reader's view, controls included, as the cable's page does, and never
// controls of paragraphs withheld from the reader (issue 17, defect 4).
func TestSearchPage_HitClassification(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	for _, tc := range []struct {
		name, reader, want string
	}{
		{"cleared for everything", "us-s", "SECRET//NOFORN"},
		{"NOFORN paragraphs withheld from a foreign reader", "chn", "SECRET//REL TO USA, CHN"},
		{"only the unclassified paragraphs", "us-c", "UNCLASSIFIED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := f.as(t, tc.reader)
			d := parsePage(t, b.get("/search?q=appreciates"))
			if got := d.text(`li[data-cable="` + seedID + `"] .mark`); got != tc.want {
				t.Errorf("hit badge = %q, want %q", got, tc.want)
			}
			page := parsePage(t, b.get("/cables/"+seedID))
			if got := page.texts(".banner")[0]; !strings.HasSuffix(got, tc.want) {
				t.Errorf("the cable page's banner %q is not the hit's %q", got, tc.want)
			}
		})
	}
}
