package cabletext

// The words of a "Classified By" authority: initials, the keys that
// words are looked up by, and titles with their typing slips. The
// vocabulary itself is in classby_titles.go.

import "strings"

// isInitial reports whether w is an initial or a run of them: "E.",
// "W.S.", a lone capital, "0." (a zero typed for an O).
func isInitial(w string) bool {
	if len(w) == 1 {
		return isLetter(w[0])
	}
	for i := 0; i < len(w); i += 2 {
		c := w[i]
		if !isLetter(c) && c != '0' {
			return false
		}
		if i+1 >= len(w) || w[i+1] != '.' {
			return false
		}
	}
	return true
}

// normKey upper-cases a word for the vocabulary: digit zero typed for O
// becomes O, backslashes go, a leading "d'" of "d'Affaires" and a trailing
// period or apostrophe are dropped.
func normKey(w string, buf []byte) string {
	plain := len(w) > 0 && w[len(w)-1] != '.' && w[len(w)-1] != '\''
	for i := 0; i < len(w) && plain; i++ {
		c := w[i]
		plain = !isLower(c) && c != '0' && c != '\\' && c != '\'' && c != ',' && c >= ' ' && c < 0x80
	}
	if plain {
		return w // already a key: "DCM", "AMBASSADOR"
	}
	for i := 0; i < len(w) && len(buf) < cap(buf); i++ {
		c := w[i]
		switch {
		case c == '\\':
			continue
		case c == '0':
			c = 'O'
		default:
			c = toUpper(c)
		}
		buf = append(buf, c)
	}
	k := string(buf)
	for _, p := range []string{"D'", "D,", "DE'", "D’"} {
		if strings.HasPrefix(k, p) && len(k) > len(p)+2 {
			k = k[len(p):]
			break
		}
	}
	if len(k) > 2 {
		k = strings.TrimRight(k, "'’") // "Charge'"
	}
	if len(k) > 1 && k[len(k)-1] == '.' && !isInitial(k) && k != "JR." && k != "SR." {
		k = strings.TrimRight(k, ".") // "Politica...", "for..."
	}
	return k
}

// isTitleKey reports whether an upper-cased word is a word of a title or an
// office: in the vocabulary, a compound of such words ("POL/ECONOFF",
// "MINISTER-COUNSELOR", "AMBASSADOR-AT-LARGE"), or a typing slip on a long
// one ("AMBASSAOR", "COUNSLEOR", "DIRECOTR").
func isTitleKey(k string) bool {
	if cbTitles[k] || (len(k) > 2 && cbTitles[strings.TrimRight(k, ".")]) {
		return true
	}
	if indexSet(k, "/-") >= 0 {
		parts, titled := 0, 0
		for _, p := range strings.FieldsFunc(k, func(r rune) bool { return r == '/' || r == '-' }) {
			parts++
			switch {
			case cbTitles[p] || fuzzyTitle(p):
				titled++
			case strings.ContainsRune(k, '/') && len(p) <= 4 && allUpper(p):
				titled++ // "S/CT", "ISN/MTR", "AF/C"
			case p == "A" || p == "AT" || p == "OF" || p == "FOR":
				titled++
			}
		}
		return parts > 0 && titled == parts || strings.HasSuffix(k, "/")
	}
	return fuzzyTitle(k)
}

// fuzzyTitle reports whether k is one slip (a letter wrong, missing, added
// or swapped) from a long title word.
func fuzzyTitle(k string) bool {
	if len(k) < 7 || len(k) > 16 {
		return false
	}
	for _, t := range cbFuzzyTitles {
		if t[0] == k[0] && absInt(len(t)-len(k)) <= 1 && editDistance1(k, t) {
			return true
		}
	}
	return false
}

func absInt(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistance1 reports whether a and b differ by at most one edit: a
// substitution, an insertion, a deletion or a transposition of neighbours.
func editDistance1(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if i == len(a) {
		return len(b)-len(a) <= 1
	}
	switch len(b) - len(a) {
	case 0:
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		return a[i:] == b[i+1:]
	}
	return false
}
