package cabletext

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// setSubject stores the subject, folded onto one line, with its own
// portion mark split off: "(C) NEW GOVERNMENT" or "NEW GOVERNMENT (C)".
// Character references ("&#8217;") are decoded and "US- LATIN", which
// wrapping made of "US-LATIN", is mended.
func (p *parser) setSubject(s string) {
	t := &p.c.Text
	if t.Subject != "" {
		return
	}
	stationWords := countFields(t.Class.Station)
	s = s[:subjectEndIn(s, stationWords)]
	if strings.Contains(s, "\n"+pilcrow) {
		s = strings.ReplaceAll(s, "\n"+pilcrow, "\n") // "SEPTEMBER \n¶2006."
	}
	s = foldSpace(strings.ReplaceAll(s, "\\", ""))
	s = mendSubject(s)
	s = endSubject(s, stationWords)
	if strings.HasPrefix(s, "(") {
		if k := strings.IndexByte(s, ')'); k > 1 && isSubjectMark(s[1:k]) {
			t.SubjectMark, s = s[1:k], trimSpace(s[k+1:])
		}
	}
	if strings.HasSuffix(s, ")") {
		if k := strings.LastIndexByte(s, '('); k >= 0 && isSubjectMark(s[k+1:len(s)-1]) {
			if t.SubjectMark == "" {
				t.SubjectMark = s[k+1 : len(s)-1]
			}
			s = trimSpace(s[:k])
		}
	}
	t.Subject = s
}

// endSubject takes off the colons that open the cleaned subject s (the
// canonical writer's "SUBJECT: " would take them) and cuts it where
// subjectEndIn ends it. What the cleaning made of the subject may end
// sooner than the text it came from: "---\\-" is the rule "----" once
// the backslash is gone, and "&#45;---" once the reference is decoded.
// The subject ends there, as it does when the canonical telegram is read.
func endSubject(s string, stationWords int) string {
	for {
		for strings.HasPrefix(s, ":") {
			s = trimSpace(s[1:])
		}
		k := subjectEndIn(s, stationWords)
		if k == len(s) {
			return s
		}
		s = trimSpace(s[:k])
	}
}

// isSubjectMark reports whether the parenthesised m is a portion mark
// ("C", "C/NF", "SBU") rather than a tasking code that ends many subjects,
// "(C-NE5-00868)".
func isSubjectMark(m string) bool {
	return isPortionMark(m) && strings.IndexFunc(m, func(r rune) bool { return r >= '0' && r <= '9' }) < 0
}

// mendSubject decodes numeric character references ("&#8217;" is "’")
// and closes the space wrapping left after "US-" ("US- LATIN AMERICAN").
// What it makes of s reads back as itself: references are decoded until
// none is left ("&#38;#65;" is "&#65;" and then "A"), a backslash they
// give goes as setSubject's do ("&#92;"), and white space they or a
// "<br>" leave is folded ("&#09;", "A&#10;B") before a "US- " is closed.
func mendSubject(s string) string {
	if strings.Contains(s, "&#") {
		for {
			d := strings.ReplaceAll(decodeCharRefs(s), "\\", "") // shorter, or s
			if d == s {
				break
			}
			s = d
		}
		s = foldSpace(s)
	}
	if strings.Contains(s, "<br>") {
		s = foldSpace(strings.ReplaceAll(s, "<br>", " "))
	}
	if strings.Contains(s, "US- ") {
		s = strings.ReplaceAll(s, "US- ", "US-")
	}
	return s
}

// decodeCharRefs replaces the numeric character references "&#NNN;" and
// "&#xHH;" of s by the characters.
func decodeCharRefs(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.Index(s, "&#")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], ';')
		if j < 0 || j > 10 {
			b.WriteString("&#")
			s = s[i+2:]
			continue
		}
		num := s[i+2 : i+j]
		base := 10
		if len(num) > 1 && (num[0] == 'x' || num[0] == 'X') {
			num, base = num[1:], 16
		}
		r, err := strconv.ParseUint(num, base, 32)
		if err != nil || !utf8.ValidRune(rune(r)) || r == 0 {
			b.WriteString(s[i : i+j+1])
		} else {
			b.WriteRune(rune(r))
		}
		s = s[i+j+1:]
	}
}

