package storetest

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// Store is what a store implementation offers.
type Store interface {
	cable.CableService
	cable.UserService
}

// Run runs the conformance suite against stores that open returns, one per
// test, empty.
func Run(t *testing.T, open func(tb testing.TB) Store) {
	t.Run("Import", func(t *testing.T) { testImport(t, open(t)) })
	t.Run("Refused", func(t *testing.T) { testRefused(t, open(t)) })
	t.Run("FindCableByID", func(t *testing.T) { testFind(t, open(t)) })
	t.Run("FindCableVersion", func(t *testing.T) { testCableVersion(t, open(t)) })
	t.Run("Search", func(t *testing.T) { testSearch(t, open(t)) })
	t.Run("SearchBounds", func(t *testing.T) { testSearchBounds(t, open(t)) })
	t.Run("Facets", func(t *testing.T) { testFacets(t, open(t)) })
	t.Run("Refs", func(t *testing.T) { testRefs(t, open(t)) })
	t.Run("Users", func(t *testing.T) { testUsers(t, open(t)) })
	t.Run("UserNames", func(t *testing.T) { testUserNames(t, open(t)) })
	t.Run("Leaks", func(t *testing.T) { testLeaks(t, open(t)) })
	t.Run("LeakTruth", func(t *testing.T) { testLeakTruth(t, open(t)) })
	t.Run("HitBanners", func(t *testing.T) { testHitBanners(t, open(t)) })
	t.Run("CaptionDeclassified", func(t *testing.T) { testCaptionDeclassified(t, open(t)) })
	t.Run("RelevanceBlind", func(t *testing.T) { testRelevanceBlind(t, open(t)) })
	t.Run("Review", func(t *testing.T) { testReview(t, open(t)) })
	t.Run("ProbeReviewRenumbered", func(t *testing.T) { testProbeReviewRenumbered(t, open(t)) })
	t.Run("ProbeReviewNewText", func(t *testing.T) { testProbeReviewNewText(t, open(t)) })
	t.Run("Quality", func(t *testing.T) { testQuality(t, open(t)) })
	t.Run("SavedSearches", func(t *testing.T) { testSavedSearches(t, open(t)) })
}

// Seed returns the seed cable, 07STATE159388, which the project carries as
// a fixture.
func Seed(tb testing.TB) []byte {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	src, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "cabletext", "testdata", "seed.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

// MustImport parses and imports cables, failing the test on error.
func MustImport(tb testing.TB, s Store, srcs ...[]byte) []cable.ImportResult {
	tb.Helper()
	var cs []*cable.Cable
	for _, src := range srcs {
		cs = append(cs, cabletext.Parse(src))
	}
	res, err := s.ImportCables(context.Background(), cs)
	if err != nil {
		tb.Fatalf("ImportCables: %v", err)
	}
	return res
}

// as returns a context whose caller is a reader with these attributes.
func as(clearance, citizenship string, posts ...string) context.Context {
	return cable.NewContextWithUser(context.Background(), &cable.User{
		Name: strings.ToLower(clearance + "-" + citizenship), Clearance: clearance, Citizenship: citizenship, Posts: posts,
	})
}

// withoutSIPDIS returns the seed with its SIPDIS captions removed, so that
// only its origin and addressee may see it.
func withoutSIPDIS(src []byte) []byte {
	return []byte(strings.Replace(string(src), "SIPDIS SIPDIS", "", 1))
}
