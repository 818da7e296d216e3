package cabletext

import (
	"strings"
	"unicode/utf8"
)

// foldSpace turns runs of white space, line breaks included, into one
// space.
func foldSpace(s string) string {
	// Whether it folds depends on the white space inside s only, not on
	// a line break at its end.
	t := trimSpace(s)
	for i := 0; i < len(t); i++ {
		if c := t[i]; c >= utf8.RuneSelf || asciiSpace[c] && (c != ' ' || t[i+1] == ' ') {
			return joinFields(t) // (t does not end in a space)
		}
	}
	return t
}

// joinFields returns strings.Join(strings.Fields(s), " ") with one
// allocation, splitting ASCII text itself.
func joinFields(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	var b strings.Builder
	for i := 0; ; {
		for i < len(s) && asciiSpace[s[i]] {
			i++
		}
		if i == len(s) {
			return b.String()
		}
		j := i
		for j < len(s) && !asciiSpace[s[j]] {
			j++
		}
		if b.Len() == 0 {
			b.Grow(len(s) - i)
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:j])
		i = j
	}
}
