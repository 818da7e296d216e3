package marking

// match reports whether phrase is written at off, ignoring case, followed
// by the end of the mark or a separator, and returns where it ends. Words
// of phrase may be separated by any run of space. When spaced is true the
// letters of a word may be separated by space too, as in S E C R E T.
func (p *parser) match(off int, phrase string, spaced bool) (int, bool) {
	i := off
	for w, word := range splitWords(phrase) {
		if w > 0 {
			j := p.skipSpace(i)
			if j == i {
				return 0, false
			}
			i = j
		}
		for k := 0; k < len(word); k++ {
			if spaced && k > 0 {
				i = p.skipSpace(i)
			}
			if i >= p.end || upper(p.in[i]) != word[k] {
				return 0, false
			}
			i++
		}
	}
	if i < p.end && !isSep(p.in[i]) {
		return 0, false
	}
	return i, true
}

// splitWords splits an upper-case phrase of single-space-separated words.
func splitWords(phrase string) []string {
	var words []string
	start := 0
	for i := 0; i <= len(phrase); i++ {
		if i == len(phrase) || phrase[i] == ' ' {
			words = append(words, phrase[start:i])
			start = i + 1
		}
	}
	return words
}

// skipSeparators moves pos past any run of separators.
func (p *parser) skipSeparators() {
	for p.pos < p.end && isSep(p.in[p.pos]) {
		p.pos++
	}
}

// skipSpace returns the offset of the first non-space byte at or after i.
func (p *parser) skipSpace(i int) int {
	for i < p.end && isSpace(p.in[i]) {
		i++
	}
	return i
}

// tokenEnd returns the offset of the first byte at or after i for which
// stop is true, or the end of the mark.
func (p *parser) tokenEnd(i int, stop func(byte) bool) int {
	for i < p.end && !stop(p.in[i]) {
		i++
	}
	return i
}

// isSep reports whether c separates the parts of a mark: a slash (/ or
// //), a hyphen (S-NF, C - ENTIRE TEXT) or space (C NF).
func isSep(c byte) bool { return c == '/' || c == '-' || isSpace(c) }

func isSlash(c byte) bool { return c == '/' }

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
