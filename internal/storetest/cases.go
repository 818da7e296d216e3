package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
)

func testImport(t *testing.T, s Store) {
	seed := Seed(t)
	if got := MustImport(t, s, seed); got[0] != cable.Imported {
		t.Fatalf("first import = %v, want new", got[0])
	}
	if got := MustImport(t, s, seed); got[0] != cable.Unchanged {
		t.Errorf("same text again = %v, want unchanged", got[0])
	}
	changed := []byte(strings.Replace(string(seed), "TALIKING", "TALKING", 1))
	if got := MustImport(t, s, changed); got[0] != cable.NewVersion {
		t.Errorf("changed text = %v, want new version", got[0])
	}
	ctx := as("SECRET", "USA")
	if ids, _ := searchIDs(t, s, ctx, cable.SearchQuery{Text: "TALKING"}); len(ids) != 1 {
		t.Errorf("the new version's words are not searchable: %v", ids)
	}
	if ids, _ := searchIDs(t, s, ctx, cable.SearchQuery{Text: "TALIKING"}); len(ids) != 0 {
		t.Errorf("the old version's words still match: %v", ids)
	}
	// Two versions in one batch: the first is replaced before it is indexed.
	v3 := []byte(strings.Replace(string(changed), "TALKING POINTS", "POINTS TO MAKE", 1))
	v4 := []byte(strings.Replace(string(v3), "POINTS TO MAKE", "POINTS TO DELIVER", 1))
	if got := MustImport(t, s, v3, v4); got[0] != cable.NewVersion || got[1] != cable.NewVersion {
		t.Errorf("two versions in one batch = %v", got)
	}
	if ids, _ := searchIDs(t, s, ctx, cable.SearchQuery{Text: `"POINTS TO DELIVER"`}); len(ids) != 1 {
		t.Errorf("the last version of a batch is not searchable: %v", ids)
	}
	if ids, _ := searchIDs(t, s, ctx, cable.SearchQuery{Text: `"POINTS TO MAKE"`}); len(ids) != 0 {
		t.Errorf("a version replaced within its batch still matches: %v", ids)
	}
	// A version sent on another day moves in time: date filters find it
	// on its new day only.
	v5 := []byte(strings.Replace(string(v4), "O 220000Z NOV 07", "O 240000Z NOV 07", 1))
	if got := MustImport(t, s, v5); got[0] != cable.NewVersion {
		t.Errorf("a version with a new DTG = %v, want new version", got[0])
	}
	day := func(d int) time.Time { return time.Date(2007, 11, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		from, to time.Time
		want     int
	}{{day(22), day(23), 0}, {day(24), day(25), 1}, {day(1), day(30), 1}} {
		for _, text := range []string{"", "DELIVER"} {
			q := cable.SearchQuery{Text: text, From: tc.from, To: tc.to}
			if ids, _ := searchIDs(t, s, ctx, q); len(ids) != tc.want {
				t.Errorf("Search(%q, %s to %s) after the DTG moved = %v, want %d cables", text, tc.from.Format(time.DateOnly), tc.to.Format(time.DateOnly), ids, tc.want)
			}
		}
	}
	vs, err := s.FindVersions(ctx, "07STATE159388")
	if err != nil || len(vs) != 5 {
		t.Fatalf("FindVersions = %v, %v, want 5 versions", vs, err)
	}
	c, err := s.FindCableByID(ctx, "07STATE159388")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.Text.Paragraphs[5].Text, "BEGIN TALKING POINTS") {
		t.Errorf("current version is not the latest text")
	}
	_, err = s.ImportCables(context.Background(), []*cable.Cable{{}})
	if cable.KindOf(err) != cable.Invalid {
		t.Errorf("import of a cable without id: err = %v, want Invalid", err)
	}
	if n, _ := s.CountCables(ctx); n != 1 {
		t.Errorf("after a failed import, CountCables = %d, want 1 (nothing lost)", n)
	}
}

func testFind(t *testing.T, s Store) {
	MustImport(t, s, Seed(t))
	const id = "07STATE159388"
	tests := []struct {
		name  string
		ctx   context.Context
		found bool
	}{
		{"US secret, any post (SIPDIS)", as("SECRET", "USA"), true},
		{"US confidential (sees 7 and 8)", as("CONFIDENTIAL", "USA"), true},
		{"US unclassified (SIPDIS needs CONFIDENTIAL)", as("UNCLASSIFIED", "USA"), false},
		{"no caller", context.Background(), false},
		{"China, secret, no post", as("SECRET", "CHN"), false},
		{"China, secret, member of Embassy Beijing", as("SECRET", "CHN", "AMEMBASSY BEIJING"), true},
		{"UK, secret, member of Embassy Beijing (sees 7 and 8)", as("SECRET", "GBR", "AMEMBASSY BEIJING"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.FindCableByID(tt.ctx, id)
			if tt.found && err != nil {
				t.Fatalf("FindCableByID = %v, want the cable", err)
			}
			if !tt.found && cable.KindOf(err) != cable.NotFound {
				t.Fatalf("FindCableByID error = %v, want NotFound", err)
			}
		})
	}
	_, err := s.FindCableByID(as("SECRET", "USA"), "07STATE1")
	if cable.KindOf(err) != cable.NotFound {
		t.Errorf("missing cable: err = %v, want NotFound", err)
	}
	if msg := cable.MessageOf(err); strings.Contains(msg, "forbidden") || strings.Contains(msg, "clearance") {
		t.Errorf("error message %q says more than not found", msg)
	}
}

