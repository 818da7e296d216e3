package marking

import (
	"cmp"
	"slices"
)

// RollUp returns the marking that a banner must carry at least, given the
// markings of every portion (subject included), per MARKINGS.md §3:
//
//   - level: the highest portion level;
//   - NOFORN: if any portion is NOFORN (unclassified ones included);
//   - REL TO: if not NOFORN, the intersection of the REL TO lists of the
//     classified portions. If any classified portion has no REL TO, the
//     result has none. Unclassified portions take no part, except in an
//     unclassified result, where every portion with SBU, FOUO or REL TO
//     takes part the same way;
//   - SBU and FOUO: carried when the result is unclassified;
//   - FGI: carried; its countries are the union of the portions', or none
//     if any FGI portion names none (its source is then not stated).
//
// Intersections expand collectives into their members (see [Members]), so
// REL TO USA, NATO meets REL TO USA, GBR in REL TO USA, GBR. When the
// lists differ, the result names a collective of the inputs whenever all
// of its members remain, and the remaining countries by trigraph; when
// every list is the same, the result is that list. Where the lists have no
// foreign country in common, the result is NOFORN, as in the IC marking
// system (MARKINGS.md does not say). RollUp of no portions is plain U.
func RollUp(portions []Marking) Marking {
	var r Marking
	concealed := false // an FGI portion names no country
	cs := make([]Marking, len(portions))
	for i, p := range portions {
		c := p.Canonical()
		cs[i] = c
		r.Level = max(r.Level, c.Level)
		r.NoForn = r.NoForn || c.NoForn
		r.SBU = r.SBU || c.SBU
		r.FOUO = r.FOUO || c.FOUO
		if c.FGI {
			r.FGI = true
			concealed = concealed || len(c.FGICountries) == 0
			r.FGICountries = append(r.FGICountries, c.FGICountries...)
		}
	}
	if concealed {
		r.FGICountries = nil
	}
	if !r.NoForn {
		r.RelTo, r.NoForn = rollUpRelTo(cs, r.Level)
	}
	return r.Canonical() // drops SBU and FOUO above U
}

// rollUpRelTo returns the REL TO of a roll-up at level from canonical
// portions none of which is NOFORN, or noforn when the lists share no
// foreign country.
func rollUpRelTo(cs []Marking, level Level) (relTo []string, noforn bool) {
	var lists [][]string
	for _, c := range cs {
		if !takesPart(c, level) {
			continue
		}
		if len(c.RelTo) == 0 {
			return nil, false
		}
		lists = append(lists, c.RelTo)
	}
	if len(lists) == 0 {
		return nil, false
	}
	if allEqual(lists) {
		return lists[0], false
	}
	common := expand(lists[0])
	for _, l := range lists[1:] {
		other := expand(l)
		for c := range common {
			if !other[c] {
				delete(common, c)
			}
		}
	}
	if len(common) == 0 {
		return nil, true
	}
	return compress(common, lists), false
}

// takesPart reports whether portion c counts in the REL TO of a roll-up at
// level: classified portions do; below a classified result, nothing else
// does; in an unclassified result, any portion that is not plain U does.
func takesPart(c Marking, level Level) bool {
	if level > Unclassified {
		return c.Level > Unclassified
	}
	return c.SBU || c.FOUO || len(c.RelTo) > 0
}

func allEqual(lists [][]string) bool {
	for _, l := range lists[1:] {
		if !slices.Equal(l, lists[0]) {
			return false
		}
	}
	return true
}

// compress writes the foreign countries in common as a REL TO list: each
// collective named in lists whose foreign members are all in common and
// not already covered by a larger one, then the countries left, by
// trigraph.
func compress(common map[string]bool, lists [][]string) []string {
	var collectives []string
	for _, l := range lists {
		for _, e := range l {
			if isCollective(e) && !slices.Contains(collectives, e) {
				collectives = append(collectives, e)
			}
		}
	}
	slices.SortFunc(collectives, func(a, b string) int {
		return cmp.Or(len(Members(b))-len(Members(a)), cmp.Compare(a, b))
	})
	covered := make(map[string]bool)
	var out []string
	for _, c := range collectives {
		members := expand([]string{c})
		if subset(members, common) && !subset(members, covered) {
			out = append(out, c)
			for m := range members {
				covered[m] = true
			}
		}
	}
	for c := range common {
		if !covered[c] {
			out = append(out, c)
		}
	}
	return canonicalRelTo(out)
}

func subset(a, b map[string]bool) bool {
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// Undominated returns the indices, in order, of the portions that banner
// does not dominate (see [Marking.Dominates]): the paragraphs that force a
// higher banner, which MARKINGS.md §3 has a refused release name. It
// returns nil when banner dominates every portion.
func Undominated(banner Marking, portions []Marking) []int {
	var idx []int
	for i, p := range portions {
		if !banner.Dominates(p) {
			idx = append(idx, i)
		}
	}
	return idx
}
