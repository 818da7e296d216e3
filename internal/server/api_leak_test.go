package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
)

// canary is a word found in one part of one cable and nowhere else in the
// corpus: an answer that holds it shows that part.
type canary struct {
	word string
	id   string
	part string // subject, para, signature, tag
	para int
	// search is set for words the search index holds once: a search for
	// one must find its cable exactly when its part is visible.
	search bool
}

const seedID = "07STATE159388"

var canaries = []canary{
	{"IMPENDING", seedID, "subject", 0, false},
	{"Ambassador", seedID, "para", 1, false},
	{"Encourage", seedID, "para", 2, false},
	{"Hezbollah", seedID, "para", 3, false},
	{"litmus", seedID, "para", 5, false},
	{"TALIKING", seedID, "para", 6, false},
	{"November 23", seedID, "para", 7, false},
	{"appreciates", seedID, "para", 8, false},
	{"RICE", seedID, "signature", 0, false},

	{"ZQTSA0", "08STATE100001", "subject", 0, true},
	{"ZQTSA1", "08STATE100001", "para", 1, true},
	{"ZQTSA2", "08STATE100001", "para", 2, true},
	{"ZQTSSIG", "08STATE100001", "signature", 0, true},
	{"ZQTSTAG", "08STATE100001", "tag", 0, false},

	{"ZQNDA0", "08STATE100002", "subject", 0, true},
	{"ZQNDA1", "08STATE100002", "para", 1, true},
	{"ZQNDA2", "08STATE100002", "para", 2, true},
	{"ZQNDSIG", "08STATE100002", "signature", 0, true},
	{"ZQNDTAG", "08STATE100002", "tag", 0, false},

	{"ZQLNA0", "08LONDON100003", "subject", 0, true},
	{"ZQLNA1", "08LONDON100003", "para", 1, true},
	{"ZQLNA2", "08LONDON100003", "para", 2, true},
	{"ZQLNA3", "08LONDON100003", "para", 3, true},
	{"ZQLNA4", "08LONDON100003", "para", 4, true},
	{"ZQLNSIG", "08LONDON100003", "signature", 0, true},
	{"ZQLNTAG", "08LONDON100003", "tag", 0, false},
	// ZQOLDV5 is in the first version of 08LONDON100003 only: never
	// visible, as nothing but the current version is ever shown.
	{"ZQOLDV5", "08LONDON100003", "old", 0, true},

	{"ZQBJA0", "08BEIJING100004", "subject", 0, true},
	{"ZQBJA1", "08BEIJING100004", "para", 1, true},
	{"ZQBJA2", "08BEIJING100004", "para", 2, true},
	{"ZQBJSIG", "08BEIJING100004", "signature", 0, true},
	{"ZQBJTAG", "08BEIJING100004", "tag", 0, false},
}

// absentID is a cable id no test cable has.
const absentID = "08STATE999999"

// TestCanaries checks that each canary is where the leak test says: once
// in the corpus, in its part of its cable.
func TestCanaries(t *testing.T) {
	t.Parallel()
	var all []*cable.Cable
	for _, p := range corpusFiles {
		all = append(all, MustReadCable(t, p))
	}
	for _, cn := range canaries {
		n := 0
		for _, c := range all {
			n += strings.Count(c.Source.Header+c.Source.Body, cn.word)
			if c.Envelope != nil {
				n += strings.Count(c.Envelope.Title, cn.word)
			}
		}
		want := 1
		if cn.part == "subject" && cn.id == seedID {
			want = 2 // the envelope title repeats it
		}
		if cn.word == "ZQOLDV5" {
			want = 1
		} else if strings.HasPrefix(cn.word, "ZQLN") {
			want = 2 // in both versions
		}
		if n != want {
			t.Errorf("canary %q occurs %d times in the corpus, want %d", cn.word, n, want)
		}
		c := all[slices.IndexFunc(all, func(c *cable.Cable) bool { return c.ID == cn.id })]
		if cn.part != "old" && !strings.Contains(partText(c, cn), cn.word) {
			t.Errorf("canary %q is not in %s %s %d", cn.word, cn.id, cn.part, cn.para)
		}
	}
}

// partText returns the text of a canary's part of c.
func partText(c *cable.Cable, cn canary) string {
	switch cn.part {
	case "subject":
		return c.Text.Subject
	case "signature":
		return c.Text.Signature
	case "tag":
		return strings.Join(c.Text.Tags, " ")
	case "para":
		for _, p := range c.Text.Paragraphs {
			if p.Number == cn.para {
				return p.Heading + "\n" + p.Text
			}
		}
	}
	return ""
}

