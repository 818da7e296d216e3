package cabletext

import (
	"strings"
	"unicode/utf8"
)

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
