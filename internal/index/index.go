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
	// Cable is the key of the portion's cable (SetCables); Unmarked says
	// the portion is unmarked text (a signature, the tags line), which
	// alone does not make its cable known (Known).
	Cable    uint64
	Unmarked bool
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
	// terms numbers the tokens; postings holds each term's portions,
	// class by class, the classes in order: a reader's search looks up
	// only the classes it may see.
	terms    map[string]uint32
	names    []string      // token by term number
	postings [][]classList // by term number
	vocab    vocabulary    // the tokens in order, for prefixes

	ids    []uint64          // portion id by ordinal
	sorted int               // ids[:sorted] ascend
	tail   map[uint64]uint32 // ordinal by portion id, for ids[sorted:]
	seqs   sequences         // each ordinal's terms in order, for phrases
	class  []Class           // each ordinal's class
	// dead holds the ordinals of removed portions, which every answer
	// leaves out: ids are never reused, so a removed id stays removed.
	dead *roaring.Bitmap
	// cableKey is each ordinal's cable, unmarked the ordinals of
	// unmarked text, cables the cables' facts (cables.go).
	cableKey []uint64
	unmarked *roaring.Bitmap
	cables   cableTable
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

// addOne adds ordinal o to l. Ordinals mostly come in ascending order,
// so a slice takes it at its end.
func (l *classList) addOne(o uint32) {
	if l.bm != nil {
		l.bm.Add(o)
		return
	}
	if len(l.small) < smallList {
		i, found := slices.BinarySearch(l.small, o)
		if !found {
			l.small = slices.Insert(l.small, i, o)
		}
		return
	}
	l.bm = roaring.BitmapOf(l.small...)
	l.small = nil
	l.bm.Add(o)
}

// remove takes ordinal o out of l.
func (l *classList) remove(o uint32) {
	if l.bm != nil {
		l.bm.Remove(o)
		return
	}
	if i, found := slices.BinarySearch(l.small, o); found {
		l.small = slices.Delete(l.small, i, i+1)
	}
}

// orInto adds l's ordinals to bm.
func (l *classList) orInto(bm *roaring.Bitmap) {
	if l.bm != nil {
		bm.Or(l.bm)
	} else {
		bm.AddMany(l.small)
	}
}

// New returns an empty index.
func New() *Index {
	return &Index{terms: map[string]uint32{}, tail: map[uint64]uint32{}, dead: roaring.New(), unmarked: roaring.New(),
		cables: newCableTable()}
}

// ordinal returns the ordinal of portion id, giving it the next one if it
// has none, and whether it was given now. ix.mu is held.
func (ix *Index) ordinal(id uint64) (uint32, bool) {
	if o, ok := ix.lookup(id); ok {
		return o, false
	}
	o := uint32(len(ix.ids))
	if ix.sorted == len(ix.ids) && (ix.sorted == 0 || id > ix.ids[ix.sorted-1]) {
		ix.sorted++
	} else {
		ix.tail[id] = o
	}
	ix.ids = append(ix.ids, id)
	return o, true
}

// lookup returns the ordinal of portion id, if it has one. ix.mu is held.
func (ix *Index) lookup(id uint64) (uint32, bool) {
	if i, found := slices.BinarySearch(ix.ids[:ix.sorted], id); found {
		return uint32(i), true
	}
	o, ok := ix.tail[id]
	return o, ok
}

// term returns the number of tok, giving it the next one if it has none.
// ix.mu is held.
func (ix *Index) term(tok string) uint32 {
	if t, ok := ix.terms[tok]; ok {
		return t
	}
	t := uint32(len(ix.names))
	ix.terms[tok] = t
	ix.names = append(ix.names, tok)
	ix.postings = append(ix.postings, nil)
	return t
}

// Add indexes docs. A doc whose id was removed stays out of every answer;
// adding a doc again adds nothing.
func (ix *Index) Add(docs ...Doc) {
	// Tokenize outside the lock, on every core for a large batch:
	// searches go on meanwhile (add.go).
	parts := tokenizeParts(docs)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, p := range parts {
		ix.addTokenized(p)
	}
}

// list returns term t's list of class c, making it if need be. ix.mu is
// held for writing.
func (ix *Index) list(t uint32, c Class) *classList {
	lists := ix.postings[t]
	i, found := slices.BinarySearchFunc(lists, c, byClass)
	if !found {
		lists = slices.Insert(lists, i, classList{class: c})
		ix.postings[t] = lists
	}
	return &lists[i]
}

// Reclass moves portions to class c: a reviewer's decision, or another
// change of their cable, changed who may read them. A portion the index
// does not hold is left alone.
func (ix *Index) Reclass(c Class, ids ...uint64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var seq []uint32
	for _, id := range ids {
		o, ok := ix.lookup(id)
		if !ok || ix.class[o] == c {
			continue
		}
		seq = ix.seqs.get(o, seq[:0])
		slices.Sort(seq)
		for _, t := range slices.Compact(seq) {
			ix.list(t, ix.class[o]).remove(o)
			ix.list(t, c).addOne(o)
		}
		ix.class[o] = c
	}
}

func byClass(l classList, c Class) int { return cmp.Compare(l.class, c) }

// Remove takes portions out of every answer.
func (ix *Index) Remove(ids ...uint64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, id := range ids {
		if o, ok := ix.lookup(id); ok {
			ix.dead.Add(o)
			continue
		}
		// A portion removed before it was added stays out: give it an
		// ordinal with no terms.
		o, _ := ix.ordinal(id)
		ix.seqs.add(nil)
		ix.class = append(ix.class, 0)
		ix.cableKey = append(ix.cableKey, 0)
		ix.dead.Add(o)
	}
}

// visible returns the ordinals of term t's portions among classes, one
// binary search a class: its cost does not depend on how many portions
// of other classes hold the term. ix.mu is held.
func (ix *Index) visible(t uint32, classes []Class, into *roaring.Bitmap) {
	lists := ix.postings[t]
	for _, c := range classes {
		if i, found := slices.BinarySearchFunc(lists, c, byClass); found {
			lists[i].orInto(into)
		}
	}
}

// Stats are the index's sizes, for logs and benchmarks.
type Stats struct {
	Tokens   int    // distinct tokens
	Lists    int    // posting lists: tokens times their classes
	Portions uint64 // portions added (or removed before they were)
	Removed  uint64 // portions removed
	Bytes    uint64 // size of the posting lists' ids, serialized
	SeqBytes uint64 // size of the portions' term sequences
}

// Stats returns the index's sizes; Bytes walks every list.
func (ix *Index) Stats() Stats {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := Stats{Tokens: len(ix.names), Portions: uint64(len(ix.ids)), Removed: ix.dead.GetCardinality(), SeqBytes: ix.seqs.bytes()}
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
// it makes none or several (a phrase).
func Single(text string) (string, bool) {
	toks := Tokens(text)
	if len(toks) != 1 {
		return "", false
	}
	return toks[0], true
}
