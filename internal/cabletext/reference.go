package cabletext

// This file is the REF grammar: items, bullets, references that continue
// one another, and the page furniture of partial extracts. It runs past 400
// lines because these rules decide together what a token is (a bullet
// letter, a serial, the start of a header); the tokens and the reading of an
// id itself are in canonid.go.

import (
	"strings"

	"github.com/cable/cable/internal/cable"
)

// ParseReferences reads a REF block and returns its references in order.
//
// block starts at the REF keyword (REF:, REFS:, REF(S):, REFTEL:, REF A:, …,
// possibly after a line break) and runs to where the body scanner ends it.
// ParseReferences also stops by itself at "Classified By", SUMMARY, the
// first numbered paragraph ("1. (C)", "¶1."), a dashed heading, a blank line
// followed by prose, or after maxRefBlock bytes, so a block that runs on does
// no harm. It skips page and section headers and, in partial extracts, jumps
// from a cut-off list to the full one of the repeated header. year is the
// citing cable's four-digit year: a reference that gives no year is from
// that year. self is the citing cable's canonical id; a reference to it is
// dropped.
//
// Each reference carries the bullet it is listed under (Label: "A", "B", …;
// "1", "2" for (1), (2)) and its text as written, trimmed (Text). Cable
// references have Kind [cable.RefCable] and a canonical ID (STATE 071143 in
// 2007 is 07STATE71143), and appear once each: a later duplicate is dropped.
// The forms read include glued stations (BEIJING5237), year prefixes (06
// TBILISI 2601, 2007 MANAGUA 2135, 094 QUITO 841, (99) ROME 2196, '08 BUENOS
// AIRES 1491, 09CAIRO0561), year suffixes (QUITO 4525-91, PANAMA 00789/08,
// ASUNCION 701 (08), AMMAN 07718 99), spaced, abbreviated and misspelt
// stations (SAO PAULO, RIO DE JAN, THE HAGUE, SECSTATE, HCMC, 0TTAWA),
// serials that continue the previous reference (BRASILIA 2799 AND 2764,
// Kabul 936/935, ¶B. 2962) and serial-first references (870 Ulaanbaatar).
//
// Anything else listed (an e-mail, a telcon, a memo, an OSC report, a FAM
// section) is returned with an empty ID and the Kind its wording suggests:
// [cable.RefEmail], [cable.RefTelcon], [cable.RefMemo], [cable.RefReport], else
// [cable.RefOther]. So is a cable reference that cannot be resolved, such as
// a bare serial with no station before it. A Kind of RefCable always comes
// with an ID that [cable.ParseID] accepts.
//
// ParseReferences does not use regular expressions and allocates only its
// result: it runs on every cable.
func ParseReferences(block string, year int, self string) []cable.Reference {
	var toks [128]token // a REF block has 40 on average; more go to the heap
	p := refParser{src: clipBlock(block), yy: -1, self: self, seg: segment{first: -1}}
	if year > 0 {
		p.yy = year % 100
	}
	p.toks = lexRefs(p.src, toks[:0])
	p.run()
	return p.finish(block)
}

// maxRefBlock is how much of a block ParseReferences reads: cablemap's
// 1,200-character window. Longer REF blocks do not occur in the corpus.
const maxRefBlock = 1200

// clipBlock cuts s after maxRefBlock bytes, at the end of the word there.
func clipBlock(s string) string {
	if len(s) <= maxRefBlock {
		return s
	}
	i := maxRefBlock
	for i < len(s) && s[i] != ' ' && s[i] != '\n' {
		i++
	}
	return s[:i]
}

// refParser holds the state of one ParseReferences call. What it finds is
// kept as offsets in fixed arrays (a REF block has room for no more), so the
// parser and its tokens stay on the stack and the result is built with two
// allocations at the end: nothing is appended through the pointer.
type refParser struct {
	src  string
	toks []token
	yy   int // the citing cable's two-digit year, -1 if unknown
	self string

	found  [maxRefs]pendingRef
	nfound int
	ids    [maxRefs * 16]byte // the cable ids found, end to end
	nids   int

	fresh   bool // a bullet or keyword waits for its reference
	stop    bool // the block has ended
	runaway bool // it ended in the text: drop the item being read
	letter  byte // the current bullet letter, 0 before the first one
	number  int  // the current (1), (2) bullet
	label   span // the current bullet as written
	// afterBullet is the token index just after the last bullet, 0
	// before the first (a bullet takes at least one token).
	afterBullet int

	last lastRef // the last cable reference, which bare serials continue
	seg  segment // the item being read
}

