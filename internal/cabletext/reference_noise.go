package cabletext

// What ends a REF block or is no part of it (see reference.go): blank
// lines, headings, numbered paragraphs, page and section headers and the
// cut-off lists of partial extracts.

import "strings"

// goesOnAfterBlank reports whether the list goes on at token i, after a
// blank line: when the next bullet, a keyword, a cable reference or a page
// or section header starts the line, or a bullet or keyword before the
// blank line still waits for its reference. Else the block has run into
// the text.
func (p *refParser) goesOnAfterBlank(i int) bool {
	if p.fresh {
		return true
	}
	for p.at(i).kind == tokOther || p.isPunct(i, '-') {
		i++ // ¶B., "-   (B)"
	}
	t, next := p.at(i), p.at(i+1)
	switch {
	case t.kind == tokWord && t.end-t.pos == 1 && next.kind == tokPunct && next.glued && strings.IndexByte(".):", next.c) >= 0:
		return p.isNextLetter(t) // B. B) B:
	case t.kind == tokPunct && (t.c == '(' || t.c == '[') && (p.isPunct(i+2, ')') || p.isPunct(i+2, ']')):
		return next.kind == tokNum || p.isNextLetter(next) // (B), not (U) or (SBU)
	case t.class == wKeyword || t.class == wPage && next.kind == tokNum || p.spacedRun(i) >= 5:
		return true
	}
	if p.startsCableRef(i) {
		return true
	}
	for k := i; k < i+4 && p.at(k).kind == tokWord; k++ {
		i = k + 1 // TEGUCIGALP 00000526 001.2 OF 007
	}
	return p.isSectionHeader(i)
}

// skipNoise handles what ends a block or is no part of it at token i. It
// returns stop at "Classified By", SUMMARY, a numbered paragraph or a dashed
// heading. It skips page headers (PAGE 02 ROME 01196 01 OF 02 082030Z) and
// section headers (TRIPOLI 00000402 001.2 OF 003). At a repeated header
// (C O N F I D E N T I A L RIGA 000472 …, UNCLAS SECTION 01 OF 02 …) or the
// dots that cut a partial extract short, it jumps to the next REF field,
// where the list starts again.
func (p *refParser) skipNoise(i int) (next int, stop bool) {
	t := p.toks[i]
	switch t.kind {
	case tokWord:
		switch {
		case t.class == wSummary || t.class == wClassified && p.at(i+1).class == wBy:
			return 0, true
		case t.end-t.pos == 1 && p.spacedRun(i) >= 5 || t.class == wClass && p.isClassLine(i):
			return p.restart(i)
		case t.class == wPage && p.at(i+1).kind == tokNum:
			return p.pageHeaderEnd(i), false
		}
	case tokPunct:
		if p.isBanner(i) {
			return 0, true
		}
		if k := p.truncationEnd(i); k > i {
			p.seg = segment{first: -1} // the item was cut short
			if next, stop := p.restart(k); !stop {
				return next, false
			}
			if k < len(p.toks) {
				p.toks[k].para = true // go on only if a bullet follows
			}
			return k, false
		}
	case tokNum:
		if p.isParagraph(i) {
			return 0, true
		}
		if p.isSectionHeader(i) {
			if !p.seg.cable && p.seg.first >= 0 && p.sameLine(p.seg.first, i) {
				p.seg = segment{first: -1} // the header's station: VATICAN 00000078
			}
			return i + 6, false
		}
	}
	return i, false
}

// restart skips from token i to the next REF field, where a repeated
// header gives the list again, or stops when there is none before the
// text proper begins.
func (p *refParser) restart(i int) (int, bool) {
	for k := i; k < len(p.toks); k++ {
		t := p.toks[k]
		if t.class == wSummary || t.class == wClassified || p.isParagraph(k) {
			break
		}
		if t.class == wKeyword && (t.bol || p.isPunct(k+1, ':') || p.isPunct(k+1, '(')) {
			p.endSegment()
			p.letter, p.number, p.label = 0, 0, span{}
			return k, false
		}
	}
	return 0, true
}

