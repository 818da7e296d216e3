package cabletext

import (
	"strings"

	"github.com/cable/cable/internal/marking"
)

// isPortionMark reports whether m, the text inside the parentheses that
// follow a paragraph number or SUBJECT:, is a portion mark: one that
// looksLikeMark knows by its first word, or a mark attempt.
func isPortionMark(m string) bool {
	return looksLikeMark(m) || markAttempt(m)
}

// markAttempt reports whether m is written as portion marks are, though
// looksLikeMark does not know its first word: one package marking reads
// tolerantly ("T/S", "TSNF", "TS:"), or one in capitals and slashes that
// nobody can read ("X//BAD", "N/SF", "/Rel UK", "SE"). Such a mark must be
// taken for one, so that the portion is withheld as unreadable (fail
// closed, MARKINGS.md §2) rather than read as unmarked text, which would
// take the banner: a "(T/S)" paragraph in a SECRET cable must not reach a
// SECRET reader. Words in parentheses that are headings, "(Iran)",
// "(U.S.)", "(UN)", are not marks.
func markAttempt(m string) bool {
	if len(m) > 40 || strings.ContainsAny(m, "0123456789()") {
		return false
	}
	if _, _, err := marking.ReadMark(m); err == nil {
		return true
	}
	words := strings.FieldsFunc(m, func(r rune) bool { return r == '/' || r == ' ' || r == ',' })
	if len(words) == 0 {
		return false
	}
	if strings.Contains(m, "/") {
		for _, w := range words {
			if !allCaps(w) && !isControlWord(w) {
				return false
			}
		}
		return true
	}
	// One short word in capitals that begins as a level or NOFORN does:
	// the corpus's (SE), (SU), (SB), (NC).
	w := words[0]
	return len(words) == 1 && len(w) >= 2 && len(w) <= 3 && allCaps(w) && strings.IndexByte("TSCN", w[0]) >= 0
}

// allCaps reports whether w is letters, all capitals.
func allCaps(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return w != ""
}

// isControlWord reports whether w is a marking control as drafters write
// it in mixed case: Rel, Noforn, NF.
func isControlWord(w string) bool {
	switch strings.ToUpper(w) {
	case "REL", "TO", "NF", "NOFORN", "RELEASABLE":
		return true
	}
	return false
}
