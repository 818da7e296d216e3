package index

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Tokens are FTS5's "porter unicode61" tokens (docs/search.md): runs of
// letters, digits and private-use characters, folded to lower case
// without diacritics, then stemmed (porter.go). Combining marks inside a
// run are dropped, as FTS5 drops them.

// Tokens returns the stemmed tokens of text, in order.
func Tokens(text string) []string {
	var out []string
	Each(text, func(tok string) { out = append(out, tok) })
	return out
}

// Each calls f with each stemmed token of text, in order, without
// gathering them.
func Each(text string, f func(tok string)) {
	eachFolded(text, func(word []byte) { f(Stem(string(word))) })
}

// eachFolded calls f with each token of text folded but not stemmed, in
// a buffer that f must not keep.
func eachFolded(text string, f func(word []byte)) {
	var buf []byte
	in := false
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		switch {
		case isTokenChar(r):
			buf, in = appendFolded(buf, r), true
		case in && isMark(r):
			// A diacritic inside a token folds to nothing.
		default:
			if in && len(buf) > 0 {
				f(buf)
			}
			buf, in = buf[:0], false
		}
	}
	if in && len(buf) > 0 {
		f(buf)
	}
}

// isTokenChar reports whether r belongs to a token: Unicode categories L*,
// N* and Co.
func isTokenChar(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	if r == utf8.RuneError {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r)
}

// isMark reports whether r is a combining diacritic.
func isMark(r rune) bool { return r >= utf8.RuneSelf && unicode.Is(unicode.Mn, r) }

// appendFolded appends r lower-cased and without its diacritics.
func appendFolded(buf []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(buf, byte(r))
	}
	r = unicode.ToLower(r)
	if d := norm.NFD.String(string(r)); len(d) > 0 {
		base, n := utf8.DecodeRuneInString(d)
		if strings.IndexFunc(d[n:], func(m rune) bool { return !isMark(m) }) < 0 {
			r = base
		}
	}
	return utf8.AppendRune(buf, r)
}
