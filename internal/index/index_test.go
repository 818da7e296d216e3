package index

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"words folded and stemmed", "The EMBASSY reported", []string{"the", "embassi", "report"}},
		{"punctuation splits", "U.S.-China talks", []string{"u", "s", "china", "talk"}},
		{"digits are tokens", "REF: STATE 159388", []string{"ref", "state", "159388"}},
		{"diacritics removed", "Café Zürich", []string{"cafe", "zurich"}},
		{"combining mark dropped", "Cafe\u0301 noir", []string{"cafe", "noir"}},
		{"non-latin letters", "Пекин 北京", []string{"пекин", "北京"}},
		{"underscore splits", "snake_case", []string{"snake", "case"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Tokens(tt.in)); diff != "" {
				t.Errorf("Tokens(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestSingle(t *testing.T) {
	tests := []struct {
		name, in string
		want     string
		ok       bool
	}{
		{"word", "Negotiations", "negoti", true},
		{"quoted word", `"embassy"`, "embassi", true},
		{"phrase", "nuclear talks", "", false},
		{"abbreviation is a phrase", "U.S.", "", false},
		{"nothing", "--", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Single(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Single(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// The classes of the tests: a reader who may see unclassified and secret
// text, and the top secret class they may not.
const (
	unclass Class = iota + 1
	secret
	topSecret
)

func testIndex() *Index {
	ix := New()
	ix.Add(
		Doc{ID: 10, Class: unclass, Text: "The ambassador met the minister"},
		Doc{ID: 11, Class: secret, Text: "The minister spoke of canary"},
		Doc{ID: 12, Class: topSecret, Text: "canary canary withheld"},
		Doc{ID: 20, Class: topSecret, Text: "Only withheld canary here"},
		Doc{ID: 21, Class: unclass, Text: "Ministers meeting"},
	)
	return ix
}

// portions is what a search of one token reads: the live portions of
// the classes given that hold it, ascending.
func portions(ix *Index, token string, classes []Class) []uint64 {
	return ix.Match(Term{Tokens: []string{token}}, classes).IDs()
}

func TestPortions(t *testing.T) {
	ix := testIndex()
	ix.Remove(21)
	tests := []struct {
		name    string
		token   string
		classes []Class
		want    []uint64
	}{
		{"visible classes only", "canari", []Class{unclass, secret}, []uint64{11}},
		{"every class", "canari", []Class{unclass, secret, topSecret}, []uint64{11, 12, 20}},
		{"word only in withheld text", "withheld", []Class{unclass, secret}, nil},
		{"removed portion left out", "minist", []Class{unclass, secret}, []uint64{10, 11}},
		{"absent word", "zebra", []Class{unclass, secret, topSecret}, nil},
		{"no classes", "minist", nil, nil},
		{"unknown class", "minist", []Class{99}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := portions(ix, tt.token, tt.classes)
			if len(got) == 0 {
				got = nil
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Portions(%q, %v) (-want +got):\n%s", tt.token, tt.classes, diff)
			}
		})
	}
}

// Ids added out of order (an older cable imported later) come out in
// order, and adding a portion again adds nothing.
func TestPortionsOutOfOrder(t *testing.T) {
	ix := New()
	ix.Add(Doc{ID: 50, Class: unclass, Text: "word"}, Doc{ID: 70, Class: secret, Text: "word"})
	ix.Add(Doc{ID: 60, Class: unclass, Text: "word"}, Doc{ID: 10, Class: secret, Text: "word"}, Doc{ID: 80, Class: unclass, Text: "word"})
	ix.Add(Doc{ID: 60, Class: unclass, Text: "word"})
	ix.Remove(70, 99)
	got := portions(ix, "word", []Class{unclass, secret})
	if diff := cmp.Diff([]uint64{10, 50, 60, 80}, got); diff != "" {
		t.Errorf("Portions (-want +got):\n%s", diff)
	}
}

func TestStats(t *testing.T) {
	ix := testIndex()
	ix.Remove(12, 20)
	got := ix.Stats()
	got.Bytes, got.SeqBytes = 0, 0
	// the ×2 classes, ambassador, met, minister ×2, spoke, of, canary ×2,
	// withheld, only, here, meeting.
	want := Stats{Tokens: 11, Lists: 14, Portions: 5, Removed: 2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Stats (-want +got):\n%s", diff)
	}
}

// FuzzTokens holds the tokenizer to what the index relies on: it never
// panics, a token is never empty nor holds a separator, and a token read
// again is one token.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"", "The EMBASSY reported", "U.S.-China", "Café\u0301", "\xff\xfe", "aing", strings.Repeat("a", 70) + "ing"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokens(s) {
			if tok == "" || !utf8.ValidString(tok) {
				t.Fatalf("Tokens(%q) gives token %q", s, tok)
			}
			if again := Tokens(tok); len(again) != 1 {
				t.Fatalf("token %q of %q reads again as %q", tok, s, again)
			}
		}
	})
}
