package marking

import (
	"slices"
	"strings"
)

// relTo reads the list after REL, REL TO or RELEASABLE TO (written at kw,
// ending at end). Entries are separated by commas or the word AND; a slash
// continues the list when what follows is a country or collective rather
// than a control (S/REL TO NATO/AUS). USA may be listed or not.
func (p *parser) relTo(kw span, end int) error {
	p.pos = end
	var codes []string
	for {
		p.pos = p.skipSpace(p.pos)
		j := p.tokenEnd(p.pos, isListStop)
		got, err := p.resolvePiece(p.pos, j)
		if err != nil {
			return err
		}
		codes = append(codes, got...)
		p.pos = j
		if j < p.end && p.in[j] == ',' {
			p.pos++
			continue
		}
		next, ok := p.listContinues(j)
		if !ok {
			break
		}
		p.pos = next
	}
	named := len(codes) > 0
	codes = slices.DeleteFunc(codes, func(c string) bool { return c == "USA" })
	if len(codes) == 0 {
		hint := ""
		if named {
			hint = "REL TO USA alone: mark NF instead"
		}
		return p.fail(kw.off, kw.tok, ErrEmptyRelTo, hint)
	}
	p.m.RelTo = append(p.m.RelTo, codes...)
	p.rel = kw
	return nil
}

// listContinues reports whether the slash at j continues a REL TO list,
// and if so where the next entry begins.
func (p *parser) listContinues(j int) (int, bool) {
	if j >= p.end || p.in[j] != '/' {
		return 0, false
	}
	k := j
	for k < p.end && (p.in[k] == '/' || isSpace(p.in[k])) {
		k++
	}
	if k >= p.end {
		return 0, false
	}
	if _, ok := p.keyword(k); ok {
		return 0, false
	}
	got, err := p.resolvePiece(k, p.tokenEnd(k, isListStop))
	return k, err == nil && len(got) > 0
}

// resolvePiece resolves the list entry in[from:to] to trigraphs and
// collectives. An entry that is not a name as a whole may be several
// joined by AND: "China and UK", "AND GER".
func (p *parser) resolvePiece(from, to int) ([]string, error) {
	for from < to && isSpace(p.in[from]) {
		from++
	}
	for to > from && isSpace(p.in[to-1]) {
		to--
	}
	if from == to {
		return nil, nil
	}
	text := p.in[from:to]
	if c, ok := resolveName(text); ok {
		return []string{c}, nil
	}
	groups := p.splitAnd(from, to)
	if len(groups) == 1 && groups[0].tok == text {
		return nil, p.fail(from, text, ErrUnknownCountry, countryHint(text))
	}
	var codes []string
	for _, g := range groups {
		c, ok := resolveName(g.tok)
		if !ok {
			return nil, p.fail(g.off, g.tok, ErrUnknownCountry, countryHint(g.tok))
		}
		codes = append(codes, c)
	}
	return codes, nil
}

// splitAnd splits in[from:to] at each word AND, dropping empty parts.
func (p *parser) splitAnd(from, to int) []span {
	var groups []span
	start, last := -1, -1 // first and last byte of the group being built
	flush := func() {
		if start >= 0 {
			groups = append(groups, span{start, p.in[start : last+1]})
		}
		start, last = -1, -1
	}
	for i := from; i < to; {
		if isSpace(p.in[i]) {
			i++
			continue
		}
		e := i
		for e < to && !isSpace(p.in[e]) {
			e++
		}
		if strings.EqualFold(p.in[i:e], "AND") {
			flush()
		} else {
			if start < 0 {
				start = i
			}
			last = e - 1
		}
		i = e
	}
	flush()
	return groups
}

// fgi reads the optional countries after FGI: trigraphs or collectives
// separated by space or commas (FGI DEU GBR), up to a slash or a control.
func (p *parser) fgi() error {
	for {
		i := p.pos
		for i < p.end && (isSpace(p.in[i]) || p.in[i] == ',') {
			i++
		}
		if i >= p.end || p.in[i] == '/' || p.in[i] == '-' {
			p.pos = i
			return nil
		}
		if _, ok := p.keyword(i); ok {
			p.pos = i
			return nil
		}
		e := p.tokenEnd(i, func(c byte) bool { return c == ',' || isSep(c) })
		code, ok := resolveName(p.in[i:e])
		if !ok {
			return p.fail(i, p.in[i:e], ErrUnknownCountry, countryHint(p.in[i:e]))
		}
		p.m.FGICountries = append(p.m.FGICountries, code)
		p.pos = e
	}
}

// resolveName returns the collective or trigraph a name stands for.
func resolveName(name string) (string, bool) {
	if c, ok := Collective(name); ok {
		return c, true
	}
	return Trigraph(name)
}

func isListStop(c byte) bool { return c == ',' || c == '/' }
