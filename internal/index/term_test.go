package index

import (
	"encoding/binary"

	"fmt"
	"github.com/RoaringBitmap/roaring/v2"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMatch(t *testing.T) {
	ix := New()
	ix.Add(
		Doc{ID: 1, Class: unclass, Text: "The United States of America"},
		Doc{ID: 2, Class: unclass, Text: "united nations; states parties"},
		Doc{ID: 3, Class: secret, Text: "running the united states embassy"},
		Doc{ID: 4, Class: topSecret, Text: "the united states canary"},
		Doc{ID: 5, Class: unclass, Text: "runner up, run home"},
		Doc{ID: 6, Class: unclass, Text: "a b a b c"},
	)
	seen := []Class{unclass, secret}
	tests := []struct {
		name   string
		text   string
		prefix bool
		want   []uint64
	}{
		{"phrase in order", "united states", false, []uint64{1, 3}},
		{"phrase words apart", "united parties", false, nil},
		{"phrase reversed", "states united", false, nil},
		{"phrase only withheld", "states canary", false, nil},
		{"phrase over punctuation", "nations states", false, []uint64{2}},
		{"phrase repeats", "a b c", false, []uint64{6}},
		{"phrase of one token", "America", false, []uint64{1}},
		{"prefix stemmed as FTS5 stems it", "running", true, []uint64{3, 5}},
		{"prefix", "uni", true, []uint64{1, 2, 3}},
		{"prefix last word of phrase", "united sta", true, []uint64{1, 3}},
		{"prefix of no term", "zzz", true, nil},
		{"no tokens", "--", false, nil},
		{"absent word in phrase", "united kingdom", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ix.Match(ParseTerm(tt.text, tt.prefix), seen)
			var got []uint64
			for i := range m.Len() {
				if m.Holds(i) {
					got = append(got, m.ID(i))
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Match(%q, prefix %v) (-want +got):\n%s", tt.text, tt.prefix, diff)
			}
		})
	}
}

// TestMatchAgainstScan holds Match to a plain scan of every document's
// tokens, over random documents, classes, removals, ids added out of
// order, portions moved to other classes and terms added after a
// prefix search.
func TestMatchAgainstScan(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 1))
	words := []string{"alpha", "alpine", "beta", "bet", "gamma", "gam", "delta", "the", "of", "run", "running", "runner"}
	// Words enough for term numbers of two bytes, whose second byte is
	// a one-byte number (holdsPhrase).
	for i := range 300 {
		words = append(words, fmt.Sprintf("w%dq", i))
	}
	text := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = words[r.IntN(len(words))]
		}
		return strings.Join(ws, " ")
	}
	ix := New()
	docs := map[uint64]Doc{}
	dead := map[uint64]bool{}
	for round := range 6 {
		var batch []Doc
		for range 200 {
			d := Doc{ID: uint64(r.IntN(5000)), Class: Class(r.IntN(5)), Text: text(1 + r.IntN(40))}
			if _, ok := docs[d.ID]; ok {
				continue
			}
			docs[d.ID] = d
			batch = append(batch, d)
		}
		ix.Add(batch...)
		for range 10 {
			id := uint64(r.IntN(5000))
			ix.Remove(id)
			dead[id] = true
		}
		for id, d := range docs {
			if r.IntN(10) == 0 {
				d.Class = Class(r.IntN(5))
				docs[id] = d
				ix.Reclass(d.Class, id)
			}
		}
		for q := range 60 {
			term := ParseTerm(text(1+r.IntN(3)), r.IntN(3) == 0)
			if q%2 == 0 && len(batch) > 0 {
				// Words that follow one another in a document.
				toks := Tokens(batch[r.IntN(len(batch))].Text)
				at := r.IntN(len(toks))
				term.Tokens = toks[at:min(len(toks), at+1+r.IntN(3))]
			}
			if term.Prefix {
				last := term.Tokens[len(term.Tokens)-1]
				term.Tokens[len(term.Tokens)-1] = last[:1+r.IntN(len(last))]
			}
			classes := []Class{Class(r.IntN(5)), Class(r.IntN(5))}
			m := ix.Match(term, classes)
			var got []uint64
			for i := range m.Len() {
				if m.Holds(i) {
					got = append(got, m.ID(i))
				}
			}
			want := scan(docs, dead, term, classes)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("round %d query %d: Match(%+v, %v) (-scan +index):\n%s", round, q, term, classes, diff)
			}
		}
		// Words met after a prefix search are found by the next one.
		words = append(words, fmt.Sprintf("alp%c", 'a'+round))
	}
}

