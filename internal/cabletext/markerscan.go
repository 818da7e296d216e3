package cabletext

import "strings"

// The header walk calls bodyMarker on every header line, so finding the
// first marker of a line is a one-pass scan that tests each byte only for
// what a marker anchored at it needs; the markers themselves are in
// marker.go.

// firstMarker returns the offset of the first body marker in line, or -1,
// in one pass, since the header walk calls this on every header line. Each
// byte is first tested for what every marker anchored at it needs, with the
// common cases inline; markerAt then tests the markers themselves.
func firstMarker(line string) int {
	for i := 0; i < len(line); i++ {
		// Most bytes are letters inside words: skip them in a tight loop.
		for i < len(line) && markerClass[line[i]] <= mcLetter {
			i++
		}
		if i == len(line) {
			break
		}
		c := line[i]
		switch markerClass[c] {
		case mcSpace:
			// A plain letter standing alone before the space starts a
			// letter-spaced word (keyword letters are tested at their
			// own offset).
			if i == 0 || markerClass[line[i-1]] != mcLetter || i >= 2 && isLetter(line[i-2]) {
				continue
			}
			if k := markerAt(line, i-1); k >= 0 {
				return k
			}
			continue
		case mcKeyLetter:
			// A marker starts at a single letter or at the first two
			// letters of one of markerAt's keywords.
			next := byte(' ')
			if i+1 < len(line) {
				next = line[i+1]
			}
			single := next == ' ' && (i == 0 || !isLetter(line[i-1]))
			if !single && !keywordPair(c, next) {
				continue
			}
		case mcDigit:
			e := digitRunEnd(line, i)
			if k := digitRunMarker(line, i, e); k != -2 {
				if k >= 0 {
					return k
				}
				i = e - 1 // no marker is anchored in the run
				continue
			}
		}
		if k := markerAt(line, i); k >= 0 {
			return k
		}
	}
	// A plain letter standing alone at the end.
	if n := len(line); n > 0 && markerClass[line[n-1]] == mcLetter && (n == 1 || !isLetter(line[n-2])) {
		return markerAt(line, n-1)
	}
	return -1
}

// Classes of bytes for firstMarker.
const (
	mcNone      = iota
	mcLetter    // a letter that starts no keyword
	mcKeyLetter // the first letter of one of markerAt's keywords
	mcDigit
	mcAngle // '<', of "<<2006"
	mcSpace // ' ', after a letter that may stand alone
)

// markerClass gives each byte its class for firstMarker.
var markerClass = [256]uint8{'<': mcAngle, ' ': mcSpace,
	'0': mcDigit, '1': mcDigit, '2': mcDigit, '3': mcDigit, '4': mcDigit,
	'5': mcDigit, '6': mcDigit, '7': mcDigit, '8': mcDigit, '9': mcDigit,
	'A': mcLetter, 'B': mcLetter, 'C': mcKeyLetter, 'D': mcLetter, 'E': mcLetter, 'F': mcLetter,
	'G': mcLetter, 'H': mcLetter, 'I': mcKeyLetter, 'J': mcLetter, 'K': mcLetter, 'L': mcLetter,
	'M': mcLetter, 'N': mcKeyLetter, 'O': mcLetter, 'P': mcLetter, 'Q': mcLetter, 'R': mcLetter,
	'S': mcKeyLetter, 'T': mcLetter, 'U': mcLetter, 'V': mcLetter, 'W': mcLetter, 'X': mcLetter,
	'Y': mcLetter, 'Z': mcLetter,
	'a': mcLetter, 'b': mcLetter, 'c': mcLetter, 'd': mcKeyLetter, 'e': mcLetter, 'f': mcLetter,
	'g': mcLetter, 'h': mcLetter, 'i': mcKeyLetter, 'j': mcLetter, 'k': mcLetter, 'l': mcLetter,
	'm': mcLetter, 'n': mcLetter, 'o': mcLetter, 'p': mcLetter, 'q': mcLetter, 'r': mcLetter,
	's': mcLetter, 't': mcLetter, 'u': mcLetter, 'v': mcLetter, 'w': mcLetter, 'x': mcLetter,
	'y': mcLetter, 'z': mcLetter,
}

// keywordPair reports whether c and next are the first two bytes of one of
// markerAt's keywords: NCLAS, SIPDIS, Sipdis, SECRET, Cable dated,
// CLASSIFICATION, C ONFIDENTIAL, CONFIDENTIAL, (Fri)day, id:, ID:.
func keywordPair(c, next byte) bool {
	switch uint16(c)<<8 | uint16(next) {
	case 'N'<<8 | 'C', 'S'<<8 | 'I', 'S'<<8 | 'i', 'S'<<8 | 'E',
		'C'<<8 | 'a', 'C'<<8 | 'L', 'C'<<8 | ' ', 'C'<<8 | 'O',
		'd'<<8 | 'a', 'i'<<8 | 'd', 'I'<<8 | 'D':
		return true
	}
	return false
}

