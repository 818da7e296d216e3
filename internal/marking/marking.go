package marking

import (
	"slices"
	"strings"
)

// Marking is the classification and controls of a portion of text or of a
// whole cable. The zero Marking is plain UNCLASSIFIED.
//
// Methods read a Marking through [Marking.Canonical], so a hand-built value
// such as Marking{Level: Secret, RelTo: []string{"UK"}} behaves like its
// canonical form (REL TO USA, GBR). [ParseMark], [ParseBanner] and [RollUp]
// return canonical values.
type Marking struct {
	// Level is the classification level.
	Level Level
	// NoForn marks text not releasable to foreign nationals (NF, NOFORN).
	NoForn bool
	// RelTo lists whom the text may be released to besides US persons:
	// ISO 3166 trigraphs and collectives (see [Collective]). In canonical
	// form it begins with USA, then trigraphs alphabetically, then
	// collectives alphabetically; nil means no REL TO.
	RelTo []string
	// SBU marks sensitive but unclassified text. Only unclassified text
	// carries it.
	SBU bool
	// FOUO marks text for official use only. Only unclassified text
	// carries it.
	FOUO bool
	// FGI marks text that includes foreign government information.
	FGI bool
	// FGICountries optionally names whose information it is; nil when the
	// source is not stated (or concealed).
	FGICountries []string
}

// Canonical returns m in canonical form:
//   - RelTo entries become trigraphs or collective names, sorted as
//     described at [Marking.RelTo] and each listed once;
//   - NOFORN wins over REL TO: a NoForn Marking has no RelTo, and a REL TO
//     naming only USA becomes NOFORN;
//   - SBU and FOUO are dropped from classified markings;
//   - FGICountries are sorted, and naming any sets FGI.
func (m Marking) Canonical() Marking {
	c := m
	c.RelTo = canonicalRelTo(resolveCodes(m.RelTo))
	if len(c.RelTo) == 1 { // USA alone: nobody foreign.
		c.RelTo, c.NoForn = nil, true
	}
	if c.NoForn {
		c.RelTo = nil
	}
	if c.Level > Unclassified {
		c.SBU, c.FOUO = false, false
	}
	c.FGICountries = canonicalCodes(resolveCodes(m.FGICountries))
	if len(c.FGICountries) > 0 {
		c.FGI = true
	}
	return c
}

// Portion returns the canonical portion mark of m, without parentheses:
// the level abbreviation, then FGI (with its countries, space-separated),
// SBU, FOUO, and NF or REL TO, joined by "//". For example S, S//NF,
// C//REL TO USA, GBR, KEN, U//SBU//NF, S//FGI//NF, S//FGI DEU//NF.
func (m Marking) Portion() string {
	c := m.Canonical()
	return c.render(c.Level.String(), "FOUO", "NF")
}

// Banner returns the canonical banner of m: the level word, then FGI, SBU,
// FOR OFFICIAL USE ONLY, and NOFORN or REL TO, joined by "//". For example
// SECRET//NOFORN, SECRET//REL TO USA, CHN, CONFIDENTIAL, UNCLASSIFIED//SBU,
// UNCLASSIFIED//FOR OFFICIAL USE ONLY, SECRET//FGI//NOFORN.
//
// SBU and FOUO are distinct controls and keep distinct banners: SBU, the
// State caption, is written SBU as in MARKINGS.md §3; FOUO is spelled out
// as the corpus metadata and the IC marking system spell it.
func (m Marking) Banner() string {
	c := m.Canonical()
	return c.render(c.Level.Word(), "FOR OFFICIAL USE ONLY", "NOFORN")
}

// String returns [Marking.Portion].
func (m Marking) String() string { return m.Portion() }

// render joins the parts of a canonical marking.
func (m Marking) render(level, fouo, noforn string) string {
	parts := []string{level}
	if m.FGI {
		parts = append(parts, strings.Join(append([]string{"FGI"}, m.FGICountries...), " "))
	}
	if m.SBU {
		parts = append(parts, "SBU")
	}
	if m.FOUO {
		parts = append(parts, fouo)
	}
	switch {
	case m.NoForn:
		parts = append(parts, noforn)
	case len(m.RelTo) > 0:
		parts = append(parts, "REL TO "+strings.Join(m.RelTo, ", "))
	}
	return strings.Join(parts, "//")
}