// span is src[start:end] or ids[start:end].
type span struct{ start, end int32 }

// maxRefs is the most references ParseReferences returns for one block;
// the longest REF list of the corpus has 29.
const maxRefs = 64

// pendingRef is a reference found: its text in src, its id in ids (empty
// for a non-cable reference) and its bullet.
type pendingRef struct {
	text, id, label span
	letter          byte // the bullet letter; 0 for a numbered or no bullet
	kind            uint8
}

// refKinds maps pendingRef.kind to the reference kind.
var refKinds = [...]cable.RefKind{cable.RefCable, cable.RefEmail, cable.RefTelcon, cable.RefMemo, cable.RefReport, cable.RefOther}

const (
	kindCable uint8 = iota
	kindEmail
	kindTelcon
	kindMemo
	kindReport
	kindOther
)

// lastRef is the station and year a following bare serial inherits;
// end is the token index just after it, chain whether it was itself reached
// through AND or /.
type lastRef struct {
	station  [maxStationKey]byte // kept as bytes: nothing escapes through p
	nstation int
	yy       int
	end      int
	chain    bool
}

// segment is the item being read: the tokens between two bullets or
// semicolons. An item holding no cable reference becomes a non-cable
// reference when it says something (substantive).
type segment struct {
	first, last int // content token range; first is -1 when empty
	cable       bool
	substantive bool
	depth       int // parenthesis depth, so a wrapped title stays one item
}

// run reads the block token by token: what ends it or is no part of it,
// then keywords, bullets, separators and references, else item text.
func (p *refParser) run() {
	for i := 0; i < len(p.toks); {
		if p.stop || p.toks[i].para && !p.goesOnAfterBlank(i) {
			break
		}
		next, stop := p.skipNoise(i)
		switch {
		case stop:
			p.stop = true
		case next != i:
			i = next
		default:
			if j, ok := p.step(i); ok {
				i = j
			} else {
				p.content(i)
				i++
			}
		}
	}
	p.endSegment()
}

// step tries, at token i, everything that is not plain content: a keyword,
// a bullet, a separator, a cable reference or a serial continuing one.
func (p *refParser) step(i int) (int, bool) {
	t := p.toks[i]
	if j, ok := p.keyword(i); ok {
		p.endSegment()
		p.fresh = true
		return j, true
	}
	if j, ok := p.bullet(i); ok {
		p.fresh, p.afterBullet = true, j
		return j, true
	}
	if t.kind == tokPunct && t.c == ';' {
		p.endSegment()
		return i + 1, true
	}
	if t.bol && p.seg.cable && p.seg.depth == 0 {
		p.endSegment() // a new line after a reference starts a new item
	}
	if j, ok := p.cableRef(i); ok {
		return j, true
	}
	if j, ok := p.continued(i); ok {
		return j, true
	}
	return p.serialFirst(i)
}

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

// content records token i as part of the current item.
func (p *refParser) content(i int) {
	t := p.toks[i]
	switch {
	case t.kind == tokOther:
		return // a ¶ before the next bullet, a ’ inside a word
	case p.isPunct(i, '('):
		p.seg.depth++
	case p.isPunct(i, ')'):
		p.seg.depth = max(p.seg.depth-1, 0)
	}
	p.fresh = false
	if p.seg.first < 0 {
		p.seg.first = i
	}
	p.seg.last = i
	if t.kind == tokNum || t.kind == tokWord && !t.isFiller() {
		p.seg.substantive = true
	}
	if !p.seg.cable && t.end-p.toks[p.seg.first].pos > maxRefItem {
		p.stop, p.runaway = true, true // no reference is this long
	}
}

// maxRefItem is the longest non-cable reference ParseReferences accepts;
// a longer one is the text after the block.
const maxRefItem = 250

// endSegment closes the current item, keeping it as a non-cable reference
// if it held no cable reference and says something. An item cut short by
// the end of a runaway block is dropped.
func (p *refParser) endSegment() {
	s := p.seg
	p.seg = segment{first: -1}
	if s.cable || !s.substantive || s.first < 0 || p.runaway {
		return
	}
	p.add(pendingRef{
		text:   span{p.toks[s.first].pos, p.toks[s.last].end},
		label:  p.label,
		letter: p.letter,
		kind:   p.kindOf(s.first, s.last),
	})
}

