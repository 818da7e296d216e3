package access_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/marking"
)

// control is one way of marking a portion at a level, with the foreign
// citizenships it admits written out by hand from MARKINGS.md §4: the
// expectations of TestCanSee_Exhaustive do not reuse the code's rule.
type control struct {
	name string
	// format makes the portion mark from a level abbreviation.
	format string
	// unclassOnly is true for controls only unclassified text carries.
	unclassOnly bool
	// foreign are the foreign citizenships admitted; plain is true when
	// every foreign reader is admitted at level U.
	foreign []string
	plain   bool
}

var (
	levels       = []marking.Level{marking.Unclassified, marking.Confidential, marking.Secret, marking.TopSecret}
	citizenships = []string{"USA", "CHN", "GBR", "DEU", "JPN", ""} // DEU: NATO; JPN: not NATO; "": unknown
	controls     = []control{
		{name: "none", format: "%s", plain: true},
		{name: "NF", format: "%s//NF"},
		{name: "REL CHN", format: "%s//REL TO USA, CHN", foreign: []string{"CHN"}},
		{name: "REL GBR", format: "%s//REL TO USA, GBR", foreign: []string{"GBR"}},
		{name: "REL NATO", format: "%s//REL TO USA, NATO", foreign: []string{"GBR", "DEU"}},
		{name: "REL FVEY", format: "%s//REL TO USA, FVEY", foreign: []string{"GBR"}},
		{name: "REL CHN JPN", format: "%s//REL TO USA, CHN, JPN", foreign: []string{"CHN", "JPN"}},
		{name: "SBU", format: "%s//SBU", unclassOnly: true},
		{name: "SBU NF", format: "%s//SBU//NF", unclassOnly: true},
		{name: "SBU REL GBR", format: "%s//SBU//REL TO USA, GBR", unclassOnly: true, foreign: []string{"GBR"}},
		{name: "FOUO", format: "%s//FOUO", unclassOnly: true},
		{name: "FGI", format: "%s//FGI"},
		{name: "FGI GBR", format: "%s//FGI GBR"},
		{name: "FGI NF", format: "%s//FGI//NF"},
		{name: "FGI REL GBR", format: "%s//FGI//REL TO USA, GBR", foreign: []string{"GBR"}},
	}
)

// wantCanSee is the rule of MARKINGS.md §4 written independently: the
// level is within clearance, and the reader is a US person, or the
// control admits their country.
func wantCanSee(level, clearance marking.Level, ctl control, citizenship string) bool {
	if level > clearance {
		return false
	}
	if citizenship == "USA" {
		return true
	}
	if ctl.plain && level == marking.Unclassified {
		return true
	}
	return slices.Contains(ctl.foreign, citizenship)
}

// TestCanSee_Exhaustive checks CanSee over every level × control ×
// citizenship × clearance.
func TestCanSee_Exhaustive(t *testing.T) {
	t.Parallel()
	n := 0
	for _, level := range levels {
		for _, ctl := range controls {
			if ctl.unclassOnly && level != marking.Unclassified {
				continue // refused by ParseMark as a conflict
			}
			mark := fmt.Sprintf(ctl.format, level)
			m := MustParseMark(t, mark)
			for _, cit := range citizenships {
				for _, cl := range levels {
					r := access.Reader{Clearance: cl, Citizenship: cit}
					want := wantCanSee(level, cl, ctl, cit)
					if got := access.CanSee(r, m); got != want {
						t.Errorf("CanSee(%s cleared %s, %s) = %v, want %v", citOrNone(cit), cl, mark, got, want)
					}
					n++
				}
			}
		}
	}
	t.Logf("%d combinations", n)
}

func citOrNone(c string) string {
	if c == "" {
		return "(no citizenship)"
	}
	return c
}