// Dominates reports whether m is at least as restrictive as o, as a banner
// must be over each of its portions. All of these must hold:
//
//  1. m's level is at least o's;
//  2. if o is NOFORN, so is m;
//  3. if o carries FGI, so does m, naming no countries (source not stated)
//     or every country o names;
//  4. if m is unclassified, it carries SBU and FOUO wherever o does (a
//     classified m subsumes them, as [RollUp] drops them);
//  5. m reaches no foreign country that o does not, where a marking reaches
//     nobody if NOFORN; the members of its REL TO if it has one; everybody
//     if it is plain U (no SBU, FOUO or REL TO); and nobody otherwise. This
//     is checked when o is classified or m is unclassified: by MARKINGS.md
//     §3 the REL TO of a classified banner comes from its classified
//     portions only.
//
// So SECRET dominates S//REL TO USA, CHN, but SECRET//REL TO USA, CHN does
// not dominate S; and SECRET//NOFORN dominates every SECRET portion.
func (m Marking) Dominates(o Marking) bool {
	m, o = m.Canonical(), o.Canonical()
	switch {
	case m.Level < o.Level:
		return false
	case o.NoForn && !m.NoForn:
		return false
	case o.FGI && !fgiCovers(m, o):
		return false
	case m.Level == Unclassified && (o.SBU && !m.SBU || o.FOUO && !m.FOUO):
		return false
	}
	if o.Level > Unclassified || m.Level == Unclassified {
		return m.reach().within(o.reach())
	}
	return true
}

func fgiCovers(m, o Marking) bool {
	if !m.FGI {
		return false
	}
	if len(m.FGICountries) == 0 {
		return true
	}
	if len(o.FGICountries) == 0 {
		return false
	}
	for _, c := range o.FGICountries {
		if !slices.Contains(m.FGICountries, c) {
			return false
		}
	}
	return true
}

// Releasable reports whether text marked m may be read by nationals of
// country, given as a trigraph or a name (see [Trigraph]): always for USA;
// never under NOFORN; under REL TO, when the list names the country or a
// collective it belongs to; otherwise only for plain unclassified text (no
// SBU or FOUO), as in MARKINGS.md §4. Given a collective, it reports
// whether every member is admitted. An unknown country is never admitted.
func (m Marking) Releasable(country string) bool {
	code, ok := Trigraph(country)
	if !ok {
		members := Members(country)
		for _, c := range members {
			if !m.Releasable(c) {
				return false
			}
		}
		return members != nil
	}
	if code == "USA" {
		return true
	}
	r := m.Canonical().reach()
	return r.all || r.set[code]
}

// reach is the set of foreign countries a marking admits.
type reach struct {
	all bool            // every country
	set map[string]bool // when not all
}

// reach returns whom the canonical marking m admits (see Dominates, rule 5).
func (m Marking) reach() reach {
	switch {
	case m.NoForn:
		return reach{}
	case len(m.RelTo) > 0:
		return reach{set: expand(m.RelTo)}
	case m.Level == Unclassified && !m.SBU && !m.FOUO:
		return reach{all: true}
	}
	return reach{}
}

// within reports whether r admits nobody that o does not.
func (r reach) within(o reach) bool {
	if o.all {
		return true
	}
	if r.all {
		return false
	}
	for c := range r.set {
		if !o.set[c] {
			return false
		}
	}
	return true
}

// expand returns the foreign countries a REL TO list names, directly or
// through its collectives.
func expand(list []string) map[string]bool {
	set := make(map[string]bool)
	for _, e := range list {
		members := Members(e)
		if members == nil {
			members = []string{e}
		}
		for _, c := range members {
			if c != "USA" {
				set[c] = true
			}
		}
	}
	return set
}

// resolveCodes maps each entry to its collective name or trigraph when it
// is one, and upper-cases it otherwise.
func resolveCodes(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	out := make([]string, len(list))
	for i, e := range list {
		if c, ok := Collective(e); ok {
			out[i] = c
		} else if c, ok := Trigraph(e); ok {
			out[i] = c
		} else {
			out[i] = strings.ToUpper(strings.TrimSpace(e))
		}
	}
	return out
}
