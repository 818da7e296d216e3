package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
)

// leakCable is one generated cable of the leak suite: a banner, captions,
// addressees and paragraph marks. Every paragraph carries a word found
// nowhere else, so that a search for it tells whether the store let the
// paragraph's text match.
type leakCable struct {
	banner   string // classification line word
	captions string
	to       string
	marks    []string
	decl     string
}

var leakCables = []leakCable{
	{"UNCLASSIFIED", "SIPDIS", "AMEMBASSY LONDON", []string{"U", "SBU", "U//FOUO"}, "N/A"},
	{"CONFIDENTIAL", "SIPDIS", "AMEMBASSY BEIJING", []string{"C", "U", "C//NF", "C//REL TO USA, CHN"}, "12/31/2030"},
	{"SECRET", "SIPDIS", "AMEMBASSY LONDON", []string{"S", "S//REL TO USA, GBR", "S//REL TO USA, NATO", "S//NF", "U"}, "12/31/2030"},
	{"SECRET", "", "AMEMBASSY BEIJING", []string{"S", "S//REL TO USA, CHN", "U"}, "12/31/2030"},
	{"SECRET", "NODIS", "AMEMBASSY LONDON", []string{"S", "C", "U"}, "12/31/2030"},
	{"CONFIDENTIAL", "SIPDIS EXDIS", "AMEMBASSY LONDON", []string{"C", "U"}, "12/31/2030"},
	{"CONFIDENTIAL", "LIMDIS", "AMEMBASSY PARIS", []string{"C//REL TO USA, FRA", "U"}, "12/31/2030"},
	{"SECRET", "SIPDIS", "AMEMBASSY PARIS", []string{"S//NF", "C//REL TO USA, FVEY", "S//FGI//NF"}, "01/01/2010"}, // declassified
	{"TOP SECRET", "", "AMEMBASSY LONDON", []string{"TS", "S//REL TO USA, GBR", "U"}, "12/31/2040"},
	{"SECRET", "SIPDIS", "AMEMBASSY BEIJING", []string{"S", "X//BAD", "U"}, "12/31/2030"}, // an unreadable mark
}

// text writes generated cable k as a telegram.
func (lc leakCable) text(k int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "P 0%d1200Z JAN 08\nFM SECSTATE WASHDC\nTO %s PRIORITY\n", k%9+1, lc.to)
	word := strings.ReplaceAll(lc.banner, " ", "")
	fmt.Fprintf(&b, "%s STATE %06d\n\n%s\n\nE.O. 12958: DECL: %s\nTAGS: PREL, TAGZ%d\nSUBJECT: SUBJZ%d TEST\n\n", spaced(word), 1000+k, lc.captions, lc.decl, k, k)
	fmt.Fprintf(&b, "Classified By: Desk Officer Jane Doe. Reasons 1.4(d).\n\n")
	for i, m := range lc.marks {
		fmt.Fprintf(&b, "%d. (%s) Paragraph text PARZ%dX%d %s.\n\n", i+1, m, k, i+1, vorpal(k, i+1))
	}
	b.WriteString("RICE\n")
	return b.String()
}

// vorpal is paragraph p of cable k's second marker word, all letters, as
// the vocabulary that suggestions respell from keeps words: VORP, two
// letters, ZX, so that each is one or two edits from others, and ends
// where the stemmer leaves it alone (VORPALED and VORPALIC both stem to
// vorpal).
func vorpal(k, p int) string {
	return fmt.Sprintf("VORP%c%cZX", 'A'+k, 'A'+p)
}

func spaced(w string) string {
	if w == "UNCLASSIFIED" {
		return "UNCLAS"
	}
	return strings.Join(strings.Split(w, ""), " ")
}

