package cabletext

// This file is about cable ids: their canonical form, and how one is read
// from the words a drafter wrote, down to the lexer that mends their typing
// slips. It runs past 400 lines because the lexer and the id grammar are
// one piece; the REF list around them is in reference.go.

import (
	"strings"
	"unicode/utf8"
)

// CanonicalID returns the canonical form of a cable reference id: two-digit
// year, canonical station, serial without leading zeros. It follows
// cablemap's rules, so that an id read from an archive and a reference to the
// same cable written by hand in another cable come out equal:
//
//   - ids WikiLeaks published malformed or invalid are looked up first
//     (08SCTION02OF02SAOPAULO335 is 08SAOPAULO335, 09EFTOLONDON2468 is
//     09LONDON2468);
//   - USMISSION, AMEMBASSY and EMBASSY are removed from the station
//     (05EMBASSYVIENNA1 is 05VIENNA1);
//   - the station goes through the alias table (RIO and RIODEJAN are
//     RIODEJANEIRO, HAGUE is THEHAGUE, SECSTATE is STATE, PARISFR is
//     UNESCOPARISFR), with hyphens dropped and a zero among letters read as
//     the letter O (PORT-OF-SPAIN, 0TTAWA);
//   - leading zeros of the serial are dropped.
//
// A station that is not known is kept as written (05EMBASSYBLABLA1 is
// 05BLABLA1). An id that does not have the shape year, station, serial is
// returned unchanged. CanonicalID is idempotent.
func CanonicalID(id string) string {
	if fixed, ok := fixedIDs[id]; ok {
		return fixed
	}
	if len(id) < 4 || !isDigit(id[0]) || !isDigit(id[1]) {
		return id
	}
	i := 2
	for i < len(id) && isIDStationByte(id, i) {
		i++
	}
	if i == 2 || i == len(id) || !allDigits(id[i:]) {
		return id
	}
	var buf [48]byte
	key := appendWordKey(buf[:0], id[2:i])
	station, ok := lookupStation(key)
	if !ok {
		station = string(stripOffices(key))
	}
	serial := strings.TrimLeft(id[i:], "0")
	if serial == "" {
		serial = "0"
	}
	return id[:2] + station + serial
}

// isIDStationByte reports whether byte i of id belongs to its station: a
// letter, a hyphen, or a zero followed by a letter (0TTAWA, COTON0U) — a
// zero before digits starts the serial.
func isIDStationByte(id string, i int) bool {
	c := id[i]
	if isLetter(c) || c == '-' {
		return true
	}
	return c == '0' && i+1 < len(id) && isLetter(id[i+1])
}

// lookupStation returns the canonical station for key, an upper-case
// station name without spaces or hyphens, if key is a known station or
// alias once an office word before it is removed. key is not retained.
func lookupStation(key []byte) (string, bool) {
	key = stripOffices(key)
	if len(key) < 2 || len(key) > maxStationKey {
		return "", false
	}
	st, ok := stationIndex[string(key)] // no allocation: the compiler reuses key
	return st, ok
}

// maxStationKey is the longest key worth looking up: the longest station or
// alias (CDCATLANTAGAUSA, BANDARSERIBEGAWAN) with room to spare.
const maxStationKey = 24

// officePrefixes are words cablemap removes from stations: a reference to
// "EMBASSY VIENNA 1450" or an id 09AMEMBASSYHANOI1234 names Vienna and Hanoi.
// AMCONSUL is ours, for "AMCONSUL SAO PAULO 123".
var officePrefixes = [...]string{"USMISSION", "AMEMBASSY", "EMBASSY", "AMCONSUL"}

// stripOffices removes a leading office word from key. It never removes the
// whole key.
func stripOffices(key []byte) []byte {
	for _, p := range officePrefixes {
		if len(key) > len(p) && string(key[:len(p)]) == p {
			return key[len(p):]
		}
	}
	return key
}

