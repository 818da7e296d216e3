package cabletext

import (
	"strings"
	"unicode/utf8"

	"github.com/cable/cable/internal/cable"
)

// ParseReferences reads a REF block and returns its references in order.
//
// block starts at the REF keyword (REF:, REFS:, REF(S):, REFTEL:, REF A:, …,
// possibly after a line break) and runs to where the body scanner ends it.
// ParseReferences also stops by itself at "Classified By", SUMMARY, the
// first numbered paragraph ("1. (C)", "¶1."), a repeated classification line
// (C O N F I D E N T I A L …) or after maxRefBlock bytes, so a block that runs
// on does no harm. year is the citing cable's four-digit year: a reference
// that gives no year is from that year. self is the citing cable's
// canonical id; a reference to it is dropped.
//
// Each reference carries the bullet letter it is listed under (Label: "A",
// "B", …; "1", "2" for (1), (2)) and its text as written, trimmed (Text).
// Cable references have Kind [cable.RefCable] and a canonical ID
// (STATE 071143 in 2007 is 07STATE71143), and appear once each: a later
// duplicate is dropped. The forms read include glued stations (BEIJING5237),
// year prefixes (06 TBILISI 2601, 2007 MANAGUA 2135, 094 QUITO 841, (99)
// ROME 2196, '08 BUENOS AIRES 1491, 09CAIRO0561), year suffixes (QUITO
// 4525-91, PANAMA 00789/08, ASUNCION 701 (08), AMMAN 07718 99), spaced,
// abbreviated and misspelt stations (SAO PAULO, RIO DE JAN, THE HAGUE,
// SECSTATE, HCMC, 0TTAWA), serials that continue the previous reference
// (BRASILIA 2799 AND 2764, Kabul 936/935, ¶B. 2962) and serial-first
// references (870 Ulaanbaatar).
//
// Anything else listed (an e-mail, a telcon, a memo, an OSC report, a FAM
// section) is returned with an empty ID and the Kind its wording suggests:
// [cable.RefEmail], [cable.RefTelcon], [cable.RefMemo], [cable.RefReport], else
// [cable.RefOther]. So is a cable reference that cannot be resolved, such as
// a bare serial with no station before it. A Kind of RefCable always comes
// with an ID that [cable.ParseID] accepts.
//
// ParseReferences does not use regular expressions: it runs on every cable.
func ParseReferences(block string, year int, self string) []cable.Reference {
	var toksBuf [256]token
	var idsBuf [256]byte
	var spansBuf [32]idSpan
	p := refParser{
		src:   clipBlock(block),
		yy:    -1,
		self:  self,
		ids:   idsBuf[:0],
		spans: spansBuf[:0],
		seg:   segment{first: -1},
	}
	if year > 0 {
		p.yy = year % 100
	}
	p.toks = lexRefs(p.src, toksBuf[:0])
	p.run()
	return p.finish()
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

// refParser holds the state of one ParseReferences call. Cable ids are
// written into one buffer and turned into strings together at the end, so a
// block costs a few allocations whatever its length.
type refParser struct {
	src   string
	toks  []token
	yy    int // the citing cable's two-digit year, -1 if unknown
	self  string
	refs  []cable.Reference
	ids   []byte
	spans []idSpan

	fresh  bool   // a bullet or keyword waits for its reference
	stop   bool   // the block has run into the text
	label  string // the current bullet
	letter byte   // its letter, 0 before the first one
	number int    // its number, for (1), (2) bullets

	last lastRef // the last cable reference, which bare serials continue
	seg  segment // the item being read
}

// idSpan places the id of refs[ref] in ids[start:end].
type idSpan struct{ ref, start, end int32 }

// lastRef is the station and year a following bare serial inherits;
// end is the token index just after it, chain whether it was itself reached
// through AND or /.
type lastRef struct {
	station string
	yy      int
	end     int
	chain   bool
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

func (p *refParser) run() {
	for i := 0; i < len(p.toks); {
		if p.stop || p.toks[i].para && !p.goesOnAfterBlank(i) {
			break
		}
		next, stop := p.skipNoise(i)
		if stop {
			break
		}
		if next != i {
			i = next
			continue
		}
		if j, ok := p.step(i); ok {
			i = j
			continue
		}
		p.content(i)
		i++
	}
	if !p.stop {
		p.endSegment()
	}
}

// maxRefItem is the longest non-cable reference ParseReferences accepts;
// a longer one is the text after the block.
const maxRefItem = 250

// goesOnAfterBlank reports whether the list goes on at token i, after a
// blank line: when a bullet, a keyword, a cable reference or a page or
// section header starts the line, or a bullet or keyword before the blank
// line still waits for its reference. Else the block has run into the text.
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
		return true // B. B) B:
	case t.kind == tokPunct && (t.c == '(' || t.c == '[') && (p.isPunct(i+2, ')') || p.isPunct(i+2, ']')) &&
		(next.kind == tokNum || next.end-next.pos == 1):
		return true // (B), not (SBU)
	}
	if p.isKeyword(i) || p.startsCableRef(i) || p.spacedRun(i) >= 5 || p.wordIn(t, "PAGE") && next.kind == tokNum {
		return true
	}
	for k := i; k < i+4 && p.at(k).kind == tokWord; k++ {
		i = k + 1 // TEGUCIGALP 00000526 001.2 OF 007
	}
	return p.isSectionHeader(i)
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
		p.fresh = true
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
	if j, ok := p.serialFirst(i); ok {
		return j, true
	}
	return 0, false
}

