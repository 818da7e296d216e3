package marking

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTrigraph(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		// Names and forms seen in the corpus marks.
		{"CHINA", "CHN", true},
		{"China", "CHN", true},
		{"UK", "GBR", true},
		{"U.K.", "GBR", true},
		{"UNITED KINGDOM", "GBR", true},
		{"United  Kingdom", "GBR", true},
		{"Britain", "GBR", true},
		{"KENYA", "KEN", true},
		{"UKRAINE", "UKR", true},
		{"CANADA", "CAN", true},
		{"AUSTRALIA", "AUS", true},
		{"Aus", "AUS", true},
		{"GERMANY", "DEU", true},
		{"GER", "DEU", true},
		{"Italy", "ITA", true},
		{"Spain", "ESP", true},
		{"ISRAEL", "ISR", true},
		{"Pak", "PAK", true},
		{"Pakistan", "PAK", true},
		{"RUSSIA", "RUS", true},
		{"Latvia", "LVA", true},
		{"Belize", "BLZ", true},
		{"Panama", "PAN", true},
		{"ARMENIA", "ARM", true},
		{"FRANCE", "FRA", true},
		{"JAPAN", "JPN", true},
		{"LIBYA", "LBY", true},
		{"SYRIA", "SYR", true},
		{"TURKEY", "TUR", true},
		{"KAZAKHSTAN", "KAZ", true},
		{"UZBEKISTAN", "UZB", true},
		{"South Korea", "KOR", true},
		{"ROYG", "YEM", true},
		{"MLT", "MLT", true},
		{"SAU", "SAU", true},
		{"US", "USA", true},
		{"usa", "USA", true},
		{"Cote d'Ivoire", "CIV", true},
		{"Kosovo", "XKS", true},
		// Not countries.
		{"NATO", "", false},
		{"CH", "", false},
		{"UN", "", false},
		{"XYZ", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, ok := Trigraph(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("Trigraph(%q) = %q, %v, want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// TestTrigraph_Table checks the ISO 3166 table: 249 ISO codes plus XKS,
// each its own trigraph, each name naming one country, and no name that is
// another country's code.
func TestTrigraph_Table(t *testing.T) {
	t.Parallel()
	codes := make(map[string]bool)
	names := make(map[string]string)
	for line := range strings.SplitSeq(iso3166, "\n") {
		code, rest, _ := strings.Cut(line, " ")
		if len(code) != 3 || strings.ToUpper(code) != code {
			t.Errorf("bad code %q", code)
		}
		if codes[code] {
			t.Errorf("code %s listed twice", code)
		}
		codes[code] = true
		if got, ok := Trigraph(code); !ok || got != code {
			t.Errorf("Trigraph(%q) = %q, %v, want itself", code, got, ok)
		}
		for name := range strings.SplitSeq(rest, "|") {
			n := strings.ToUpper(name)
			if prev, ok := names[n]; ok {
				t.Errorf("name %q names both %s and %s", name, prev, code)
			}
			names[n] = code
			if strings.Contains(name, ",") {
				t.Errorf("name %q holds a comma", name)
			}
		}
	}
	if len(codes) != 250 {
		t.Errorf("table has %d codes, want 250 (249 ISO 3166-1 and XKS)", len(codes))
	}
	for n, code := range names {
		if codes[n] && n != code {
			t.Errorf("name %q is also the code of another country", n)
		}
		if _, ok := Collective(n); ok {
			t.Errorf("name %q is also a collective", n)
		}
	}
}

func TestCountryName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code, want string
		ok         bool
	}{
		{"KEN", "Kenya", true},
		{"gbr", "United Kingdom", true},
		{"CHN", "China", true},
		{"XYZ", "", false},
	}
	for _, tc := range tests {
		if got, ok := CountryName(tc.code); got != tc.want || ok != tc.ok {
			t.Errorf("CountryName(%q) = %q, %v, want %q, %v", tc.code, got, ok, tc.want, tc.ok)
		}
	}
}

func TestCollective(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"NATO", "NATO", true},
		{"nato", "NATO", true},
		{"FVEY", "FVEY", true},
		{"FIVE EYES", "FVEY", true},
		{"ACGU", "ACGU", true},
		{"ISAF", "ISAF", true},
		{"EU", "EU", true},
		{"EU MEMBER STATES", "EU", true},
		{"Australia  Group", "AUSTRALIA GROUP", true},
		{"GBR", "", false},
		{"UN", "", false},
	}
	for _, tc := range tests {
		if got, ok := Collective(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("Collective(%q) = %q, %v, want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestMembers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		collective string
		size       int
		has        []string
		hasNot     []string
	}{
		{"NATO", 28, []string{"USA", "GBR", "ALB", "HRV", "TUR"}, []string{"AUS", "AUT", "MNE"}},
		{"FVEY", 5, []string{"USA", "GBR", "CAN", "AUS", "NZL"}, nil},
		{"FIVE EYES", 5, []string{"NZL"}, nil},
		{"ACGU", 4, []string{"USA", "GBR", "CAN", "AUS"}, []string{"NZL"}},
		{"ISAF", 45, []string{"USA", "AUS", "NZL", "GEO", "ARE"}, []string{"CHN", "PAK"}},
		{"EU", 27, []string{"MLT", "CYP", "GBR"}, []string{"USA", "NOR", "HRV"}},
		{"AUSTRALIA GROUP", 40, []string{"USA", "JPN", "KOR", "UKR"}, []string{"CHN", "RUS"}},
	}
	for _, tc := range tests {
		t.Run(tc.collective, func(t *testing.T) {
			t.Parallel()
			got := Members(tc.collective)
			if len(got) != tc.size {
				t.Errorf("len(Members(%q)) = %d, want %d", tc.collective, len(got), tc.size)
			}
			if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
				t.Errorf("Members(%q) = %v, want sorted and unique", tc.collective, got)
			}
			for _, c := range got {
				if code, ok := Trigraph(c); !ok || code != c {
					t.Errorf("member %q of %s is not a trigraph", c, tc.collective)
				}
			}
			for _, c := range tc.has {
				if !slices.Contains(got, c) {
					t.Errorf("Members(%q) lacks %s", tc.collective, c)
				}
			}
			for _, c := range tc.hasNot {
				if slices.Contains(got, c) {
					t.Errorf("Members(%q) holds %s", tc.collective, c)
				}
			}
		})
	}
	if got := Members("GBR"); got != nil {
		t.Errorf("Members(%q) = %v, want nil", "GBR", got)
	}
	// The slice is the caller's: changing it changes no later answer.
	m := Members("FVEY")
	m[0] = "XXX"
	if diff := cmp.Diff([]string{"AUS", "CAN", "GBR", "NZL", "USA"}, Members("FVEY")); diff != "" {
		t.Errorf("Members(FVEY) after change (-want +got):\n%s", diff)
	}
}
