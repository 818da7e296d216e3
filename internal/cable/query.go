package cable

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The search query language, one for every store. A query is evaluated
// per cable over the text the caller may see: "iran AND china" matches a
// cable with "iran" in one visible paragraph and "china" in another, and
// "iran NOT china" excludes a cable with "china" in any visible paragraph.
// Each store matches the terms against its portion index (so withheld text
// never matches) and applies the boolean structure to the cables.

// Query is a parsed search query: a term, or an operator on two queries.
// A term is written as an FTS5 string ("word", "a phrase", "pre"*), which
// the SQLite store uses as it is and the PostgreSQL store translates.
type Query struct {
	Op          string // "", "AND", "OR", "NOT"
	Term        string
	Left, Right *Query
	// Start and End are a term's place in the query's text, quotes and
	// a prefix's star included.
	Start, End int
}

// The bounds of a query. A search costs a stream (and its statement) a
// term and a merge a node, so one caller's 10,000-term OR took 17 s and
// slowed everyone else's searches; these bounds are far above what a
// reader types (the seed's longest saved search has 9 terms) and keep the
// worst search to a page's cost. The depth bounds the parser's recursion.
const (
	MaxQueryBytes = 1000 // bytes of query text
	MaxQueryTerms = 64   // words, phrases and prefixes, operators aside
	MaxQueryDepth = 16   // parentheses inside one another
)

// ParseQuery parses words, "phrases", prefix*, AND, OR, NOT and
// parentheses; juxtaposition is AND. NOT is binary ("a NOT b"), as in
// FTS5. AND binds tighter than OR; NOT tighter than AND. A malformed query,
// or one past MaxQueryBytes, MaxQueryTerms or MaxQueryDepth, is an Invalid
// error that says what to fix. An empty query gives nil.
func ParseQuery(q string) (*Query, error) {
	if err := checkQueryText(q); err != nil {
		return nil, err
	}
	toks, spans, err := lexQuery(q)
	if err != nil {
		return nil, err
	}
	if n := countTerms(toks); n > MaxQueryTerms {
		return nil, Errorf(Invalid, "query has %d terms, more than the %d allowed: search for fewer words", n, MaxQueryTerms)
	}
	p := &queryParser{q: q, toks: toks, spans: spans}
	if len(toks) == 0 {
		return nil, nil
	}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, Errorf(Invalid, "query %q: unexpected %s", q, p.toks[p.i])
	}
	return n, nil
}

// checkQueryText refuses a query too long to search, or with bytes no
// store can take as text: a NUL byte, another control character (tabs and
// line breaks aside), or bytes that are not UTF-8. Its errors do not quote
// the query, which may be long.
func checkQueryText(q string) error {
	if len(q) > MaxQueryBytes {
		return Errorf(Invalid, "query has %d bytes, more than the %d allowed: search for fewer words", len(q), MaxQueryBytes)
	}
	for i, r := range q {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(q[i:], "\uFFFD"):
			return Errorf(Invalid, "query: byte %#x at column %d is not UTF-8 text", q[i], i+1)
		case unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r':
			return Errorf(Invalid, "query: control character %U at column %d: remove it", r, i+1)
		}
	}
	return nil
}

// countTerms counts the terms among a query's tokens.
func countTerms(toks []string) int {
	n := 0
	for _, t := range toks {
		switch t {
		case "AND", "OR", "NOT", "(", ")":
		default:
			n++
		}
	}
	return n
}