// content records token i as part of the current item.
func (p *refParser) content(i int) {
	t := p.toks[i]
	if t.kind == tokPunct {
		switch t.c {
		case '(':
			p.seg.depth++
		case ')':
			p.seg.depth = max(p.seg.depth-1, 0)
		}
	}
	if t.kind == tokOther {
		return // a ¶ before the next bullet, a ’ inside a word
	}
	p.fresh = false
	if p.seg.first < 0 {
		p.seg.first = i
	}
	p.seg.last = i
	if !p.seg.cable && t.end-p.toks[p.seg.first].pos > maxRefItem {
		p.stop = true // no reference is this long: the block ran into the text
	}
	if t.kind == tokNum || t.kind == tokWord && !p.isFiller(t) {
		p.seg.substantive = true
	}
}

// endSegment closes the current item, emitting it as a non-cable
// reference if it held no cable reference and says something.
func (p *refParser) endSegment() {
	s := p.seg
	p.seg = segment{first: -1}
	if s.cable || !s.substantive || s.first < 0 {
		return
	}
	text := strings.TrimSpace(p.src[p.toks[s.first].pos:p.toks[s.last].end])
	p.refs = append(p.refs, cable.Reference{
		Label: p.label,
		Text:  text,
		Kind:  p.kindOf(s.first, s.last),
	})
}

// emit records a cable reference spanning tokens [from, to) unless it is
// the citing cable itself or a duplicate. A reference with no year when the
// citing year is unknown cannot be identified and is kept as RefOther.
func (p *refParser) emit(from, to int, station string, yy int, serial int) {
	p.seg.cable, p.fresh = true, false
	p.last = lastRef{station: station, yy: yy, end: to}
	text := p.src[p.toks[from].pos:p.toks[to-1].end]
	if yy < 0 {
		p.refs = append(p.refs, cable.Reference{Label: p.label, Text: text, Kind: cable.RefOther})
		return
	}
	start := len(p.ids)
	p.ids = append(p.ids, byte('0'+yy/10), byte('0'+yy%10))
	p.ids = append(p.ids, station...)
	p.ids = appendInt(p.ids, serial)
	id := p.ids[start:]
	if string(id) == p.self || p.seen(id) {
		p.ids = p.ids[:start]
		return
	}
	p.spans = append(p.spans, idSpan{int32(len(p.refs)), int32(start), int32(len(p.ids))})
	p.refs = append(p.refs, cable.Reference{Label: p.label, Text: text, Kind: cable.RefCable})
}

// seen reports whether id is already among the emitted ids.
func (p *refParser) seen(id []byte) bool {
	for _, s := range p.spans {
		if string(p.ids[s.start:s.end]) == string(id) {
			return true
		}
	}
	return false
}

// finish turns the id buffer into strings: one allocation for all ids.
func (p *refParser) finish() []cable.Reference {
	all := string(p.ids)
	for _, s := range p.spans {
		p.refs[s.ref].ID = all[s.start:s.end]
	}
	return p.refs
}

func appendInt(dst []byte, n int) []byte {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return append(dst, b[i:]...)
}

