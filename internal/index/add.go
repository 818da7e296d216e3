package index

import (
	"cmp"
	"runtime"
	"slices"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// Building the index is most of what a rebuild costs (docs/search.md,
// "Build speed"): a word looked up once per token, not twice; a posting
// list found once per batch, not once per portion; postings added to a
// list in runs of ascending ordinals.

// tokenized is a run of docs with their tokens numbered by a dictionary
// of the run's own, made without the index's lock: under it, each
// distinct stem is looked up once.
type tokenized struct {
	docs  []Doc
	stems []string // the run's distinct stems, by local number
	toks  []uint32 // every doc's tokens as local numbers, doc after doc
	ends  []int    // where each doc's tokens end in toks
}

// parallelDocs is the smallest batch tokenized on several cores: below
// it, starting goroutines costs more than it saves.
const parallelDocs = 512

// tokenizeParts tokenizes docs in runs, one per core for a large batch.
func tokenizeParts(docs []Doc) []*tokenized {
	n := 1
	if len(docs) >= parallelDocs {
		n = min(runtime.GOMAXPROCS(0), len(docs)/(parallelDocs/2))
	}
	parts := make([]*tokenized, n)
	var wg sync.WaitGroup
	for i := range n {
		run := docs[i*len(docs)/n : (i+1)*len(docs)/n]
		wg.Go(func() { parts[i] = tokenize(run) })
	}
	wg.Wait()
	return parts
}

// tokenize numbers the tokens of docs. Most words recur: a word met
// before costs one map lookup, with no string made and no stemming.
func tokenize(docs []Doc) *tokenized {
	t := &tokenized{docs: docs, ends: make([]int, len(docs))}
	size := 0
	for _, d := range docs {
		size += len(d.Text)
	}
	t.toks = make([]uint32, 0, size/6)             // English runs about six bytes a word
	byWord := make(map[string]uint32, len(docs)*8) // folded word → local number
	byStem := make(map[string]uint32, len(docs)*8)
	for i, d := range docs {
		eachFolded(d.Text, func(word []byte) {
			l, ok := byWord[string(word)]
			if !ok {
				w := string(word)
				st := Stem(w)
				if l, ok = byStem[st]; !ok {
					l = uint32(len(t.stems))
					t.stems = append(t.stems, st)
					byStem[st] = l
				}
				byWord[w] = l
			}
			t.toks = append(t.toks, l)
		})
		t.ends[i] = len(t.toks)
	}
	return t
}

// addTokenized adds a tokenized run. ix.mu is held for writing.
func (ix *Index) addTokenized(t *tokenized) {
	terms := make([]uint32, len(t.stems))
	for l, st := range t.stems {
		terms[l] = ix.term(st)
	}
	ix.grow(len(t.docs))
	// Each fresh doc's distinct terms (local numbers), doc after doc:
	// last[l] is 1 + the doc that last posted l.
	last := make([]int32, len(t.stems))
	p := postings{locals: make([]uint32, 0, len(t.toks)/2)}
	var seq []uint32
	begin := 0
	for i, d := range t.docs {
		toks := t.toks[begin:t.ends[i]]
		begin = t.ends[i]
		o, fresh := ix.ordinal(d.ID)
		if !fresh {
			continue
		}
		seq = seq[:0]
		for _, l := range toks {
			seq = append(seq, terms[l])
			if last[l] != int32(i+1) {
				last[l] = int32(i + 1)
				p.locals = append(p.locals, l)
			}
		}
		p.docs = append(p.docs, postingDoc{key: uint64(d.Class)<<32 | uint64(o), end: len(p.locals)})
		ix.seqs.add(seq)
		ix.class = append(ix.class, d.Class)
		ix.cableKey = append(ix.cableKey, d.Cable)
		ix.addCablePortion(d.Cable, o)
		if d.Unmarked {
			ix.unmarked.Add(o)
		}
	}
	ix.post(terms, &p)
}

// grow makes room for n more ordinals. ix.mu is held for writing.
func (ix *Index) grow(n int) {
	ix.ids = slices.Grow(ix.ids, n)
	ix.class = slices.Grow(ix.class, n)
	ix.cableKey = slices.Grow(ix.cableKey, n)
}

// postings are a run's new postings: each doc's distinct terms, as
// local numbers, one doc after another.
type postings struct {
	locals []uint32
	docs   []postingDoc
}

// postingDoc is a doc of postings: its class<<32 | ordinal, and where
// its terms end in locals.
type postingDoc struct {
	key uint64
	end int
}

// post adds postings to the lists of terms (by local number). It sorts
// the postings by term (counting sort), taking the docs in the order of
// their classes, so that each term's postings come by class, then
// ordinal, and each list takes its run at once. ix.mu is held for
// writing.
func (ix *Index) post(terms []uint32, p *postings) {
	start := make([]int, len(terms)+1)
	for _, l := range p.locals {
		start[l+1]++
	}
	for l := range terms {
		start[l+1] += start[l]
	}
	// Docs come in the order of their ordinals; a stable sort keeps it
	// within a class.
	byClass := make([]int, len(p.docs))
	for i := range byClass {
		byClass[i] = i
	}
	slices.SortStableFunc(byClass, func(a, b int) int { return cmp.Compare(p.docs[a].key>>32, p.docs[b].key>>32) })
	next := slices.Clone(start[:len(terms)])
	sorted := make([]uint64, len(p.locals))
	for _, i := range byClass {
		from := 0
		if i > 0 {
			from = p.docs[i-1].end
		}
		for _, l := range p.locals[from:p.docs[i].end] {
			sorted[next[l]] = p.docs[i].key
			next[l]++
		}
	}
	// Each term's lists are its own: the terms are split among the
	// cores, at equal numbers of postings.
	parts := 1
	if len(sorted) >= parallelPostings {
		parts = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	from := 0
	for k := 1; k <= parts; k++ {
		to := len(terms)
		if k < parts {
			to, _ = slices.BinarySearch(start, len(sorted)*k/parts)
			to = max(from, min(to, len(terms)))
		}
		f := from
		wg.Go(func() { ix.postRange(terms, start, sorted, f, to) })
		from = to
	}
	wg.Wait()
}

// parallelPostings is the fewest postings a batch adds on several
// cores.
const parallelPostings = 1 << 16

// postRange adds the postings of terms[from:to], sorted by post. ix.mu
// is held for writing.
func (ix *Index) postRange(terms []uint32, start []int, sorted []uint64, from, to int) {
	var ords []uint32
	for l := from; l < to; l++ {
		t := terms[l]
		run := sorted[start[l]:start[l+1]]
		for len(run) > 0 {
			c, n := run[0]>>32, 0
			ords = ords[:0]
			for ; n < len(run) && run[n]>>32 == c; n++ {
				ords = append(ords, uint32(run[n]))
			}
			ix.list(t, Class(c)).addMany(ords)
			run = run[n:]
		}
	}
}

// addMany adds ascending ordinals to l.
func (l *classList) addMany(ords []uint32) {
	if l.bm == nil && len(l.small)+len(ords) <= smallList {
		if n := len(l.small); n == 0 || ords[0] > l.small[n-1] {
			l.small = append(l.small, ords...)
			return
		}
		for _, o := range ords {
			l.addOne(o)
		}
		return
	}
	if l.bm == nil {
		l.bm = roaring.BitmapOf(l.small...)
		l.small = nil
	}
	l.bm.AddMany(ords)
}
