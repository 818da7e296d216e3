package cabletext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The scanning helpers below work on strings that share the source's memory,
// so slicing a field out of a cable allocates nothing. The reader never uses
// regular expressions: it must keep up with the disk (see bench).

// nextLine returns the line of s starting at i (without its '\n') and the
// index just past it.
func nextLine(s string, i int) (line string, next int) {
	line = s[i:]
	if j := strings.IndexByte(line, '\n'); j >= 0 {
		return line[:j], i + j + 1
	}
	return line, len(s)
}

// The byte classes are single unsigned comparisons, so that they inline
// into the loops that test every byte.
func isUpper(b byte) bool  { return b-'A' < 26 }
func isLower(b byte) bool  { return b-'a' < 26 }
func isLetter(b byte) bool { return (b|0x20)-'a' < 26 } // |0x20 maps A-Z to a-z and no other byte into a-z
func isDigit(b byte) bool  { return b-'0' < 10 }
func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == '\v'
}

// toUpper upper-cases an ASCII byte.
func toUpper(b byte) byte {
	if isLower(b) {
		return b - 'a' + 'A'
	}
	return b
}

// hasPrefixFold reports whether s begins with prefix, ignoring ASCII case.
// prefix must be upper case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if toUpper(s[i]) != prefix[i] {
			return false
		}
	}
	return true
}

// indexFold returns the index of the first occurrence of the upper-case
// needle in s, ignoring ASCII case, or -1.
func indexFold(s, needle string) int {
	if needle == "" {
		return 0
	}
	first, rest := needle[0], needle[1:]
	lower := first
	if isUpper(first) {
		lower = first - 'A' + 'a'
	}
	for i := 0; i+len(needle) <= len(s); i++ {
		c := s[i]
		if c != first && c != lower {
			continue
		}
		if hasPrefixFold(s[i+1:], rest) {
			return i
		}
	}
	return -1
}

// trimSpace trims ASCII white space, and the no-break spaces and line
// separators the corpus carries, from both ends.
func trimSpace(s string) string {
	if len(s) > 0 && !spaceFirst[s[0]] && !spaceLast[s[len(s)-1]] {
		return s // most lines: nothing to trim, and no call
	}
	return trimRight(trimLeft(s))
}

// spaceFirst and spaceLast hold the bytes that white space trimSpace
// removes can start and end with: ASCII white space, and the first and
// last bytes of U+00A0 and U+2028.
var (
	spaceFirst = [256]bool{' ': true, '\t': true, '\r': true, '\f': true, '\v': true, '\n': true, 0xC2: true, 0xE2: true}
	spaceLast  = [256]bool{' ': true, '\t': true, '\r': true, '\f': true, '\v': true, '\n': true, 0xA0: true, 0xA8: true}
)

func trimLeft(s string) string {
	for len(s) > 0 {
		switch c := s[0]; {
		case asciiSpace[c]:
			s = s[1:]
		case c == 0xC2 || c == 0xE2:
			n := wideSpace(s)
			if n == 0 {
				return s
			}
			s = s[n:]
		default:
			return s
		}
	}
	return s
}

func trimRight(s string) string {
	for len(s) > 0 {
		switch c := s[len(s)-1]; {
		case asciiSpace[c]:
			s = s[:len(s)-1]
		case c == 0xA0 || c == 0xA8:
			n := wideSpaceSuffix(s)
			if n == 0 {
				return s
			}
			s = s[:len(s)-n]
		default:
			return s
		}
	}
	return s
}

// asciiSpace holds the ASCII white space that trimSpace removes: isSpace
// and '\n'.
var asciiSpace = [256]bool{' ': true, '\t': true, '\r': true, '\f': true, '\v': true, '\n': true}

// wideSpace returns the length of a leading U+00A0 (no-break space) or
// U+2028 (line separator), which the corpus uses as white space, or 0.
func wideSpace(s string) int {
	if len(s) >= 2 && s[0] == 0xC2 && s[1] == 0xA0 {
		return 2
	}
	if len(s) >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xA8 {
		return 3
	}
	return 0
}

