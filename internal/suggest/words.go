package suggest

import (
	"unicode"
	"unicode/utf8"
)

// MinLen and MaxLen bound, in letters, the words the vocabulary keeps and
// the words a search may have corrected: shorter words have too many
// neighbours to guess from, and longer runs of letters are seldom words.
const (
	MinLen = 3
	MaxLen = 24
)

// AddWords adds to set the vocabulary words of text: its tokens (runs of
// letters and digits, as the search index's tokenizer cuts them) that are
// all letters and MinLen to MaxLen long, in lower case. Cable text is
// mostly capitals, so each token is folded into buf and looked up before a
// string is made: only a word new to set allocates.
func AddWords(set map[string]struct{}, text string) {
	var buf []byte
	n, digit := 0, false
	flush := func() {
		if !digit && n >= MinLen && n <= MaxLen {
			if _, ok := set[string(buf)]; !ok {
				set[string(buf)] = struct{}{}
			}
		}
		buf, n, digit = buf[:0], 0, false
	}
	for i := 0; i < len(text); {
		c := text[i]
		var r rune
		size := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		switch {
		case 'a' <= r && r <= 'z':
			buf = append(buf, byte(r))
		case 'A' <= r && r <= 'Z':
			buf = append(buf, byte(r)+'a'-'A')
		case '0' <= r && r <= '9':
			digit = true
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		case r >= utf8.RuneSelf && unicode.IsDigit(r):
			digit = true
		case r >= utf8.RuneSelf && unicode.IsMark(r):
			continue // a combining mark belongs to its letter
		default:
			flush()
			continue
		}
		n++
	}
	flush()
}
