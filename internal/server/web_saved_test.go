package server_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// mustImportSecretPARM imports 08STATE100001 made SECRET and tagged PARM
// (from testdata/ts.txt): a cable a CONFIDENTIAL reader may not know of,
// whose every word is a ZQTS word.
func mustImportSecretPARM(t *testing.T, f *webFixture) {
	t.Helper()
	src, err := os.ReadFile("testdata/ts.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.NewReplacer("T O P S E C R E T", "S E C R E T", "(TS)", "(S)", "(TS//NF)", "(S//NF)", "PINR, ZQTSTAG", "PARM, ZQTSTAG").Replace(string(src))
	if _, err := f.tr.DB.ImportCables(context.Background(), []*cable.Cable{cabletext.ParseString(text)}); err != nil {
		t.Fatal(err)
	}
}

// mustCreateReader adds a reader without posts or roles.
func mustCreateReader(t *testing.T, f *webFixture, name, clearance string) {
	t.Helper()
	if err := f.tr.CreateUser(context.Background(), &cable.User{Name: name, Clearance: clearance, Citizenship: "USA"}, testPassword); err != nil {
		t.Fatal(err)
	}
}

// TestPages_SavedSearches: a reader saves a search; cables that match it
// afterwards are counted on the navigation and listed on /searches, only
// those the reader may see. A CONFIDENTIAL reader whose search a new
// SECRET cable matches gets no alert, no count and no word of it, while a
// SECRET reader with the same search is told. Marking seen clears the
// count; a search is its owner's alone.
func TestPages_SavedSearches(t *testing.T) {
	t.Parallel()
	f := MustOpenWeb(t)
	MustImport(t, f.tr.DB, "../cabletext/testdata/seed.txt")
	mustCreateReader(t, f, "sec-reader", "SECRET")
	mustCreateReader(t, f, "conf-reader", "CONFIDENTIAL")
	sec := newBrowser(t, f.srv.URL()).login("sec-reader", testPassword)
	conf := newBrowser(t, f.srv.URL()).login("conf-reader", testPassword)

	for _, b := range []*browser{sec, conf} {
		d := parsePage(t, b.get("/search?tag=PARM&page=2"))
		form := formValues(d, "#save-search")
		if form.Get("query") == "" {
			t.Fatalf("search page offers no save form")
		}
		form.Set("name", "Arms control")
		d = mustStatus(t, "save", b.post("/searches", form), http.StatusOK)
		if got := d.attrs("section.saved h2 a", "href"); len(got) != 1 || got[0] != "/search?tag=PARM" {
			t.Errorf("saved search links = %q, want /search?tag=PARM (no page)", got)
		}
		// What matched when it was saved is not new.
		if got := d.texts("#alert-count"); len(got) != 0 {
			t.Errorf("alert count right after saving = %q, want none", got)
		}
	}

	mustImportSecretPARM(t, f)
	MustImport(t, f.tr.DB, "testdata/beijing.txt") // PARM, UNCLASSIFIED: for every reader

	for _, tc := range []struct {
		name  string
		b     *browser
		count string
		new   []string
	}{
		{"SECRET", sec, "2", []string{"08BEIJING100004", "08STATE100001"}},
		{"CONFIDENTIAL", conf, "1", []string{"08BEIJING100004"}},
	} {
		a := tc.b.get("/searches")
		d := mustStatus(t, tc.name+" searches", a, http.StatusOK)
		if got := d.text("#alert-count"); got != tc.count+" new matches" {
			t.Errorf("%s: navigation count = %q, want %s", tc.name, got, tc.count)
		}
		if got := d.attrs("section.saved tr[data-cable]", "data-cable"); !equalSorted(got, tc.new) {
			t.Errorf("%s: new matches = %q, want %q", tc.name, got, tc.new)
		}
		for _, id := range []string{"#banner-top", "#banner-bottom"} {
			if len(d.all(id)) != 1 {
				t.Errorf("%s: /searches has no %s", tc.name, id)
			}
		}
		if tc.name == "CONFIDENTIAL" && (strings.Contains(a.body, "100001") || strings.Contains(a.body, "ZQTS")) {
			t.Errorf("the CONFIDENTIAL reader's alerts tell of the SECRET cable:\n%s", a.body)
		}
	}
	// Not even the count on another page: the inbox-less reader's search
	// page carries the same navigation.
	if d := parsePage(t, conf.get("/search?q=nothingatall")); d.text("#alert-count") != "1 new matches" {
		t.Errorf("CONFIDENTIAL reader's count on the search page = %q", d.text("#alert-count"))
	}

	// Marked as seen, the SECRET reader's alert is gone.
	d := parsePage(t, sec.get("/searches"))
	id := d.attrs("section.saved", "data-search")[0]
	d = mustStatus(t, "seen", sec.post("/searches/"+id+"/seen", url.Values{}), http.StatusOK)
	if got := d.texts("#alert-count"); len(got) != 0 {
		t.Errorf("count after marking seen = %q", got)
	}
	// Another reader can neither mark nor delete it.
	for _, p := range []string{"/searches/" + id + "/seen", "/searches/" + id + "/delete"} {
		if a := conf.post(p, url.Values{}); a.status != http.StatusNotFound {
			t.Errorf("POST %s by another reader = %d, want 404", p, a.status)
		}
	}
	d = mustStatus(t, "delete", sec.post("/searches/"+id+"/delete", url.Values{}), http.StatusOK)
	if len(d.all("#no-searches")) != 1 {
		t.Errorf("after the delete /searches still lists %q", d.texts("section.saved h2"))
	}
	// A search page that asks nothing cannot be saved.
	if a := sec.post("/searches", url.Values{"name": {"all"}, "query": {"page=2"}}); a.status != http.StatusBadRequest {
		t.Errorf("saving a search for nothing = %d, want 400", a.status)
	}
}

func equalSorted(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

// TestBrowser_SavedSearches saves a search from the search page in a
// browser, then finds its new match counted on the navigation and listed,
// at desktop and phone widths, each page passing the accessibility check.
func TestBrowser_SavedSearches(t *testing.T) {
	mustChromium(t)
	f := MustOpenWeb(t)
	MustImport(t, f.tr.DB, "../cabletext/testdata/seed.txt")
	c := MustStartChrome(t, f.srv.URL())
	isn := c.as("isn-drafter")
	isn.open("/search?tag=PARM")
	isn.checkA11y()
	isn.do(chromedp.SetValue(chromedp.ID("save-name"), "Arms control"))
	isn.click("#save-search-go")
	if got := isn.location(); !strings.HasPrefix(got, "/searches") {
		t.Fatalf("after saving the page is %s", got)
	}
	isn.checkA11y()
	MustImport(t, f.tr.DB, "testdata/beijing.txt")
	for _, width := range []int64{1280, 390} {
		isn.do(chromedp.EmulateViewport(width, 844))
		isn.open("/searches")
		isn.checkA11y()
		if got := isn.text("#alert-count"); got != "1 new matches" {
			t.Errorf("at %dpx the navigation count = %q", width, got)
		}
		if got := isn.text(`section.saved tr[data-cable] a`); got != "08BEIJING100004" {
			t.Errorf("at %dpx the new match = %q", width, got)
		}
		if w := eval[float64](isn, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 1 {
			t.Errorf("/searches is %vpx wider than %dpx", w, width)
		}
	}
	isn.click(`section.saved button[id^="seen-"]`)
	if got := isn.text("section.saved .badge"); got != "0 new" {
		t.Errorf("after marking seen the search's badge = %q", got)
	}
}
