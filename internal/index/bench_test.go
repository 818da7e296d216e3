package index

import (
	"fmt"
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
				ix.Portions(tok, visible)
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
