package marking

import (
	"slices"
	"strings"
)

// Trigraph returns the ISO 3166-1 alpha-3 code for a country given by its
// code, its English short name, or a form written in cables (UK, US, GER,
// PRC, ROYG...). Case, surrounding space, repeated inner space and periods
// do not matter, so "u.k." and "United  Kingdom" both give GBR. It reports
// false for collectives (see [Collective]) and for names it does not know.
func Trigraph(name string) (string, bool) {
	n := normalizeName(name)
	if n == "" {
		return "", false
	}
	for line := range strings.SplitSeq(iso3166, "\n") {
		code, names, _ := strings.Cut(line, " ")
		if n == code {
			return code, true
		}
		for alias := range strings.SplitSeq(names, "|") {
			if strings.EqualFold(n, alias) {
				return code, true
			}
		}
	}
	return "", false
}

// CountryName returns the English short name of the country whose ISO 3166-1
// alpha-3 code is code, as in CountryName("KEN") == "Kenya".
func CountryName(code string) (string, bool) {
	c := normalizeName(code)
	for line := range strings.SplitSeq(iso3166, "\n") {
		lc, names, _ := strings.Cut(line, " ")
		if c == lc {
			name, _, _ := strings.Cut(names, "|")
			return name, true
		}
	}
	return "", false
}

// Collective returns the canonical name of a collective (a group of
// countries that a REL TO list may name as one entry): NATO, FVEY (also
// written FIVE EYES), ACGU, ISAF, EU (also EUROPEAN UNION, EU MEMBER STATES)
// and AUSTRALIA GROUP. Case and spacing do not matter. [Members] says who
// belongs to each.
func Collective(name string) (string, bool) {
	switch normalizeName(name) {
	case "NATO":
		return "NATO", true
	case "FVEY", "FIVE EYES":
		return "FVEY", true
	case "ACGU":
		return "ACGU", true
	case "ISAF":
		return "ISAF", true
	case "EU", "EUROPEAN UNION", "EU MEMBER STATES":
		return "EU", true
	case "AUSTRALIA GROUP":
		return "AUSTRALIA GROUP", true
	}
	return "", false
}

// Members returns the trigraphs of the countries in a collective, sorted,
// or nil when collective is not one (see [Collective] for the names it
// accepts). The slice is new on every call. Membership is as of 2009–2010,
// the years of most of the corpus:
//
//   - NATO: the 28 members after Albania and Croatia joined on 1 April 2009.
//   - FVEY: Australia, Canada, New Zealand, the United Kingdom, the US.
//   - ACGU: Australia, Canada, the United Kingdom, the US (FVEY less NZL).
//   - ISAF: NATO members plus the non-NATO troop contributors listed in the
//     ISAF placemat of early 2010. It is approximate: contributors changed
//     month by month.
//   - EU: the 27 member states of 2007–2013.
//   - AUSTRALIA GROUP: the 40 participating states of 2009 (the European
//     Commission also takes part but is not a country).
func Members(collective string) []string {
	c, ok := Collective(collective)
	if !ok {
		return nil
	}
	var m []string
	switch c {
	case "NATO":
		m = natoMembers()
	case "FVEY":
		m = []string{"AUS", "CAN", "GBR", "NZL", "USA"}
	case "ACGU":
		m = []string{"AUS", "CAN", "GBR", "USA"}
	case "ISAF":
		m = append(natoMembers(), "ARE", "ARM", "AUS", "AUT", "AZE", "BIH",
			"FIN", "GEO", "IRL", "JOR", "MKD", "MNE", "MNG", "NZL", "SGP",
			"SWE", "UKR")
	case "EU":
		m = []string{"AUT", "BEL", "BGR", "CYP", "CZE", "DEU", "DNK", "ESP",
			"EST", "FIN", "FRA", "GBR", "GRC", "HUN", "IRL", "ITA", "LTU",
			"LUX", "LVA", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN",
			"SWE"}
	case "AUSTRALIA GROUP":
		m = []string{"ARG", "AUS", "AUT", "BEL", "BGR", "CAN", "CHE", "CYP",
			"CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA", "GBR", "GRC",
			"HRV", "HUN", "IRL", "ISL", "ITA", "JPN", "KOR", "LTU", "LUX",
			"LVA", "MLT", "NLD", "NOR", "NZL", "POL", "PRT", "ROU", "SVK",
			"SVN", "SWE", "TUR", "UKR", "USA"}
	}
	slices.Sort(m)
	return m
}

func natoMembers() []string {
	return []string{"ALB", "BEL", "BGR", "CAN", "CZE", "DEU", "DNK", "ESP",
		"EST", "FRA", "GBR", "GRC", "HRV", "HUN", "ISL", "ITA", "LTU", "LUX",
		"LVA", "NLD", "NOR", "POL", "PRT", "ROU", "SVK", "SVN", "TUR", "USA"}
}

// countryHint explains why a name that is neither a country nor a
// collective was refused, when there is more to say than "unknown".
func countryHint(name string) string {
	switch normalizeName(name) {
	case "UN", "UNITED NATIONS", "IAEA", "OSCE", "NATO HQ":
		return "an international organization, not a country: REL TO names the states whose nationals may read"
	case "CH":
		return "ambiguous: ISO alpha-2 for Switzerland, but written for China"
	case "KOREA":
		return "ambiguous: say which country"
	}
	return ""
}

// normalizeName upper-cases name, drops periods and collapses runs of
// space, so that "u.k." and "United  Kingdom" compare as "UK" and
// "UNITED KINGDOM".
func normalizeName(name string) string {
	name = strings.ReplaceAll(name, ".", "")
	return strings.ToUpper(strings.Join(strings.Fields(name), " "))
}

// canonicalRelTo returns the entries of a REL TO list in canonical order:
// USA first (added when absent), then trigraphs alphabetically, then
// collectives alphabetically, each once. It returns nil for an empty list.
func canonicalRelTo(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	return canonicalCodes(append([]string{"USA"}, list...))
}

// canonicalCodes sorts codes as a REL TO list is sorted, without adding
// USA, and drops duplicates.
func canonicalCodes(codes []string) []string {
	if len(codes) == 0 {
		return nil
	}
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, strings.ToUpper(c))
	}
	slices.SortFunc(out, compareCodes)
	return slices.Compact(out)
}

func compareCodes(a, b string) int {
	if r := codeRank(a) - codeRank(b); r != 0 {
		return r
	}
	return strings.Compare(a, b)
}

func codeRank(c string) int {
	switch {
	case c == "USA":
		return 0
	case isCollective(c):
		return 2
	}
	return 1
}

func isCollective(c string) bool {
	_, ok := Collective(c)
	return ok
}