// oracle says what package access shows a reader, computed from the
// cables as parsed, not through the store or the server.
type oracle struct {
	f *fixture
	r access.Reader
}

func (o oracle) view(id string) (*access.CableView, bool) {
	c, ok := o.f.cables[id]
	if !ok {
		return nil, false
	}
	return access.View(o.r, c, access.DistributionOf(c), now)
}

func (o oracle) knows(id string) bool {
	_, ok := o.view(id)
	return ok
}

// bannerSeen reports whether the reader sees the text of id that takes
// its banner (tags, references, signature).
func (o oracle) bannerSeen(id string) bool {
	c := o.f.cables[id]
	b, _ := access.Banner(c)
	return o.knows(id) && (access.Declassified(c, now) || access.CanSee(o.r, b))
}

// readsAll reports whether the reader may read the raw text of id.
func (o oracle) readsAll(id string) bool {
	v, ok := o.view(id)
	return ok && !v.Release && len(v.Withheld) == 0 && v.SubjectShown &&
		v.Cable.Text.Signature != "" && o.bannerSeen(id)
}

func (o oracle) visible(cn canary) bool {
	v, ok := o.view(cn.id)
	if !ok {
		return false
	}
	switch cn.part {
	case "subject":
		return v.SubjectShown
	case "para":
		return slices.Contains(v.Shown, cn.para)
	case "signature":
		return v.Cable.Text.Signature != ""
	case "tag":
		return o.bannerSeen(cn.id) // TAGS carry no mark: they take the banner
	}
	return false
}

// TestAPI_Leaks asks the API everything, as readers of every kind, and
// checks that no answer — views as JSON and text, release copies, raw
// text, versions, references, search hits, totals, facets and snippets,
// the audit log, error bodies — holds anything of a part of a cable the
// reader may not see, or of a cable they may not know of; and that a cable
// they may not know of is answered exactly as one that does not exist.
func TestAPI_Leaks(t *testing.T) {
	f := sharedFixture(t)
	// Readers run in order, the administrator last, so that the audit log
	// holds everyone's reads when the administrator reads it.
	for _, u := range f.users {
		t.Run(u.Name, func(t *testing.T) {
			o := oracle{f: f, r: access.ReaderOf(u)}
			c := f.as(t, u.Name)
			var bodies []string
			if u.Admin {
				// First, before the administrator's own searches are
				// logged: their terms are theirs to see.
				bodies = append(bodies, checkAudit(t, c, o)...)
			}
			for _, id := range append(slices.Clone(f.ids), absentID) {
				bodies = append(bodies, checkCableAnswers(t, c, o, id)...)
			}
			bodies = append(bodies, checkSearch(t, c, o)...)
			bodies = append(bodies, c.get("/api/v1/me").body)
			all := strings.Join(bodies, "\n")
			for _, cn := range canaries {
				switch seen := strings.Contains(all, cn.word); {
				case seen && !o.visible(cn):
					t.Errorf("%q (%s %s %d) is in an answer, but %s may not see it", cn.word, cn.id, cn.part, cn.para, u.Name)
				case !seen && o.visible(cn):
					t.Errorf("%q (%s %s %d) is in no answer, but %s may see it", cn.word, cn.id, cn.part, cn.para, u.Name)
				}
			}
		})
	}
	logs := f.logs.String()
	// The grep proves something only if the requests were logged, with
	// their routes: a search's line names its route and not its words.
	if !strings.Contains(logs, `"msg":"request"`) || !strings.Contains(logs, `"route":"GET /api/v1/search"`) {
		t.Errorf("the server log holds no search request line: the grep below would find nothing anyway")
	}
	for _, cn := range canaries {
		if strings.Contains(logs, cn.word) {
			t.Errorf("the server log holds %q", cn.word)
		}
	}
}