// stationIndex maps every known station to itself and every alias to its
// station. It is built once from the tables in stations.go and never
// written afterwards.
var stationIndex = buildStationIndex()

func buildStationIndex() map[string]string {
	m := make(map[string]string, len(knownStations)+len(stationAliases))
	for _, s := range knownStations {
		m[s] = s
	}
	for alias, s := range stationAliases {
		m[alias] = s
	}
	return m
}

// appendWordKey appends the letters of s to dst as a station key: upper
// case, a zero read as the letter O, apostrophes and hyphens dropped
// (N'DJAMENA, PORT-AU-PRINCE).
func appendWordKey(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		case c == '0':
			c = 'O'
		case c == '\'' || c == '-':
			continue
		}
		dst = append(dst, c)
	}
	return dst
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

// token is a word, a number or a punctuation mark of a block, with what
// the grammar needs to know about the space before it.
type token struct {
	pos, end int32 // the token is src[pos:end]
	kind     tokKind
	class    uint8 // for a word, its wordClass
	c        byte  // the byte of a tokPunct
	bol      bool  // first on its line, a ¶ before it aside
	para     bool  // a blank line precedes it
	glued    bool  // no space before it
}

// isFiller reports whether word t says nothing on its own: "AND
// PREVIOUS", "(NOTAL)", or a handling word of a classification line caught
// in the block.
func (t token) isFiller() bool {
	return t.class == wFiller || t.class == wClass || t.class == wAnd || t.class == wMark
}

// lexRefs appends the tokens of s to toks. It stops after a word or number
// where the grammar is sure to stop too (SUMMARY, Classified By, a number
// opening a line before a period), so a block handed over with the text
// after it costs little more than the block.
func lexRefs(s string, toks []token) []token {
	nl, blank, prevEnd := true, false, -1
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\n':
			blank, nl = blank || nl, true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '\\' && i+1 < len(s) && s[i+1] == 'n':
			// A literal \n: a line break escaped by whoever quoted the cable.
			blank, nl = blank || nl, true
			i += 2
			continue
		}
		t := token{pos: int32(i), bol: nl, glued: i == prevEnd, para: blank && len(toks) > 0}
		if n := len(toks); !nl && n > 0 && toks[n-1].kind == tokOther && toks[n-1].bol {
			t.bol = true // ¶1.
		}
		j := i + 1
		switch {
		case isLetter(c) || isDigit(c):
			digits := 0
			for j = i; j < len(s); j++ {
				if c := s[j]; isDigit(c) {
					digits++
				} else if !isLetter(c) && !(c == '\'' && j > i && isLetter(s[j-1]) && j+1 < len(s) && isLetter(s[j+1])) {
					break
				}
			}
			t.end = int32(j)
			switch digits {
			case 0:
				t.kind, t.class = tokWord, wordClass(s[i:j])
				toks = append(toks, t)
				if n := len(toks); t.class == wSummary || t.class == wBy && n > 1 && toks[n-2].class == wClassified {
					return toks
				}
			case j - i:
				t.kind = tokNum
				toks = append(toks, t)
				if t.bol && j-i <= 2 && j+1 < len(s) && s[j] == '.' && !isDigit(s[j+1]) {
					return append(toks, token{pos: int32(j), end: int32(j + 1), kind: tokPunct, c: '.', glued: true}) // ¶1.
				}
			default:
				toks = appendMixedRun(toks, s, j, t)
			}
		case c < utf8.RuneSelf:
			t.end, t.kind, t.c = int32(j), tokPunct, c
			toks = append(toks, t)
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			j = i + size
			t.end, t.kind = int32(j), tokOther
			toks = append(toks, t)
		}
		nl, blank, prevEnd, i = false, false, j, j
	}
	return toks
}

