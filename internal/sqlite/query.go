package sqlite

import (
	"fmt"
	"strings"

	"github.com/cable/cable/internal/cable"
)

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