// add keeps r, or stops the block when it holds more references than
// ParseReferences returns.
func (p *refParser) add(r pendingRef) {
	if p.nfound == len(p.found) {
		p.stop = true
		return
	}
	p.found[p.nfound] = r
	p.nfound++
}

// emit records a cable reference spanning tokens [from, to) unless it is
// the citing cable itself or a duplicate. A reference with no year when the
// citing year is unknown cannot be identified and is kept as RefOther.
func (p *refParser) emit(from, to int, station []byte, yy int, serial int) {
	p.seg.cable, p.fresh = true, false
	p.last.nstation = copy(p.last.station[:], station)
	p.last.yy, p.last.end, p.last.chain = yy, to, false
	r := pendingRef{
		text:   span{p.toks[from].pos, p.toks[to-1].end},
		label:  p.label,
		letter: p.letter,
		kind:   kindCable,
	}
	if yy < 0 {
		r.kind = kindOther
		p.add(r)
		return
	}
	var buf [40]byte
	id := append(buf[:0], byte('0'+yy/10), byte('0'+yy%10))
	id = append(id, station...)
	id = appendSerial(id, serial)
	if string(id) == p.self || p.seen(id) || p.nids+len(id) > len(p.ids) {
		return
	}
	r.id = span{int32(p.nids), int32(p.nids + len(id))}
	p.nids += copy(p.ids[p.nids:], id)
	p.add(r)
}

// seen reports whether id is among the ids found already.
func (p *refParser) seen(id []byte) bool {
	for _, r := range p.found[:p.nfound] {
		if r.id.end > r.id.start && string(p.ids[r.id.start:r.id.end]) == string(id) {
			return true
		}
	}
	return false
}

func appendSerial(dst []byte, n int) []byte {
	var b [10]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		if n /= 10; n == 0 {
			return append(dst, b[i:]...)
		}
	}
}

// finish builds the result from what was found: one allocation for the
// references and one for all their ids.
func (p *refParser) finish(block string) []cable.Reference {
	if p.nfound == 0 {
		return nil
	}
	refs := make([]cable.Reference, p.nfound)
	ids := string(p.ids[:p.nids])
	for i, r := range p.found[:p.nfound] {
		refs[i] = cable.Reference{
			Text: block[r.text.start:r.text.end], // token to token: trimmed
			ID:   ids[r.id.start:r.id.end],
			Kind: refKinds[r.kind],
		}
		switch {
		case r.letter != 0:
			refs[i].Label = bulletLetters[r.letter-'A' : r.letter-'A'+1]
		case r.label.end > r.label.start:
			refs[i].Label = block[r.label.start:r.label.end]
		}
	}
	return refs
}

const bulletLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// kindOf guesses what tokens [from, to] name from their words.
func (p *refParser) kindOf(from, to int) uint8 {
	for i := from; i <= to; i++ {
		if t := p.toks[i]; t.kind == tokWord {
			for _, k := range refKindWords {
				if p.wordIn(t, k.words...) {
					return k.kind
				}
			}
		}
	}
	return kindOther
}

// refKindWords are the words that tell what a non-cable reference is.
// E-MAIL is read as the word MAIL after E and a hyphen.
var refKindWords = [...]struct {
	kind  uint8
	words []string
}{
	{kindEmail, []string{"EMAIL", "EMAILS", "MAIL", "MAILS", "EMAILED"}},
	{kindTelcon, []string{"TELCON", "TELCONS", "TELECON", "TELECONS", "TELECONFERENCE", "TELEPHONE", "PHONE", "PHONECON"}},
	{kindMemo, []string{"MEMO", "MEMOS", "MEMORANDUM", "MEMCON", "MEMCONS"}},
	{kindReport, []string{"REPORT", "REPORTS", "OSC", "IIR", "TD", "INCSR", "FBIS", "SITREP"}},
}

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
	if prev := p.at(i - 1); t.glued && (prev.kind == tokWord || prev.kind == tokNum && l != p.letter+1) {
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
// periods ending the line, two glued on or three apart; else i.
func (p *refParser) truncationEnd(i int) int {
	k := i
	for p.isPunct(k, '.') && (k == i || p.toks[k].glued) {
		k++
	}
	if n := k - i; n < 2 || n < 3 && !p.toks[i].glued || k < len(p.toks) && !p.toks[k].bol {
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
