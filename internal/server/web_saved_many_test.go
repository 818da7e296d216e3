package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// alertCable returns generated cable k, tagged ZQALERT, SECRET or
// UNCLASSIFIED, dated the given day of February 2008 at hour k%24: id
// 08STATE000k.
func alertCable(k, day int, secret bool) *cable.Cable {
	head, eo, para := "UNCLAS", "E.O. 12958: N/A", "(U)"
	if secret {
		head, eo, para = "S E C R E T", "E.O. 12958: DECL: 12/31/2030", "(S)"
	}
	text := fmt.Sprintf("P %02d%02d00Z FEB 08\nFM SECSTATE WASHDC\nTO AMEMBASSY LONDON PRIORITY\n%s STATE %06d\n\nSIPDIS\n\n%s\n"+
		"TAGS: PREL, ZQALERT\nSUBJECT: ALERT TEST %d\n\n", day, k%24, head, k, eo, k)
	if secret {
		text += "Classified By: Desk Officer Jane Doe. Reasons 1.4(d).\n\n"
	}
	return cabletext.ParseString(text + fmt.Sprintf("1. %s Paragraph of cable %d.\n\nRICE\n", para, k))
}

// mustImportAlertCables imports cables from..to-1 of alertCable, every
// third SECRET, on day.
func mustImportAlertCables(t *testing.T, f *webFixture, from, to, day int) {
	t.Helper()
	var cs []*cable.Cable
	for k := from; k < to; k++ {
		cs = append(cs, alertCable(k, day, k%3 == 0))
	}
	if _, err := f.tr.DB.ImportCables(t.Context(), cs); err != nil {
		t.Fatal(err)
	}
}

// TestPages_SavedSearchesManyNew: a saved search counts every new match,
// not only those among its newest 100: 300 new cables are 300 for a
// SECRET reader and the 200 unclassified ones for a CONFIDENTIAL reader,
// who is told nothing of the others; the page lists the newest 100 and
// says so. Marked seen, a cable dated at the same minute as the newest
// seen one is still new, and one dated before it is not.
func TestPages_SavedSearchesManyNew(t *testing.T) {
	t.Parallel()
	f := MustOpenWeb(t)
	mustImportAlertCables(t, f, 1, 31, 1) // 30 old matches, on 1 February
	var readers []*client
	var browsers []*browser
	for _, u := range []struct{ name, clearance string }{{"sec-reader", "SECRET"}, {"conf-reader", "CONFIDENTIAL"}} {
		token := MustCreateUser(t, f.tr, &cable.User{Name: u.name, Clearance: u.clearance, Citizenship: "USA"})
		readers = append(readers, &client{tb: t, base: f.srv.URL(), token: token})
		browsers = append(browsers, newBrowser(t, f.srv.URL()).login(u.name, testPassword))
	}
	ids := make([]string, len(readers))
	for i, c := range readers {
		var ss api.SavedSearch
		a := c.do("POST", "/api/v1/searches", api.SavedSearchCreate{Name: "Alerts", Query: "tag=ZQALERT"})
		a.decode(t, &ss)
		if a.status != http.StatusCreated {
			t.Fatalf("save: %d %s", a.status, a.body)
		}
		ids[i] = strconv.FormatInt(ss.ID, 10)
	}
	mustImportAlertCables(t, f, 100, 400, 10) // 300 new, 100 of them SECRET, on 10 February

	for i, want := range []int{300, 200} {
		var ss api.SavedSearch
		readers[i].get("/api/v1/searches/"+ids[i]).decode(t, &ss)
		if ss.New != want || !ss.NewExact || len(ss.NewHits) != 100 {
			t.Errorf("reader %d: new = %d (exact %v), %d hits; want %d exactly, 100 listed", i, ss.New, ss.NewExact, len(ss.NewHits), want)
		}
		d := mustStatus(t, "searches", browsers[i].get("/searches"), http.StatusOK)
		if got := d.text("#alert-count"); got != "99+ new matches" {
			t.Errorf("reader %d: navigation count = %q, want 99+", i, got)
		}
		if got := d.attrs("section.saved .badge", "data-new"); len(got) != 1 || got[0] != strconv.Itoa(want) {
			t.Errorf("reader %d: badge = %q, want %d", i, got, want)
		}
		if n := len(d.all("section.saved tr[data-cable]")); n != 100 || len(d.all("#saved-"+ids[i]+"-newest")) != 1 {
			t.Errorf("reader %d: %d new matches listed, want the newest 100 and a note", i, n)
		}
	}

	sec := readers[0]
	if a := sec.do("POST", "/api/v1/searches/"+ids[0]+"/seen", nil); a.status != http.StatusNoContent {
		t.Fatalf("mark seen: %d %s", a.status, a.body)
	}
	// The newest seen are dated 10 February, 23:00 (119, 143… 383); 431
	// is dated the same minute, 430 an hour before, 447 two days after.
	mustImportAlertCables(t, f, 430, 432, 10)
	mustImportAlertCables(t, f, 447, 448, 12)
	var ss api.SavedSearch
	sec.get("/api/v1/searches/"+ids[0]).decode(t, &ss)
	var got []string
	for _, h := range ss.NewHits {
		got = append(got, h.ID)
	}
	if want := []string{"08STATE447", "08STATE431"}; ss.New != 2 || !equalSorted(got, want) {
		t.Errorf("after marking seen and three more: new = %d %q, want %q", ss.New, got, want)
	}
	// What was seen stays seen for the page too.
	d := mustStatus(t, "seen", browsers[0].post("/searches/"+ids[0]+"/seen", url.Values{}), http.StatusOK)
	if got := d.attrs("section.saved .badge", "data-new"); len(got) != 1 || got[0] != "0" {
		t.Errorf("after marking seen again: badge %q, want 0", got)
	}
}
