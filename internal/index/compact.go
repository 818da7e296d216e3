package index

import "slices"

// Compact gives back the room that growing the index left in its
// slices and bitmaps: a list grows by doubling, so that after a rebuild
// a list's memory is up to twice its postings'. A store calls it once a
// build is done; the index answers the same before and after.
func (ix *Index) Compact() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for t, lists := range ix.postings {
		lists = tight(lists)
		for i := range lists {
			l := &lists[i]
			if l.bm != nil {
				l.bm = l.bm.Clone() // roaring copies each container to its size
			} else {
				l.small = tight(l.small)
			}
		}
		ix.postings[t] = lists
	}
	ix.postings, ix.names = tight(ix.postings), tight(ix.names)
	ix.ids, ix.class, ix.cableKey = tight(ix.ids), tight(ix.class), tight(ix.cableKey)
	ix.seqs.at, ix.seqs.n = tight(ix.seqs.at), tight(ix.seqs.n)
	if n := len(ix.seqs.chunks); n > 0 {
		ix.seqs.chunks[n-1] = tight(ix.seqs.chunks[n-1])
	}
	for _, e := range ix.cables.entries {
		e.ords, e.vals = tight(e.ords), tight(e.vals)
	}
	for i := range ix.cables.sets {
		ix.cables.sets[i].small = tight(ix.cables.sets[i].small)
	}
}

// tight returns s in memory of its length, a copy when it has room to
// spare.
func tight[S ~[]E, E any](s S) S {
	if cap(s) == len(s) {
		return s
	}
	return slices.Clone(s)
}
