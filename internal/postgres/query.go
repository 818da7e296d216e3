package postgres

import (
	"fmt"
	"strings"

	"github.com/cable/cable/internal/cable"
)

// The query language is sqlite's, and so is its parser: the code from
// "node is a parsed query" down to quoteFTS is a copy of
// sqlite/query.go's, kept identical (TestParser_SameAsSQLite compares the
// two files), because the two stores implement one language and must not
// import each other. A term is still written as FTS5 writes it ("word",
// "a phrase", "pre"*); tsquerySQL turns it into a tsquery.
//
// A query is evaluated per cable over the text the caller may see: "iran
// AND china" matches a cable with "iran" in one visible paragraph and
// "china" in another, and "iran NOT china" excludes a cable with "china"
// in any visible paragraph. Each term is matched against the portion index
// (so withheld text never matches); the boolean structure is then applied
// to the sets of cables.

// node is a parsed query: a term, or an operator on two nodes.
type node struct {
	op          string // "", "AND", "OR", "NOT"
	term        string // FTS5 string for a term: "word", "a phrase", "pre"*
	left, right *node
}

// parseQuery parses words, "phrases", prefix*, AND, OR, NOT and
// parentheses; juxtaposition is AND. NOT is binary ("a NOT b"), as in
// FTS5. AND binds tighter than OR; NOT tighter than AND. A malformed query
// is an Invalid error that says what to fix. An empty query gives nil.
func parseQuery(q string) (*node, error) {
	toks, err := lexQuery(q)
	if err != nil {
		return nil, err
	}
	p := &queryParser{q: q, toks: toks}
	if len(toks) == 0 {
		return nil, nil
	}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, cable.Errorf(cable.Invalid, "query %q: unexpected %s", q, p.toks[p.i])
	}
	return n, nil
}

// lexQuery splits a query into terms (FTS5-quoted), operators and
// parentheses.
func lexQuery(q string) ([]string, error) {
	var toks []string
	for i := 0; i < len(q); {
		switch c := q[i]; {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '"':
			j := strings.IndexByte(q[i+1:], '"')
			if j < 0 {
				return nil, cable.Errorf(cable.Invalid, "query %q: unclosed quote at column %d", q, i+1)
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
			for j < len(q) && !strings.ContainsRune(" \t\n\"()", rune(q[j])) {
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
	}
	return toks, nil
}

type queryParser struct {
	q    string
	toks []string
	i    int
}

func (p *queryParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *queryParser) or() (*node, error) {
	l, err := p.and()
	for err == nil && p.peek() == "OR" {
		p.i++
		var r *node
		if r, err = p.and(); err == nil {
			l = &node{op: "OR", left: l, right: r}
		}
	}
	return l, err
}

func (p *queryParser) and() (*node, error) {
	l, err := p.not()
	for err == nil {
		switch t := p.peek(); {
		case t == "AND":
			p.i++
		case t == "" || t == "OR" || t == ")" || t == "NOT":
			return l, nil
		}
		var r *node
		if r, err = p.not(); err == nil {
			l = &node{op: "AND", left: l, right: r}
		}
	}
	return l, err
}

func (p *queryParser) not() (*node, error) {
	l, err := p.primary()
	for err == nil && p.peek() == "NOT" {
		p.i++
		var r *node
		if r, err = p.primary(); err == nil {
			l = &node{op: "NOT", left: l, right: r}
		}
	}
	return l, err
}

func (p *queryParser) primary() (*node, error) {
	switch t := p.peek(); t {
	case "":
		return nil, cable.Errorf(cable.Invalid, "query %q: ends where a term is needed", p.q)
	case "AND", "OR", "NOT", ")":
		return nil, cable.Errorf(cable.Invalid, "query %q: %s needs a term before it", p.q, t)
	case "(":
		p.i++
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, cable.Errorf(cable.Invalid, "query %q: unclosed (", p.q)
		}
		p.i++
		return n, nil
	default:
		p.i++
		return &node{term: t}, nil
	}
}

// positive returns the terms that count toward a match (not those after a
// NOT), for ranking and snippets.
func (n *node) positive() []string {
	switch {
	case n == nil:
		return nil
	case n.op == "":
		return []string{n.term}
	case n.op == "NOT":
		return n.left.positive()
	}
	return append(n.left.positive(), n.right.positive()...)
}

// String writes the node as an FTS5 expression (for one portion).
func (n *node) String() string {
	if n.op == "" {
		return n.term
	}
	return fmt.Sprintf("(%s %s %s)", n.left, n.op, n.right)
}

// quoteFTS makes s an FTS5 string: double quotes doubled, the whole quoted.
func quoteFTS(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// tsConfig is the text search configuration of the portion index
// (migrations/0001_init.sql): English stemming, no stop words.
const tsConfig = "'cable'"

// tsquerySQL returns a SQL expression for the tsquery of one term, whose
// text travels as the named argument arg, and that argument's value. A
// word or phrase is matched as phraseto_tsquery matches it: its words
// (split as the index splits them, by cable_words), stemmed, adjacent and
// in order, as an FTS5 string is. A prefix term's last word matches any
// word it begins ('talk':*), its others as a phrase before it.
func tsquerySQL(term, arg string) (expr string, value string) {
	text, prefix := unquoteFTS(term)
	if !prefix {
		return "phraseto_tsquery(" + tsConfig + ", cable_words(@" + arg + "))", text
	}
	var lexemes []string
	// The words are letters and digits only, so quoting needs no escape.
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !wordRune(r) }) {
		lexemes = append(lexemes, "'"+w+"'")
	}
	if len(lexemes) == 0 {
		// No word to match: the empty query, which matches nothing.
		return "phraseto_tsquery(" + tsConfig + ", @" + arg + ")", ""
	}
	lexemes[len(lexemes)-1] += ":*"
	return "to_tsquery(" + tsConfig + ", @" + arg + ")", strings.Join(lexemes, " <-> ")
}

// wordRune reports whether cable_words (migrations/0001_init.sql) keeps r
// in a word: an ASCII letter or digit, or a non-ASCII character other
// than the punctuation it lists.
func wordRune(r rune) bool {
	switch {
	case r < 0x80:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case r == 0xA0 || r == 0xAB || r == 0xBB || r == 0x2026:
		return false
	case 0x2010 <= r && r <= 0x2015, 0x2018 <= r && r <= 0x201F:
		return false
	}
	return true
}

// unquoteFTS undoes quoteFTS, reporting whether the term was a prefix.
func unquoteFTS(term string) (text string, prefix bool) {
	if strings.HasSuffix(term, "*") {
		term, prefix = strings.TrimSuffix(term, "*"), true
	}
	term = strings.TrimSuffix(strings.TrimPrefix(term, `"`), `"`)
	return strings.ReplaceAll(term, `""`, `"`), prefix
}
