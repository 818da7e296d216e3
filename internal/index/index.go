// Package index is the search engine that knows portions (issue 16,
// docs/search.md): posting lists of portion ids kept apart by visibility
// class, so that a reader's search reads the postings of the classes
// they may see and never those of the others. It imports no store: a
// store feeds it each portion's id, class and text, decides which classes
// a reader may see, and still checks every hit against its own access
// rules. The index is derived data that the store can always rebuild.
package index

import (
	"sync"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
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
type Index struct {
	mu sync.RWMutex
	// postings maps a token to its portions, class by class: a reader's
	// search looks up only the classes it may see.
	postings map[string]map[Class]*roaring64.Bitmap
	// dead holds removed portions, which every answer leaves out: ids
	// are never reused, so a removed id stays removed.
	dead     *roaring64.Bitmap
	portions uint64
}

// New returns an empty index.
func New() *Index {
	return &Index{postings: map[string]map[Class]*roaring64.Bitmap{}, dead: roaring64.New()}
}

// Add indexes docs. A doc whose id was removed stays out of every answer.
func (ix *Index) Add(docs ...Doc) {
	type posting struct {
		tok   string
		class Class
	}
	// Tokenize outside the lock: searches go on meanwhile.
	batch := map[posting][]uint64{}
	for _, d := range docs {
		seen := map[string]bool{}
		Each(d.Text, func(tok string) {
			if !seen[tok] {
				seen[tok] = true
				k := posting{tok, d.Class}
				batch[k] = append(batch[k], d.ID)
			}
		})
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for k, ids := range batch {
		classes := ix.postings[k.tok]
		if classes == nil {
			classes = map[Class]*roaring64.Bitmap{}
			ix.postings[k.tok] = classes
		}
		bm := classes[k.class]
		if bm == nil {
			bm = roaring64.New()
			classes[k.class] = bm
		}
		bm.AddMany(ids)
	}
	ix.portions += uint64(len(docs))
}

// Remove takes portions out of every answer.
func (ix *Index) Remove(ids ...uint64) {
	if len(ids) == 0 {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.dead.AddMany(ids)
}

// Portions returns the live portions holding token (a token as Tokens
// gives it) among the classes given. It reads the postings of those
// classes alone, one map look-up a class: its cost does not depend on
// how many portions of other classes hold the token. The bitmap is the
// caller's.
func (ix *Index) Portions(token string, classes []Class) *roaring64.Bitmap {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	byClass := ix.postings[token]
	var parts []*roaring64.Bitmap
	for _, c := range classes {
		if bm := byClass[c]; bm != nil {
			parts = append(parts, bm)
		}
	}
	var out *roaring64.Bitmap
	switch len(parts) {
	case 0:
		return roaring64.New()
	case 1:
		out = parts[0].Clone()
	default:
		out = roaring64.FastOr(parts...)
	}
	out.AndNot(ix.dead)
	return out
}

// Stats are the index's sizes, for logs and benchmarks.
type Stats struct {
	Tokens   int    // distinct tokens
	Lists    int    // posting lists: tokens times their classes
	Portions uint64 // portions added
	Removed  uint64 // portions removed
	Bytes    uint64 // serialized size of the posting lists
}

// Stats returns the index's sizes; Bytes walks every list.
func (ix *Index) Stats() Stats {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := Stats{Tokens: len(ix.postings), Portions: ix.portions, Removed: ix.dead.GetCardinality()}
	for _, classes := range ix.postings {
		st.Lists += len(classes)
		for _, bm := range classes {
			st.Bytes += bm.GetSerializedSizeInBytes()
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
