package index

// Porter's stemmer (M. F. Porter, "An algorithm for suffix stripping",
// 1980), written to give the stems FTS5's porter tokenizer gives, so that
// the engine and the FTS5 index agree while both exist. No Go stemmer
// library is served to this project. FTS5's version differs from a
// textbook reading in ways that change stems, and these are kept:
//
//   - only tokens of 3 to 64 bytes are stemmed;
//   - in steps 1b, 2, 3 and 4, the rules are chosen by the word's
//     next-to-last letter, and the first rule whose suffix matches (and is
//     shorter than the word) ends the step, whether its condition holds
//     or not;
//   - y is a vowel after a consonant, in every test (measure, *v*, *o).

// rule replaces suffix with out when the stem before it satisfies cond.
type rule struct {
	suffix, out string
	cond        func(stem []byte) bool
}

// minStem and maxStem bound the tokens that are stemmed, in bytes.
const (
	minStem = 3
	maxStem = 64
)

// Stem returns the Porter stem of a folded token, as FTS5 computes it.
func Stem(tok string) string {
	if len(tok) < minStem || len(tok) > maxStem {
		return tok
	}
	b := []byte(tok)
	b = step1a(b)
	if nb, ok := applyRules(b, step1b, true); ok {
		b = nb
		if nb, ok := applyRules(b, step1b2, false); ok {
			b = nb
		} else if c := b[len(b)-1]; len(b) > 1 && !isVowel(c, false) && c != 'l' && c != 's' && c != 'z' && c == b[len(b)-2] {
			b = b[:len(b)-1]
		} else if measureIs1(b) && endsCVC(b) {
			b = append(b, 'e')
		}
	} else {
		b = nb
	}
	if b[len(b)-1] == 'y' && hasVowel(b[:len(b)-1]) {
		b[len(b)-1] = 'i'
	}
	b, _ = applyRules(b, step2, false)
	b, _ = applyRules(b, step3, false)
	b, _ = applyRules(b, step4, false)
	if n := len(b); b[n-1] == 'e' && (measureGt1(b[:n-1]) || (measureIs1(b[:n-1]) && !endsCVC(b[:n-1]))) {
		b = b[:n-1]
	}
	if n := len(b); n > 1 && b[n-1] == 'l' && b[n-2] == 'l' && measureGt1(b[:n-1]) {
		b = b[:n-1]
	}
	return string(b)
}

// step1a removes plural endings: sses → ss, ies → i, s → "" (not after s).
func step1a(b []byte) []byte {
	n := len(b)
	switch {
	case b[n-1] != 's':
		return b
	case b[n-2] == 'e' && ((n > 4 && b[n-4] == 's' && b[n-3] == 's') || (n > 3 && b[n-3] == 'i')):
		return b[:n-2]
	case b[n-2] == 'e' || b[n-2] != 's':
		return b[:n-1]
	}
	return b
}

// applyRules applies the first rule of table, chosen by b's next-to-last
// letter, whose suffix b ends with, if its condition holds. It reports
// whether a rule was applied; with only "reports" rules (step 1b), a rule
// whose condition fails but whose replacement happened anyway does not
// count (eed → ee is not a "1b" success).
func applyRules(b []byte, table map[byte][]rule, signal bool) ([]byte, bool) {
	n := len(b)
	if n < 2 {
		return b, false
	}
	for _, r := range table[b[n-2]] {
		if n <= len(r.suffix) || string(b[n-len(r.suffix):]) != r.suffix {
			continue
		}
		stem := b[:n-len(r.suffix)]
		if r.cond != nil && !r.cond(stem) {
			return b, false
		}
		out := append(stem, r.out...)
		if signal && r.suffix == "eed" {
			return out, false
		}
		return out, true
	}
	return b, false
}

var step1b = map[byte][]rule{
	'e': {{"eed", "ee", measureGt0}, {"ed", "", hasVowel}},
	'n': {{"ing", "", hasVowel}},
}

var step1b2 = map[byte][]rule{
	'a': {{"at", "ate", nil}},
	'b': {{"bl", "ble", nil}},
	'i': {{"iz", "ize", nil}},
}

