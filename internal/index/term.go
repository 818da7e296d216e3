package index

import (
	"bytes"
	"encoding/binary"
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
	ix   *Index
	ids  []uint64
	ords []uint32
	// A phrase's words, but for a last one that is a prefix, as their
	// term numbers are stored in a sequence (uvarints one after the
	// other); nil when every candidate matches. tail holds the terms
	// of that prefix.
	phrase []byte
	tail   *roaring.Bitmap
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
	defer m.ix.mu.RUnlock()
	return holdsPhrase(m.ix.seqs.raw(m.ords[i]), m.phrase, m.tail)
}

// holdsPhrase reports whether seq, a sequence of uvarints, holds the
// uvarints of phrase one after the other, followed by one of tail's
// terms when tail is not nil. The bytes are searched as bytes (at the
// speed of bytes.Index), and a match counts where it starts a uvarint:
// at the start, or after a byte without the continuation bit, which ends
// the one before. A match always ends a uvarint, as phrase's last byte
// ends one.
func holdsPhrase(seq, phrase []byte, tail *roaring.Bitmap) bool {
	for from := 0; from <= len(seq); {
		j := bytes.Index(seq[from:], phrase)
		if j < 0 {
			return false
		}
		at := from + j
		from = at + 1
		if at > 0 && seq[at-1]&0x80 != 0 {
			continue // inside a uvarint
		}
		if tail == nil {
			return true
		}
		if t, n := binary.Uvarint(seq[at+len(phrase):]); n > 0 && tail.Contains(uint32(t)) {
			return true
		}
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
	var phrase []byte
	var tail, cands *roaring.Bitmap
	for k, tok := range t.Tokens {
		bm := roaring.New()
		if t.Prefix && k == len(t.Tokens)-1 {
			terms := ix.vocab.prefixed(ix.names, tok)
			tail = roaring.BitmapOf(terms...)
			for _, term := range terms {
				ix.visible(term, classes, bm)
			}
		} else if term, ok := ix.terms[tok]; ok {
			phrase = binary.AppendUvarint(phrase, uint64(term))
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
		m.phrase, m.tail = phrase, tail
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
