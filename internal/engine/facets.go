package engine

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// FacetLists orders each facet's counts: tags and origins by count (the
// first limit, and the names of those cut), years newest first,
// classifications by level.
func FacetLists(counts map[string]map[string]int, limit int) (map[string][]cable.FacetCount, []string) {
	out := map[string][]cable.FacetCount{}
	var cut []string
	for name, m := range counts {
		var fs []cable.FacetCount
		for v, n := range m {
			fs = append(fs, cable.FacetCount{Value: v, Count: n})
		}
		switch name {
		case "year":
			slices.SortFunc(fs, func(a, b cable.FacetCount) int { return strings.Compare(b.Value, a.Value) })
		case "classification":
			slices.SortFunc(fs, func(a, b cable.FacetCount) int { return strings.Compare(a.Value, b.Value) })
			for i := range fs {
				l, _ := strconv.Atoi(fs[i].Value)
				fs[i].Value = marking.Level(l).Word()
			}
		default:
			slices.SortFunc(fs, func(a, b cable.FacetCount) int {
				return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value))
			})
			if len(fs) > limit {
				fs = fs[:limit]
				cut = append(cut, name)
			}
		}
		if len(fs) > 0 {
			out[name] = fs
		}
	}
	slices.Sort(cut)
	return out, cut
}
