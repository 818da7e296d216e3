package cabletext

import "strings"

// Paragraphs are found in two passes. The first collects every line that
// could open a numbered paragraph ("1. (S) …", "¶2.(S/REL CHINA)",
// "3) (C) …"). The second keeps the chain of candidates that best reads as
// one numbered sequence: the seed's "¶6. NOTE THAT THESE POINTS…" after
// paragraph 1 is a wrapped line, not paragraph 6, because 2 to 8 follow.

// candidate is a line that could open a numbered paragraph.
type candidate struct {
	num     int
	off     int // offset of the line in the text scanned
	line    int // 1-based line number
	textOff int // offset of the text after number and mark
	mark    string
	blank   bool // preceded by a blank line or the start of the text
}

// weight scores a candidate: a portion mark and a blank line before it make
// a real paragraph more likely than a numbered list item.
func (c candidate) weight() float64 {
	w := 1.0
	if c.mark != "" {
		w += 0.5
	}
	if c.blank {
		w += 0.25
	}
	return w
}

// paragraphCandidate reads a candidate at the start of line, whose offset
// is off. It returns ok=false when the line does not open a paragraph.
func paragraphCandidate(line string, off int) (candidate, bool) {
	s := line
	skip := 0
	for skip < len(s) && skip < maxNumberIndent {
		if isIndent(s[skip]) {
			skip++
		} else if n := wideSpace(s[skip:]); n > 0 {
			skip += n
		} else {
			break
		}
	}
	s = s[skip:]
	// The archive's '¶', and any more of them with white space between
	// and after: cleanText drops them all at a text's start, so "¶¶1)"
	// is read as the "1)" it is written as.
	for strings.HasPrefix(s, pilcrow) {
		n := len(pilcrow)
		for n < len(s) {
			if w := wideSpace(s[n:]); w > 0 {
				n += w
			} else if isIndent(s[n]) {
				n++
			} else {
				break
			}
		}
		s, skip = s[n:], skip+n
	}
	d := leadingDigits(s)
	if d == 0 || d > 3 || d >= len(s) || (s[d] != '.' && s[d] != ')') {
		return candidate{}, false
	}
	num := atoi(s[:d])
	i := d + 1
	if num == 0 || (i < len(s) && isDigit(s[i])) {
		return candidate{}, false // "1.5 MILLION", "2.3" sub-numbering
	}
	c := candidate{num: num, off: off}
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i < len(s) && s[i] == '(' {
		if k := strings.IndexByte(s[i:], ')'); k > 1 && k < 48 && isPortionMark(s[i+1:i+k]) {
			c.mark = s[i+1 : i+k]
			i += k + 1
			for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
				i++
			}
		}
	}
	c.textOff = off + skip + i
	return c, true
}

// maxNumberIndent is how many bytes of indent a paragraph's number may
// have (candidates looks no further either).
const maxNumberIndent = 6

// isIndent reports whether c is white space that may indent a paragraph's
// number: a space or tab, or the control characters trimSpace takes for
// white space too (the canonical writer trims them off a text's start, as
// it does the wide spaces of wideSpace).
func isIndent(c byte) bool {
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'
}

// looksLikeMark reports whether the text inside parentheses starts with a
// classification level or control, so that "(1)" or "(the Minister)" is
// not taken for a portion mark. Whether the mark can be read is the marking
// package's business.
func looksLikeMark(s string) bool {
	end := 0
	for end < len(s) && isLetter(s[end]) {
		end++
	}
	if end == 0 || (end < len(s) && s[end] != '/' && s[end] != ' ' && s[end] != '-' && s[end] != '\\') {
		return false
	}
	switch strings.ToUpper(s[:end]) {
	case "U", "C", "S", "TS", "SBU", "FOUO", "UNCLASSIFIED", "UNCLAS", "CONFIDENTIAL", "SECRET", "SECERT", "NF", "LOU":
		return true
	}
	return false
}

// chain picks the candidates that form the best numbered sequence. Numbers
// must increase; each skipped number costs one candidate's worth, so a
// stray "6." is dropped when 2, 3, 4, 5 follow, but a real gap in the
// numbering (1, 2, 4) is kept.
//
// It keeps the chain in cs, in order, and returns it.
func chain(cs []candidate) []candidate {
	if len(cs) == 0 {
		return nil
	}
	const maxGap = 12
	var scoreBuf [64]float64
	var prevBuf [64]int
	score, prev := scoreBuf[:0], prevBuf[:0]
	if len(cs) > len(scoreBuf) {
		score, prev = make([]float64, 0, len(cs)), make([]int, 0, len(cs))
	}
	score, prev = score[:len(cs)], prev[:len(cs)]
	var bestAt [1000]int32 // number → 1 + index of the best chain ending with it
	top := -1
	for i, c := range cs {
		w := c.weight()
		score[i], prev[i] = w-float64(c.num-1), -1
		for v := c.num - 1; v >= max(1, c.num-maxGap); v-- {
			j := int(bestAt[v]) - 1
			if j < 0 {
				continue
			}
			if s := score[j] + w - float64(c.num-v-1); s > score[i] {
				score[i], prev[i] = s, j
			}
		}
		if j := int(bestAt[c.num]) - 1; j < 0 || score[i] > score[j] {
			bestAt[c.num] = int32(i + 1)
		}
		if top < 0 || score[i] > score[top] {
			top = i
		}
	}
	// Move each link of the chain down to its place, first link first:
	// link k comes from an index at or after k, which no earlier move
	// has written.
	n := 0
	for i := top; i >= 0; i = prev[i] {
		n++
	}
	var idxBuf [64]int
	idx := idxBuf[:0]
	if n > len(idxBuf) {
		idx = make([]int, 0, n)
	}
	idx = idx[:n]
	k := n
	for i := top; i >= 0; i = prev[i] {
		k--
		idx[k] = i
	}
	for k, i := range idx {
		cs[k] = cs[i]
	}
	return cs[:n]
}