// lexQuery splits a query into terms (FTS5-quoted), operators and
// parentheses, with each token's place in q.
func lexQuery(q string) ([]string, [][2]int, error) {
	var toks []string
	var spans [][2]int
	for i := 0; i < len(q); {
		start, n := i, len(toks)
		switch c := q[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '"':
			j := strings.IndexByte(q[i+1:], '"')
			if j < 0 {
				return nil, nil, Errorf(Invalid, "query %q: unclosed quote at column %d", q, i+1)
			}
			if phrase := strings.TrimSpace(q[i+1 : i+1+j]); phrase != "" {
				toks = append(toks, quoteFTS(phrase))
			}
			i += j + 2
		case c == '(' || c == ')':
			toks = append(toks, string(c))
			i++
		default:
			j := i
			for j < len(q) && !strings.ContainsRune(" \t\n\r\"()", rune(q[j])) {
				j++
			}
			word := q[i:j]
			i = j
			switch {
			case word == "AND" || word == "OR" || word == "NOT":
				toks = append(toks, word)
			case strings.Trim(word, "*") == "":
			case strings.HasSuffix(word, "*"):
				toks = append(toks, quoteFTS(strings.TrimRight(word, "*"))+"*")
			default:
				toks = append(toks, quoteFTS(word))
			}
		}
		if len(toks) > n {
			spans = append(spans, [2]int{start, i})
		}
	}
	return toks, spans, nil
}

type queryParser struct {
	q     string
	toks  []string
	spans [][2]int
	i     int
	depth int // parentheses open at i
}

func (p *queryParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *queryParser) or() (*Query, error) {
	l, err := p.and()
	for err == nil && p.peek() == "OR" {
		p.i++
		var r *Query
		if r, err = p.and(); err == nil {
			l = &Query{Op: "OR", Left: l, Right: r}
		}
	}
	return l, err
}

func (p *queryParser) and() (*Query, error) {
	l, err := p.not()
	for err == nil {
		switch t := p.peek(); {
		case t == "AND":
			p.i++
		case t == "" || t == "OR" || t == ")" || t == "NOT":
			return l, nil
		}
		var r *Query
		if r, err = p.not(); err == nil {
			l = &Query{Op: "AND", Left: l, Right: r}
		}
	}
	return l, err
}

func (p *queryParser) not() (*Query, error) {
	l, err := p.primary()
	for err == nil && p.peek() == "NOT" {
		p.i++
		var r *Query
		if r, err = p.primary(); err == nil {
			l = &Query{Op: "NOT", Left: l, Right: r}
		}
	}
	return l, err
}

func (p *queryParser) primary() (*Query, error) {
	switch t := p.peek(); t {
	case "":
		return nil, Errorf(Invalid, "query %q: ends where a term is needed", p.q)
	case "AND", "OR", "NOT", ")":
		return nil, Errorf(Invalid, "query %q: %s needs a term before it", p.q, t)
	case "(":
		if p.depth++; p.depth > MaxQueryDepth {
			return nil, Errorf(Invalid, "query nests parentheses more than %d deep: use fewer", MaxQueryDepth)
		}
		p.i++
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, Errorf(Invalid, "query %q: unclosed (", p.q)
		}
		p.i++
		p.depth--
		return n, nil
	default:
		sp := p.spans[p.i]
		p.i++
		return &Query{Term: t, Start: sp[0], End: sp[1]}, nil
	}
}

// PositiveTerms returns the term nodes that count toward a match (not
// those after a NOT), in the order of the query's text.
func (n *Query) PositiveTerms() []*Query {
	switch {
	case n == nil:
		return nil
	case n.Op == "":
		return []*Query{n}
	case n.Op == "NOT":
		return n.Left.PositiveTerms()
	}
	return append(n.Left.PositiveTerms(), n.Right.PositiveTerms()...)
}

// Positive returns the terms that count toward a match (not those after a
// NOT), for ranking and snippets.
func (n *Query) Positive() []string {
	switch {
	case n == nil:
		return nil
	case n.Op == "":
		return []string{n.Term}
	case n.Op == "NOT":
		return n.Left.Positive()
	}
	return append(n.Left.Positive(), n.Right.Positive()...)
}

// String writes the query as an FTS5 expression (for one portion).
func (n *Query) String() string {
	if n.Op == "" {
		return n.Term
	}
	return fmt.Sprintf("(%s %s %s)", n.Left, n.Op, n.Right)
}

// quoteFTS makes s an FTS5 string: double quotes doubled, the whole quoted.
func quoteFTS(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
