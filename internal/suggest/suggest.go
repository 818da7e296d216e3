// Package suggest proposes respellings of a search's words that find
// nothing the reader may see ("did you mean"). The candidates come from
// the archive's vocabulary, which holds the words of every portion,
// withheld ones too. So each candidate is searched for as the reader, with
// the search's filters, before it is proposed: a word that only withheld
// text holds is never proposed or counted. Nor can it push another word
// out, because every candidate at the nearest distance is searched for and
// they are ranked by what the reader finds, never by the vocabulary.
package suggest

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cable/cable/internal/cable"
)

// Source is what suggestions need from a store, as the caller of the
// search being respelled.
type Source interface {
	// Words returns the vocabulary's words that begin with prefix and have
	// minLen to maxLen letters.
	Words(ctx context.Context, prefix string, minLen, maxLen int) ([]string, error)
	// Count counts the cables that the query text finds for the caller,
	// with the search's filters, up to limit, and says whether that is
	// all of them.
	Count(ctx context.Context, text string, limit int) (n int, exact bool, err error)
	// Shows reports whether word, as written (in lower case, as Words
	// keeps it), is a word of the text the caller may see of the first
	// few cables a search for it finds, with the search's filters. A search
	// matches stems, without accents: "defected" finds "defect", and
	// "müller" finds "Muller", so that Count alone would let a form that
	// only withheld text holds be proposed.
	Shows(ctx context.Context, word string) (bool, error)
}

// Max is the most suggestions a search gets.
const Max = 3

// CountLimit is how many cables a suggestion, or a candidate word, is
// counted to: enough to rank them.
const CountLimit = 100

// Find returns up to Max respellings of the query text, best first, each
// of which finds cables for the caller; none when every word of the query
// finds cables on its own (or finds few, but no respelling finds many
// more), or when no respelling finds any. Only the words that count
// toward a match are respelled (not those after NOT, nor prefixes): of
// the first maxWords, the first maxFixes that need it. A word is respelled
// only to words that begin with the same letter, are at most one edit
// away (two for words of six letters or more), are no operator, and are
// shown to the caller as written (Source.Shows).
func Find(ctx context.Context, src Source, text string) ([]cable.Suggestion, error) {
	q, err := cable.ParseQuery(text)
	if err != nil || q == nil {
		return nil, err
	}
	terms := respellable(q)
	var fixes []fix
	words := queryWords(terms)
	for _, w := range words[:min(len(words), maxWords)] {
		if len(fixes) == maxFixes {
			break
		}
		n, _, err := src.Count(ctx, quote(w), rare)
		if err != nil {
			return nil, err
		}
		if n >= rare {
			continue
		}
		f, err := candidates(ctx, src, w, max(1, n*more))
		if err != nil {
			return nil, err
		}
		if len(f.to) > 0 {
			fixes = append(fixes, f)
		}
	}
	if len(fixes) == 0 {
		return nil, nil
	}
	// Each word's candidates are ranked; the respellings of the whole
	// query are tried best first (by the sum of their words' ranks), as
	// the best of each word may not meet the others in any cable.
	var out []cable.Suggestion
	for _, pick := range combinations(fixes) {
		with := map[string]string{}
		for i, f := range fixes {
			with[f.from] = f.to[pick[i]]
		}
		t := respell(text, terms, with)
		n, exact, err := src.Count(ctx, t, CountLimit)
		if cable.KindOf(err) == cable.Invalid {
			continue // not a query: no respelling should make one, but none is offered
		}
		if err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, cable.Suggestion{Text: t, Total: n, TotalExact: exact})
			if len(out) == Max {
				break
			}
		}
	}
	return out, nil
}

// maxFixes bounds the words of one query that are respelled, and so the
// combinations tried (Max to the power maxFixes at most); maxWords, the
// words looked at, so that a long query costs what a short one does.
const (
	maxFixes = 3
	maxWords = 8
)

// combinations returns every choice of one candidate for each fix (a
// candidate's index in each), ordered by the sum of the indices, then by
// the indices.
func combinations(fixes []fix) [][]int {
	out := [][]int{nil}
	for _, f := range fixes {
		var next [][]int
		for _, c := range out {
			for i := range f.to {
				next = append(next, append(slices.Clone(c), i))
			}
		}
		out = next
	}
	sum := func(c []int) int {
		s := 0
		for _, i := range c {
			s += i
		}
		return s
	}
	slices.SortStableFunc(out, func(a, b []int) int { return sum(a) - sum(b) })
	return out
}

// fix is a word with the words it could be, best first.
type fix struct {
	from string
	to   []string
}

