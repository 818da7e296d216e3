// Package index is the search engine that knows portions (issue 16,
// docs/search.md): posting lists of portion ids kept apart by visibility
// class, so that a reader's search reads the postings of the classes
// they may see and never those of the others. It imports no store: a
// store feeds it each portion's id, class and text, decides which classes
// a reader may see, and still checks every hit against its own access
// rules. The index is derived data that the store can always rebuild.
package index

import (
	"cmp"
	"slices"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// Class is a visibility class: the store's number for one combination of
// everything access decides a portion on (its marking, its cable's
// declassification date and captions...). Every portion of a class is
// visible to the same readers.
type Class = uint32

// Doc is one portion to index.
type Doc struct {
	ID    uint64 // the store's portion id; never reused for other text
	Class Class
	Text  string
}

// Index is an in-memory portion index, safe for concurrent use.
//
// Posting lists hold dense ordinals, not portion ids: a portion id is its
// cable's minute shifted left 21 bits, so that a common word's ids fall
// one to a roaring container and cost a hundred bytes each (1.2 GB at
// 20,000 cables). Ordinals are given in the order portions are added,
// and a rebuild adds them in id order, newest last: so ordinals below
// sorted map to ascending ids, and only the few added out of order since
// (older cables imported later) are sorted when a search reads them.
type Index struct {
	mu sync.RWMutex
	// postings maps a token to its portions, class by class, the classes
	// in order: a reader's search looks up only the classes it may see.
	postings map[string][]classList
	ids      []uint64          // portion id by ordinal
	sorted   int               // ids[:sorted] ascend
	tail     map[uint64]uint32 // ordinal by portion id, for ids[sorted:]
	// dead holds the ordinals of removed portions, which every answer
	// leaves out: ids are never reused, so a removed id stays removed.
	dead *roaring.Bitmap
}

// classList is a token's portions of one class: a sorted slice of
// ordinals while short, a roaring bitmap past smallList (most lists hold
// a few portions: names, numbers, a common word in a rare class).
type classList struct {
	class Class
	small []uint32
	bm    *roaring.Bitmap
}

// smallList is the longest list kept as a slice.
const smallList = 32

// add adds ordinals, in any order, to l.
func (l *classList) add(ords []uint32) {
	if l.bm == nil && len(l.small)+len(ords) <= smallList {
		l.small = append(l.small, ords...)
		slices.Sort(l.small)
		l.small = slices.Clip(slices.Compact(l.small))
		return
	}
	if l.bm == nil {
		l.bm = roaring.BitmapOf(l.small...)
		l.small = nil
	}
	l.bm.AddMany(ords)
}

// New returns an empty index.
func New() *Index {
	return &Index{postings: map[string][]classList{}, tail: map[uint64]uint32{}, dead: roaring.New()}
}

// ordinal returns the ordinal of portion id, giving it the next one if it
// has none. ix.mu is held.
func (ix *Index) ordinal(id uint64) uint32 {
	if i, found := slices.BinarySearch(ix.ids[:ix.sorted], id); found {
		return uint32(i)
	}
	if o, ok := ix.tail[id]; ok {
		return o
	}
	o := uint32(len(ix.ids))
	if ix.sorted == len(ix.ids) && (ix.sorted == 0 || id > ix.ids[ix.sorted-1]) {
		ix.sorted++
	} else {
		ix.tail[id] = o
	}
	ix.ids = append(ix.ids, id)
	return o
}

// Add indexes docs. A doc whose id was removed stays out of every answer;
// adding a doc again adds nothing.
func (ix *Index) Add(docs ...Doc) {
	type posting struct {
		tok   string
		class Class
	}
	// Tokenize outside the lock: searches go on meanwhile.
	batch := map[posting][]int{}
	var toks []string
	for i, d := range docs {
		toks = toks[:0]
		Each(d.Text, func(tok string) { toks = append(toks, tok) })
		slices.Sort(toks)
		for _, tok := range slices.Compact(toks) {
			k := posting{tok, d.Class}
			batch[k] = append(batch[k], i)
		}
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ords := make([]uint32, len(docs))
	for i, d := range docs {
		ords[i] = ix.ordinal(d.ID)
	}
	var buf []uint32
	for k, is := range batch {
		lists := ix.postings[k.tok]
		i, found := slices.BinarySearchFunc(lists, k.class, byClass)
		if !found {
			lists = slices.Insert(lists, i, classList{class: k.class})
			ix.postings[k.tok] = lists
		}
		buf = buf[:0]
		for _, d := range is {
			buf = append(buf, ords[d])
		}
		lists[i].add(buf)
	}
}

func byClass(l classList, c Class) int { return cmp.Compare(l.class, c) }

// Remove takes portions out of every answer.
func (ix *Index) Remove(ids ...uint64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, id := range ids {
		ix.dead.Add(ix.ordinal(id))
	}
}

// Portions returns the live portions holding token (a token as Tokens
// gives it) among the classes given, as ascending portion ids. It reads
// the lists of those classes alone, one binary search a class: its cost
// does not depend on how many portions of other classes hold the token.
func (ix *Index) Portions(token string, classes []Class) []uint64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	lists := ix.postings[token]
	ords := roaring.New()
	for _, c := range classes {
		i, found := slices.BinarySearchFunc(lists, c, byClass)
		switch {
		case !found:
		case lists[i].bm != nil:
			ords.Or(lists[i].bm)
		default:
			ords.AddMany(lists[i].small)
		}
	}
	ords.AndNot(ix.dead)
	all := ords.ToArray()
	head := make([]uint64, 0, len(all))
	var tail []uint64
	for _, o := range all {
		if int(o) < ix.sorted {
			head = append(head, ix.ids[o])
		} else {
			tail = append(tail, ix.ids[o])
		}
	}
	if len(tail) == 0 {
		return head
	}
	slices.Sort(tail)
	return mergeSorted(head, tail)
}

// mergeSorted merges two ascending lists.
func mergeSorted(a, b []uint64) []uint64 {
	out := make([]uint64, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0] <= b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// Stats are the index's sizes, for logs and benchmarks.
type Stats struct {
	Tokens   int    // distinct tokens
	Lists    int    // posting lists: tokens times their classes
	Portions uint64 // portions added (or removed before they were)
	Removed  uint64 // portions removed
	Bytes    uint64 // size of the posting lists' ids, serialized
}

// Stats returns the index's sizes; Bytes walks every list.
func (ix *Index) Stats() Stats {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := Stats{Tokens: len(ix.postings), Portions: uint64(len(ix.ids)), Removed: ix.dead.GetCardinality()}
	for _, lists := range ix.postings {
		st.Lists += len(lists)
		for _, l := range lists {
			if l.bm != nil {
				st.Bytes += l.bm.GetSerializedSizeInBytes()
			} else {
				st.Bytes += 4 * uint64(len(l.small))
			}
		}
	}
	return st
}

// Single returns the one token a query term's text makes, and false when
// it makes none or several (a phrase), which the index does not answer.
func Single(text string) (string, bool) {
	toks := Tokens(text)
	if len(toks) != 1 {
		return "", false
	}
	return toks[0], true
}
