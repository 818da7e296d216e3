package storetest

import (
	"slices"
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

// testCaptionDeclassified checks that a search for a marking caption
// (NOFORN) does not find a cable declassified by now, whose view carries
// the control no more, while a dissemination caption (SIPDIS) still finds
// it (issue 17, defect 4).
func testCaptionDeclassified(t *testing.T, s Store) {
	lt := MustLoadLeakTruth(t)
	MustImport(t, s, lt.Sources()...)
	const declassified = "08STATE200008" // SECRET//NOFORN, SIPDIS, DECL 01/01/2010
	ctx := as("SECRET", "USA", "AMEMBASSY PARIS")
	for _, tc := range []struct {
		name, caption string
		want          bool
	}{
		{"NOFORN no longer applies", "NOFORN", false},
		{"NOFORN in any case", "noforn", false},
		{"SIPDIS still applies", "SIPDIS", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ids, _ := searchIDs(t, s, ctx, cable.SearchQuery{Caption: tc.caption, Limit: 100})
			if got := slices.Contains(ids, declassified); got != tc.want {
				t.Errorf("caption=%s finds %s: %v, want %v (hits %v)", tc.caption, declassified, got, tc.want, ids)
			}
			if len(ids) < 2 {
				t.Errorf("caption=%s finds %v: want the cables it still applies to", tc.caption, ids)
			}
		})
	}
}
