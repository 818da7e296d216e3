package storetest

import (
	"testing"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// testHitBanners asks the store, as every reader of the leak truth, for
// every cable they may know of, and checks that each search hit carries
// the banner of that reader's view as the truth writes it (issue 17,
// defect 4): a withheld NOFORN paragraph must not make a hit NOFORN for a
// reader who cannot see it, and a visible one must.
func testHitBanners(t *testing.T, s Store) {
	lt := MustLoadLeakTruth(t)
	MustImport(t, s, lt.Sources()...)
	for _, u := range lt.Readers {
		t.Run(u.Name, func(t *testing.T) {
			res, err := s.Search(TruthContext(u), cable.SearchQuery{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, h := range res.Hits {
				got[h.ID] = h.Classification
			}
			for _, tc := range lt.Cables {
				sh, ok := tc.Found(u.Name)
				if !ok {
					continue
				}
				if want := columnsBanner(t, sh.Banner); got[tc.ID] != want {
					t.Errorf("%s (%s): hit classification %q, the truth's view banner is %q", tc.ID, tc.File, got[tc.ID], want)
				}
			}
		})
	}
}

// columnsBanner is banner as a store can say it from its columns, which
// keep the level, NOFORN and REL TO of each portion but not SBU, FOUO or
// FGI.
func columnsBanner(t *testing.T, banner string) string {
	t.Helper()
	m, err := marking.ParseBanner(banner)
	if err != nil {
		t.Fatalf("truth banner %q: %v", banner, err)
	}
	m.SBU, m.FOUO, m.FGI, m.FGICountries = false, false, false, nil
	return m.Banner()
}