// truncationEnd returns the index after the dots that end a partial
// extract at token i ("¶B. SECSTATE 1...", "LIMA 4968 (0..", "STATE ..."):
// periods ending the line, two glued on or three apart; else i. Non-ASCII
// runes after them end it too, as they say nothing in an item (content).
func (p *refParser) truncationEnd(i int) int {
	k := i
	for p.isPunct(k, '.') && (k == i || p.toks[k].glued) {
		k++
	}
	e := k
	for e < len(p.toks) && p.toks[e].kind == tokOther && !p.toks[e].bol {
		e++
	}
	if n := k - i; n < 2 || n < 3 && !p.toks[i].glued || e < len(p.toks) && !p.toks[e].bol {
		return i
	}
	return k
}

// isBanner reports whether a dashed heading (------ OBJECTIVES) starts at
// token i.
func (p *refParser) isBanner(i int) bool {
	for k := i; k < i+4; k++ {
		if !p.isPunct(k, '-') || k > i && !p.toks[k].glued {
			return false
		}
	}
	return true
}

// isParagraph reports whether a numbered paragraph starts at token i:
// a number up to 99 and a period, opening a line (¶1. or 1.Embassy) or
// followed by a portion mark (1. (C)), but not a decimal (1.4).
func (p *refParser) isParagraph(i int) bool {
	t := p.at(i)
	if t.kind != tokNum || t.end-t.pos > 2 || !p.isPunct(i+1, '.') || !p.at(i+1).glued {
		return false
	}
	if n := p.at(i + 2); n.kind == tokNum && n.glued {
		return false
	}
	return t.bol || p.isPunct(i+2, '(') && p.at(i+3).class == wMark
}

// spacedRun counts the single letters written apart from token i, as in
// "S E C R E T".
func (p *refParser) spacedRun(i int) int {
	n := 0
	for k := i; ; k++ {
		t := p.at(k)
		if t.kind != tokWord || t.end-t.pos != 1 || n > 0 && t.glued {
			return n
		}
		n++
	}
}

// isClassLine reports whether a classification line repeated from a later
// page starts at token i: "UNCLAS SECTION 01 OF 02 MOSCOW 002428",
// "SECRET ROME 001234".
func (p *refParser) isClassLine(i int) bool {
	if p.toks[i].class != wClass || p.at(i+1).bol {
		return false
	}
	if p.at(i+1).class == wSection {
		return true
	}
	_, k, _, ok := p.stationSerial(i+1, -1)
	return ok && p.at(k).end-p.at(k).pos == 6 && p.src[p.at(k).pos] == '0'
}

// pageHeaderEnd returns the index after a page header starting at token i:
// after its DTG (082030Z), else at the start of the next line.
func (p *refParser) pageHeaderEnd(i int) int {
	for k := i + 1; k < len(p.toks); k++ {
		t := p.toks[k]
		if t.bol {
			return k
		}
		if t.kind == tokNum && t.end-t.pos == 6 && p.at(k+1).class == wZ && p.at(k+1).glued {
			return k + 2
		}
	}
	return len(p.toks)
}

// isSectionHeader reports whether token i is the zero-padded serial of a
// section header, "00000402 001.2 OF 003".
func (p *refParser) isSectionHeader(i int) bool {
	t, k := p.at(i), i+1
	return t.kind == tokNum && t.end-t.pos == 8 && p.at(k).kind == tokNum && p.isPunct(k+1, '.') &&
		p.at(k+2).kind == tokNum && p.at(k+3).class == wOf && p.at(k+4).kind == tokNum
}

// sameLine reports whether tokens i to j are on one line.
func (p *refParser) sameLine(i, j int) bool {
	for k := i + 1; k <= j; k++ {
		if p.toks[k].bol {
			return false
		}
	}
	return true
}
