package index

import (
	"slices"
	"strings"
)

// vocabulary lists the term numbers in the order of their tokens, for
// prefixes. Terms are numbered as they are met, so the numbers from
// len(order) on are the ones added since the list was last put in
// order; a search for a prefix merges them in first.
type vocabulary struct {
	order []uint32
}

// stale reports whether terms were added since the list was ordered.
func (v *vocabulary) stale(names []string) bool { return len(v.order) < len(names) }

// update merges the terms added since into the list. ix.mu is held for
// writing.
func (v *vocabulary) update(names []string) {
	fresh := make([]uint32, 0, len(names)-len(v.order))
	for t := len(v.order); t < len(names); t++ {
		fresh = append(fresh, uint32(t))
	}
	byName := func(a, b uint32) int { return strings.Compare(names[a], names[b]) }
	slices.SortFunc(fresh, byName)
	merged := make([]uint32, 0, len(names))
	old := v.order
	for len(old) > 0 && len(fresh) > 0 {
		if byName(old[0], fresh[0]) <= 0 {
			merged, old = append(merged, old[0]), old[1:]
		} else {
			merged, fresh = append(merged, fresh[0]), fresh[1:]
		}
	}
	v.order = append(append(merged, old...), fresh...)
}

// prefixed returns the terms whose tokens start with prefix. The list is
// up to date (ix.mu is held).
func (v *vocabulary) prefixed(names []string, prefix string) []uint32 {
	i, _ := slices.BinarySearchFunc(v.order, prefix, func(t uint32, p string) int { return strings.Compare(names[t], p) })
	j := i
	for j < len(v.order) && strings.HasPrefix(names[v.order[j]], prefix) {
		j++
	}
	return v.order[i:j]
}