// scan is Match done the plain way.
func scan(docs map[uint64]Doc, dead map[uint64]bool, term Term, classes []Class) []uint64 {
	var out []uint64
	for id, d := range docs {
		if dead[id] || !slices.Contains(classes, d.Class) {
			continue
		}
		toks := Tokens(d.Text)
	starts:
		for s := 0; s+len(term.Tokens) <= len(toks); s++ {
			for k, w := range term.Tokens {
				tok := toks[s+k]
				if term.Prefix && k == len(term.Tokens)-1 {
					if !strings.HasPrefix(tok, w) {
						continue starts
					}
				} else if tok != w {
					continue starts
				}
			}
			out = append(out, id)
			break
		}
	}
	slices.Sort(out)
	return out
}

// A portion moved to another class is found among that class's and no
// longer among its old one's, for words, phrases and prefixes.
func TestReclass(t *testing.T) {
	ix := New()
	ix.Add(
		Doc{ID: 1, Class: unclass, Text: "the embassy reported"},
		Doc{ID: 2, Class: topSecret, Text: "the embassy reported canary"},
	)
	ix.Reclass(secret, 2, 99)
	ix.Reclass(topSecret, 1)
	for _, tt := range []struct {
		name    string
		term    Term
		classes []Class
		want    []uint64
	}{
		{"word in new class", ParseTerm("canary", false), []Class{secret}, []uint64{2}},
		{"word not in old class", ParseTerm("canary", false), []Class{topSecret}, nil},
		{"phrase", ParseTerm("embassy reported", false), []Class{secret}, []uint64{2}},
		{"prefix", ParseTerm("emb", true), []Class{topSecret}, []uint64{1}},
		{"old class empty", ParseTerm("the", false), []Class{unclass}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := ix.Match(tt.term, tt.classes)
			var got []uint64
			for i := range m.Len() {
				if m.Holds(i) {
					got = append(got, m.ID(i))
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// holdsPhrase searches bytes: a match inside a term's uvarint (term 2's
// byte 0x02 ends term 300's, 0xac 0x02) is no match.
func TestHoldsPhrase(t *testing.T) {
	enc := func(terms ...uint64) []byte {
		var b []byte
		for _, t := range terms {
			b = binary.AppendUvarint(b, t)
		}
		return b
	}
	tests := []struct {
		name        string
		seq, phrase []uint64
		tail        []uint32
		want        bool
	}{
		{"at the start", []uint64{2, 5, 9}, []uint64{2, 5}, nil, true},
		{"at the end", []uint64{9, 2, 5}, []uint64{2, 5}, nil, true},
		{"inside a uvarint", []uint64{300, 5}, []uint64{2, 5}, nil, false},
		{"after a uvarint", []uint64{300, 2, 5}, []uint64{2, 5}, nil, true},
		{"multi-byte phrase", []uint64{1, 300, 70000}, []uint64{300, 70000}, nil, true},
		{"multi-byte phrase cut short", []uint64{1, 300, 70000}, []uint64{300, 70001}, nil, false},
		{"second try matches", []uint64{300, 5, 2, 5}, []uint64{2, 5}, nil, true},
		{"tail after phrase", []uint64{4, 2, 7}, []uint64{2}, []uint32{7, 8}, true},
		{"tail not after phrase", []uint64{2, 9, 7}, []uint64{2}, []uint32{7, 8}, false},
		{"nothing after phrase", []uint64{9, 2}, []uint64{2}, []uint32{7}, false},
		{"tail on second match", []uint64{2, 9, 2, 8}, []uint64{2}, []uint32{7, 8}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tail *roaring.Bitmap
			if tt.tail != nil {
				tail = roaring.BitmapOf(tt.tail...)
			}
			if got := holdsPhrase(enc(tt.seq...), enc(tt.phrase...), tail); got != tt.want {
				t.Errorf("holdsPhrase(%v, %v, %v) = %v, want %v", tt.seq, tt.phrase, tt.tail, got, tt.want)
			}
		})
	}
}