// searchIDs returns the ids a search finds, or fails.
func searchIDs(t *testing.T, s Store, ctx context.Context, q cable.SearchQuery) ([]string, *cable.SearchResult) {
	t.Helper()
	res, err := s.Search(ctx, q)
	if err != nil {
		t.Fatalf("Search(%q): %v", q.Text, err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	if res.Total != len(ids) && q.Offset == 0 && len(ids) < max(q.Limit, 20) {
		t.Errorf("Search(%q): Total = %d, but %d hits on the first page", q.Text, res.Total, len(ids))
	}
	return ids, res
}

func testSearch(t *testing.T, s Store) {
	MustImport(t, s, Seed(t))
	us, usC := as("SECRET", "USA"), as("CONFIDENTIAL", "USA")
	chn := as("SECRET", "CHN", "AMEMBASSY BEIJING")
	seed := []string{"07STATE159388"}
	tests := []struct {
		name string
		ctx  context.Context
		text string
		want []string
	}{
		{"secret reader finds a NOFORN word", us, "Hezbollah", seed},
		{"confidential reader: secret words never match", usC, "Tianjin", nil},
		{"confidential reader: unclassified words match", usC, "slug", seed},
		{"China: a REL CHINA paragraph matches", chn, "VERBATIM", seed},
		{"China: a NOFORN paragraph never matches", chn, "Hezbollah", nil},
		{"China: the unmarked subject (banner SECRET) never matches", chn, "INTERIM", nil},
		{"phrase", us, `"conventional arms"`, seed},
		{"NOT is per cable", us, "Tianjin NOT Hezbollah", nil},
		{"AND is per cable: words of two paragraphs", us, "Hezbollah slug", seed},
		{"AND over visible text only", chn, "VERBATIM Hezbollah", nil},
		{"OR", usC, "Tianjin OR slug", seed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := searchIDs(t, s, tt.ctx, cable.SearchQuery{Text: tt.text})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Search(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
	_, err := s.Search(us, cable.SearchQuery{Text: "NOT iran"})
	if cable.KindOf(err) != cable.Invalid {
		t.Errorf("Search(NOT iran) error = %v, want Invalid", err)
	}
	testSuggestions(t, s)
	res, err := s.Search(usC, cable.SearchQuery{Text: "slug", Snippets: true})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("Search(slug) = %v, %v", res, err)
	}
	if h := res.Hits[0]; !strings.Contains(h.Snippet, "[slug]") || h.Subject != "" || h.Level != "UNCLASSIFIED" {
		t.Errorf("confidential reader's hit = %+v: want a snippet of paragraph 8, no subject, level UNCLASSIFIED", h)
	}
}

func testFacets(t *testing.T, s Store) {
	MustImport(t, s, Seed(t))
	facets := func(ctx context.Context) map[string][]cable.FacetCount {
		res, err := s.Search(ctx, cable.SearchQuery{Facets: true})
		if err != nil {
			t.Fatal(err)
		}
		return res.Facets
	}
	us := facets(as("SECRET", "USA"))
	if !slices.Contains(us["tag"], cable.FacetCount{Value: "PARM", Count: 1}) {
		t.Errorf("secret reader's tag facet %v lacks PARM", us["tag"])
	}
	if diff := cmp.Diff([]cable.FacetCount{{Value: "SECRET", Count: 1}}, us["classification"]); diff != "" {
		t.Errorf("secret reader's classification facet (-want +got):\n%s", diff)
	}
	conf := facets(as("CONFIDENTIAL", "USA"))
	if len(conf["tag"]) != 0 {
		t.Errorf("confidential reader sees the tags of a SECRET banner: %v", conf["tag"])
	}
	if diff := cmp.Diff([]cable.FacetCount{{Value: "UNCLASSIFIED", Count: 1}}, conf["classification"]); diff != "" {
		t.Errorf("confidential reader's classification facet (-want +got):\n%s", diff)
	}
	if res, _ := s.Search(as("CONFIDENTIAL", "USA"), cable.SearchQuery{Tags: []string{"PARM"}}); res.Total != 0 {
		t.Errorf("confidential reader filtering on a withheld tag finds %d cables, want 0", res.Total)
	}
	// FacetValues cuts the tag and origin facets, and says which it cut.
	for _, n := range []int{1, len(us["tag"])} {
		res, err := s.Search(as("SECRET", "USA"), cable.SearchQuery{Facets: true, FacetValues: n})
		if err != nil {
			t.Fatal(err)
		}
		wantCut := []string(nil)
		if n < len(us["tag"]) {
			wantCut = []string{"tag"}
		}
		if diff := cmp.Diff(us["tag"][:n], res.Facets["tag"]); diff != "" {
			t.Errorf("tag facet of %d values (-want +got):\n%s", n, diff)
		}
		if diff := cmp.Diff(wantCut, res.FacetsCut); diff != "" {
			t.Errorf("facets cut at %d values (-want +got):\n%s", n, diff)
		}
	}
}

// testSuggestions checks the respellings of the seed's words: proposed
// only where the respelt word finds a paragraph the reader may see, with
// the search's filters, in the case the query had.
func testSuggestions(t *testing.T, s Store) {
	us, usC := as("SECRET", "USA"), as("CONFIDENTIAL", "USA")
	chn := as("SECRET", "CHN", "AMEMBASSY BEIJING")
	one := func(text string) []cable.Suggestion {
		return []cable.Suggestion{{Text: text, Total: 1, TotalExact: true}}
	}
	tests := []struct {
		name string
		ctx  context.Context
		q    cable.SearchQuery
		want []cable.Suggestion
	}{
		{"a NOFORN word, for a US reader", us, cable.SearchQuery{Text: "Hezbolah"}, one("Hezbollah")},
		{"lower case stays lower", us, cable.SearchQuery{Text: "hezbolah"}, one("hezbollah")},
		{"a withheld word is never proposed", usC, cable.SearchQuery{Text: "Hezbolah"}, nil},
		{"nor to a foreign reader", chn, cable.SearchQuery{Text: "Hezbolah"}, nil},
		{"a REL CHINA word, for China", chn, cable.SearchQuery{Text: "VERBATM"}, one("VERBATIM")},
		{"one word of several", us, cable.SearchQuery{Text: "Tianjn AND slug"}, one("Tianjin AND slug")},
		{"a phrase's word", us, cable.SearchQuery{Text: `"conventional armz"`}, one(`"conventional arms"`)},
		{"words that find cables are left alone", us, cable.SearchQuery{Text: "slug"}, nil},
		{"the filters hold", us, cable.SearchQuery{Text: "Hezbolah", Tags: []string{"PGOV"}}, nil},
		{"no word near", us, cable.SearchQuery{Text: "xqzzyv"}, nil},
		{"not asked for", us, cable.SearchQuery{Text: "Hezbolah", Suggestions: false}, nil},
	}
	// A search matches stems, without accents: a form only withheld text
	// holds (defected, Müller) finds visible text (defect, Muller), but is
	// never proposed.
	MustImport(t, s, []byte(stemCable))
	texts := func(sgs []cable.Suggestion) []string {
		var out []string
		for _, sg := range sgs {
			out = append(out, sg.Text)
		}
		return out
	}
	for _, st := range []struct {
		ctx        context.Context
		text       string
		want, none string
	}{
		{usC, "defectd", "defect", "defected"},
		{usC, "müler", "", "müller"},
		{us, "defectd", "defected", ""},
	} {
		res, err := s.Search(st.ctx, cable.SearchQuery{Text: st.text, Suggestions: true})
		if err != nil {
			t.Fatal(err)
		}
		got := texts(res.Suggestions)
		if st.want != "" && !slices.Contains(got, st.want) || slices.Contains(got, st.none) {
			t.Errorf("Search(%q) suggests %q; want %q among them, and never %q", st.text, got, st.want, st.none)
		}
	}
	for _, tt := range tests {
		t.Run("suggestions: "+tt.name, func(t *testing.T) {
			q := tt.q
			q.Suggestions = tt.name != "not asked for"
			res, err := s.Search(tt.ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, res.Suggestions); diff != "" {
				t.Errorf("Search(%q) suggestions (-want +got):\n%s", q.Text, diff)
			}
		})
	}
}

// stemCable has a visible paragraph and a SECRET one whose words differ
// only by their endings or accents.
const stemCable = `P 011200Z JAN 08
FM SECSTATE WASHDC
TO AMEMBASSY LONDON PRIORITY
S E C R E T STATE 002001

SIPDIS

E.O. 12958: DECL: 12/31/2030
TAGS: PREL
SUBJECT: ZQSTEM TEST

Classified By: Desk Officer Jane Doe. Reasons 1.4(d).

1. (U) The minister may defect, said Herr Muller.

2. (S) The minister defected, said Herr Müller.

RICE
`