// A word that finds fewer than rare cables is respelled to words that
// find more times as many (or, when it finds none, any): a misspelling
// that some cables share ("goverment", 11 in the corpus) still gets the
// common spelling. more*rare stays within CountLimit, so that the counts
// can tell.
const (
	rare = 20
	more = 5
)

// candidates returns the words w could be: those of the nearest distance
// at which any finds at least least cables for the caller, ranked by how
// many they find (up to CountLimit), then alphabetically.
func candidates(ctx context.Context, src Source, w string, least int) (fix, error) {
	f := fix{from: w}
	n := utf8.RuneCountInString(w)
	maxD := 1
	if n >= 6 {
		maxD = 2
	}
	first, _ := utf8.DecodeRuneInString(w)
	words, err := src.Words(ctx, string(first), max(MinLen, n-maxD), min(MaxLen, n+maxD))
	if err != nil {
		return f, err
	}
	// The words by their distance from w, nearest first.
	tiers := make([][]string, maxD+1)
	for _, c := range words {
		if d := Distance(w, c, maxD); d > 0 && d <= maxD && !operator(c) {
			tiers[d] = append(tiers[d], c)
		}
	}
	type found struct {
		word  string
		count int
	}
	for _, cs := range tiers[1:] {
		var tier []found
		for _, c := range cs {
			k, _, err := src.Count(ctx, quote(c), CountLimit)
			if err != nil {
				return f, err
			}
			if k < least {
				continue
			}
			shown, err := src.Shows(ctx, c)
			if err != nil {
				return f, err
			}
			if shown {
				tier = append(tier, found{c, k})
			}
		}
		if len(tier) == 0 {
			continue
		}
		slices.SortFunc(tier, func(a, b found) int {
			if a.count != b.count {
				return b.count - a.count
			}
			return strings.Compare(a.word, b.word)
		})
		for _, t := range tier[:min(Max, len(tier))] {
			f.to = append(f.to, t.word)
		}
		return f, nil
	}
	return f, nil
}

// respellable returns the terms of q whose words may be respelled: those
// that count toward a match, but prefixes.
func respellable(q *cable.Query) []*cable.Query {
	var out []*cable.Query
	for _, t := range q.PositiveTerms() {
		if !strings.HasSuffix(t.Term, "*") {
			out = append(out, t)
		}
	}
	return out
}

// queryWords returns the distinct words, in lower case, of terms, that
// the vocabulary would keep.
func queryWords(terms []*cable.Query) []string {
	var out []string
	for _, t := range terms {
		for _, w := range List(unquote(t.Term)) {
			if !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// operator reports whether w, in capitals, would read as an operator.
func operator(w string) bool { return w == "and" || w == "or" || w == "not" }

// respell replaces, within terms (spans of text), the words that are keys
// of with (in any case) by their values, in the case the text had them:
// capitals, a capital first, or lower case. The rest of the text, NOT's
// terms and prefixes among it, is left as it is.
func respell(text string, terms []*cable.Query, with map[string]string) string {
	var b strings.Builder
	at := 0
	for _, t := range terms {
		if t.Start < at || t.End > len(text) {
			continue
		}
		b.WriteString(text[at:t.Start])
		b.WriteString(respellWords(text[t.Start:t.End], with))
		at = t.End
	}
	b.WriteString(text[at:])
	return b.String()
}

// respellWords replaces the words of s that are keys of with.
func respellWords(s string, with map[string]string) string {
	var b strings.Builder
	word := func(w string) {
		to, ok := with[strings.ToLower(w)]
		switch {
		case !ok:
			b.WriteString(w)
		case w == strings.ToUpper(w):
			b.WriteString(strings.ToUpper(to))
		case startsUpper(w):
			r, size := utf8.DecodeRuneInString(to)
			b.WriteString(string(unicode.ToUpper(r)) + to[size:])
		default:
			b.WriteString(to)
		}
	}
	start := -1
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			word(s[start:i])
			start = -1
		}
		if !inWord {
			b.WriteString(s[i : i+size]) // as it was, even a stray byte
		}
		i += size
	}
	if start >= 0 {
		word(s[start:])
	}
	return b.String()
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// quote makes w a query term, as the query language quotes a phrase.
func quote(w string) string { return `"` + w + `"` }

// unquote undoes the query parser's FTS5 quoting of a term.
func unquote(t string) string {
	t = strings.TrimSuffix(t, "*")
	if len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' {
		t = t[1 : len(t)-1]
	}
	return strings.ReplaceAll(t, `""`, `"`)
}