// checkCableAnswers asks every cable route about id and checks the
// answers; it returns their bodies.
func checkCableAnswers(t *testing.T, c *client, o oracle, id string) []string {
	t.Helper()
	base := "/api/v1/cables/" + id
	paths := []string{base, base + "?format=text", base + "/versions", base + "/refs", base + "/raw",
		base + "/release?country=GBR", base + "/release?country=CHN&format=text"}
	var bodies []string
	for _, p := range paths {
		a := c.get(p)
		bodies = append(bodies, a.body)
		if !o.knows(id) {
			// The answer must be the answer for a cable that does not
			// exist, but for the id.
			absent := c.get(strings.Replace(p, id, absentID, 1))
			if a.status != absent.status || a.body != strings.ReplaceAll(absent.body, absentID, id) {
				t.Errorf("GET %s = %d %q, want %d %q as for a cable that does not exist", p, a.status, a.body, absent.status, absent.body)
			}
			if id == absentID && a.status == http.StatusOK {
				t.Errorf("GET %s = 200 for a cable that does not exist", p)
			}
			continue
		}
		switch {
		case strings.Contains(p, "/release"):
			checkRelease(t, o, p, a)
		case strings.HasSuffix(p, "/raw"):
			if want := o.readsAll(id); (a.status == http.StatusOK) != want {
				t.Errorf("GET %s = %d, want 200 = %v", p, a.status, want)
			}
			if a.status == http.StatusNotFound && a.body != errorBody("cable "+id+" not found") {
				t.Errorf("GET %s = %q, want the not-found answer", p, a.body)
			}
		case a.status != http.StatusOK:
			t.Errorf("GET %s = %d %q, want 200", p, a.status, a.body)
		case p == base:
			checkViewJSON(t, o, id, a)
		case strings.HasSuffix(p, "/versions"):
			checkVersions(t, o, id, a)
		case strings.HasSuffix(p, "/refs"):
			checkRefs(t, o, id, a)
		}
	}
	return bodies
}

func checkViewJSON(t *testing.T, o oracle, id string, a answer) {
	t.Helper()
	v, _ := o.view(id)
	var doc api.CableView
	a.decode(t, &doc)
	want := api.ViewInfo{Banner: v.Banner(), Release: v.Release, Declassified: v.Declassified,
		SubjectShown: v.SubjectShown, Shown: v.Shown, Withheld: v.Withheld}
	if v.Release {
		want.Withheld = nil
	}
	if fmt.Sprint(doc.View) != fmt.Sprint(want) {
		t.Errorf("view of %s = %+v, want %+v", id, doc.View, want)
	}
}

func checkRelease(t *testing.T, o oracle, p string, a answer) {
	t.Helper()
	own := o.r.Citizenship
	switch {
	case o.r.Foreign() && !strings.Contains(p, "country="+own):
		if a.status != http.StatusBadRequest {
			t.Errorf("GET %s by a reader from %s = %d %q, want 400", p, own, a.status, a.body)
		}
	case a.status != http.StatusOK && a.status != http.StatusNotFound:
		t.Errorf("GET %s = %d %q, want 200 or 404", p, a.status, a.body)
	}
}

func checkVersions(t *testing.T, o oracle, id string, a answer) {
	t.Helper()
	var doc api.Versions
	a.decode(t, &doc)
	for _, v := range doc.Versions {
		if (v.SHA256 != "") != o.readsAll(id) || (v.Size != 0) != o.readsAll(id) {
			t.Errorf("versions of %s: %+v, want sha256 and size only for a reader of all of it (%v)", id, v, o.readsAll(id))
		}
	}
}

func checkRefs(t *testing.T, o oracle, id string, a answer) {
	t.Helper()
	var g api.RefGraph
	a.decode(t, &g)
	if len(g.Cites) > 0 && !o.bannerSeen(id) {
		t.Errorf("refs of %s: %d cites, but the reader may not see its references", id, len(g.Cites))
	}
	for _, l := range g.Cites {
		if l.InArchive != o.knows(l.ID) {
			t.Errorf("refs of %s: %s in_archive = %v, reader knows it = %v", id, l.ID, l.InArchive, o.knows(l.ID))
		}
		if !l.InArchive && (l.Subject != "" || l.DTG != "") {
			t.Errorf("refs of %s: %s is not in the archive for the reader, yet has %q %q", id, l.ID, l.Subject, l.DTG)
		}
	}
	for _, l := range append(g.CitedBy, g.Thread...) {
		if !o.knows(l.ID) {
			t.Errorf("refs of %s: %s is cited by or in the thread, but the reader may not know of it", id, l.ID)
		}
	}
}

