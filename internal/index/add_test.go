package index

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A large batch, tokenized and posted on several cores, makes the index
// that the same docs added one at a time make: the same terms, postings
// and sequences, and the same answers.
func TestAddBatchesAgree(t *testing.T) {
	docs := slices.Concat(buildDocs(300)...) // ~3,000 docs, ~240,000 postings
	if len(docs) < parallelDocs {
		t.Fatalf("%d docs do not take the parallel path", len(docs))
	}
	batch, single := New(), New()
	batch.Add(docs...)
	for _, d := range docs {
		single.Add(d)
	}
	if diff := cmp.Diff(indexDump(single), indexDump(batch)); diff != "" {
		t.Errorf("the batch's index differs from the one added doc by doc (-single +batch):\n%s", diff)
	}
}

// indexDump is what an index holds, term by term and ordinal by
// ordinal, in a form to compare.
func indexDump(ix *Index) []string {
	var out []string
	classes := make([]Class, 40)
	for c := range classes {
		classes[c] = Class(c)
	}
	for _, name := range ix.names {
		out = append(out, fmt.Sprint(name, " ", ix.Match(Term{Tokens: []string{name}}, classes).IDs()))
		for _, c := range []Class{0, 1, 7} {
			out = append(out, fmt.Sprint(name, " class ", c, " ", ix.Match(Term{Tokens: []string{name}}, []Class{c}).IDs()))
		}
	}
	for o := range ix.ids {
		var seq []string
		for _, t := range ix.seqs.get(uint32(o), nil) {
			seq = append(seq, ix.names[t])
		}
		out = append(out, fmt.Sprint(ix.ids[o], ix.class[o], ix.cableKey[o], ix.unmarked.Contains(uint32(o)), seq))
	}
	return out
}
