package cabletext

// This file is the REF grammar's entry point and the parser's state. The
// items and the result are in reference_items.go, bullets in
// reference_bullets.go, cable references and the serials that continue
// them in reference_cables.go, and the page furniture of partial extracts
// in reference_noise.go. These rules decide together what a token is (a
// bullet letter, a serial, the start of a header); the tokens are in
// reference_tokens.go and the reading of an id itself in reference_ids.go.

import "github.com/cable/cable/internal/cable"

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
