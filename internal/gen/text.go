package gen

import "strconv"

// paragraph writes numbered paragraph k of n: "¶1. (C) text", sometimes
// under a dashed heading, the first often a summary, some with "--"
// bullets.
func (w *writer) paragraph(k int, p para, n int) {
	r := w.r
	if p.heading {
		w.b = append(w.b, "---------- "...)
		for j := range 1 + r.IntN(3) {
			if j > 0 {
				w.b = append(w.b, ' ')
			}
			w.b = appendUpper(w.b, w.m.words[w.m.subjectWord.draw(r)])
		}
		w.b = append(w.b, " ----------\n\n"...)
	}
	nospace := r.Float64()*100 < corpus.NoSpacePct
	if !nospace && r.Float64()*100 < corpus.PilcrowPct/(1-corpus.NoSpacePct/100) {
		w.b = append(w.b, "¶"...)
	}
	w.b = strconv.AppendInt(w.b, int64(k), 10)
	w.b = append(w.b, '.')
	if !nospace {
		w.b = append(w.b, ' ')
	}
	if p.mark != "" {
		w.b = append(w.b, '(')
		w.b = append(w.b, p.mark...)
		w.b = append(w.b, ") "...)
	}
	words := p.words
	summary := k == 1 && n > 3 && r.IntN(5) < 2
	if summary {
		w.b = append(w.b, "Summary: "...)
	}
	bullets := !summary && words > 40 && r.IntN(10) == 0
	for words > 0 {
		l := min(words, 8+r.IntN(24))
		w.sentence(l)
		words -= l
		if bullets && words > 0 {
			w.b = append(w.b, "\n\n-- "...)
		} else if words > 0 {
			w.b = append(w.b, ' ')
		}
	}
	if summary {
		w.b = append(w.b, " End Summary."...)
	}
	w.b = append(w.b, "\n\n"...)
}

// sentence writes l words drawn by corpus frequency, the first with a
// capital, with an occasional comma or number, and a full stop.
func (w *writer) sentence(l int) {
	r, m := w.r, w.m
	for j := range l {
		x := r.Uint64()
		i := m.word.at(x)
		if j == 0 {
			w.b = append(w.b, m.capWords[i]...)
		} else {
			w.b = append(w.b, ' ')
			if x&0x3f == 0 { // one word in 64 is a number
				w.b = strconv.AppendInt(w.b, int64(x>>40%2010), 10)
				continue
			}
			w.b = append(w.b, m.words[i]...)
		}
		if j < l-1 && x>>6&0xf == 0 { // a comma after one word in 16
			w.b = append(w.b, ',')
		}
	}
	if w.b[len(w.b)-1] != '.' { // U.S.
		w.b = append(w.b, '.')
	}
}

// appendUpper appends s in upper case (ASCII).
func appendUpper(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

var (
	syllables = []string{"al", "ber", "cal", "dan", "el", "fer", "gan", "har", "is", "jen", "kel", "lan", "mor",
		"nel", "os", "per", "quin", "ros", "sal", "ter", "ul", "van", "wil", "yor", "zan", "ton", "ley", "son", "ford", "man"}
	givenNames = []string{"Alan", "Anne", "Brian", "Carol", "David", "Diane", "Edward", "Ellen", "Frank", "Grace",
		"Henry", "Irene", "James", "Joan", "Kevin", "Laura", "Mark", "Mary", "Nancy", "Paul", "Peter", "Ruth",
		"Robert", "Susan", "Thomas", "Karen", "Michael", "Patricia", "Richard", "Linda"}
)

// surname returns a made-up surname from a random number.
func surname(x uint64) string {
	n := 2 + int(x%2)
	x /= 2
	b := make([]byte, 0, 16)
	for range n {
		b = append(b, syllables[x%uint64(len(syllables))]...)
		x /= uint64(len(syllables))
	}
	b[0] -= 'a' - 'A'
	return string(b)
}

// fullName returns a made-up "Given Surname" from a random number.
func fullName(x uint64) string {
	return givenNames[x%uint64(len(givenNames))] + " " + surname(x/uint64(len(givenNames)))
}