// kindOf guesses what tokens [from, to] name from their words.
func (p *refParser) kindOf(from, to int) cable.RefKind {
	for i := from; i <= to; i++ {
		t := p.toks[i]
		if t.kind != tokWord {
			continue
		}
		for _, k := range refKindWords {
			if p.wordIn(t, k.words...) {
				return k.kind
			}
		}
	}
	return cable.RefOther
}

// refKindWords are the words that tell what a non-cable reference is.
// E-MAIL is read as the word MAIL after E and a hyphen.
var refKindWords = [...]struct {
	kind  cable.RefKind
	words []string
}{
	{cable.RefEmail, []string{"EMAIL", "EMAILS", "MAIL", "MAILS", "EMAILED"}},
	{cable.RefTelcon, []string{"TELCON", "TELCONS", "TELECON", "TELECONS", "TELECONFERENCE", "TELEPHONE", "PHONE", "PHONECON"}},
	{cable.RefMemo, []string{"MEMO", "MEMOS", "MEMORANDUM", "MEMCON", "MEMCONS"}},
	{cable.RefReport, []string{"REPORT", "REPORTS", "OSC", "IIR", "TD", "INCSR", "FBIS", "SITREP"}},
}

// isFiller reports whether word t says nothing on its own: "AND PREVIOUS",
// "(NOTAL)", or handling words of a classification line caught in the block.
func (p *refParser) isFiller(t token) bool {
	return p.wordIn(t, "AND", "PREVIOUS", "PREVIOUSLY", "NOTAL", "OTHERS", "ALL",
		"RELATED", "ETC", "PROGRAM", "UNCLASSIFIED", "UNCLAS", "CONFIDENTIAL",
		"SECRET", "SENSITIVE", "BUT", "SBU", "SIPDIS", "NOFORN", "PLEASE",
		"HANDLE", "ACCORDINGLY", "PROTECT", "FOR", "OFFICIAL", "USE", "ONLY")
}

// The lexer cuts a block into words, numbers and punctuation. It mends the
// typing slips of the corpus as it goes: a zero among letters is the letter
// O (0TTAWA, COTON0U, SANTIAG0), a letter O before digits is a zero (O4,
// LAGOS O1512), and letters glued to digits are split (BEIJING5237,
// 09CAIRO0561, 2005PANAMA2342).

type tokKind uint8

const (
	tokWord  tokKind = iota + 1 // letters, with apostrophes inside (N'DJAMENA)
	tokNum                      // digits
	tokPunct                    // one ASCII punctuation byte, in c
	tokOther                    // one non-ASCII rune: ¶, ’, …
)

type token struct {
	pos, end int32 // the token is src[pos:end]
	kind     tokKind
	c        byte // the byte of a tokPunct
	bol      bool // first on its line, a ¶ before it aside
	para     bool // a blank line precedes it
	glued    bool // no space before it
}

func lexRefs(s string, toks []token) []token {
	nl, blank, prevEnd := true, false, -1
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\n':
			blank = blank || nl
			nl = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '\\' && i+1 < len(s) && s[i+1] == 'n':
			// A literal \n: a line break escaped by whoever quoted the cable.
			blank = blank || nl
			nl = true
			i += 2
			continue
		}
		bol := nl
		if n := len(toks); !nl && n > 0 && toks[n-1].kind == tokOther && toks[n-1].bol {
			bol = true // ¶1.
		}
		glued, n0 := i == prevEnd, len(toks)
		j := i + 1
		switch {
		case isAlnum(c):
			j = runEnd(s, i)
			toks = appendRun(toks, s, i, j, glued, bol)
		case c < utf8.RuneSelf:
			toks = append(toks, token{pos: int32(i), end: int32(j), kind: tokPunct, c: c, bol: bol, glued: glued})
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			j = i + size
			toks = append(toks, token{pos: int32(i), end: int32(j), kind: tokOther, bol: bol, glued: glued})
		}
		toks[n0].para = blank && n0 > 0
		nl, blank, prevEnd, i = false, false, j, j
	}
	return toks
}

// runEnd returns the end of the letters and digits starting at s[i]; an
// apostrophe between two letters stays inside.
func runEnd(s string, i int) int {
	j := i + 1
	for j < len(s) && (isAlnum(s[j]) || s[j] == '\'' && isLetter(s[j-1]) && j+1 < len(s) && isLetter(s[j+1])) {
		j++
	}
	return j
}

