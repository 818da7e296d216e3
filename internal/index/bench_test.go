package index

import (
	"fmt"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/gen"
	"sync"
	"testing"
)

// benchIndex holds 50,000 visible portions over 50 classes and 3,000
// withheld ones holding "canary", as cable bench timing's archive does.
func benchIndex() (*Index, []Class) {
	ix := New()
	var docs []Doc
	var visible []Class
	for c := range Class(50) {
		visible = append(visible, c)
	}
	for i := range 50000 {
		docs = append(docs, Doc{ID: uint64(i), Class: Class(i % 50), Text: fmt.Sprintf("the embassy reported talks number %d on trade", i%997)})
	}
	for i := range 3000 {
		docs = append(docs, Doc{ID: uint64(100000 + i), Class: 1000 + Class(i%3), Text: "withheld canary"})
	}
	ix.Add(docs...)
	return ix, visible
}

func BenchmarkPortions(b *testing.B) {
	ix, visible := benchIndex()
	for _, tok := range []string{"canari", "absent", "trade", "997"} {
		b.Run(tok, func(b *testing.B) {
			for b.Loop() {
				portions(ix, tok, visible)
			}
		})
	}
}

func BenchmarkAdd(b *testing.B) {
	text := "1. (C) The Ambassador met the Foreign Minister on Tuesday to discuss the negotiations on trade and the visit."
	for b.Loop() {
		ix := New()
		docs := make([]Doc, 1000)
		for i := range docs {
			docs[i] = Doc{ID: uint64(i), Class: Class(i % 7), Text: text}
		}
		ix.Add(docs...)
	}
}

// genIndex indexes the paragraphs of n generated cables, each in one of
// four classes, and returns two-word phrases of theirs.
func genIndex(n int) (*Index, []Class, []Term) {
	g := &gen.Generator{Seed: 1}
	ix := New()
	var phrases []Term
	for i := range n {
		c := cabletext.Parse(g.Cable(i))
		var docs []Doc
		for k, p := range c.Text.Paragraphs {
			docs = append(docs, Doc{ID: uint64(i)<<9 | uint64(k), Class: Class(k % 4), Text: p.Text})
			if toks := Tokens(p.Text); i%50 == 0 && len(toks) > 3 {
				phrases = append(phrases, Term{Tokens: toks[2:4]})
			}
		}
		ix.Add(docs...)
	}
	return ix, []Class{0, 1, 2}, phrases
}

var genOnce = sync.OnceValues(func() (*Index, []Class) {
	ix, classes, phrases := genIndex(5000)
	genPhrases = phrases
	return ix, classes
})

var genPhrases []Term

// BenchmarkPhrase checks every candidate of two-word phrases of 5,000
// generated cables, as a search that counts every hit does.
func BenchmarkPhrase(b *testing.B) {
	ix, classes := genOnce()
	i, cands := 0, 0
	for b.Loop() {
		m := ix.Match(genPhrases[i%len(genPhrases)], classes)
		for k := range m.Len() {
			m.Holds(k)
		}
		cands += m.Len()
		i++
	}
	b.ReportMetric(float64(cands)/float64(i), "candidates/op")
}

// BenchmarkAddGenerated indexes the paragraphs of 500 generated cables
// into a fresh index, as a rebuild does.
func BenchmarkAddGenerated(b *testing.B) {
	g := &gen.Generator{Seed: 2}
	var docs []Doc
	for i := range 500 {
		for k, p := range cabletext.Parse(g.Cable(i)).Text.Paragraphs {
			docs = append(docs, Doc{ID: uint64(i)<<9 | uint64(k), Class: Class(k % 4), Text: p.Text})
		}
	}
	b.ResetTimer()
	for b.Loop() {
		New().Add(docs...)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/500, "µs/cable")
}
