package marking

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// mustParse returns ParseMark(s) and fails the test on error.
func mustParse(tb testing.TB, s string) Marking {
	tb.Helper()
	m, err := ParseMark(s)
	if err != nil {
		tb.Fatalf("ParseMark(%q) error: %v", s, err)
	}
	return m
}

// TestMarking_Portion checks the canonical portion marks and banners of
// MARKINGS.md §2 and §3, including for hand-built, non-canonical values.
func TestMarking_Portion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		m       Marking
		portion string
		banner  string
	}{
		{"U", Marking{}, "U", "UNCLASSIFIED"},
		{"C", Marking{Level: Confidential}, "C", "CONFIDENTIAL"},
		{"S", Marking{Level: Secret}, "S", "SECRET"},
		{"TS", Marking{Level: TopSecret}, "TS", "TOP SECRET"},
		{"S//NF", Marking{Level: Secret, NoForn: true}, "S//NF", "SECRET//NOFORN"},
		{"REL CHN", Marking{Level: Secret, RelTo: []string{"CHN"}}, "S//REL TO USA, CHN", "SECRET//REL TO USA, CHN"},
		{"REL order", Marking{Level: Confidential, RelTo: []string{"USA", "KEN", "GBR"}}, "C//REL TO USA, GBR, KEN", "CONFIDENTIAL//REL TO USA, GBR, KEN"},
		{"REL names", Marking{Level: Confidential, RelTo: []string{"kenya", "UK", "usa", "GBR"}}, "C//REL TO USA, GBR, KEN", "CONFIDENTIAL//REL TO USA, GBR, KEN"},
		{"REL NATO", Marking{Level: Secret, RelTo: []string{"NATO"}}, "S//REL TO USA, NATO", "SECRET//REL TO USA, NATO"},
		{"collectives last", Marking{Level: Secret, RelTo: []string{"NATO", "ZWE", "FVEY", "AUS"}}, "S//REL TO USA, AUS, ZWE, FVEY, NATO", "SECRET//REL TO USA, AUS, ZWE, FVEY, NATO"},
		{"U//SBU", Marking{SBU: true}, "U//SBU", "UNCLASSIFIED//SBU"},
		{"U//SBU//NF", Marking{SBU: true, NoForn: true}, "U//SBU//NF", "UNCLASSIFIED//SBU//NOFORN"},
		{"U//FOUO", Marking{FOUO: true}, "U//FOUO", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"},
		{"S//FGI//NF", Marking{Level: Secret, FGI: true, NoForn: true}, "S//FGI//NF", "SECRET//FGI//NOFORN"},
		{"FGI countries", Marking{Level: Secret, FGICountries: []string{"GBR", "DEU"}}, "S//FGI DEU GBR", "SECRET//FGI DEU GBR"},
		// Canonical form of contradictory values.
		{"NF wins over REL", Marking{Level: Secret, NoForn: true, RelTo: []string{"GBR"}}, "S//NF", "SECRET//NOFORN"},
		{"REL TO USA alone", Marking{Level: Secret, RelTo: []string{"USA"}}, "S//NF", "SECRET//NOFORN"},
		{"SBU dropped above U", Marking{Level: Confidential, SBU: true, FOUO: true}, "C", "CONFIDENTIAL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.m.Portion(); got != tc.portion {
				t.Errorf("Portion() = %q, want %q", got, tc.portion)
			}
			if got := tc.m.String(); got != tc.portion {
				t.Errorf("String() = %q, want %q", got, tc.portion)
			}
			if got := tc.m.Banner(); got != tc.banner {
				t.Errorf("Banner() = %q, want %q", got, tc.banner)
			}
			checkRoundTrip(t, tc.m.Canonical())
		})
	}
}

