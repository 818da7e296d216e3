package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/cable/cable/internal/cable"
)

// testLeakTruth imports the leak truth's cables and asks the store, as
// every reader of the truth, what the truth says each is shown: whether
// the cable is found, which of its parts a search for the part's word
// finds, and how many cables are counted.
func testLeakTruth(t *testing.T, s Store) {
	lt := MustLoadLeakTruth(t)
	MustImport(t, s, lt.Sources()...)
	for _, u := range lt.Readers {
		t.Run(u.Name, func(t *testing.T) {
			ctx := TruthContext(u)
			found, withParagraph := 0, 0
			var tags []string // the fixture's tags of the cables found by "Paragraph"
			for _, tc := range lt.Cables {
				if sh, ok := tc.Found(u.Name); ok {
					found++
					if len(sh.Paragraphs) > 0 && tc.File != "seed" {
						withParagraph++
						if sh.Unmarked {
							tags = append(tags, tc.Words["tag"])
						}
					}
				}
				checkTruthCable(t, s, ctx, u.Name, tc)
			}
			if n, err := s.CountCables(ctx); err != nil || n != found {
				t.Errorf("CountCables = %d, %v; the truth says %s finds %d", n, err, u.Name, found)
			}
			// Every paragraph of the fixture's own cables says "Paragraph".
			res, err := s.Search(ctx, cable.SearchQuery{Text: "Paragraph", Facets: true})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != withParagraph {
				t.Errorf("search Paragraph counts %d cables; the truth says %s is shown a paragraph of %d", res.Total, u.Name, withParagraph)
			}
			checkTruthFacets(t, res, u.Name, tags)
		})
	}
}

// TruthContext returns the context of reader u of the truth: no user for
// "none", who is not signed in; the public reader for "public".
func TruthContext(u *cable.User) context.Context {
	switch {
	case u.Name == "none":
		return context.Background()
	case u.Public:
		return cable.NewPublicContext(context.Background())
	}
	return cable.NewContextWithUser(context.Background(), u)
}

// checkTruthCable checks one cable of the truth for one reader.
func checkTruthCable(t *testing.T, s Store, ctx context.Context, reader string, tc *TruthCable) {
	t.Helper()
	_, want := tc.Found(reader)
	_, err := s.FindCableByID(ctx, tc.ID)
	switch {
	case want && err != nil:
		t.Errorf("%s (%s): FindCableByID = %v, the truth says %s finds it", tc.ID, tc.File, err, reader)
	case !want && cable.KindOf(err) != cable.NotFound:
		t.Errorf("%s (%s): FindCableByID error = %v, want NotFound", tc.ID, tc.File, err)
	}
	for _, part := range tc.Parts() {
		word, sees := tc.Words[part], tc.Sees(reader, part)
		queries := []cable.SearchQuery{{Text: word}, {Text: word, Sort: "relevance"}}
		if part == "tag" {
			queries = []cable.SearchQuery{{Tags: []string{word}}}
		}
		for _, q := range queries {
			ids, _ := searchIDs(t, s, ctx, q)
			if got := slices.Contains(ids, tc.ID); got != sees || len(ids) > 1 {
				t.Errorf("%s (%s) part %s: search %+v finds %v; the truth says %s sees it: %v",
					tc.ID, tc.File, part, q, ids, reader, sees)
			}
		}
	}
}

// checkTruthFacets checks that no facet counts more cables than the
// search found, and that the tag facet names exactly the fixture's tags
// of the cables found whose unmarked text (TAGS) the reader is shown.
func checkTruthFacets(t *testing.T, res *cable.SearchResult, reader string, tags []string) {
	t.Helper()
	var named []string
	for name, values := range res.Facets {
		sum := 0
		for _, v := range values {
			sum += v.Count
			if name == "tag" && strings.HasPrefix(v.Value, "ZT") {
				named = append(named, v.Value)
			}
		}
		if sum > res.Total && name != "tag" && name != "caption" {
			t.Errorf("facet %s counts %d cables for %s, more than the %d found", name, sum, reader, res.Total)
		}
	}
	slices.Sort(named)
	slices.Sort(tags)
	if !slices.Equal(named, tags) {
		t.Errorf("tag facet for %s names %v; the truth says %v", reader, named, tags)
	}
}
