package cabletext

import "strings"

// unwrapAuthority folds the authority's lines into one, mending the words
// that the archive's fixed-width wrapping cut in two ("Hoyt Y \nee",
// "REA \nSONS", "f \nor reasons"), and the letter a damaged cable split
// off a name on the same line ("Hoyt Y ee").
func unwrapAuthority(s string) string {
	s = trimSpace(s)
	if !needsUnwrap(s) {
		return s
	}
	out := make([]byte, 0, len(s))
	space := false   // a space is pending
	newline := false // the pending space holds a line break
	lead := false    // the line after the break starts with white space
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' {
			space, newline, lead = true, true, false
			continue
		}
		if isSpace(c) {
			if newline {
				lead = true
			}
			space = true
			continue
		}
		if space && len(out) > 0 {
			join := false
			if isLetter(c) && isLetter(out[len(out)-1]) {
				if newline && !lead {
					join = wrapJoin(out, s[i:])
				} else if !newline {
					join = splitLetter(out, s[i:])
				}
			}
			if !join {
				out = append(out, ' ')
			}
		}
		space, newline, lead = false, false, false
		out = append(out, c)
	}
	return string(out)
}

// needsUnwrap reports whether s has line breaks, runs of spaces, or a
// lone capital before a lower-case word.
func needsUnwrap(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n' || c == '\t' || c == '\r':
			return true
		case c == ' ' && i+1 < len(s) && s[i+1] == ' ':
			return true
		case c == ' ' && i >= 1 && isLetter(s[i-1]) && i+1 < len(s) && isLower(s[i+1]):
			return true
		}
	}
	return false
}

// lastLetters returns the letters that end b.
func lastLetters(b []byte) []byte {
	k := len(b)
	for k > 0 && isLetter(b[k-1]) {
		k--
	}
	return b[k:]
}

// firstLetters returns the letters that start s and the byte after them
// (0 at the end).
func firstLetters(s string) (string, byte) {
	k := 0
	for k < len(s) && isLetter(s[k]) {
		k++
	}
	if k < len(s) {
		return s[:k], s[k]
	}
	return s, 0
}

// wrapJoin decides whether the word cut at a line break continues on the
// next line: when the two halves make a word of the vocabulary
// ("REA"+"SONS"), or when the next line goes on in lower case with what is
// not a word of its own ("Blah"+"a,").
func wrapJoin(out []byte, next string) bool {
	a := lastLetters(out)
	b, after := firstLetters(next)
	if len(a)+len(b) <= 32 {
		var buf [32]byte
		w := buf[:0]
		for _, c := range a {
			w = append(w, toUpper(c))
		}
		for i := 0; i < len(b); i++ {
			w = append(w, toUpper(b[i]))
		}
		if joinWord(string(w)) && !(joinWord(upperWord(string(a))) && joinWord(upperWord(b))) {
			return true
		}
	}
	if !isLower(b[0]) || after == '.' || after == '\'' {
		return false
	}
	u := upperWord(b)
	return !cbStopWords[u] && !isTitleKey(u)
}

// splitLetter reports whether the word that ends out and the one that
// follows on the same line are the halves of one word that a damaged cable
// split: a name ("Hoyt Y ee", "Dona ld A. Blome") or a small word of the
// line ("f or reasons", "re asons").
func splitLetter(out []byte, next string) bool {
	a := lastLetters(out)
	n := len(out) - len(a)
	if len(a) == 0 || len(a) > 5 || (n > 0 && out[n-1] != ' ') {
		return false
	}
	b, after := firstLetters(next)
	if isLower(a[0]) {
		// "f or reasons", "fo r", "re asons": a small word split in two.
		if !isLower(b[0]) || len(a)+len(b) > 8 {
			return false
		}
		var buf [8]byte
		w := buf[:0]
		for _, c := range a {
			w = append(w, toUpper(c))
		}
		if cbStopWords[string(w)] {
			return false
		}
		for i := 0; i < len(b); i++ {
			w = append(w, toUpper(b[i]))
		}
		return joinWord(string(w))
	}
	for _, c := range a[1:] {
		if !isLower(c) {
			return false // "USEU polmil"
		}
	}
	if len(b) > 5 || !isLower(b[0]) || after == '.' || after == '\'' || after == ')' {
		return false
	}
	if after == ' ' {
		// "Berry f or": the lower-case letters begin a split small word.
		if c, _ := firstLetters(next[len(b)+1:]); c != "" && isLower(c[0]) && len(b)+len(c) <= 8 {
			var buf [8]byte
			w := buf[:0]
			for i := 0; i < len(b); i++ {
				w = append(w, toUpper(b[i]))
			}
			for i := 0; i < len(c); i++ {
				w = append(w, toUpper(c[i]))
			}
			if joinWord(string(w)) {
				return false
			}
		}
	}
	return !cbStopWords[upperWord(b)] && !isTitleKey(upperWord(b))
}

// upperWord upper-cases a word, without allocating when it is already
// upper case.
func upperWord(w string) string {
	for i := 0; i < len(w); i++ {
		if isLower(w[i]) {
			return strings.ToUpper(w)
		}
	}
	return w
}

// joinWord reports whether w (upper case) is a word that wrapping may have
// cut: a title, a reason or a small word of the authority line.
func joinWord(w string) bool {
	switch w {
	case "FOR", "AND", "PER", "UNDER", "REASON", "REASONS", "SECTION", "BASED":
		return true
	}
	return cbTitles[w] && len(w) > 3
}