// TestCanSee holds named cases: the seed's marks, hand-built markings and
// citizenship spellings.
func TestCanSee(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		r    access.Reader
		m    marking.Marking
		want bool
	}{
		{"US secret reads S//NF", usReader(marking.Secret), MustParseMark(t, "S/NF"), true},
		{"US confidential may not read S", usReader(marking.Confidential), MustParseMark(t, "S"), false},
		{"US uncleared reads U//SBU", usReader(marking.Unclassified), MustParseMark(t, "SBU"), true},
		{"CHN reads S/REL CHINA", foreignReader("CHN", marking.Secret), MustParseMark(t, "S/REL CHINA"), true},
		{"CHN cleared C may not read S/REL CHINA", foreignReader("CHN", marking.Confidential), MustParseMark(t, "S/REL CHINA"), false},
		{"GBR may not read S/REL CHINA", foreignReader("GBR", marking.Secret), MustParseMark(t, "S/REL CHINA"), false},
		{"GBR may not read plain S", foreignReader("GBR", marking.Secret), MustParseMark(t, "S"), false},
		{"GBR reads S/REL UK", foreignReader("GBR", marking.Secret), MustParseMark(t, "S/Rel UK"), true},
		{"TUR reads REL NATO", foreignReader("TUR", marking.Secret), MustParseMark(t, "S/REL NATO"), true},
		{"NZL reads REL FVEY not NATO", foreignReader("NZL", marking.Secret), MustParseMark(t, "S/REL NATO"), false},
		{"GBR reads plain U", foreignReader("GBR", marking.Unclassified), MustParseMark(t, "U"), true},
		{"GBR may not read U//FOUO", foreignReader("GBR", marking.TopSecret), MustParseMark(t, "U//FOUO"), false},
		{"GBR may not read U//FGI", foreignReader("GBR", marking.TopSecret), MustParseMark(t, "U//FGI"), false},
		{"hand-built REL TO UK is canonicalised", foreignReader("GBR", marking.Secret),
			marking.Marking{Level: marking.Secret, RelTo: []string{"UK"}}, true},
		{"NOFORN wins over REL TO", foreignReader("GBR", marking.Secret),
			marking.Marking{Level: marking.Secret, NoForn: true, RelTo: []string{"GBR"}}, false},
		{"REL TO USA alone is NOFORN", foreignReader("GBR", marking.Secret),
			marking.Marking{Level: marking.Secret, RelTo: []string{"USA"}}, false},
		{"citizenship US is a US person", access.Reader{Clearance: marking.Secret, Citizenship: "US"}, MustParseMark(t, "S//NF"), true},
		{"citizenship united kingdom", access.Reader{Clearance: marking.Secret, Citizenship: "united kingdom"}, MustParseMark(t, "S//REL TO USA, GBR"), true},
		{"unknown country reads plain U only", access.Reader{Clearance: marking.Secret, Citizenship: "XYZ"}, MustParseMark(t, "U"), true},
		{"unknown country may not read REL", access.Reader{Clearance: marking.Secret, Citizenship: "XYZ"}, MustParseMark(t, "S//REL TO USA, NATO"), false},
		{"zero reader may not read U//SBU", access.Reader{}, MustParseMark(t, "SBU"), false},
		// LIMITED OFFICIAL USE ranks as SBU: level U, official readers only.
		{"US uncleared reads LOU", usReader(marking.Unclassified), MustParseBanner(t, "LIMITED OFFICIAL USE"), true},
		{"GBR may not read LOU", foreignReader("GBR", marking.TopSecret), MustParseBanner(t, "LIMITED OFFICIAL USE"), false},
		{"zero reader may not read LOU", access.Reader{}, MustParseBanner(t, "LIMITED OFFICIAL USE"), false},
		{"GBR reads LOU REL UK", foreignReader("GBR", marking.Unclassified), MustParseMark(t, "LOU/REL UK"), true},
		{"zero reader reads plain U", access.Reader{}, marking.Marking{}, true},
		{"clearance below U reads nothing", access.Reader{Clearance: -1, Citizenship: "USA"}, marking.Marking{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := access.CanSee(tt.r, tt.m); got != tt.want {
				t.Errorf("CanSee(%+v, %s) = %v, want %v", tt.r, tt.m, got, tt.want)
			}
		})
	}
}

// TestReader_Foreign checks that only a known US citizenship is not
// foreign, so that a missing value fails closed.
func TestReader_Foreign(t *testing.T) {
	t.Parallel()
	tests := []struct {
		citizenship string
		want        bool
	}{
		{"USA", false}, {"usa", false}, {"US", false}, {"United States", false},
		{"GBR", true}, {"UK", true}, {"CHN", true}, {"", true}, {"XYZ", true},
	}
	for _, tt := range tests {
		r := access.Reader{Citizenship: tt.citizenship}
		if got := r.Foreign(); got != tt.want {
			t.Errorf("Reader{Citizenship: %q}.Foreign() = %v, want %v", tt.citizenship, got, tt.want)
		}
	}
}
