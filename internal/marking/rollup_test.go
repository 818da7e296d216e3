package marking

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRollUp checks each roll-up rule of MARKINGS.md §3, giving portions as
// marks and the result as a banner.
func TestRollUp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		portions []string
		want     string
	}{
		{"none", nil, "UNCLASSIFIED"},
		// The seed: banner SECRET, but paragraphs 3 to 5 are S/NF.
		{"seed", []string{"S", "S/REL CHINA", "S/NF", "S/NF", "S/NF", "S/REL CHINA", "U", "U"}, "SECRET//NOFORN"},
		{"seed as seen by CHN", []string{"S/REL CHINA", "S/REL CHINA", "U", "U"}, "SECRET//REL TO USA, CHN"},
		{"seed as seen by C reader", []string{"U", "U"}, "UNCLASSIFIED"},
		// Level: the highest portion level.
		{"level", []string{"U", "C", "S"}, "SECRET"},
		{"level TS", []string{"TS", "C"}, "TOP SECRET"},
		// NOFORN: any portion, unclassified ones included.
		{"noforn", []string{"C", "C/NF"}, "CONFIDENTIAL//NOFORN"},
		{"noforn from SBU", []string{"C", "SBU/NF"}, "CONFIDENTIAL//NOFORN"},
		{"noforn beats REL", []string{"S/REL UK", "C/NF"}, "SECRET//NOFORN"},
		// REL TO: intersection over classified portions.
		{"rel same", []string{"S/REL UK", "C/REL UK"}, "SECRET//REL TO USA, GBR"},
		{"rel intersect", []string{"S//REL TO USA, GBR, KEN", "C//REL TO USA, KEN, CHN"}, "SECRET//REL TO USA, KEN"},
		{"rel and unmarked classified", []string{"S/REL UK", "C"}, "SECRET"},
		{"rel ignores U", []string{"S/REL UK", "U"}, "SECRET//REL TO USA, GBR"},
		{"rel ignores SBU under classified", []string{"S/REL UK", "SBU"}, "SECRET//REL TO USA, GBR"},
		{"rel disjoint", []string{"S/REL UK", "S/REL CHINA"}, "SECRET//NOFORN"},
		// Collectives expand when intersecting.
		{"NATO and GBR", []string{"S/REL NATO", "S//REL TO USA, GBR"}, "SECRET//REL TO USA, GBR"},
		{"NATO and CHN", []string{"S/REL NATO", "S/REL CHINA"}, "SECRET//NOFORN"},
		{"NATO and ISAF", []string{"S/REL NATO", "C/REL ISAF"}, "SECRET//REL TO USA, NATO"},
		{"NATO ISAF and ISAF", []string{"S//Rel NATO, ISAF", "C/REL ISAF"}, "SECRET//REL TO USA, ISAF"},
		{"NATO/AUS and ISAF", []string{"S/REL TO NATO/AUS", "C/REL ISAF"}, "SECRET//REL TO USA, AUS, NATO"},
		{"FVEY and ACGU", []string{"S//REL TO USA, FVEY", "S//REL TO USA, ACGU"}, "SECRET//REL TO USA, ACGU"},
		{"FVEY and NATO", []string{"S//REL TO USA, FVEY", "S/REL NATO"}, "SECRET//REL TO USA, CAN, GBR"},
		{"same list kept", []string{"S//Rel NATO, ISAF", "C//REL NATO, ISAF"}, "SECRET//REL TO USA, ISAF, NATO"},
		// SBU and FOUO: carried to an unclassified banner only.
		{"sbu", []string{"SBU", "U"}, "UNCLASSIFIED//SBU"},
		{"sbu nf", []string{"SBU", "SBU/NF", "U"}, "UNCLASSIFIED//SBU//NOFORN"},
		{"fouo", []string{"U//FOUO", "U"}, "UNCLASSIFIED//FOR OFFICIAL USE ONLY"},
		{"sbu dropped", []string{"SBU", "C"}, "CONFIDENTIAL"},
		{"sbu rel", []string{"SBU/REL NATO", "U"}, "UNCLASSIFIED//SBU//REL TO USA, NATO"},
		{"sbu rel and sbu", []string{"SBU/REL NATO", "SBU"}, "UNCLASSIFIED//SBU"},
		// FGI: carried.
		{"fgi", []string{"S//FGI//NF", "C"}, "SECRET//FGI//NOFORN"},
		{"fgi countries", []string{"S//FGI DEU", "C//FGI GBR"}, "SECRET//FGI DEU GBR"},
		{"fgi concealed", []string{"S//FGI DEU", "C//FGI"}, "SECRET//FGI"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var ps []Marking
			for _, p := range tc.portions {
				ps = append(ps, mustParse(t, p))
			}
			got := RollUp(ps)
			if got.Banner() != tc.want {
				t.Errorf("RollUp(%s) = %s, want %s", strings.Join(tc.portions, ", "), got.Banner(), tc.want)
			}
			for i, p := range ps {
				if !got.Dominates(p) {
					t.Errorf("RollUp(...) = %s does not dominate portion %s", got.Banner(), tc.portions[i])
				}
			}
		})
	}
}

