package server_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// seedParas returns the paragraph numbers a cable page shows, and those it
// shows as withheld placeholders.
func seedParas(d *doc) (shown, withheld []string) {
	for _, n := range d.all("#paragraphs [data-para]") {
		if attr(n, "data-withheld") != "" {
			withheld = append(withheld, attr(n, "data-para"))
		} else {
			shown = append(shown, attr(n, "data-para"))
		}
	}
	return shown, withheld
}

func TestCablePage_Seed(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	tests := []struct {
		user           string
		banner         string
		shown, held    []string
		subject        string
		releaseNote    bool
		forbiddenWords []string
	}{
		{"us-s", "SECRET//NOFORN", []string{"1", "2", "3", "4", "5", "6", "7", "8"}, nil, "DEMARCHE ON IMPENDING", false, nil},
		{"us-c", "UNCLASSIFIED", []string{"7", "8"}, []string{"1", "2", "3", "4", "5", "6"}, "[withheld]", false,
			[]string{"Tianjin", "IMPENDING", "Stratford", "RICE"}},
		{"chn", "SECRET//REL TO USA, CHN", []string{"2", "6", "7", "8"}, nil, "none shown", true,
			[]string{"[withheld]", "Washington remains concerned", "(S//NF)", "DEMARCHE ON"}},
		{"gbr", "UNCLASSIFIED", []string{"7", "8"}, nil, "none shown", true, []string{"Tianjin", "[withheld]"}},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			a := f.as(t, tt.user).get("/cables/" + seedID)
			if a.status != http.StatusOK {
				t.Fatalf("GET = %d %s", a.status, a.body)
			}
			d := parsePage(t, a)
			if got := d.texts(".banner-wrap .banner"); !slices.Equal(got, []string{"Classification: " + tt.banner, "Classification: " + tt.banner}) {
				t.Errorf("banners = %q, want %s at top and bottom", got, tt.banner)
			}
			shown, held := seedParas(d)
			if diff := cmp.Diff(tt.shown, shown); diff != "" {
				t.Errorf("paragraphs shown (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.held, held); diff != "" {
				t.Errorf("paragraphs withheld (-want +got):\n%s", diff)
			}
			if got := d.text("#subject-line"); !strings.Contains(got, tt.subject) {
				t.Errorf("subject = %q, want it to hold %q", got, tt.subject)
			}
			if got := len(d.all("#release-note")) == 1; got != tt.releaseNote {
				t.Errorf("release note shown = %v, want %v", got, tt.releaseNote)
			}
			for _, w := range tt.forbiddenWords {
				if strings.Contains(a.body, w) {
					t.Errorf("page shows %q, which %s may not see", w, tt.user)
				}
			}
			if csp := a.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("Content-Security-Policy = %q", csp)
			}
		})
	}
}

func TestCablePage_Marks(t *testing.T) {
	t.Parallel()
	d := parsePage(t, sharedFixture(t).as(t, "us-s").get("/cables/"+seedID))
	want := map[string]string{"#p1": "(S) lvl-s", "#p2": "(S//REL TO USA, CHN) lvl-s", "#p5": "(S//NF) lvl-s", "#p7": "(U) lvl-u"}
	for sel, w := range want {
		n := d.one(sel + " .mark")
		if got := nodeText(n) + " " + strings.Fields(attr(n, "class"))[1]; got != w {
			t.Errorf("%s mark = %q, want %q", sel, got, w)
		}
	}
	if got := d.attrs(".banner-wrap .banner", "class"); got[0] != "banner lvl-s" {
		t.Errorf("banner class = %q, want banner lvl-s", got[0])
	}
	// The seed's references are not in the test archive: all dangling,
	// none a link; they are drawn dashed in the graph.
	if n := len(d.all("#refs .dangling")); n != 8 {
		t.Errorf("dangling references = %d, want 8", n)
	}
	if n := len(d.all("#graph svg rect[stroke-dasharray]")); n != 8 {
		t.Errorf("dashed graph nodes = %d, want 8", n)
	}
	// london.txt and beijing.txt cite the seed: they are drawn on the
	// right and linked.
	if got := d.attrs("#graph svg a", "href"); !slices.Contains(got, "/cables/08BEIJING100004") {
		t.Errorf("graph links = %q, want the citing 08BEIJING100004", got)
	}
	if got := d.attrs("#graph svg", "aria-label"); len(got) != 1 || !strings.HasPrefix(got[0], "Reference graph of 07STATE159388") {
		t.Errorf("graph name = %q", got)
	}
}

func TestCablePage_Withheld(t *testing.T) {
	t.Parallel()
	d := parsePage(t, sharedFixture(t).as(t, "us-c").get("/cables/"+seedID))
	if got := d.text("#p5"); got != "5. (S//NF) [withheld]" {
		t.Errorf("paragraph 5 = %q, want 5. (S//NF) [withheld]", got)
	}
	if got := d.attrs("#p5", "class"); got[0] != "para withheld" {
		t.Errorf("paragraph 5 class = %q", got[0])
	}
}