// appendRun splits the run s[i:j] into words and numbers.
func appendRun(toks []token, s string, i, j int, glued, bol bool) []token {
	for k := i; k < j; {
		letter := runLetterAt(s, i, j, k)
		e := k + 1
		for e < j && runLetterAt(s, i, j, e) == letter {
			e++
		}
		kind := tokNum
		if letter {
			kind = tokWord
		}
		toks = append(toks, token{pos: int32(k), end: int32(e), kind: kind, bol: bol && k == i, glued: glued || k > i})
		k = e
	}
	return toks
}

// runLetterAt reports whether byte k of the run s[i:j] reads as a letter.
func runLetterAt(s string, i, j, k int) bool {
	switch c := s[k]; {
	case c == '0':
		prevL := k > i && isLetter(s[k-1])
		nextL := k+1 < j && isLetter(s[k+1])
		return nextL && (prevL || k == i) || prevL && k+1 == j
	case c == 'O' || c == 'o':
		return k != i || k+1 == j || !allDigits(s[k+1:j])
	case c == '\'':
		return true
	default:
		return isLetter(c)
	}
}

func isAlnum(c byte) bool { return isLetter(c) || isDigit(c) }

// text returns the source text of token t.
func (p *refParser) text(t token) string { return p.src[t.pos:t.end] }

// wordIn reports whether t is a word equal, ignoring case, to one of words.
func (p *refParser) wordIn(t token, words ...string) bool {
	if t.kind != tokWord {
		return false
	}
	s := p.text(t)
	for _, w := range words {
		if len(w) == len(s) && upperEqual(s, w) {
			return true
		}
	}
	return false
}

// upperEqual reports whether s equals the upper-case w, ignoring the case of s
// and reading a zero in s as O.
func upperEqual(s, w string) bool {
	for k := 0; k < len(s); k++ {
		c := s[k]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		} else if c == '0' {
			c = 'O'
		}
		if c != w[k] {
			return false
		}
	}
	return true
}

// num returns the value and digit count of number token t (an O reads as 0).
func (p *refParser) num(t token) (v, digits int) {
	s := p.text(t)
	for k := 0; k < len(s) && k < 9; k++ {
		if d := s[k]; d >= '0' && d <= '9' {
			v = v*10 + int(d-'0')
		} else {
			v *= 10
		}
	}
	return v, len(s)
}

// at returns token i, or a zero token past the end.
func (p *refParser) at(i int) token {
	if i < 0 || i >= len(p.toks) {
		return token{}
	}
	return p.toks[i]
}

func (p *refParser) isPunct(i int, c byte) bool {
	t := p.at(i)
	return t.kind == tokPunct && t.c == c
}