// TestUndominated checks MARKINGS.md §3's example: the seed's banner is
// SECRET, but paragraphs 3, 4 and 5 are (S/NF) and force SECRET//NOFORN.
func TestUndominated(t *testing.T) {
	t.Parallel()
	tests := []struct {
		banner string
		want   []int // paragraph numbers
	}{
		{"SECRET", []int{3, 4, 5}},
		{"SECRET//NOFORN", nil},
		{"CONFIDENTIAL//NOFORN", []int{1, 2, 3, 4, 5, 6}},
		{"SECRET//REL TO USA, CHN", []int{1, 3, 4, 5}},
		{"TOP SECRET//NOFORN", nil},
	}
	var seed []Marking
	for _, s := range []string{"S", "S/REL CHINA", "S/NF", "S/NF", "S/NF", "S/REL CHINA", "U", "U"} {
		seed = append(seed, mustParse(t, s))
	}
	for _, tc := range tests {
		t.Run(tc.banner, func(t *testing.T) {
			t.Parallel()
			banner, err := ParseBanner(tc.banner)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, i := range Undominated(banner, seed) {
				got = append(got, i+1)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Undominated(%s, seed) mismatch (-want +got):\n%s", tc.banner, diff)
			}
		})
	}
}

// TestRollUp_Properties checks, over every pair and triple of sample
// portions, that the roll-up dominates each portion, is canonical, and
// does not depend on order; and that a single portion rolls up to itself.
func TestRollUp_Properties(t *testing.T) {
	t.Parallel()
	var samples []Marking
	for _, s := range []string{"U", "SBU", "SBU/NF", "U//FOUO", "SBU/REL NATO", "C", "C/NF",
		"C/REL UK", "S", "S/NF", "S/REL CHINA", "S/REL NATO", "S//Rel NATO, ISAF",
		"S//REL TO USA, FVEY", "C//REL TO USA, KEN, GBR", "S//FGI//NF", "S//FGI DEU", "TS"} {
		samples = append(samples, mustParse(t, s))
	}
	for _, a := range samples {
		if got := RollUp([]Marking{a}); !cmp.Equal(a, got) {
			t.Errorf("RollUp(%s) = %s, want itself", a, got)
		}
		for _, b := range samples {
			checkRollUp(t, a, b)
			for _, c := range samples {
				checkRollUp(t, a, b, c)
			}
		}
	}
}

func checkRollUp(tb testing.TB, ps ...Marking) {
	tb.Helper()
	got := RollUp(ps)
	for _, p := range ps {
		if !got.Dominates(p) {
			tb.Errorf("RollUp(%v) = %s does not dominate %s", ps, got, p)
		}
	}
	if diff := cmp.Diff(got.Canonical(), got); diff != "" {
		tb.Errorf("RollUp(%v) is not canonical (-want +got):\n%s", ps, diff)
	}
	rev := append([]Marking(nil), ps...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	if r := RollUp(rev); !cmp.Equal(got, r) {
		tb.Errorf("RollUp(%v) = %s, but reversed = %s", ps, got, r)
	}
}

// TestRollUp_SeedViews checks the view banners of MARKINGS.md §6: each
// reader sees the seed's portions of level at most their clearance and,
// for a foreign reader, releasable to their country; the view banner is
// the roll-up of what they see. The unmarked subject takes the banner's
// marking, SECRET.
func TestRollUp_SeedViews(t *testing.T) {
	t.Parallel()
	seed := []string{"SECRET", "S", "S/REL CHINA", "S/NF", "S/NF", "S/NF", "S/REL CHINA", "U", "U"}
	tests := []struct {
		reader    string
		clearance Level
		country   string
		shown     []int // 0 is the subject
		banner    string
	}{
		{"US SECRET", Secret, "USA", []int{0, 1, 2, 3, 4, 5, 6, 7, 8}, "SECRET//NOFORN"},
		{"US CONFIDENTIAL", Confidential, "USA", []int{7, 8}, "UNCLASSIFIED"},
		{"CHN SECRET", Secret, "CHN", []int{2, 6, 7, 8}, "SECRET//REL TO USA, CHN"},
		{"GBR SECRET", Secret, "GBR", []int{7, 8}, "UNCLASSIFIED"},
	}
	for _, tc := range tests {
		t.Run(tc.reader, func(t *testing.T) {
			t.Parallel()
			var shown []int
			var view []Marking
			for i, s := range seed {
				m := mustParse(t, s)
				if m.Level <= tc.clearance && m.Releasable(tc.country) {
					shown = append(shown, i)
					view = append(view, m)
				}
			}
			if diff := cmp.Diff(tc.shown, shown); diff != "" {
				t.Errorf("paragraphs shown mismatch (-want +got):\n%s", diff)
			}
			if got := RollUp(view).Banner(); got != tc.banner {
				t.Errorf("view banner = %s, want %s", got, tc.banner)
			}
		})
	}
}
