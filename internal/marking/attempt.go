package marking

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// LooksLikeMark reports whether s, the text inside parentheses where a
// portion mark goes (after a paragraph number, after SUBJECT:, at the
// start of a line), is a portion mark — readable or not — rather than
// words in parentheses. It says yes to:
//
//   - a mark whose first word is a level or control: S, TS, SECRET, SBU,
//     NF… ("(S)", "(C/REL UK)", "(U//FOUO)");
//   - a mark [ReadMark] reads, tolerantly or not ("(T/S)", "(TSNF)",
//     "(TS:NF)", "(TOP-SECRET)", a Cyrillic "(ТS)");
//   - one that names a level or NOFORN in any way ("(T0P SECRET)",
//     "(Secret-ish)"), or is capitals and slashes ("(X//BAD)", "(N/SF)",
//     "(/Rel UK)"), or one short capitalised word that begins as TS, S, C
//     or NOFORN do ("(SE)", "(SU)", "(NC)", "(TSSCI)"): marks nobody can
//     read, which the reader must still take for marks so that their
//     portions are withheld (MARKINGS.md §2, fail closed) rather than
//     left as text under another portion's marking.
//
// Headings in parentheses are not marks: "(Iran)", "(U.S.)", "(UN)",
// "(Economic)", "(1)".
func LooksLikeMark(s string) bool {
	if len(s) == 0 || len(s) > 64 || strings.ContainsAny(s, "()") {
		return false
	}
	if knownFirstWord(s) {
		return true
	}
	if _, _, err := ReadMark(s); err == nil {
		return true
	}
	if namesLevel(s) {
		return true
	}
	if strings.ContainsAny(s, "0123456789") {
		return false
	}
	return capsAndSlashes(s) || shortCapsWord(s)
}

// namesLevel reports whether one of the words of s, its runs of letters
// in capitals with look-alikes made Latin, is a classification level or
// NOFORN: "T0P SECRET", "Top-Secret/NF", but not "Secretary".
func namesLevel(s string) bool {
	words := strings.FieldsFunc(strings.ToUpper(latinLookalikes(s)), func(r rune) bool { return r < 'A' || r > 'Z' })
	for _, w := range words {
		switch w {
		case "SECRET", "SECERT", "TOPSECRET", "CONFIDENTIAL", "NOFORN", "UNCLAS", "UNCLASSIFIED":
			return true
		}
	}
	return false
}

// knownFirstWord reports whether s starts with a level or control word,
// in any case, followed by a separator or nothing.
func knownFirstWord(s string) bool {
	end := 0
	for end < len(s) && isLetterByte(s[end]) {
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

// capsAndSlashes reports whether s holds a slash and its words are in
// capitals or are controls written in mixed case (Rel, Noforn).
func capsAndSlashes(s string) bool {
	if !strings.Contains(s, "/") {
		return false
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ' ' || r == ',' })
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		switch strings.ToUpper(w) {
		case "REL", "TO", "NF", "NOFORN", "RELEASABLE":
			continue
		}
		if !allCaps(w) {
			return false
		}
	}
	return true
}

// shortCapsWord reports whether s is one short word in capitals that
// begins as a level or NOFORN does: two or three letters, (SE), (SU),
// (NC), or up to six that begin TS, (TSSCI). Longer words are acronyms,
// (COMEX), (SEDENA).
func shortCapsWord(s string) bool {
	if strings.ContainsAny(s, " /,.") || len(s) < 2 || len(s) > 6 || !allCaps(s) {
		return false
	}
	return len(s) <= 3 && strings.IndexByte("TSCN", s[0]) >= 0 || strings.HasPrefix(s, "TS")
}

// claimsMark reports whether s, in parentheses inside a portion's text,
// claims to be a mark: one ReadMark reads, or one that names a level or
// control in capitals without digits ("(S//REL)", "(X//BAD)", "(T0P
// SECRET)"). Acronyms and codes that open a line, "(COMEX)", "(C-TN9-01015)",
// "(TIP)", do not: inside a portion, where the reader expects no mark,
// only a clear claim withholds the portion.
func claimsMark(s string) bool {
	if len(s) == 0 || len(s) > 64 || strings.ContainsAny(s, "()") {
		return false
	}
	if _, _, err := ReadMark(s); err == nil {
		return true
	}
	if strings.ToUpper(s) != s {
		return false // "(unclassified system)": words, not a mark
	}
	if namesLevel(s) {
		return true
	}
	if strings.ContainsAny(s, "0123456789") {
		return false
	}
	// A single slash is also how State writes office symbols (S/CT,
	// EUR/PRA): only a double one, or a control, claims a mark.
	return knownFirstWord(s) || strings.Contains(s, "//") || capsAndSlashes(s) && hasControlWord(s)
}

// hasControlWord reports whether one of the words of s is REL, NF or
// NOFORN.
func hasControlWord(s string) bool {
	for _, w := range strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool { return r == '/' || r == ' ' || r == ',' }) {
		if w == "REL" || w == "NF" || w == "NOFORN" {
			return true
		}
	}
	return false
}

// allCaps reports whether w is letters, all capitals.
func allCaps(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return utf8.ValidString(w)
}