// keyword skips a REF keyword at token i: REF, REFS, REF(S), REFTEL(S),
// REFERENCE(S), with a colon or period after it. Keywords also appear inside
// lists ("A. REF A:", "REF: REFERENCE:").
func (p *refParser) keyword(i int) (int, bool) {
	if !p.isKeyword(i) {
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

func (p *refParser) isKeyword(i int) bool {
	return p.wordIn(p.at(i), "REF", "REFS", "REFTEL", "REFTELS", "REFERENCE", "REFERENCES")
}

// bullet reads a bullet at token i and makes it the current label: (A),
// [A], (1), A., A), A:, A.), "A -", or a bare letter before a reference
// (Ref: A Montreal 365, B Ottawa 406). Letters must follow in order, so the
// initials of "E-mails J. Speaks" are not bullets.
func (p *refParser) bullet(i int) (int, bool) {
	t := p.at(i)
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
	if t.glued && p.at(i-1).kind == tokWord || t.glued && p.at(i-1).kind == tokNum && l != p.letter+1 {
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
		return j, p.setLetter(l, t.bol)
	case next.kind == tokPunct && next.c == '-' && !next.glued && !p.at(i+2).glued:
		return i + 2, p.setLetter(l, t.bol)
	case (next.kind == tokWord || next.kind == tokNum) && !next.glued && p.bareBulletContext(i):
		return i + 1, p.setLetter(l, false)
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
		return i + 3, p.setLetter(toUpper(p.src[in.pos]), true)
	case in.kind == tokNum && in.end-in.pos <= 2:
		v, _ := p.num(in)
		if v != p.number && v != p.number+1 {
			return 0, false
		}
		p.endSegment()
		p.number, p.label = v, p.text(in)
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
// part of (PORT A 76), and is not inside parentheses.
func (p *refParser) bareBulletContext(i int) bool {
	if p.seg.depth > 0 {
		return false
	}
	prev := p.at(i - 1)
	return i == 0 || prev.kind != tokWord || p.isKeyword(i-1)
}

// setLetter makes l the current bullet if it may follow the previous one:
// the first is A; then the same letter again (A. A) STATE …) or the next
// one, or, for a bullet opening a line, one skipped.
func (p *refParser) setLetter(l byte, strong bool) bool {
	ok := p.letter == 0 && l == 'A' ||
		p.letter != 0 && (l == p.letter || l == p.letter+1 || strong && l == p.letter+2)
	if !ok || l < 'A' || l > 'Z' {
		return false
	}
	p.endSegment()
	p.letter = l
	p.label = bulletLetters[l-'A' : l-'A'+1]
	return true
}

const bulletLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// cableRef reads a cable reference at token i: an optional year, a station,
// an optional infix (#, :, (C), (01), CABLES), a serial and an optional
// year suffix.
func (p *refParser) cableRef(i int) (int, bool) {
	if p.wordIn(p.at(i-1), notCableWords...) {
		return 0, false // INCSR BRAZIL 2008
	}
	j, yy := p.yearPrefix(i)
	st, k, yy, ok := p.stationSerial(j, yy)
	if !ok {
		return 0, false
	}
	serial, _ := p.num(p.at(k))
	end, suffix := p.yearSuffix(k + 1)
	if suffix >= 0 {
		yy = suffix
	}
	if yy < 0 {
		yy = p.yy
	}
	p.emit(i, end, st, yy, serial)
	return end, true
}

// notCableWords name documents whose numbers look like cable serials
// after a station: INCSR BRAZIL 2008, UNSCR 1737, 9 FAM 41.
var notCableWords = []string{"INCSR", "OSC", "IIR", "FAM", "FAH", "UNSCR",
	"RESOLUTION", "PARA", "PARAS", "PARAGRAPH", "PAGE", "REPORT", "TD"}

// yearPrefix reads a year before a station: 06, 2007, 094, (99), '08, 10-.
// It returns the token after it and the two-digit year, or i and -1.
func (p *refParser) yearPrefix(i int) (int, int) {
	t := p.at(i)
	switch {
	case t.kind == tokNum:
		yy := p.yearOf(t)
		if yy < 0 {
			return i, -1
		}
		if p.isPunct(i+1, '-') && p.at(i+1).glued && p.at(i+2).glued {
			return i + 2, yy // 10-OTTAWA-57
		}
		return i + 1, yy
	case t.kind == tokPunct && t.c == '(' && p.isPunct(i+2, ')'):
		if yy := p.yearOf(p.at(i + 1)); yy >= 0 && p.at(i+1).kind == tokNum {
			return i + 3, yy
		}
	case t.kind == tokPunct && t.c == '\'' && p.at(i+1).kind == tokNum && p.at(i+1).glued:
		if yy := p.yearOf(p.at(i + 1)); yy >= 0 {
			return i + 2, yy
		}
	}
	return i, -1
}

// isYear reports whether t is a four-digit year of the corpus' span, which
// a lone number on a bullet (¶C. 2006) more likely is than a serial.
func (p *refParser) isYear(t token) bool {
	v, d := p.num(t)
	return d == 4 && v >= 1960 && v <= 2030
}

// yearOf returns the two-digit year number token t stands for: 07, 2007,
// or 094 (read as 94); -1 if it is no year.
func (p *refParser) yearOf(t token) int {
	if t.kind != tokNum {
		return -1
	}
	v, d := p.num(t)
	switch {
	case d == 2:
		return v
	case d == 4 && v >= 1940 && v < 2040:
		return v % 100
	case d == 3 && p.src[t.pos] == '0':
		return v
	}
	return -1
}

// stationSerial reads the station words at token j and what separates
// them from the serial, trying the longest station first (USUN NEW YORK
// before USUN). It returns the canonical station, the index of the serial
// token and the year, updated if the infix gave one.
func (p *refParser) stationSerial(j, yy int) (string, int, int, bool) {
	var idx [4]int
	n := p.wordRun(j, &idx)
	var buf [48]byte
	for k := n; k > 0; k-- {
		q, qyy := p.infix(idx[k-1]+1, yy)
		if !p.isSerial(q) {
			continue
		}
		if st, ok := lookupStation(p.stationKey(buf[:0], idx[:k])); ok {
			return st, q, qyy, true
		}
	}
	return "", 0, yy, false
}

// stationWords reads the longest station at token j, with no serial after
// it, and returns it with the index of the token after it.
func (p *refParser) stationWords(j int) (string, int, bool) {
	var idx [4]int
	n := p.wordRun(j, &idx)
	var buf [48]byte
	for k := n; k > 0; k-- {
		if st, ok := lookupStation(p.stationKey(buf[:0], idx[:k])); ok {
			return st, idx[k-1] + 1, true
		}
	}
	return "", 0, false
}

// wordRun stores in idx the indexes of up to four words from token j that
// may spell one station: words apart, across line breaks too (RIO \n DE
// JANEIRO), or joined by a hyphen (PORT-AU-PRINCE) or the period of ST.
// It returns how many.
func (p *refParser) wordRun(j int, idx *[4]int) int {
	n := 0
	for k := j; n < len(idx) && p.at(k).kind == tokWord; {
		idx[n] = k
		n++
		next := p.at(k + 1)
		switch {
		case next.kind == tokWord && !next.glued:
			k++
		case next.kind == tokPunct && next.c == '-' && next.glued && p.at(k+2).kind == tokWord && p.at(k+2).glued:
			k += 2
		case next.kind == tokPunct && next.c == '.' && p.wordIn(p.at(k), "ST") && p.at(k+2).kind == tokWord:
			k += 2
		default:
			return n
		}
	}
	return n
}

// stationKey appends the letters of the words at idx to dst.
func (p *refParser) stationKey(dst []byte, idx []int) []byte {
	for _, k := range idx {
		if len(dst) > maxStationKey {
			break
		}
		dst = appendWordKey(dst, p.text(p.toks[k]))
	}
	return dst
}

// infix skips what may stand between a station and its serial: '#', ':',
// '-', a comma before a serial of three or more digits (PRAGUE, 1228), a
// portion mark (KUWAIT (C)02293), a year (STATE (01) 201265) or the word
// CABLE(S), TEL, TELEGRAM or NO. It returns the next index and the year.
func (p *refParser) infix(k, yy int) (int, int) {
	for n := 0; n < 2; n++ {
		t := p.at(k)
		switch {
		case t.kind == tokPunct && (t.c == '#' || t.c == ':' || t.c == '-'):
			k++
		case t.kind == tokPunct && t.c == ',' && p.at(k+1).kind == tokNum && p.at(k+1).end-p.at(k+1).pos >= 3:
			k++
		case t.kind == tokPunct && t.c == '(' && p.isPunct(k+2, ')'):
			in := p.at(k + 1)
			if y := p.yearOf(in); y >= 0 {
				yy = y
			} else if !p.wordIn(in, "C", "S", "U", "SBU") {
				return k, yy
			}
			k += 3
		case p.wordIn(t, "CABLE", "CABLES", "TEL", "TELEGRAM", "NO"):
			k++
			if p.isPunct(k, '.') {
				k++
			}
		default:
			return k, yy
		}
	}
	return k, yy
}

// isSerial reports whether token k is a cable serial: one to seven digits
// (eight when zero-padded as in the classification line, STATE 00218123),
// not zero, not a date (2/22/08), a decimal (1.4), a DTG (301601Z), a
// section header or cut short ("SECSTATE 1...").
func (p *refParser) isSerial(k int) bool {
	t := p.at(k)
	if t.kind != tokNum || t.end-t.pos > 8 || t.end-t.pos == 8 && (p.src[t.pos] != '0' || p.isSectionHeader(k)) {
		return false
	}
	if v, _ := p.num(t); v == 0 {
		return false
	}
	if p.isPunct(k+1, '.') && p.at(k+1).glued && p.isPunct(k+2, '.') {
		return false
	}
	next, after := p.at(k+1), p.at(k+2)
	switch {
	case next.kind == tokWord && next.glued && (t.end-t.pos == 6 && p.wordIn(next, "Z") || p.wordIn(next, "TH", "ST", "ND", "RD")):
		return false // 301601Z, 9TH
	case next.kind == tokPunct && next.glued && after.kind == tokNum && after.glued:
		switch next.c {
		case '/':
			// 2/22/08 and 10/23 are dates; Kabul 692/317/274 a list,
			// PANAMA 00789/08 a serial and its year.
			return t.end-t.pos > 2 || after.end-after.pos > 2
		case '.', ':':
			return false
		}
	}
	return true
}

// yearSuffix reads a year after a serial: 4525-91, 00789/08, 701 (08),
// 0266 (2002), 07718 99. It returns the index after it and the two-digit
// year, or k and -1.
func (p *refParser) yearSuffix(k int) (int, int) {
	t, n := p.at(k), p.at(k+1)
	switch {
	case t.kind == tokPunct && (t.c == '-' || t.c == '/') && t.glued && n.kind == tokNum && n.glued && n.end-n.pos == 2:
		if after := p.at(k + 2); after.kind == tokPunct && after.glued && (after.c == '-' || after.c == '/') {
			return k, -1
		}
		return k + 2, p.yearOf(n)
	case t.kind == tokPunct && t.c == '(' && p.isPunct(k+2, ')') && n.kind == tokNum:
		if yy := p.yearOf(n); yy >= 0 {
			return k + 3, yy
		}
	case t.kind == tokNum && !t.glued && !t.bol && t.end-t.pos == 2:
		if after := p.at(k + 1); after.kind == 0 || after.bol || after.kind == tokPunct && (after.c == ',' || after.c == ';') {
			return k + 1, p.yearOf(t)
		}
	}
	return k, -1
}

// continued reads a serial that continues the last reference's station:
// after AND, & or / (BRASILIA 2799 AND 2764, Kabul 936/935), after a comma
// once such a list has begun or in a run of them (GUANGZHOU 11657 and
// 7743, 12155; MALABO 19, 21, 26), or alone at the start of an item (A.
// MANILA 2969 ¶B. 2962). One bare number after a comma is not enough:
// "State 188314, 259032" is too often two references of which the second
// lost its year.
func (p *refParser) continued(i int) (int, bool) {
	if p.last.station == "" {
		return 0, false
	}
	t, j := p.at(i), i+1
	switch {
	case p.last.end != i:
		if t.kind != tokNum || p.seg.first >= 0 || p.seg.cable || t.end-t.pos < 3 || !p.standsAlone(i) || p.isYear(t) {
			return 0, false
		}
		j = i
	case p.wordIn(t, "AND"), t.kind == tokPunct && t.c == '&':
	case t.kind == tokPunct && t.c == '/' && t.glued:
		if n := p.at(j); n.end-n.pos < 3 {
			return 0, false
		}
	case t.kind == tokPunct && t.c == ',' && (p.last.chain || p.isPunct(i+2, ',') && p.at(i+3).kind == tokNum):
	default:
		return 0, false
	}
	if !p.isSerial(j) || p.startsDatedRef(j) {
		return 0, false
	}
	serial, _ := p.num(p.at(j))
	end, suffix := p.yearSuffix(j + 1)
	yy := p.last.yy
	if suffix >= 0 {
		yy = suffix
	}
	p.emit(j, end, p.last.station, yy, serial)
	p.last.chain = true
	return end, true
}

// standsAlone reports whether number token i ends its item or line, as
// the serial in "¶B. 2962 AND PREVIOUS" does and the year in "¶F. 2004
// HUMAN RIGHTS REPORT" does not.
func (p *refParser) standsAlone(i int) bool {
	next := p.at(i + 1)
	return next.kind == 0 || next.bol || p.wordIn(next, "AND") ||
		next.kind == tokPunct && strings.IndexByte(",;(", next.c) >= 0
}

// startsCableRef reports whether a cable reference begins at token j.
func (p *refParser) startsCableRef(j int) bool {
	k, yy := p.yearPrefix(j)
	_, _, _, ok := p.stationSerial(k, yy)
	return ok
}

// startsDatedRef reports whether a year and a station begin at token j.
func (p *refParser) startsDatedRef(j int) bool {
	k, yy := p.yearPrefix(j)
	if yy < 0 {
		return false
	}
	_, _, _, ok := p.stationSerial(k, yy)
	return ok
}

// serialFirst reads a reference written serial first at the start of an
// item: "Ref: 870 Ulaanbaatar", "A) 377 KATHMANDU, B) …".
func (p *refParser) serialFirst(i int) (int, bool) {
	t := p.at(i)
	if t.kind != tokNum || p.seg.first >= 0 || p.seg.cable || t.end-t.pos < 3 || !p.isSerial(i) || p.isYear(t) {
		return 0, false
	}
	st, next, ok := p.stationWords(i + 1)
	if !ok || p.at(next).kind == tokNum || p.at(i+1).glued {
		return 0, false
	}
	v, _ := p.num(t)
	p.emit(i, next, st, p.yy, v)
	return next, true
}

// skipNoise handles what ends a block or is no part of it at token i. It
// returns stop at "Classified By", SUMMARY or a numbered paragraph. It skips
// page headers (PAGE 02 ROME 01196 01 OF 02 082030Z), section headers
// (TRIPOLI 00000402 001.2 OF 003) and a repeated header opened by a spaced
// classification (C O N F I D E N T I A L RIGA 000472 …) up to the next REF
// keyword, where the list starts again.
func (p *refParser) skipNoise(i int) (next int, stop bool) {
	t := p.at(i)
	switch t.kind {
	case tokWord:
		switch {
		case p.wordIn(t, "SUMMARY") || p.isClassifiedBy(i):
			return 0, true
		case p.spacedRun(i) >= 5 || p.isClassLine(i):
			return p.restart(i)
		case p.wordIn(t, "PAGE") && p.at(i+1).kind == tokNum:
			return p.pageHeaderEnd(i), false
		}
	case tokPunct:
		if k := p.truncationEnd(i); k > i {
			// The item was cut short: drop it, and go on where a repeated
			// header gives the list again, else after the dots.
			p.seg = segment{first: -1}
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

// sameLine reports whether tokens i to j are on one line.
func (p *refParser) sameLine(i, j int) bool {
	for k := i + 1; k <= j; k++ {
		if p.toks[k].bol {
			return false
		}
	}
	return true
}

// isClassLine reports whether a classification line repeated from a later
// page starts at token i: "UNCLAS SECTION 01 OF 02 MOSCOW 002428",
// "SECRET ROME 001234".
func (p *refParser) isClassLine(i int) bool {
	if !p.wordIn(p.at(i), "UNCLAS", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET") || p.at(i+1).bol {
		return false
	}
	if p.wordIn(p.at(i+1), "SECTION") {
		return true
	}
	_, k, _, ok := p.stationSerial(i+1, -1)
	return ok && p.at(k).end-p.at(k).pos == 6 && p.src[p.at(k).pos] == '0'
}

// restart skips from token i to the next REF field, where a repeated
// header gives the list again, or stops when there is none before the
// text proper begins.
func (p *refParser) restart(i int) (int, bool) {
	for k := i; k < len(p.toks); k++ {
		if p.isClassifiedBy(k) || p.isParagraph(k) || p.wordIn(p.at(k), "SUMMARY") {
			break
		}
		if p.isKeyword(k) && (p.toks[k].bol || p.isPunct(k+1, ':') || p.isPunct(k+1, '(')) {
			p.endSegment()
			p.letter, p.label, p.number = 0, "", 0
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
	for p.isPunct(k, '.') && (k == i || p.at(k).glued) {
		k++
	}
	if n := k - i; n < 2 || n < 3 && !p.at(i).glued || k < len(p.toks) && !p.toks[k].bol {
		return i
	}
	return k
}

// isClassifiedBy reports whether "Classified By" (or the corpus' misspelt
// "Classiied By") starts at token i.
func (p *refParser) isClassifiedBy(i int) bool {
	s := p.text(p.at(i))
	if len(s) < 8 || !(upperEqual(s[:8], "CLASSIFI") || upperEqual(s[:7], "CLASSII")) {
		return false
	}
	return p.wordIn(p.at(i+1), "BY")
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
	if t.bol {
		return true
	}
	return p.isPunct(i+2, '(') && p.wordIn(p.at(i+3), "U", "C", "S", "SBU", "TS")
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

// pageHeaderEnd returns the index after a page header starting at token i:
// after its DTG (082030Z), else at the start of the next line.
func (p *refParser) pageHeaderEnd(i int) int {
	for k := i + 1; k < len(p.toks); k++ {
		t := p.toks[k]
		if t.bol {
			return k
		}
		if t.kind == tokNum && t.end-t.pos == 6 && p.wordIn(p.at(k+1), "Z") && p.at(k+1).glued {
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
		p.at(k+2).kind == tokNum && p.wordIn(p.at(k+3), "OF") && p.at(k+4).kind == tokNum
}
