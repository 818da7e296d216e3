package engine

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cable/cable/internal/index"
)

// A hit's snippet is cut from the text of its visible portions that
// match the query, in Go from the text the store keeps, so that it needs
// no text index of its own: the words are read as the engine reads them
// (index.Tokens: folded, stemmed), a word that matches a term is marked
// [word], and the passage is the snippetWords words with the most
// matches (distinct terms first), "…" marking where it cuts the text.

// snippetWords is a snippet's length in words, as FTS5's snippet().
const snippetWords = 16

// Matcher finds a query's terms in portions' text.
type Matcher struct {
	terms []index.Term
}

// NewMatcher returns the matcher of the terms (a query's positive ones).
func NewMatcher(terms []string) *Matcher {
	m := &Matcher{}
	for _, t := range terms {
		if it, ok := Term(t); ok && len(it.Tokens) > 0 {
			m.terms = append(m.terms, it)
		}
	}
	return m
}

// word is a word of a text: where it is, its stem, and the term it is
// part of a match of (-1 for none).
type word struct {
	start, end int
	stem       string
	term       int
}

// Snippet returns text's passage for the matcher's terms and how many
// distinct terms and matches text holds; "" and 0 when it holds none.
func (m *Matcher) Snippet(text string) (snippet string, terms, matches int) {
	ws := m.mark(words(text))
	seen := map[int]bool{}
	for _, w := range ws {
		if w.term >= 0 {
			matches++
			seen[w.term] = true
		}
	}
	if matches == 0 {
		return "", 0, 0
	}
	from := bestWindow(ws)
	to := min(from+snippetWords, len(ws))
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	} else {
		b.WriteString(strings.Join(strings.Fields(text[:ws[0].start]), " "))
	}
	for i := from; i < to; i++ {
		w := ws[i]
		if i > from {
			gap := text[ws[i-1].end:w.start]
			if strings.TrimSpace(gap) == "" {
				b.WriteByte(' ')
			} else {
				b.WriteString(strings.Join(strings.Fields(gap), " "))
				if unicode.IsSpace(rune(gap[len(gap)-1])) {
					b.WriteByte(' ')
				}
			}
		}
		if w.term >= 0 {
			b.WriteString("[" + text[w.start:w.end] + "]")
		} else {
			b.WriteString(text[w.start:w.end])
		}
	}
	if to < len(ws) {
		b.WriteString("…")
	} else {
		b.WriteString(strings.Join(strings.Fields(text[ws[to-1].end:]), " "))
	}
	return b.String(), len(seen), matches
}

// words returns text's words with their stems.
func words(text string) []word {
	var out []word
	start := -1
	flush := func(end int) {
		if start >= 0 {
			if toks := index.Tokens(text[start:end]); len(toks) > 0 {
				out = append(out, word{start: start, end: end, stem: toks[0], term: -1})
			}
			start = -1
		}
	}
	for i, r := range text {
		switch {
		case r == utf8.RuneError:
			flush(i)
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r):
			if start < 0 {
				start = i
			}
		case start >= 0 && unicode.Is(unicode.Mn, r):
			// a diacritic inside a word
		default:
			flush(i)
		}
	}
	flush(len(text))
	return out
}

// mark sets the term of each word that is part of a match: a word, a
// prefix of words, or a phrase's words in order.
func (m *Matcher) mark(ws []word) []word {
	for ti, t := range m.terms {
		n := len(t.Tokens)
		for i := 0; i+n <= len(ws); i++ {
			ok := true
			for k, tok := range t.Tokens {
				s := ws[i+k].stem
				if k == n-1 && t.Prefix {
					ok = ok && strings.HasPrefix(s, tok)
				} else {
					ok = ok && s == tok
				}
			}
			if ok {
				for k := range n {
					ws[i+k].term = ti
				}
			}
		}
	}
	return ws
}

// bestWindow returns where the window of snippetWords words with the
// most distinct terms, then the most matched words, starts; the first
// such.
func bestWindow(ws []word) int {
	best, bestTerms, bestHits := 0, -1, -1
	for from := 0; from == 0 || from+snippetWords <= len(ws); from++ {
		terms, hits := map[int]bool{}, 0
		for _, w := range ws[from:min(from+snippetWords, len(ws))] {
			if w.term >= 0 {
				terms[w.term] = true
				hits++
			}
		}
		if len(terms) > bestTerms || (len(terms) == bestTerms && hits > bestHits) {
			best, bestTerms, bestHits = from, len(terms), hits
		}
	}
	// Start a little before the first match, as a reader expects context.
	for i := best; i < min(best+snippetWords, len(ws)); i++ {
		if ws[i].term >= 0 {
			return max(0, min(i-2, len(ws)-snippetWords))
		}
	}
	return best
}