// checkSearch checks a listing of everything and a search for each
// canary, and returns the answers' bodies.
func checkSearch(t *testing.T, c *client, o oracle) []string {
	t.Helper()
	a := c.get("/api/v1/search?facets=1&limit=100")
	var res api.SearchResult
	a.decode(t, &res)
	var known, got []string
	for _, id := range o.f.ids {
		if o.knows(id) {
			known = append(known, id)
		}
	}
	for _, h := range res.Hits {
		got = append(got, h.ID)
	}
	sort.Strings(got)
	sort.Strings(known)
	if fmt.Sprint(got) != fmt.Sprint(known) || res.Total != len(known) {
		t.Errorf("list all = %d %v, want %d %v", res.Total, got, len(known), known)
	}
	sum := 0
	for _, fc := range res.Facets["classification"] {
		sum += fc.Count
	}
	if sum != res.Total {
		t.Errorf("classification facet counts %d cables, total is %d", sum, res.Total)
	}
	bodies := []string{a.body}
	for _, cn := range canaries {
		q := "q=" + url.QueryEscape(cn.word)
		want := o.visible(cn)
		if cn.part == "tag" {
			q, want = "tag="+cn.word, o.bannerSeen(cn.id)
		} else if !cn.search {
			continue
		}
		a := c.get("/api/v1/search?facets=1&" + q)
		res = api.SearchResult{}
		a.decode(t, &res)
		if got := res.Total == 1 && len(res.Hits) == 1 && res.Hits[0].ID == cn.id; got != want || res.Total > 1 {
			t.Errorf("search %s = %d hits, want found = %v", q, res.Total, want)
		}
		bodies = append(bodies, a.body)
	}
	return append(bodies, checkSuggestions(t, c, o)...)
}

// checkSuggestions asks for respellings of each canary word of letters,
// misspelt (two adjacent letters swapped): a visible paragraph's canary
// must be suggested. The bodies it returns, which the caller checks for
// canaries the reader may not see, are those of the canaries that are
// unique in any case; a seed canary is unique only in its own case
// (IMPENDING, in a withheld subject, is "impending" in a visible
// paragraph), and a suggestion takes the case of the query.
func checkSuggestions(t *testing.T, c *client, o oracle) []string {
	t.Helper()
	var bodies []string
	for _, cn := range canaries {
		w := cn.word
		if len(w) < 4 || strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) {
			continue
		}
		typo := swapLetters(w)
		a := c.get("/api/v1/search?suggest=1&q=" + url.QueryEscape(typo))
		var res api.SearchResult
		a.decode(t, &res)
		if cn.part == "para" && o.visible(cn) && !strings.Contains(a.body, `"query":"`+w+`"`) {
			t.Errorf("search %s with suggestions = %s, want %s suggested: its paragraph is visible", typo, a.body, w)
		}
		if cn.search {
			bodies = append(bodies, a.body)
		}
	}
	return bodies
}

// swapLetters swaps the first two adjacent letters after the first that
// differ: a misspelling one edit from w.
func swapLetters(w string) string {
	for i := 1; i+1 < len(w); i++ {
		if w[i] != w[i+1] {
			return w[:i] + w[i+1:i+2] + w[i:i+1] + w[i+2:]
		}
	}
	return w
}

// checkAudit checks that the audit log shows an administrator nothing
// about cables they may not know of, nor other users' search terms.
func checkAudit(t *testing.T, c *client, o oracle) []string {
	t.Helper()
	a := c.get("/api/v1/audit?limit=1000")
	var es []api.AuditEntry
	a.decode(t, &es)
	if len(es) == 0 {
		t.Fatal("the audit log is empty")
	}
	// Administrators see what changed in users, tokens and the
	// directory, whoever changed it; no other kind's detail.
	adminDetail := map[string]bool{
		audit.KindUserCreate: true, audit.KindUserUpdate: true, audit.KindTokenIssue: true, audit.KindTokenRevoke: true,
		audit.KindSiteCreate: true, audit.KindSiteUpdate: true, audit.KindSerialSet: true, audit.KindRelease: true,
		audit.KindReleaseCopy: true,
	}
	for _, e := range es {
		if e.Cable != "" && !o.knows(e.Cable) {
			t.Errorf("audit entry %+v is about a cable the administrator may not know of", e)
		}
		if e.User != "admin" && e.Detail != "" && e.Detail != access.Placeholder && !adminDetail[e.Action] {
			t.Errorf("audit entry %+v shows another user's detail", e)
		}
		if e.Action == audit.KindSearch && e.User != "admin" && e.Detail != "" && e.Detail != access.Placeholder {
			t.Errorf("audit entry %+v shows another user's search terms", e)
		}
	}
	bodies := []string{a.body}
	for _, id := range append(slices.Clone(o.f.ids), absentID) {
		a := c.get("/api/v1/audit?cable=" + id)
		if !o.knows(id) && (a.status != http.StatusNotFound || a.body != errorBody("cable "+id+" not found")) {
			t.Errorf("GET /api/v1/audit?cable=%s = %d %q, want 404 as for a cable that does not exist", id, a.status, a.body)
		}
		bodies = append(bodies, a.body)
	}
	return bodies
}