// leakReaders are readers of every kind the rules distinguish.
var leakReaders = []*cable.User{
	{Name: "none"},
	{Name: "us-u", Clearance: "UNCLASSIFIED", Citizenship: "USA"},
	{Name: "us-c", Clearance: "CONFIDENTIAL", Citizenship: "USA"},
	{Name: "us-s", Clearance: "SECRET", Citizenship: "USA"},
	{Name: "us-ts", Clearance: "TOP SECRET", Citizenship: "USA"},
	{Name: "us-s-london", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"AMEMBASSY LONDON"}},
	{Name: "us-ts-london-nodis", Clearance: "TOP SECRET", Citizenship: "USA", Posts: []string{"amembassy  london"}, ReadIns: []string{"NODIS", "EXDIS"}},
	{Name: "us-s-state", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"SECSTATE WASHDC"}},
	{Name: "gbr-s-london", Clearance: "SECRET", Citizenship: "GBR", Posts: []string{"AMEMBASSY LONDON"}},
	{Name: "chn-s-beijing", Clearance: "SECRET", Citizenship: "CHN", Posts: []string{"AMEMBASSY BEIJING"}},
	{Name: "fra-c-paris", Clearance: "CONFIDENTIAL", Citizenship: "FRA", Posts: []string{"AMEMBASSY PARIS"}},
	{Name: "deu-s-london", Clearance: "SECRET", Citizenship: "DEU", Posts: []string{"AMEMBASSY LONDON"}},
	{Name: "chn-s-nopost", Clearance: "SECRET", Citizenship: "CHN"},
	{Name: "public", Public: true},
}

// testLeaks compares, for every reader and generated cable, what the store
// answers with what package access decides: which cables are found and
// counted, and which paragraphs' words match a search.
func testLeaks(t *testing.T, s Store) {
	var srcs [][]byte
	var cs []*cable.Cable
	for k, lc := range leakCables {
		src := lc.text(k)
		srcs = append(srcs, []byte(src))
		cs = append(cs, cabletext.ParseString(src))
	}
	MustImport(t, s, srcs...)
	now := time.Now()
	for _, u := range leakReaders {
		t.Run(u.Name, func(t *testing.T) {
			ctx := TruthContext(u)
			r := readerFor(u)
			known := 0
			for k, c := range cs {
				knows := access.Knows(r, c, access.DistributionOf(c), now)
				if knows {
					known++
				}
				checkCable(t, s, ctx, r, c, k, knows, now)
			}
			checkSuggestions(t, s, ctx, r, cs, now)
			if n, err := s.CountCables(ctx); err != nil || n != known {
				t.Errorf("CountCables = %d, %v; access says %d", n, err, known)
			}
			res, err := s.Search(ctx, cable.SearchQuery{Text: "Paragraph", Facets: true})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total > known {
				t.Errorf("a search counts %d cables, but the reader may know of %d", res.Total, known)
			}
			checkSnippets(t, s, ctx, r, cs, now)
		})
	}
}

// checkSnippets searches every paragraph's word at once, with snippets,
// and checks that no hit's snippet quotes a paragraph the reader may not
// see, nor its matching paragraphs name one.
func checkSnippets(t *testing.T, s Store, ctx context.Context, r access.Reader, cs []*cable.Cable, now time.Time) {
	t.Helper()
	withheld := map[string]map[int]string{} // cable id: paragraph number: its word
	var words []string
	for k, c := range cs {
		admits := access.Admits(r, access.DistributionOf(c))
		for _, p := range access.PortionsAt(c, now) {
			if p.Kind != access.PortionParagraph {
				continue
			}
			word := fmt.Sprintf("PARZ%dX%d", k, p.Number)
			words = append(words, word)
			if !(admits && access.Visible(r, p)) {
				if withheld[c.ID] == nil {
					withheld[c.ID] = map[int]string{}
				}
				withheld[c.ID][p.Number] = word
			}
		}
	}
	for len(words) > 0 {
		part := words[:min(len(words), cable.MaxQueryTerms/2)]
		words = words[len(part):]
		res, err := s.Search(ctx, cable.SearchQuery{Text: strings.Join(part, " OR "), Snippets: true, Limit: 100})
		if err != nil {
			t.Fatalf("search with snippets: %v", err)
		}
		for _, h := range res.Hits {
			for n, word := range withheld[h.ID] {
				if strings.Contains(strings.ToUpper(h.Snippet), word) || slices.Contains(h.Portions, n) {
					t.Errorf("%s: the snippet %q or the matching paragraphs %v show paragraph %d, which the reader may not see", h.ID, h.Snippet, h.Portions, n)
				}
			}
		}
	}
}

