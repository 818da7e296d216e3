package engine

import (
	"math"

	"github.com/cable/cable/internal/cable"
)

// Relevance ranks a search's hits by BM25 computed over what the reader
// may see and nothing else (MARKINGS.md §5: nothing observable may
// depend on withheld text). FTS5's bm25() and PostgreSQL's ts_rank cannot
// be used: they take the number of documents, their lengths and each
// term's document frequency from the whole index, withheld portions
// included, so that 3,000 TOP SECRET cables holding a word changed how a
// SECRET reader's results were ordered.
//
// The statistics come from the hits alone, at the granularity the
// reader's access has, the portion:
//
//   - N is the number of hits;
//   - a term's n is the number of those hits with a visible portion that
//     matches it, and its idf is ln(1 + (N − n + 0.5)/(n + 0.5));
//   - a hit's frequency f of a term is the number of its visible portions
//     that match it, saturated as BM25 does: f·(k1+1)/(f+k1).
//
// A hit's score is the sum over the query's positive terms (not those
// after NOT), negated so that, as with bm25(), lower is better; ties go to
// the newest.

// TermCounts says, for each term of a query, how many of a hit's visible
// portions match it.
type TermCounts map[*cable.Query]int

// bm25K1 is BM25's term-frequency saturation.
const bm25K1 = 1.2

// ScoreHits returns each hit's score (lower is better) from the counts of
// its visible matching portions, for the positive terms of query.
func ScoreHits(query *cable.Query, hits []int64, shown map[int64]TermCounts) map[int64]float64 {
	scores := make(map[int64]float64, len(hits))
	terms := positiveTerms(query, nil)
	n := float64(len(hits))
	idf := make(map[*cable.Query]float64, len(terms))
	for _, t := range terms {
		df := 0.0
		for _, h := range hits {
			if shown[h][t] > 0 {
				df++
			}
		}
		idf[t] = math.Log(1 + (n-df+0.5)/(df+0.5))
	}
	for _, h := range hits {
		score := 0.0
		for _, t := range terms {
			if f := float64(shown[h][t]); f > 0 {
				score += idf[t] * f * (bm25K1 + 1) / (f + bm25K1)
			}
		}
		scores[h] = -score
	}
	return scores
}

// positiveTerms appends the terms of n outside any NOT's right side.
func positiveTerms(n *cable.Query, out []*cable.Query) []*cable.Query {
	switch n.Op {
	case "":
		return append(out, n)
	case "NOT":
		return positiveTerms(n.Left, out)
	}
	return positiveTerms(n.Right, positiveTerms(n.Left, out))
}