func TestReleasePage(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	t.Run("CHN", func(t *testing.T) {
		a := f.as(t, "us-s").get("/cables/" + seedID + "/release?country=china")
		if a.status != http.StatusOK {
			t.Fatalf("GET = %d %s", a.status, a.body)
		}
		d := parsePage(t, a)
		shown, held := seedParas(d)
		if !slices.Equal(shown, []string{"2", "6", "7", "8"}) || held != nil {
			t.Errorf("release copy shows %v and withholds %v, want 2, 6, 7, 8 only", shown, held)
		}
		if got := d.text("#banner-top"); got != "Classification: SECRET//REL TO USA, CHN" {
			t.Errorf("banner = %q", got)
		}
		if !strings.Contains(d.text("h1"), "release copy for China (CHN)") {
			t.Errorf("h1 = %q", d.text("h1"))
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		a := f.as(t, "us-s").get("/cables/" + seedID + "/release?country=USA")
		if a.status != http.StatusBadRequest || !strings.Contains(parsePage(t, a).text("#error-message"), "foreign government") {
			t.Errorf("GET = %d %s, want 400 naming a foreign government", a.status, a.body)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		a := f.as(t, "us-u").get("/cables/" + seedID + "/release?country=GBR")
		if a.status != http.StatusNotFound {
			t.Errorf("GET = %d, want 404", a.status)
		}
	})
}

func TestTelegramPage(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	d := parsePage(t, f.as(t, "us-c").get("/cables/"+seedID+"/telegram"))
	tel := d.text("#telegram")
	if !strings.Contains(tel, "5. (S//NF) [withheld]") || strings.Contains(tel, "Tianjin") {
		t.Errorf("telegram of a CONFIDENTIAL reader:\n%s", tel)
	}
	if n := len(d.all(`a[href$="/raw"]`)); n != 0 {
		t.Errorf("a reader who may not read all has %d links to the stored text", n)
	}
	d = parsePage(t, f.as(t, "us-s").get("/cables/"+seedID+"/telegram"))
	if n := len(d.all(`a[href="/api/v1/cables/07STATE159388/raw"]`)); n != 1 {
		t.Errorf("a reader who may read all has %d links to the stored text, want 1", n)
	}
}

func TestSearchPage(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	d := parsePage(t, f.as(t, "us-s").get("/search?q=Tianjin"))
	if got := d.attrs(".results li", "data-cable"); !slices.Equal(got, []string{seedID}) {
		t.Errorf("hits = %q, want the seed", got)
	}
	if got := d.texts(".results mark"); len(got) == 0 || !strings.EqualFold(got[0], "Tianjin") {
		t.Errorf("snippet marks = %q, want Tianjin", got)
	}
	if n := len(d.all(".facets h3")); n == 0 {
		t.Error("no facets")
	}
	// A CONFIDENTIAL reader may see no paragraph that names Tianjin.
	d = parsePage(t, f.as(t, "us-c").get("/search?q=Tianjin"))
	if n := len(d.all(".results li")); n != 0 {
		t.Errorf("us-c finds %d cables for a word it may not see", n)
	}
	if got := d.text("#results-h"); got != "No cable matches" {
		t.Errorf("results heading = %q", got)
	}
	// A misspelt word gets the spelling the reader may find, with the
	// filters kept; a reader who may not see the word gets none.
	d = parsePage(t, f.as(t, "us-s").get("/search?q=Tianjn&from=2007-01-01&offset=20"))
	if got := d.attrs(".suggest a", "href"); len(got) != 1 || got[0] != "/search?from=2007-01-01&q=Tianjin" {
		t.Errorf("suggestion links = %q, want one to Tianjin from 2007", got)
	}
	d = parsePage(t, f.as(t, "us-c").get("/search?q=Tianjn"))
	if n := len(d.all(".suggest")); n != 0 {
		t.Errorf("us-c is offered %d respellings of a word it may not see", n)
	}
	a := f.as(t, "us-s").get("/search?from=yesterday")
	if a.status != http.StatusBadRequest || !strings.Contains(parsePage(t, a).text(".alert"), "YYYY-MM-DD") {
		t.Errorf("bad date: %d", a.status)
	}
}

func TestSearchPage_Paging(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	d := parsePage(t, f.as(t, "us-ts").get("/search?from=1990-01-01&limit=2"))
	next := d.attrs("#next-page", "href")
	if len(next) != 1 || !strings.Contains(next[0], "offset=2") {
		t.Fatalf("next page link = %q", next)
	}
	d = parsePage(t, f.as(t, "us-ts").get(next[0]))
	if got := d.attrs(".results", "start"); got[0] != "3" {
		t.Errorf("second page starts at %q, want 3", got[0])
	}
	if n := len(d.all(`a[rel="prev"]`)); n != 1 {
		t.Errorf("second page has %d previous links", n)
	}
}
