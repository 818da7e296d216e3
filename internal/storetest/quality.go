package storetest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/quality"
)

// qualityCable writes cable n: level (spaced), SIPDIS to London, DECL
// decl, paragraphs marked as marks ("" unmarked), each with a word of its
// own.
func qualityCable(n int, level, decl string, marks ...string) []byte {
	src := fmt.Sprintf("P 0%d1200Z APR 09\nFM SECSTATE WASHDC\nTO AMEMBASSY LONDON PRIORITY\n%s STATE 04000%d\n\nSIPDIS\n\n"+
		"E.O. 12958: DECL: %s\nTAGS: PREL\nSUBJECT: (U) QUALITY FIXTURE\n\n", n, level, n, decl)
	for i, m := range marks {
		if m != "" {
			m = "(" + m + ") "
		}
		src += fmt.Sprintf("%d. %sParagraph text ZQ%dP%d.\n\n", i+1, m, n, i+1)
	}
	return []byte(src + "RICE\n")
}

// testQuality checks the search filter on data-quality findings: for
// each kind and reader, the store finds exactly the cables the reader
// knows whose finding of that kind package quality says they may know
// of; and, by hand, the cases the rules are for.
func testQuality(t *testing.T, s Store) {
	srcs := [][]byte{
		qualityCable(1, "S E C R E T", "12/31/2030", "S", "X//BAD"),
		qualityCable(2, "S E C R E T", "12/31/2030", "S", ""),
		qualityCable(3, "S E C R E T", "upon completion", "S"),
		qualityCable(4, "C O N F I D E N T I A L", "12/31/2030", "S//REL TO USA, GBR", "U"),
		append([]byte("08ECTION01OF02MANAMA492\nTITLE\nWed Apr 01 00:00:00 +0000 2009\nSECRET\nEmbassy Manama\n"),
			qualityCable(5, "S E C R E T", "12/31/2030", "S")...),
	}
	MustImport(t, s, srcs...)
	var cs []*cable.Cable
	for _, src := range srcs {
		cs = append(cs, cabletext.Parse(src))
	}
	now := time.Now()
	readers := []*cable.User{
		{Name: "us-c", Clearance: "CONFIDENTIAL", Citizenship: "USA"},
		{Name: "us-s", Clearance: "SECRET", Citizenship: "USA"},
		{Name: "gbr-s-london", Clearance: "SECRET", Citizenship: "GBR", Posts: []string{"AMEMBASSY LONDON"}},
		{Name: "public", Public: true},
	}
	found := map[string][]string{}
	for _, u := range readers {
		ctx, r := TruthContext(u), readerFor(u)
		for _, kind := range quality.Kinds {
			var want []string
			for _, c := range cs {
				if !access.Knows(r, c, access.DistributionOf(c), now) {
					continue
				}
				for _, f := range quality.Of(c) {
					if f.Kind == kind && quality.Visible(r, c, f, now) && !slices.Contains(want, c.ID) {
						want = append(want, c.ID)
					}
				}
			}
			got, _ := searchIDs(t, s, ctx, cable.SearchQuery{Quality: kind, Limit: 100})
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s: search quality:%s finds %v; package quality says %v", u.Name, kind, got, want)
			}
			found[u.Name+" "+kind] = got
		}
		checkQualityFacet(t, s, ctx, u.Name, found)
	}
	for key, want := range map[string][]string{
		"us-s unreadable-mark":             {"09STATE40001"},
		"gbr-s-london unreadable-mark":     nil, // a release copy shows no withheld place
		"us-s unmarked-paragraph":          {"09STATE40002"},
		"us-s unreadable-decl":             {"09STATE40003"},
		"us-s banner-below-rollup":         {"09STATE40004"},
		"us-c banner-below-rollup":         nil,             // paragraph 1 is withheld from them
		"gbr-s-london banner-below-rollup": nil,             // so is the banner
		"us-c damaged-id":                  {"08MANAMA492"}, // a fixed id of the corpus,
		"public damaged-id":                nil,             // nothing is declassified
	} {
		if !slices.Equal(found[key], want) {
			t.Errorf("%s: found %v, want %v", key, found[key], want)
		}
	}
}

// checkQualityFacet checks the quality facet of a search for every cable
// reader name knows: each kind counts the cables the quality filter finds
// for them (found, checked against package quality above), so that the
// facet leaks no finding the filter would not show, and kinds with no
// such cable are left out.
func checkQualityFacet(t *testing.T, s Store, ctx context.Context, name string, found map[string][]string) {
	t.Helper()
	_, res := searchIDs(t, s, ctx, cable.SearchQuery{Facets: true, Limit: 100})
	got := map[string]int{}
	for _, fc := range res.Facets["quality"] {
		got[fc.Value] = fc.Count
	}
	want := map[string]int{}
	for _, kind := range quality.Kinds {
		if n := len(found[name+" "+kind]); n > 0 {
			want[kind] = n
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("%s: quality facet %v, want %v (the cables the quality filter finds)", name, got, want)
	}
}