// checkCable checks one cable for one reader.
func checkCable(t *testing.T, s Store, ctx context.Context, r access.Reader, c *cable.Cable, k int, knows bool, now time.Time) {
	t.Helper()
	_, err := s.FindCableByID(ctx, c.ID)
	if knows && err != nil {
		t.Errorf("cable %d (%s): FindCableByID = %v, access says the reader knows it", k, c.ID, err)
	}
	if !knows && cable.KindOf(err) != cable.NotFound {
		t.Errorf("cable %d (%s): FindCableByID error = %v, want NotFound", k, c.ID, err)
	}
	admits := access.Admits(r, access.DistributionOf(c))
	for _, p := range access.PortionsAt(c, now) {
		if p.Kind != access.PortionParagraph {
			continue
		}
		visible := admits && access.Visible(r, p)
		word := fmt.Sprintf("PARZ%dX%d", k, p.Number)
		for _, sort := range []string{"", "relevance"} {
			ids, _ := searchIDs(t, s, ctx, cable.SearchQuery{Text: word, Sort: sort})
			if got := len(ids) == 1; got != visible {
				t.Errorf("cable %d paragraph %d (%s): search (sort %q) matches = %v, access says visible = %v",
					k, p.Number, markString(p.Marking), sort, got, visible)
			}
		}
	}
	tagHits, _ := searchIDs(t, s, ctx, cable.SearchQuery{Tags: []string{fmt.Sprintf("TAGZ%d", k)}})
	banner, _ := access.Banner(c)
	bannerSeen := knows && (access.Declassified(c, now) || access.CanSee(r, banner))
	if got := len(tagHits) == 1; got != bannerSeen {
		t.Errorf("cable %d: tag filter matches = %v, banner visible = %v", k, got, bannerSeen)
	}
}

// checkSuggestions asks for respellings of every paragraph's VORPAL word
// misspelt (its second and third letters swapped): a visible paragraph's
// word must come first, and no suggestion may name the word of a
// paragraph the reader may not see, nor count more cables than it finds.
func checkSuggestions(t *testing.T, s Store, ctx context.Context, r access.Reader, cs []*cable.Cable, now time.Time) {
	t.Helper()
	visible := map[string]bool{}
	for k, c := range cs {
		admits := access.Admits(r, access.DistributionOf(c))
		for _, p := range access.PortionsAt(c, now) {
			if p.Kind == access.PortionParagraph {
				visible[vorpal(k, p.Number)] = admits && access.Visible(r, p)
			}
		}
	}
	for word, seen := range visible {
		typo := word[:1] + word[2:3] + word[1:2] + word[3:]
		res, err := s.Search(ctx, cable.SearchQuery{Text: typo, Suggestions: true})
		if err != nil {
			t.Fatalf("Search(%q) with suggestions: %v", typo, err)
		}
		if seen && (len(res.Suggestions) == 0 || res.Suggestions[0].Text != word) {
			t.Errorf("Search(%q): suggestions %+v, want %s first: its paragraph is visible", typo, res.Suggestions, word)
		}
		for _, sg := range res.Suggestions {
			if !visible[sg.Text] {
				t.Errorf("Search(%q): suggests %q, whose paragraph the reader may not see", typo, sg.Text)
			}
			if sg.Total != 1 || !sg.TotalExact {
				t.Errorf("Search(%q): suggestion %+v, want 1 cable exactly", typo, sg)
			}
		}
	}
}

func markString(m marking.Marking) string { return m.Portion() }

// readerFor is the access reader of a user, as the store must see it.
func readerFor(u *cable.User) access.Reader {
	if u.Public {
		return access.PublicReader()
	}
	r := access.Reader{Citizenship: u.Citizenship, Posts: u.Posts}
	if l, err := marking.ParseLevel(u.Clearance); err == nil {
		r.Clearance = l
	}
	for _, w := range u.ReadIns {
		if cp, err := marking.ParseCaption(w); err == nil {
			r.ReadIns = append(r.ReadIns, cp)
		}
	}
	return r
}

// LeakCables returns the generated cables of the leak suite as telegrams,
// and the marker word of each paragraph (PARZ<cable>X<paragraph>), for
// suites that ask the same questions through another door (the CLI).
func LeakCables() [][]byte {
	var out [][]byte
	for k, lc := range leakCables {
		out = append(out, []byte(lc.text(k)))
	}
	return out
}

// LeakReaders returns the leak suite's readers (the first has no name and
// stands for "no caller"; callers of LeakReaders skip it).
func LeakReaders() []*cable.User { return leakReaders }

// ReaderFor is the access reader a store must see for u.
func ReaderFor(u *cable.User) access.Reader { return readerFor(u) }