var step2 = map[byte][]rule{
	'a': {{"ational", "ate", measureGt0}, {"tional", "tion", measureGt0}},
	'c': {{"enci", "ence", measureGt0}, {"anci", "ance", measureGt0}},
	'e': {{"izer", "ize", measureGt0}},
	'g': {{"logi", "log", measureGt0}},
	'l': {{"bli", "ble", measureGt0}, {"alli", "al", measureGt0}, {"entli", "ent", measureGt0},
		{"eli", "e", measureGt0}, {"ousli", "ous", measureGt0}},
	'o': {{"ization", "ize", measureGt0}, {"ation", "ate", measureGt0}, {"ator", "ate", measureGt0}},
	's': {{"alism", "al", measureGt0}, {"iveness", "ive", measureGt0}, {"fulness", "ful", measureGt0},
		{"ousness", "ous", measureGt0}},
	't': {{"aliti", "al", measureGt0}, {"iviti", "ive", measureGt0}, {"biliti", "ble", measureGt0}},
}

var step3 = map[byte][]rule{
	'a': {{"ical", "ic", measureGt0}},
	's': {{"ness", "", measureGt0}},
	't': {{"icate", "ic", measureGt0}, {"iciti", "ic", measureGt0}},
	'u': {{"ful", "", measureGt0}},
	'v': {{"ative", "", measureGt0}},
	'z': {{"alize", "al", measureGt0}},
}

var step4 = map[byte][]rule{
	'a': {{"al", "", measureGt1}},
	'c': {{"ance", "", measureGt1}, {"ence", "", measureGt1}},
	'e': {{"er", "", measureGt1}},
	'i': {{"ic", "", measureGt1}},
	'l': {{"able", "", measureGt1}, {"ible", "", measureGt1}},
	'n': {{"ant", "", measureGt1}, {"ement", "", measureGt1}, {"ment", "", measureGt1}, {"ent", "", measureGt1}},
	'o': {{"ion", "", measureGt1EndsST}, {"ou", "", measureGt1}},
	's': {{"ism", "", measureGt1}},
	't': {{"ate", "", measureGt1}, {"iti", "", measureGt1}},
	'u': {{"ous", "", measureGt1}},
	'v': {{"ive", "", measureGt1}},
	'z': {{"ize", "", measureGt1}},
}

// isVowel reports whether c is a vowel; y is one after a consonant
// (prevCons).
func isVowel(c byte, prevCons bool) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || (prevCons && c == 'y')
}

// vcEnd returns the index just past the first vowel-consonant sequence
// of s (a "VC" of the measure), or 0 if it has none; prevCons says
// whether the letter before s is a consonant.
func vcEnd(s []byte, prevCons bool) int {
	cons := prevCons
	i := 0
	for ; i < len(s); i++ {
		if cons = !isVowel(s[i], cons); !cons {
			break
		}
	}
	for i++; i < len(s); i++ {
		if cons = !isVowel(s[i], cons); cons {
			return i + 1
		}
	}
	return 0
}

func measureGt0(s []byte) bool { return vcEnd(s, false) > 0 }

func measureGt1(s []byte) bool {
	n := vcEnd(s, false)
	return n > 0 && vcEnd(s[n:], true) > 0
}

func measureIs1(s []byte) bool {
	n := vcEnd(s, false)
	return n > 0 && vcEnd(s[n:], true) == 0
}

func measureGt1EndsST(s []byte) bool {
	return len(s) > 0 && (s[len(s)-1] == 's' || s[len(s)-1] == 't') && measureGt1(s)
}

// hasVowel is Porter's *v*: the stem holds a vowel.
func hasVowel(s []byte) bool {
	for i := range s {
		if isVowel(s[i], i > 0) {
			return true
		}
	}
	return false
}

// endsCVC is Porter's *o: the stem ends consonant, vowel, consonant, the
// last not w, x or y.
func endsCVC(s []byte) bool {
	n := len(s)
	if n == 0 || s[n-1] == 'w' || s[n-1] == 'x' || s[n-1] == 'y' {
		return false
	}
	mask, cons := 0, false
	for i := range s {
		cons = !isVowel(s[i], cons)
		mask <<= 1
		if cons {
			mask |= 1
		}
	}
	return mask&7 == 5
}
