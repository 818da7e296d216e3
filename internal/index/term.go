package index

import (
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
)

// Term is what one term of a query asks of the index, as FTS5 reads it:
// its tokens in order (a phrase when there are several), the last one a
// prefix when Prefix ("united sta"*). FTS5's porter tokenizer stems a
// prefix as it stems a word, so "running"* asks for the tokens starting
// with "run", and ParseTerm does the same.
type Term struct {
	Tokens []string
	Prefix bool
}

// ParseTerm returns the term that text asks for, a prefix when prefix.
func ParseTerm(text string, prefix bool) Term {
	return Term{Tokens: Tokens(text), Prefix: prefix}
}

// Matches are the live portions that match a term among the classes
// asked, in ascending ids. For a phrase they are the candidates that hold
// each of its words, and Holds checks the words' order, one candidate at
// a time: a search that stops early checks no more than it reads, and
// never reads the order of a portion of a class it was not given.
type Matches struct {
	ix     *Index
	ids    []uint64
	ords   []uint32
	phrase []wordSet // nil when every candidate matches
}

// wordSet is the terms one word of a phrase may be: one term, or those
// of a prefix.
type wordSet struct {
	one uint32
	any *roaring.Bitmap
}

func (w wordSet) has(t uint32) bool {
	if w.any != nil {
		return w.any.Contains(t)
	}
	return t == w.one
}

// Len is the number of candidates.
func (m *Matches) Len() int { return len(m.ids) }

// ID returns candidate i's portion id.
func (m *Matches) ID(i int) uint64 { return m.ids[i] }

// IDs returns every candidate's portion id, ascending.
func (m *Matches) IDs() []uint64 { return m.ids }

// Holds reports whether candidate i matches: for a phrase, whether its
// words follow one another there.
func (m *Matches) Holds(i int) bool {
	if m.phrase == nil {
		return true
	}
	m.ix.mu.RLock()
	seq := m.ix.seqs.get(m.ords[i], nil)
	m.ix.mu.RUnlock()
	return holdsPhrase(seq, m.phrase)
}

// holdsPhrase reports whether the words follow one another in seq.
func holdsPhrase(seq []uint32, words []wordSet) bool {
next:
	for start := 0; start+len(words) <= len(seq); start++ {
		for k, w := range words {
			if !w.has(seq[start+k]) {
				continue next
			}
		}
		return true
	}
	return false
}

// Match returns the live portions among classes that match t. It reads
// the posting lists of those classes alone, one binary search a class
// and term, and the word order of their portions alone: its cost does
// not depend on how many portions of other classes hold t's words. A
// prefix also looks each of its terms up, those that only other classes
// hold included: a binary search each, whatever their portions.
func (ix *Index) Match(t Term, classes []Class) *Matches {
	m := &Matches{ix: ix}
	if len(t.Tokens) == 0 {
		return m
	}
	if t.Prefix {
		ix.updateVocabulary()
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	words := make([]wordSet, len(t.Tokens))
	var cands *roaring.Bitmap
	for k, tok := range t.Tokens {
		bm := roaring.New()
		if t.Prefix && k == len(t.Tokens)-1 {
			terms := ix.vocab.prefixed(ix.names, tok)
			words[k].any = roaring.BitmapOf(terms...)
			for _, term := range terms {
				ix.visible(term, classes, bm)
			}
		} else if term, ok := ix.terms[tok]; ok {
			words[k].one = term
			ix.visible(term, classes, bm)
		}
		if cands == nil {
			cands = bm
		} else {
			cands.And(bm)
		}
		if cands.IsEmpty() {
			return m
		}
	}
	cands.AndNot(ix.dead)
	m.ords = cands.ToArray()
	m.ids = make([]uint64, len(m.ords))
	inOrder := true
	for i, o := range m.ords {
		m.ids[i] = ix.ids[o]
		inOrder = inOrder && int(o) < ix.sorted
	}
	if !inOrder {
		m.sortByID()
	}
	if len(t.Tokens) > 1 {
		m.phrase = words
	}
	return m
}

// sortByID puts the candidates in order of their ids: ordinals added out
// of order (an older cable imported later) map to ids out of order.
func (m *Matches) sortByID() {
	idx := make([]int, len(m.ids))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case m.ids[a] < m.ids[b]:
			return -1
		case m.ids[a] > m.ids[b]:
			return 1
		}
		return 0
	})
	ids := make([]uint64, len(idx))
	ords := make([]uint32, len(idx))
	for i, j := range idx {
		ids[i], ords[i] = m.ids[j], m.ords[j]
	}
	m.ids, m.ords = ids, ords
}

// updateVocabulary puts the terms added since the last prefix search in
// order.
func (ix *Index) updateVocabulary() {
	ix.mu.RLock()
	stale := ix.vocab.stale(ix.names)
	ix.mu.RUnlock()
	if !stale {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.vocab.stale(ix.names) {
		ix.vocab.update(ix.names)
	}
}
