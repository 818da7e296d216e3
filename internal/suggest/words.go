package suggest

import (
	"iter"
	"slices"
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

// Words is a set of vocabulary words, each under a 64-bit hash of it
// (FNV-1a), so that a text's tokens are looked up as they are read, with
// no string made but for a word new to the set: an import gathers the
// words of every text it stores. A small table of recent hashes answers
// for the common words before the map is asked. Add costs 80 µs a
// generated cable (90 MB/s; 95 µs without the table, 130 µs with string
// keys). Two words with one hash (about one chance in 10^7
// for a million words) keep the first: the other is then never
// suggested. The zero Words is empty and ready to use.
type Words struct {
	m      map[uint64]string
	recent [1 << 12]uint64
}

// Len returns the number of words.
func (ws *Words) Len() int { return len(ws.m) }

// All yields each word with its hash.
func (ws *Words) All() iter.Seq2[uint64, string] {
	return func(yield func(uint64, string) bool) {
		for h, w := range ws.m {
			if !yield(h, w) {
				return
			}
		}
	}
}

// Hash returns the hash Words keeps word under.
func Hash(word string) uint64 {
	n := uint64(fnvOffset)
	for i := 0; i < len(word); i++ {
		n = (n ^ uint64(word[i])) * fnvPrime
	}
	return n
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// byte classes of ASCII, for Add.
const (
	sep = iota
	lower
	upper
	digit
	other // not ASCII: decode the rune
)

var classes = func() (c [256]uint8) {
	for b := 0x80; b < 0x100; b++ {
		c[b] = other
	}
	for b := 'a'; b <= 'z'; b++ {
		c[b] = lower
		c[b-'a'+'A'] = upper
	}
	for b := '0'; b <= '9'; b++ {
		c[b] = digit
	}
	return c
}()

// Add adds the vocabulary words of text: its tokens (runs of letters and
// digits, as the search index's tokenizer cuts them) that are all letters
// and MinLen to MaxLen long, in lower case.
func (ws *Words) Add(text string) {
	scanWords(text, func(h uint64, w []byte) bool {
		ws.put(h, w)
		return true
	})
}

// List returns the distinct vocabulary words of text, in the order they
// come.
func List(text string) []string {
	var out []string
	scanWords(text, func(_ uint64, w []byte) bool {
		if !slices.Contains(out, string(w)) {
			out = append(out, string(w))
		}
		return true
	})
	return out
}

// HasWord reports whether word (in lower case) is a vocabulary word of
// text, as Add would find it, without gathering the others.
func HasWord(text, word string) bool {
	want, found := Hash(word), false
	scanWords(text, func(h uint64, w []byte) bool {
		found = h == want && string(w) == word
		return !found
	})
	return found
}

// scanWords calls yield with each vocabulary word of text, in lower case,
// and its hash, until yield returns false. w is valid only during the
// call.
func scanWords(text string, yield func(h uint64, w []byte) bool) {
	var buf [4 * MaxLen]byte
	n, size, letters, digits := uint64(fnvOffset), 0, 0, false
	for i := 0; i <= len(text); {
		var c uint8 = sep
		if i < len(text) {
			c = classes[text[i]]
		}
		switch c {
		case lower, upper:
			b := text[i] | 0x20 // lower case
			if size < len(buf) {
				buf[size] = b
			}
			size++
			letters++
			n = (n ^ uint64(b)) * fnvPrime
			i++
			continue
		case digit:
			digits = true
			letters++
			i++
			continue
		case other:
			r, w := utf8.DecodeRuneInString(text[i:])
			switch {
			case unicode.IsLetter(r):
				var enc [utf8.UTFMax]byte
				for _, b := range enc[:utf8.EncodeRune(enc[:], unicode.ToLower(r))] {
					if size < len(buf) {
						buf[size] = b
					}
					size++
					n = (n ^ uint64(b)) * fnvPrime
				}
				letters++
				i += w
				continue
			case unicode.IsDigit(r):
				digits = true
				letters++
				i += w
				continue
			case unicode.IsMark(r):
				i += w // a combining mark belongs to its letter
				continue
			}
			i += w
		default:
			i++
		}
		// A separator ends the token.
		if !digits && letters >= MinLen && letters <= MaxLen && !yield(n, buf[:size]) {
			return
		}
		n, size, letters, digits = fnvOffset, 0, 0, false
	}
}

// put adds the word w, whose hash is h.
func (ws *Words) put(h uint64, w []byte) {
	slot := &ws.recent[h&(uint64(len(ws.recent))-1)]
	if *slot == h {
		return
	}
	*slot = h
	if ws.m == nil {
		ws.m = make(map[uint64]string, 1<<12)
	}
	if _, ok := ws.m[h]; !ok {
		ws.m[h] = string(w)
	}
}