// appendMixedRun appends the run s[t.pos:j] of letters and digits as the
// words and numbers it splits into.
func appendMixedRun(toks []token, s string, j int, t token) []token {
	i := int(t.pos)
	for k := i; k < j; {
		letter := runLetterAt(s, i, j, k)
		e := k + 1
		for e < j && runLetterAt(s, i, j, e) == letter {
			e++
		}
		t.pos, t.end, t.kind, t.class = int32(k), int32(e), tokNum, wOther
		if letter {
			t.kind, t.class = tokWord, wordClass(s[k:e])
		}
		toks = append(toks, t)
		t.bol, t.para, t.glued = false, false, true
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
	default:
		return !isDigit(c)
	}
}

// Word classes: the words the grammar asks about, sorted once per word by
// the lexer.
const (
	wOther      uint8 = iota
	wKeyword          // REF, REFS, REFTEL(S), REFERENCE(S)
	wAnd              // AND
	wFiller           // PREVIOUS, NOTAL, PLEASE, …: nothing on their own
	wClass            // UNCLAS, UNCLASSIFIED, CONFIDENTIAL, SECRET
	wMark             // U, C, S, SBU, TS: portion marks
	wNotCable         // INCSR, OSC, UNSCR, …: the number after is no serial
	wInfix            // CABLE(S), TEL, TELEGRAM, NO: may precede a serial
	wClassified       // CLASSIFIED, and the corpus' CLASSIIED
	wBy               // BY
	wSummary          // SUMMARY
	wPage             // PAGE
	wSection          // SECTION
	wOf               // OF
	wZ                // Z, of a DTG
	wST               // ST: ST. PETERSBURG, or the ordinal 1ST
	wOrdinal          // TH, ND, RD
)

// wordClass returns the class of word w, ignoring case. Most words are
// none of these, and wordClassHint tells so without a lookup.
func wordClass(w string) uint8 {
	if len(w) >= len(wordClassHint) || !isLetter(w[0]) || wordClassHint[len(w)]&(1<<(toUpper(w[0])-'A')) == 0 {
		return wOther
	}
	var b [16]byte
	for i := 0; i < len(w); i++ {
		b[i] = toUpper(w[i])
	}
	return wordClasses[string(b[:len(w)])]
}

// wordClasses lists the words of each class.
var wordClasses = map[string]uint8{
	"REF": wKeyword, "REFS": wKeyword, "REFTEL": wKeyword, "REFTELS": wKeyword,
	"REFERENCE": wKeyword, "REFERENCES": wKeyword,
	"AND":      wAnd,
	"PREVIOUS": wFiller, "PREVIOUSLY": wFiller, "NOTAL": wFiller, "OTHERS": wFiller,
	"ALL": wFiller, "RELATED": wFiller, "ETC": wFiller, "PROGRAM": wFiller,
	"SENSITIVE": wFiller, "BUT": wFiller, "SIPDIS": wFiller, "NOFORN": wFiller,
	"PLEASE": wFiller, "HANDLE": wFiller, "ACCORDINGLY": wFiller, "PROTECT": wFiller,
	"FOR": wFiller, "OFFICIAL": wFiller, "USE": wFiller, "ONLY": wFiller,
	"UNCLAS": wClass, "UNCLASSIFIED": wClass, "CONFIDENTIAL": wClass, "SECRET": wClass,
	"U": wMark, "C": wMark, "S": wMark, "SBU": wMark, "TS": wMark,
	"INCSR": wNotCable, "OSC": wNotCable, "IIR": wNotCable, "FAM": wNotCable,
	"FAH": wNotCable, "UNSCR": wNotCable, "RESOLUTION": wNotCable, "PARA": wNotCable,
	"PARAS": wNotCable, "PARAGRAPH": wNotCable, "REPORT": wNotCable, "TD": wNotCable,
	"CABLE": wInfix, "CABLES": wInfix, "TEL": wInfix, "TELEGRAM": wInfix, "NO": wInfix,
	"CLASSIFIED": wClassified, "CLASSIIED": wClassified,
	"BY": wBy, "SUMMARY": wSummary, "PAGE": wPage, "SECTION": wSection, "OF": wOf,
	"Z": wZ, "ST": wST, "TH": wOrdinal, "ND": wOrdinal, "RD": wOrdinal,
}

