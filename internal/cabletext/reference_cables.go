package cabletext

// Cable references in a REF block (see reference.go): written in full,
// continued by a bare serial, or serial first.

import "strings"

// cableRef reads a cable reference at token i: an optional year, a station,
// an optional infix (#, :, (C), (01), CABLES), a serial and an optional
// year suffix. It reads nothing after a word that names another kind of
// document (INCSR BRAZIL 2008, UNSCR 1737).
func (p *refParser) cableRef(i int) (int, bool) {
	if p.at(i-1).class == wNotCable {
		return 0, false
	}
	j, yy := p.yearPrefix(i)
	st, k, yy, ok := p.stationSerial(j, yy)
	if !ok {
		return 0, false
	}
	serial, _ := p.num(p.toks[k])
	end, suffix := p.yearSuffix(k + 1)
	if suffix >= 0 {
		yy = suffix
	}
	if yy < 0 {
		yy = p.yy
	}
	var b [maxStationKey]byte
	p.emit(i, end, b[:copy(b[:], st)], yy, serial)
	return end, true
}

// continued reads a serial that continues the last reference's station:
// after AND, & or / (BRASILIA 2799 AND 2764, Kabul 936/935), after a comma
// once such a list has begun or in a run of them (GUANGZHOU 11657 and
// 7743, 12155; MALABO 19, 21, 26), or alone at the start of an item (A.
// MANILA 2969 ¶B. 2962). One bare number after a comma is not enough:
// "State 188314, 259032" is too often two references of which the second
// lost its year.
func (p *refParser) continued(i int) (int, bool) {
	if p.last.nstation == 0 {
		return 0, false
	}
	t, j := p.toks[i], i+1
	switch {
	case p.last.end != i:
		if t.kind != tokNum || p.seg.first >= 0 || p.seg.cable || t.end-t.pos < 3 || !p.standsAlone(i) || p.isYear(t) {
			return 0, false
		}
		j = i
	case t.class == wAnd, p.isPunct(i, '&'):
	case p.isPunct(i, '/') && t.glued:
		if n := p.at(j); n.end-n.pos < 3 {
			return 0, false
		}
	case p.isPunct(i, ',') && (p.last.chain || p.isPunct(i+2, ',') && p.at(i+3).kind == tokNum):
	default:
		return 0, false
	}
	if !p.isSerial(j) || p.startsDatedRef(j) {
		return 0, false
	}
	serial, _ := p.num(p.toks[j])
	end, suffix := p.yearSuffix(j + 1)
	yy := p.last.yy
	if suffix >= 0 {
		yy = suffix
	}
	p.emit(j, end, p.last.station[:p.last.nstation], yy, serial)
	p.last.chain = true
	return end, true
}

// standsAlone reports whether number token i ends its item or line, as
// the serial in "¶B. 2962 AND PREVIOUS" does and the year in "¶F. 2004
// HUMAN RIGHTS REPORT" or the TD number in "314/07696-07" do not.
func (p *refParser) standsAlone(i int) bool {
	next := p.at(i + 1)
	return next.kind == 0 || next.bol || next.class == wAnd ||
		next.kind == tokPunct && strings.IndexByte(",;(", next.c) >= 0
}

// serialFirst reads a reference written serial first at the start of an
// item: "Ref: 870 Ulaanbaatar", "A) 377 KATHMANDU, B) …".
func (p *refParser) serialFirst(i int) (int, bool) {
	t := p.toks[i]
	if t.kind != tokNum || p.seg.first >= 0 || p.seg.cable || t.end-t.pos < 3 || !p.isSerial(i) || p.isYear(t) {
		return 0, false
	}
	st, next, ok := p.stationWords(i + 1)
	if !ok || p.at(next).kind == tokNum || p.at(i+1).glued {
		return 0, false
	}
	v, _ := p.num(t)
	var b [maxStationKey]byte
	p.emit(i, next, b[:copy(b[:], st)], p.yy, v)
	return next, true
}
