package cabletext

import "strings"

// The scanning helpers below work on strings that share the source's memory,
// so slicing a field out of a cable allocates nothing. The reader never uses
// regular expressions: it must keep up with the disk (see bench).

// nextLine returns the line of s starting at i (without its '\n') and the
// index just past it.
func nextLine(s string, i int) (line string, next int) {
	j := strings.IndexByte(s[i:], '\n')
	if j < 0 {
		return s[i:], len(s)
	}
	return s[i : i+j], i + j + 1
}

func isUpper(b byte) bool { return b >= 'A' && b <= 'Z' }
func isLower(b byte) bool { return b >= 'a' && b <= 'z' }
func isLetter(b byte) bool {
	return isUpper(b) || isLower(b)
}
func isDigit(b byte) bool { return b >= '0' && b <= '9' }
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
	return trimRight(trimLeft(s))
}

func trimLeft(s string) string {
	for len(s) > 0 {
		if isSpace(s[0]) || s[0] == '\n' {
			s = s[1:]
			continue
		}
		if n := wideSpace(s); n > 0 {
			s = s[n:]
			continue
		}
		break
	}
	return s
}

func trimRight(s string) string {
	for len(s) > 0 {
		c := s[len(s)-1]
		if isSpace(c) || c == '\n' {
			s = s[:len(s)-1]
			continue
		}
		if n := wideSpaceSuffix(s); n > 0 {
			s = s[:len(s)-n]
			continue
		}
		break
	}
	return s
}

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

// isBlank reports whether a line holds only white space.
func isBlank(s string) bool { return trimSpace(s) == "" }

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
