package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/gen"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/suggest"
)

// typo is a misspelt word and the word it was made from.
type typo struct{ text, word string }

// benchTypos draws n words of five letters or more from the generator's
// vocabulary, in equal thirds from the search benchmark's rank ranges,
// and misspells each by one edit after its first letter: a letter left
// out, doubled, swapped with the next, or replaced.
func benchTypos(seed int64, n int) []typo {
	r := rand.New(rand.NewPCG(uint64(seed), 0x7e90))
	vocab := gen.Vocabulary()
	thirds := [][2]int{{20, 200}, {200, 2000}, {2000, min(20000, len(vocab))}}
	var out []typo
	for k := 0; len(out) < n; k++ {
		t := thirds[k%3]
		w := strings.ToLower(vocab[t[0]+r.IntN(t[1]-t[0])])
		if !suggest.HasWord(w, w) || len(w) < 5 || strings.ContainsFunc(w, func(r rune) bool { return r >= utf8.RuneSelf }) {
			continue // a vocabulary word, ASCII only, so that bytes are letters
		}
		i := 1 + r.IntN(len(w)-2)
		var m string
		switch r.IntN(4) {
		case 0:
			m = w[:i] + w[i+1:]
		case 1:
			m = w[:i] + w[i:i+1] + w[i:]
		case 2:
			m = w[:i] + w[i+1:i+2] + w[i:i+1] + w[i+2:]
		default:
			m = w[:i] + string(rune('a'+r.IntN(26))) + w[i+1:]
		}
		if m != w {
			out = append(out, typo{m, w})
		}
	}
	return out
}

// runSuggestBench times searches for misspelt words as reader, with and
// without suggestions, and says how often the word misspelt came first.
func runSuggestBench(ctx context.Context, w io.Writer, db *sqlite.DB, reader benchReader, typos []typo) error {
	rctx := cable.NewContextWithUser(ctx, &reader.user)
	var plain, with latencies
	offered, first := 0, 0
	for _, t := range typos {
		for _, asks := range []bool{false, true} {
			start := time.Now()
			res, err := db.Search(rctx, cable.SearchQuery{Text: t.text, Limit: 20, Suggestions: asks})
			if err != nil {
				return fmt.Errorf("search %s: %w", t.text, err)
			}
			d := time.Since(start)
			if !asks {
				plain.add(d, res.Total)
				continue
			}
			with.add(d, res.Total)
			if len(res.Suggestions) > 0 {
				offered++
				if strings.EqualFold(res.Suggestions[0].Text, t.word) {
					first++
				}
			}
		}
	}
	fmt.Fprintf(w, "\nsuggestions: %d words misspelt by one edit, as %s, limit 20\n", len(typos), reader.label)
	fmt.Fprintf(w, "  search alone        p50 %s, p99 %s\n", ms(plain.pct(50)), ms(plain.pct(99)))
	fmt.Fprintf(w, "  with suggestions    p50 %s, p99 %s\n", ms(with.pct(50)), ms(with.pct(99)))
	fmt.Fprintf(w, "  suggested: %d of %d (%.0f%%); the word misspelt first: %d (%.0f%%)\n",
		offered, len(typos), pct(offered, len(typos)), first, pct(first, len(typos)))
	return nil
}

func pct(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