// subjectEnd returns where a subject's text ends within s, the text the
// preamble scanner collected for it (up to a blank line or the next field
// keyword at a line start). Damaged cables run other text on, which ends
// it as it ends cablemap's subject:
//   - a letter-spaced classification, "C O N F I D E N T I A L";
//   - "SENSITIVE BUT UNCLASSIFIED";
//   - a reference block, "REF:", "REFS:", "REF(S):", even glued on
//     ("UK PRIMEREF: A. LONDON 1939");
//   - the classification authority, "Classified By:", even glued on
//     ("TO CAIROClassified By: …");
//   - a numbered paragraph with a mark, "1. (S) …", or "1. Summary";
//   - a section marker, "PRETORIA 00000954 001.2 OF 004", "ROME 0001 003.2 OF",
//     at a line's start or run onto the subject;
//   - "SUMMARY" starting a later line;
//   - a dashed rule, "-----";
//   - a page header, "PAGE 02 HARARE …";
//   - "This is an Action request", and a line starting "Friday".
func subjectEnd(s string) int {
	return subjectEndIn(s, 0)
}

// subjectEndIn is subjectEnd for a cable whose station is written in
// stationWords words ("NEW DELHI" is 2; 0 when unknown), which a section
// marker run onto the subject starts with.
func subjectEndIn(s string, stationWords int) int {
	lineStart, later := true, false // at a line's start; past the first line
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' {
			lineStart, later = true, true
			continue
		}
		if lineStart && (c == ' ' || c == '\t' || c == '\\') {
			continue
		}
		start := lineStart
		lineStart = false
		wordStart := i == 0 || !isLetter(s[i-1]) && !isDigit(s[i-1])
		if !start {
			// Inside a word only "C O N", a glued Classified By, a
			// glued REF: and a rule end a subject; elsewhere only the
			// bytes of subjectEndByte do.
			if !wordStart {
				if !midWordEnd(s, i) {
					continue
				}
			} else if !subjectEndByte[c] {
				continue
			}
		}
		switch c {
		case 'C':
			// Classified By starts "CONFIDENTIAL - ENTIRE TEXT" or
			// "CLASSIFIED" (classifiedByAt).
			if strings.HasPrefix(s[i:], "C O N") ||
				(hasPrefixFold(s[i:], "CO") || hasPrefixFold(s[i:], "CL")) && classifiedByAt(s[i:]) > 0 {
				return i
			}
		case 'c':
			if wordStart && classifiedByAt(s[i:]) > 0 {
				return i
			}
		case 'S', 's':
			if wordStart && (strings.HasPrefix(s[i:], "S E C R E T") || hasPrefixFold(s[i:], "SENSITIVE BUT") ||
				hasPrefixFold(s[i:], "SENSTIVE BUT")) {
				return i
			}
			if start && later && hasPrefixFold(s[i:], "SUMMARY") && (i+7 == len(s) || !isLetter(s[i+7])) {
				return i // "Summary" on a line of its own after the subject
			}
		case 'R':
			if strings.HasPrefix(s[i:], "REF:") || strings.HasPrefix(s[i:], "REFS:") || strings.HasPrefix(s[i:], "REF(S):") ||
				wordStart && (strings.HasPrefix(s[i:], "Ref:") || strings.HasPrefix(s[i:], "Refs:")) {
				return i
			}
		case '-':
			if strings.HasPrefix(s[i:], "----") {
				return i
			}
		case 'P':
			if wordStart && strings.HasPrefix(s[i:], "PAGE ") && i+5 < len(s) && isDigit(s[i+5]) {
				return i
			}
		case 'T', 't':
			if wordStart && hasPrefixFold(s[i:], "THIS IS AN ACTION REQ") {
				return i
			}
		case 'F':
			if start && strings.HasPrefix(s[i:], "Friday") {
				return i
			}
		}
		if isDigit(c) && wordStart {
			if numberedStart(s[i:]) {
				return i
			}
			if k := runOnMarker(s, i, stationWords); k >= 0 {
				return k
			}
		}
		if start && isUpper(c) && isSectionMarker(s[i:]) {
			return i
		}
	}
	return len(s)
}