func wideSpaceSuffix(s string) int {
	n := len(s)
	if n >= 2 && s[n-2] == 0xC2 && s[n-1] == 0xA0 {
		return 2
	}
	if n >= 3 && s[n-3] == 0xE2 && s[n-2] == 0x80 && s[n-1] == 0xA8 {
		return 3
	}
	return 0
}

// isBlank reports whether a line holds only white space. (When trimLeft
// leaves something, it starts with a byte that is no white space, so
// trimSpace would leave it too.)
func isBlank(s string) bool { return s == "" || spaceFirst[s[0]] && trimLeft(s) == "" }

// pilcrow is the '¶' that the archive's HTML generator put before lines
// starting "N." (FORMAT.md §4.8). It is never authoritative.
const pilcrow = "\u00b6"

// stripPilcrow removes a leading '¶'.
func stripPilcrow(s string) string {
	return strings.TrimPrefix(s, pilcrow)
}

// fields splits s on runs of white space.
func fields(s string) []string {
	return strings.Fields(s)
}

// trimRightSet is strings.TrimRight(s, set) for an ASCII set, without
// building the set on each call.
func trimRightSet(s, set string) string {
	for len(s) > 0 && inSet(set, s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// trimSet is strings.Trim(s, set) for an ASCII set.
func trimSet(s, set string) string {
	for len(s) > 0 && inSet(set, s[0]) {
		s = s[1:]
	}
	return trimRightSet(s, set)
}

// inSet reports whether c is one of the bytes of set.
func inSet(set string, c byte) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == c {
			return true
		}
	}
	return false
}

// indexSet is strings.IndexAny(s, set) for an ASCII set.
func indexSet(s, set string) int {
	for i := 0; i < len(s); i++ {
		if inSet(set, s[i]) {
			return i
		}
	}
	return -1
}

// appendFields appends the fields of s, split as strings.Fields splits
// them, to dst. Callers pass room on their stack, so that splitting a short
// line allocates nothing.
func appendFields(dst []string, s string) []string {
	for i := 0; ; {
		start, end := nextField(s, i)
		if start == end {
			return dst
		}
		dst = append(dst, s[start:end])
		i = end
	}
}

// countFields returns len(strings.Fields(s)) without allocating.
func countFields(s string) int {
	n := 0
	for i := 0; ; n++ {
		start, end := nextField(s, i)
		if start == end {
			return n
		}
		i = end
	}
}

// nextField returns the bounds of the first field of s at or after i, with
// white space as strings.Fields has it (unicode.IsSpace); start == end when
// there is none.
func nextField(s string, i int) (start, end int) {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !asciiSpace[c] {
				break
			}
			i++
			continue
		}
		space, w := spaceAt(s, i)
		if !space {
			break
		}
		i += w
	}
	start = i
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if asciiSpace[c] {
				break
			}
			i++
			continue
		}
		space, w := spaceAt(s, i)
		if space {
			break
		}
		i += w
	}
	return start, i
}

// spaceAt reports whether the rune at s[i] is white space, as
// unicode.IsSpace has it, and its width.
func spaceAt(s string, i int) (space bool, width int) {
	if c := s[i]; c < utf8.RuneSelf {
		return asciiSpace[c], 1
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r), w
}

// nextWord returns the first word of s (split on spaces and tabs) and the
// rest after it, without allocating; word is "" when none is left.
func nextWord(s string) (word, rest string) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	j := i
	for j < len(s) && s[j] != ' ' && s[j] != '\t' {
		j++
	}
	return s[i:j], s[j:]
}

// allDigits reports whether s is non-empty and all ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// allUpper reports whether s is non-empty and all ASCII upper-case letters.
func allUpper(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isUpper(s[i]) {
			return false
		}
	}
	return true
}

// lineCol returns the 1-based line and column of byte offset off in s.
// Columns count bytes, as go/scanner does.
func lineCol(s string, off int) (line, col int) {
	if off > len(s) {
		off = len(s)
	}
	line = 1 + strings.Count(s[:off], "\n")
	col = off - strings.LastIndexByte(s[:off], '\n')
	return line, col
}