// digitRunEnd returns the end of the run of digits at line[i].
func digitRunEnd(line string, i int) int {
	for i < len(line) && isDigit(line[i]) {
		i++
	}
	return i
}

// digitRunMarker tests the run of digits line[i:e] for markers, reading
// what markerAt needs after the digits: a cables.csv row needs a ',' (any
// offset with five digits on), a ':' (the last two offsets) or a capital
// (two digits before it, "09STATE…") after its digits (isRecordStart); a
// pasted record's date a '-' (isDateTime) and a slashed date a '/'
// (slashDateAt), both at the run's start. It returns the marker's offset,
// -1 when there is none in the run, or -2 when markerAt must test each
// digit.
func digitRunMarker(line string, i, e int) int {
	if e >= len(line) {
		return -1
	}
	switch c := line[e]; {
	case c == ',' || c == ':':
		return -2
	case c == '-' || c == '/':
		return markerAt(line, i)
	case isUpper(c) && e-2 >= i:
		return markerAt(line, e-2)
	}
	return -1
}

// markerAt reports whether a body marker is anchored at line[i], and
// returns where it starts (earlier than i for markers whose first letters
// the archive glued to the text before), or -1.
func markerAt(line string, i int) int {
	c, rest := line[i], line[i:]
	switch {
	case isLetter(c) && isSingleLetter(line, i):
		if spacedClassOpens(rest) {
			return extendSpacedStartAt(line, i)
		}
	case isDigit(c):
		record := isRecordStart(line, i)
		if i > 0 && isDigit(line[i-1]) && !record {
			return -1
		}
		if record {
			if i > 0 && line[i-1] == ' ' && recordMCN(rest) {
				return i + 4
			}
			return i
		}
		if isDateTime(rest) {
			return backOverRecordID(line, i)
		}
		if slashDateAt(rest) > 0 && (i == 0 || !isDigit(line[i-1])) {
			return i
		}
		return -1
	}
	switch c {
	case 'N':
		if strings.HasPrefix(rest, "NCLAS") {
			if i > 0 && line[i-1] == 'U' {
				return i - 1
			}
			return i
		}
	case 'S':
		if strings.HasPrefix(rest, "SIPDIS") || strings.HasPrefix(rest, "Sipdis") ||
			strings.HasPrefix(rest, "SECRET ") && plainClassAt(rest) == 0 {
			return i
		}
	case 'C':
		if strings.HasPrefix(rest, "Cable dated:") || strings.HasPrefix(rest, "CLASSIFICATION:") ||
			strings.HasPrefix(rest, "C ONFIDENTIAL") || strings.HasPrefix(rest, "CONFIDENTIAL ") && plainClassAt(rest) == 0 {
			return i
		}
	case 'd':
		if k := weekdayEndingAt(line, i); k >= 0 {
			return k
		}
	case 'i', 'I':
		// recordIDAt finds the first of several openings anywhere in
		// rest; it can only answer 0 when one opens rest.
		if recordIDOpens(rest) && recordIDAt(rest) == 0 {
			return i
		}
	case '<':
		if len(rest) > 2 && rest[1] == '<' && isDigit(rest[2]) {
			return i
		}
	}
	return -1
}

// recordIDOpens reports whether s opens with one of recordIDAt's openings
// and a digit.
func recordIDOpens(s string) bool {
	switch {
	case strings.HasPrefix(s, "id: "), strings.HasPrefix(s, "ID: "):
		return len(s) > 4 && isDigit(s[4])
	case strings.HasPrefix(s, "ID:"):
		return len(s) > 3 && isDigit(s[3])
	}
	return false
}

// maxSpacedBackUp is the furthest extendSpacedStart moves a run's start
// back: over a space, the letters of the word glued to the text before it
// (at most eight, "CONFIDEN" of "CONFIDEN T I A L", "UNCLASSI" of
// "UNCLASSI F I E D") and a doubled first letter.
const maxSpacedBackUp = 1 + 8 + 1

// spacedClassOpens reports whether spacedClassAt(s) == 0. It reads the runs
// spacedClassAt reads, in the same way, but only those that start within
// maxSpacedBackUp of s's start: a run further on cannot be moved back to 0.
func spacedClassOpens(s string) bool {
	for i := 0; i < len(s) && i <= maxSpacedBackUp; i++ {
		if !isSingleLetter(s, i) {
			continue
		}
		j, spelled := i, make([]byte, 0, 16)
		for j < len(s) && isSingleLetter(s, j) {
			spelled = append(spelled, toUpper(s[j]))
			j += 2
		}
		if len(spelled) < 4 || !isClassSpelling(string(spelled)) {
			i = j
			continue
		}
		return extendSpacedStart(s, i, string(spelled)) == 0
	}
	return false
}