// wordClassHint has, for each word length, a bit for each first letter
// of the words in wordClasses. It is built once and never written after.
var wordClassHint = buildWordClassHint()

func buildWordClassHint() (hint [16]uint32) {
	for w := range wordClasses {
		hint[len(w)] |= 1 << (w[0] - 'A')
	}
	return hint
}

// text returns the source text of token t.
func (p *refParser) text(t token) string { return p.src[t.pos:t.end] }

// wordIn reports whether t is a word equal, ignoring case, to one of words
// (upper case).
func (p *refParser) wordIn(t token, words ...string) bool {
	if t.kind != tokWord {
		return false
	}
	s := p.text(t)
	for _, w := range words {
		if len(w) == len(s) && strings.EqualFold(s, w) {
			return true
		}
	}
	return false
}

// num returns the value and digit count of number token t (an O reads as
// 0); values past nine digits are not needed and not exact.
func (p *refParser) num(t token) (v, digits int) {
	s := p.text(t)
	for k := 0; k < len(s) && k < 9; k++ {
		v *= 10
		if d := s[k]; d >= '0' && d <= '9' {
			v += int(d - '0')
		}
	}
	return v, len(s)
}

// at returns token i, or a zero token outside the block.
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

// The methods below read a cable id the way a drafter writes it in a
// reference: an optional year, a station of one to four words, what may
// stand between them, a serial and an optional year after it.

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
	case p.isPunct(i, '(') && p.isPunct(i+2, ')'):
		if yy := p.yearOf(p.at(i + 1)); yy >= 0 {
			return i + 3, yy
		}
	case p.isPunct(i, '\'') && p.at(i+1).glued:
		if yy := p.yearOf(p.at(i + 1)); yy >= 0 {
			return i + 2, yy
		}
	}
	return i, -1
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

// isYear reports whether t is a four-digit year of the corpus' span, which
// a lone number on a bullet (¶C. 2006) more likely is than a serial.
func (p *refParser) isYear(t token) bool {
	v, d := p.num(t)
	return t.kind == tokNum && d == 4 && v >= 1960 && v <= 2030
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
		case p.isPunct(k+1, '-') && next.glued && p.at(k+2).kind == tokWord && p.at(k+2).glued:
			k += 2
		case p.isPunct(k+1, '.') && p.at(k).class == wST && p.at(k+2).kind == tokWord:
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
			} else if in.class != wMark {
				return k, yy
			}
			k += 3
		case t.class == wInfix:
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
// not zero, not a date (2/22/08, 10/23), a decimal (1.4), a DTG (301601Z),
// an ordinal (9TH), a section header or cut short (SECSTATE 1...).
func (p *refParser) isSerial(k int) bool {
	t := p.at(k)
	d := int(t.end - t.pos)
	if t.kind != tokNum || d > 8 || d == 8 && (p.src[t.pos] != '0' || p.isSectionHeader(k)) {
		return false
	}
	if v, _ := p.num(t); v == 0 {
		return false
	}
	next, after := p.at(k+1), p.at(k+2)
	switch {
	case next.kind == tokWord && next.glued:
		return !(d == 6 && next.class == wZ || next.class == wST || next.class == wOrdinal)
	case next.kind == tokPunct && next.glued && after.kind == tokNum && after.glued:
		switch next.c {
		case '/':
			return d > 2 || after.end-after.pos > 2
		case '.', ':':
			return false
		}
	case next.kind == tokPunct && next.c == '.' && next.glued && p.isPunct(k+2, '.'):
		return false
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
	case p.isPunct(k, '(') && p.isPunct(k+2, ')'):
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