func TestMarking_Canonical(t *testing.T) {
	t.Parallel()
	in := Marking{Level: Secret, RelTo: []string{"nato", "Kenya", "GBR", "GBR"}, FGICountries: []string{"uk"}}
	want := Marking{Level: Secret, RelTo: []string{"USA", "GBR", "KEN", "NATO"}, FGI: true, FGICountries: []string{"GBR"}}
	if diff := cmp.Diff(want, in.Canonical()); diff != "" {
		t.Errorf("Canonical() mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, want.Canonical()); diff != "" {
		t.Errorf("Canonical() of a canonical value changed it (-want +got):\n%s", diff)
	}
}

func TestMarking_Dominates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		m, o string // portion marks
		want bool
	}{
		// Rule 1: level.
		{"S", "S", true},
		{"S", "C", true},
		{"C", "S", false},
		{"TS", "U", true},
		// Rule 2: NOFORN.
		{"S//NF", "S", true},
		{"S", "S//NF", false},
		{"S//NF", "S//REL TO USA, CHN", true},
		{"S//NF", "SBU/NF", true},
		{"S", "SBU/NF", false},
		// Rule 3: FGI.
		{"S//FGI", "S//FGI", true},
		{"S", "S//FGI", false},
		{"S//FGI", "S//FGI DEU", true},
		{"S//FGI DEU GBR", "S//FGI DEU", true},
		{"S//FGI DEU", "S//FGI GBR", false},
		{"S//FGI DEU", "S//FGI", false},
		// Rule 4: SBU and FOUO under an unclassified banner only.
		{"U//SBU", "SBU", true},
		{"U", "SBU", false},
		{"U//FOUO", "U//FOUO", true},
		{"U//SBU", "U//FOUO", false},
		{"C", "SBU", true},
		{"C", "U//FOUO", true},
		// Rule 5: releasability.
		{"S", "S//REL TO USA, CHN", true},
		{"S//REL TO USA, CHN", "S", false},
		{"S//REL TO USA, CHN", "S//REL TO USA, CHN", true},
		{"S//REL TO USA, CHN", "S//REL TO USA, CHN, GBR", true},
		{"S//REL TO USA, CHN, GBR", "S//REL TO USA, CHN", false},
		{"S//REL TO USA, GBR", "S//REL TO USA, NATO", true},
		{"S//REL TO USA, NATO", "S//REL TO USA, GBR", false},
		{"S//REL TO USA, NATO", "S//REL TO USA, ISAF", true},
		{"S//REL TO USA, FVEY", "S//REL TO USA, ACGU", false},
		{"S//REL TO USA, ACGU", "S//REL TO USA, FVEY", true},
		{"S//REL TO USA, CHN", "U", true},
		{"S//REL TO USA, CHN", "SBU", true}, // §3: only classified portions count
		{"U//SBU//REL TO USA, NATO", "SBU", false},
		{"U//SBU", "SBU/REL NATO", true},
		{"U", "U", true},
		{"U//REL TO USA, GBR", "U", true},
		{"U", "U//REL TO USA, GBR", false},
	}
	for _, tc := range tests {
		t.Run(tc.m+" over "+tc.o, func(t *testing.T) {
			t.Parallel()
			m, o := mustParse(t, tc.m), mustParse(t, tc.o)
			if got := m.Dominates(o); got != tc.want {
				t.Errorf("ParseMark(%q).Dominates(%q) = %v, want %v", tc.m, tc.o, got, tc.want)
			}
		})
	}
}

// TestMarking_Releasable checks MARKINGS.md §4, rule 2, for foreign
// readers: plain U, or REL TO naming the country or a collective that
// includes it, and no NOFORN; SBU/FOUO without REL TO is not releasable.
func TestMarking_Releasable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mark    string
		country string
		want    bool
	}{
		{"U", "CHN", true},
		{"U", "GBR", true},
		{"C", "GBR", false},
		{"S", "CHN", false},
		{"S//NF", "GBR", false},
		{"S/REL CHINA", "CHN", true},
		{"S/REL CHINA", "china", true},
		{"S/REL CHINA", "GBR", false},
		{"S/REL NATO", "GBR", true},
		{"S/REL NATO", "ALB", true},
		{"S/REL NATO", "AUS", false},
		{"S/REL NATO", "NATO", true},
		{"S/REL NATO", "ISAF", false},
		{"S//REL TO USA, FVEY", "NZL", true},
		{"S//REL TO USA, ACGU", "NZL", false},
		{"C//REL ISAF", "AUS", true},
		{"SBU", "GBR", false},
		{"U//FOUO", "GBR", false},
		{"SBU/REL NATO", "GBR", true},
		{"SBU/NF", "GBR", false},
		// US readers: nothing more than the level.
		{"S//NF", "USA", true},
		{"SBU/NF", "US", true},
		{"S//NF", "United States", true},
		// Unknown countries are never admitted.
		{"U", "Atlantis", false},
		{"S/REL NATO", "XYZ", false},
	}
	for _, tc := range tests {
		t.Run(tc.mark+" to "+tc.country, func(t *testing.T) {
			t.Parallel()
			m := mustParse(t, tc.mark)
			if got := m.Releasable(tc.country); got != tc.want {
				t.Errorf("ParseMark(%q).Releasable(%q) = %v, want %v", tc.mark, tc.country, got, tc.want)
			}
		})
	}
}