// midWordEnd reports whether s[i], inside a word, can start one of the ends
// subjectEndIn finds there: "C O N", Classified By ("CO", "CL"), "REF:",
// "REFS:", "REF(S):" and "----".
func midWordEnd(s string, i int) bool {
	if i+1 >= len(s) {
		return false
	}
	switch next := s[i+1]; s[i] {
	case 'C':
		return next == ' ' || next == 'O' || next == 'o' || next == 'L' || next == 'l'
	case 'R':
		return next == 'E'
	case '-':
		return next == '-'
	}
	return false
}

// subjectEndByte holds the bytes at which subjectEndIn looks for an end
// inside a line (at a line's start it looks at every byte).
var subjectEndByte = [256]bool{'C': true, 'c': true, 'S': true, 's': true, 'R': true, '-': true, 'P': true,
	'T': true, 't': true, 'F': true,
	'0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true, '7': true, '8': true, '9': true}

// numberedStart reports whether s starts a numbered paragraph with a mark
// or a summary: "1. (S) …", "2.  (C/NF) …", "1. Summary", "1. SUMMARY".
func numberedStart(s string) bool {
	i := 0
	for i < len(s) && i < 3 && isDigit(s[i]) {
		i++
	}
	if i == 0 || i >= len(s) || s[i] != '.' {
		return false
	}
	i++
	for i < len(s) && s[i] == ' ' {
		i++
	}
	rest := s[i:]
	if hasPrefixFold(rest, "SUMMARY") {
		return true
	}
	if len(rest) < 3 || rest[0] != '(' {
		return false
	}
	k := strings.IndexByte(rest, ')')
	return k > 1 && k < 16 && looksLikeMark(rest[1:k])
}

// runOnMarker reports whether the number at s[i:] is the serial of a
// section marker run onto the subject ("… DAMAGES AWARD TRIPOLI 00000036
// 001.2 OF 003") and returns where the marker starts, with its station's
// words, or -1.
func runOnMarker(s string, i, stationWords int) int {
	if i < 2 || s[i-1] != ' ' || !isUpper(s[i-2]) {
		return -1
	}
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j-i < 4 || j >= len(s) || s[j] != ' ' {
		return -1
	}
	for j < len(s) && s[j] == ' ' {
		j++
	}
	k := j
	for k < len(s) && (isDigit(s[k]) || s[k] == '.') {
		k++
	}
	if k-j < 3 {
		return -1
	}
	for k < len(s) && s[k] == ' ' {
		k++
	}
	if !strings.HasPrefix(s[k:], "OF") || (k+2 < len(s) && isLetter(s[k+2])) {
		return -1
	}
	// Back over the station's words.
	start := i - 1
	for w := 0; w < max(stationWords, 1); w++ {
		e := start
		for e > 0 && s[e-1] == ' ' {
			e--
		}
		b := e
		for b > 0 && isUpper(s[b-1]) {
			b--
		}
		if b == e || (b > 0 && s[b-1] != ' ' && s[b-1] != '\n') {
			break
		}
		start = b
	}
	if start == i-1 {
		return -1
	}
	return start
}

// isSectionMarker reports whether s starts the section marker that the
// archive's copies print at page tops: "PRETORIA 00000954 001.2 OF 004",
// "ROME 0001 003.2 OF", "SAO PAULO 00000123 002 OF 003".
func isSectionMarker(s string) bool {
	i, words := 0, 0
	for words < 4 {
		j := i
		for j < len(s) && isUpper(s[j]) {
			j++
		}
		if j == i || j >= len(s) || s[j] != ' ' {
			break
		}
		words++
		i = j
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	if words == 0 {
		return false
	}
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j-i < 3 {
		return false
	}
	for j < len(s) && s[j] == ' ' {
		j++
	}
	k := j
	for k < len(s) && (isDigit(s[k]) || s[k] == '.') {
		k++
	}
	if k-j < 3 {
		return false
	}
	for k < len(s) && s[k] == ' ' {
		k++
	}
	return strings.HasPrefix(s[k:], "OF")
}
