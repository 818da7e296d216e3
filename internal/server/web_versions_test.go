package server_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// mustOpenVersions returns a fixture whose seed has a second version: the
// (S) paragraph 1 and the (U) paragraph 7 reworded.
func mustOpenVersions(t *testing.T, users ...string) *fixture {
	t.Helper()
	f := MustOpenFixture(t, users...)
	b, err := os.ReadFile("../cabletext/testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	v2 := strings.Replace(string(b), "ACTION REQUEST:", "ACTION REQUESTED:", 1)
	v2 = strings.Replace(v2, "Please report delivery", "Please report the delivery", 1)
	if _, err := f.db.ImportCables(context.Background(), []*cable.Cable{cabletext.ParseString(v2)}); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestVersionsPage_Diff: two versions side by side as the reader may read
// each: what is withheld from them is [withheld] in both, a paragraph the
// current version dropped only for a reader of all of it (issue 17,
// goal "Reading").
func TestVersionsPage_Diff(t *testing.T) {
	t.Parallel()
	f := mustOpenVersions(t, "us-s", "us-c", "us-u", "chn", "gbr", "nodis")
	const london = "08LONDON100003"
	for _, tc := range []struct {
		name, reader, id string
		// del and ins are words of the lines removed and added; never,
		// words the page must not hold.
		del, ins, never []string
	}{
		{"cleared for all", "us-s", seedID, []string{"ACTION REQUEST:", "Please report delivery"}, []string{"ACTION REQUESTED:", "Please report the delivery"}, nil},
		{"the unclassified paragraphs only", "us-c", seedID, []string{"Please report delivery"}, []string{"Please report the delivery"}, []string{"ACTION REQUEST", "Hezbollah"}},
		{"a foreign reader", "chn", seedID, []string{"Please report delivery"}, []string{"Please report the delivery"}, []string{"ACTION REQUEST", "Hezbollah"}},
		{"a paragraph dropped, reader of all", "nodis", london, []string{"ZQOLDV5"}, nil, nil},
		{"a paragraph dropped, foreign reader", "gbr", london, nil, nil, []string{"ZQOLDV5", "ZQLNA2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newBrowser(t, f.srv.URL()).login(tc.reader, testPassword).get("/cables/" + tc.id + "/versions?from=1&to=2")
			d := mustStatus(t, "compare", a, http.StatusOK)
			if got := d.texts("#diff-table del"); !sameWords(got, tc.del) {
				t.Errorf("removed lines %q, want lines holding %q", got, tc.del)
			}
			if got := d.texts("#diff-table ins"); !sameWords(got, tc.ins) {
				t.Errorf("added lines %q, want lines holding %q", got, tc.ins)
			}
			for _, w := range tc.never {
				if strings.Contains(a.body, w) {
					t.Errorf("the comparison shows %q to %s", w, tc.reader)
				}
			}
			if n := len(d.all("#banner-top .banner")) + len(d.all("#banner-bottom .banner")); n != 2 {
				t.Errorf("%d banners, want top and bottom", n)
			}
		})
	}
	us := newBrowser(t, f.srv.URL()).login("us-s", testPassword)
	// The cable's page links the comparison with the version it replaced.
	if got := parsePage(t, us.get("/cables/"+seedID)).attrs("#compare-previous", "href"); len(got) != 1 || got[0] != "/cables/"+seedID+"/versions?from=1&to=2#diff" {
		t.Errorf("the cable page's link to what changed: %q", got)
	}
	for _, q := range []string{"from=2&to=2", "from=1&to=3", "from=1", "from=x&to=2"} {
		mustStatus(t, q, us.get("/cables/"+seedID+"/versions?"+q), http.StatusBadRequest)
	}
	// us-u may not know of the seed: as for a cable that does not exist.
	unknown := newBrowser(t, f.srv.URL()).login("us-u", testPassword)
	a, absent := unknown.get("/cables/"+seedID+"/versions?from=1&to=2"), unknown.get("/cables/"+absentID+"/versions?from=1&to=2")
	if a.status != http.StatusNotFound || a.body != strings.ReplaceAll(absent.body, absentID, seedID) {
		t.Errorf("comparison of a cable us-u may not know of = %d, want the answer for an absent one", a.status)
	}
}

// sameWords reports whether each line holds the word of the same index,
// blank lines aside.
func sameWords(all, words []string) bool {
	var lines []string
	for _, l := range all {
		if l = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(l, "removed:"), "added:")); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) != len(words) {
		return false
	}
	for i, w := range words {
		if !strings.Contains(lines[i], w) {
			return false
		}
	}
	return true
}

// TestBrowser_VersionsDiff: the comparison is side by side at a desktop's
// width and stacked at a phone's, and passes the accessibility check at
// both.
func TestBrowser_VersionsDiff(t *testing.T) {
	mustChromium(t)
	f := mustOpenVersions(t, "us-s")
	c := MustStartChrome(t, f.srv.URL())
	us := c.as("us-s")
	us.open("/cables/" + seedID + "/versions")
	us.click(`#versions tr[data-version="2"] a`)
	if got := us.text("#diff-h"); got != "Version 1 and version 2, as you may read them" {
		t.Fatalf("after Compare: %q at %s", got, us.location())
	}
	// top of the old and the new line of the first changed row, and the
	// old line's bottom.
	const rows = `(() => { const r = document.querySelector("#diff-table tr.diff-change");
	  const o = r.querySelector("td.old").getBoundingClientRect(), n = r.querySelector("td.new").getBoundingClientRect();
	  return [o.top, n.top, o.bottom, o.left, n.left]; })()`
	us.checkA11y()
	if p := eval[[]float64](us, rows); p[0] != p[1] || p[4] <= p[3] {
		t.Errorf("at 1280px the changed lines are not side by side: old at (%v, %v), new at (%v, %v)", p[3], p[0], p[4], p[1])
	}
	us.do(chromedp.EmulateViewport(390, 844))
	us.open("/cables/" + seedID + "/versions?from=1&to=2")
	us.checkA11y()
	if p := eval[[]float64](us, rows); p[1] < p[2] {
		t.Errorf("at 390px the new line (top %v) is not below the old (bottom %v)", p[1], p[2])
	}
	if w := eval[float64](us, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 1 {
		wide := eval[string](us, `[...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + "." + e.className + "#" + e.id).join(" ")`)
		t.Errorf("the comparison is %vpx wider than a phone: %s", w, wide)
	}
}
