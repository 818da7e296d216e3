package cabletext

// REF keywords and the bullets that label the items of a REF block (see
// reference.go).

// keyword skips a REF keyword at token i: REF, REFS, REF(S), REFTEL(S),
// REFERENCE(S), with a colon or period after it. Keywords also appear inside
// lists ("A. REF A:", "REF: REFERENCE:").
func (p *refParser) keyword(i int) (int, bool) {
	if p.toks[i].class != wKeyword {
		return 0, false
	}
	j := i + 1
	if p.isPunct(j, '(') && p.at(j).glued && p.wordIn(p.at(j+1), "S") && p.isPunct(j+2, ')') {
		j += 3
	}
	if p.isPunct(j, ':') || p.isPunct(j, '.') {
		j++
	}
	return j, true
}

// bullet reads a bullet at token i and makes it the current label: (A),
// [A], (1), A., A), A:, A.), "A -", or a bare letter before a reference
// (Ref: A Montreal 365, B Ottawa 406). Letters must follow in order, so the
// initials of "E-mails J. Speaks" are not bullets.
func (p *refParser) bullet(i int) (int, bool) {
	t := p.toks[i]
	if p.seg.depth > 0 && !t.bol {
		return 0, false // inside a parenthesised title
	}
	if t.kind == tokPunct && (t.c == '(' || t.c == '[') {
		return p.enclosedBullet(i)
	}
	if t.kind != tokWord || t.end-t.pos != 1 {
		return 0, false
	}
	l := toUpper(p.src[t.pos])
	prev := p.at(i - 1)
	if t.glued && prev.kind == tokOther && prev.glued {
		prev = p.at(i - 2) // a rune inside a word: "SÃO", "A\u00adA"
	}
	if t.glued && prev.kind == tokPunct && prev.c == '.' && prev.glued && p.isLetterAt(i-2) && p.afterBullet != i {
		// The initials go on: "A.A.". After a bullet ("A.A)") the
		// letter is a bullet as it is once the writer has spaced it,
		// "A. A)".
		return 0, false
	}
	if t.glued && (prev.kind == tokWord || prev.kind == tokNum && l != p.letter+1) {
		return 0, false // only the next bullet may be glued on: STATE 021770B. STATE
	}
	next := p.at(i + 1)
	switch {
	case next.kind == tokPunct && next.glued && (next.c == '.' || next.c == ')' || next.c == ':'):
		if next.c == '.' && p.isInitials(i+2) {
			return 0, false
		}
		j := i + 2
		if next.c == '.' && p.isPunct(j, ')') && p.at(j).glued {
			j++ // A.)
		}
		return j, p.setLetter(i, l, t.bol)
	case next.kind == tokPunct && next.c == '-' && !next.glued && !p.at(i+2).glued:
		return i + 2, p.setLetter(i, l, t.bol)
	case (next.kind == tokWord || next.kind == tokNum) && !next.glued && p.bareBulletContext(i):
		return i + 1, p.setLetter(i, l, false)
	}
	return 0, false
}

// enclosedBullet reads (A), [A] or (1) at token i.
func (p *refParser) enclosedBullet(i int) (int, bool) {
	in, cl := p.at(i+1), p.at(i+2)
	if cl.kind != tokPunct || cl.c != ')' && cl.c != ']' {
		return 0, false
	}
	switch {
	case in.kind == tokWord && in.end-in.pos == 1:
		return i + 3, p.setLetter(i+1, toUpper(p.src[in.pos]), true)
	case in.kind == tokNum && in.end-in.pos <= 2:
		v, _ := p.num(in)
		if v != p.number && v != p.number+1 {
			return 0, false
		}
		p.endSegment()
		p.number, p.letter, p.label = v, 0, span{in.pos, in.end}
		return i + 3, true
	}
	return 0, false
}

// isLetterAt reports whether token i is a word of one letter.
func (p *refParser) isLetterAt(i int) bool {
	t := p.at(i)
	return t.kind == tokWord && t.end-t.pos == 1
}

// isInitials reports whether token i starts "S." as in U.S. or E.O., which
// makes the letter before it no bullet.
func (p *refParser) isInitials(i int) bool {
	t := p.at(i)
	return t.kind == tokWord && t.glued && t.end-t.pos == 1 && p.isPunct(i+1, '.')
}

// bareBulletContext reports whether a bare letter at i may be a bullet:
// it follows a keyword, punctuation or a number, not a word it could be
// part of (PORT A 76), and is not inside parentheses. Nor does it follow a
// bullet: a letter there opens that bullet's item, as the canonical writer
// writes "D. E 0000" for the item "E 0000" under D.
func (p *refParser) bareBulletContext(i int) bool {
	if i > 0 && i == p.afterBullet {
		return false
	}
	prev := p.at(i - 1)
	return p.seg.depth == 0 && (i == 0 || prev.kind != tokWord || prev.class == wKeyword)
}

// setLetter makes l, at token i, the current bullet if it may follow the
// previous one: the first is A; then the same letter again (A. A) STATE …)
// or the next one, or, for a bullet opening a line, one skipped.
func (p *refParser) setLetter(i int, l byte, strong bool) bool {
	ok := p.letter == 0 && l == 'A' ||
		p.letter != 0 && (l == p.letter || l == p.letter+1 || strong && l == p.letter+2)
	if !ok || l < 'A' || l > 'Z' {
		return false
	}
	p.endSegment()
	p.letter, p.number, p.label = l, 0, span{p.toks[i].pos, p.toks[i].end}
	return true
}

// isNextLetter reports whether t is the letter of the bullet to come.
func (p *refParser) isNextLetter(t token) bool {
	if t.kind != tokWord || t.end-t.pos != 1 {
		return false
	}
	l := toUpper(p.src[t.pos])
	return l == p.letter+1 || p.letter == 0 && l == 'A'
}
