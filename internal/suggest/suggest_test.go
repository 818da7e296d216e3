package suggest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b      string
		max, want int
	}{
		{"government", "government", 2, 0},
		{"goverment", "government", 2, 1},  // a letter left out
		{"governmnet", "government", 2, 1}, // two letters swapped
		{"gvoernmnet", "government", 2, 2},
		{"beijng", "being", 2, 1},
		{"beijng", "beijing", 1, 1},
		{"abc", "xyz", 2, 3},   // over max: max+1
		{"abcdef", "ab", 2, 3}, // lengths alone too far apart
		{"ca", "abc", 3, 3},    // OSA: no letter edited twice
		{"café", "cafe", 1, 1}, // letters, not bytes
		{"", "abc", 3, 3},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b, tt.max); got != tt.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
		}
	}
}

func TestWords_Add(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"TALKING POINTS FOR EMBASSY BEIJING", []string{"beijing", "embassy", "for", "points", "talking"}},
		{"IRAN'S 2007 G8 MEETING, PARA 4.", []string{"iran", "meeting", "para"}},
		{"a an the", []string{"the"}},
		{"Café ZÜRICH", []string{"café", "zürich"}},
		{"Cafe\u0301 (combining accent)", []string{"accent", "cafe", "combining"}},
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZ is too long", []string{"long", "too"}},
		{"bad \xff byte", []string{"bad", "byte"}},
		{"", nil},
	}
	for _, tt := range tests {
		var ws Words
		ws.Add(tt.text)
		var got []string
		for _, w := range ws.All() {
			got = append(got, w)
		}
		slices.Sort(got)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Words.Add(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestHasWord(t *testing.T) {
	for _, tt := range []struct {
		text, word string
		want       bool
	}{
		{"IRAN'S G8 MEETING, PARA 4.", "meeting", true},
		{"IRAN'S G8 MEETING, PARA 4.", "iran", true},
		{"IRAN'S G8 MEETING, PARA 4.", "meet", false}, // words, not substrings
		{"IRAN'S G8 MEETING, PARA 4.", "g8", false},   // not a vocabulary word
		{"Herr MÜLLER, Zürich", "zürich", true},
		{"Herr MÜLLER, Zürich", "rich", false},
		{"", "rich", false},
	} {
		if got := HasWord(tt.text, tt.word); got != tt.want {
			t.Errorf("HasWord(%q, %q) = %v, want %v", tt.text, tt.word, got, tt.want)
		}
	}
}

func TestRespell(t *testing.T) {
	with := map[string]string{"tianjn": "tianjin", "hezbolah": "hezbollah", "goverment": "government"}
	tests := []struct{ text, want string }{
		{"Tianjn", "Tianjin"},
		{"TIANJN AND hezbolah", "TIANJIN AND hezbollah"},
		{`"talks in tianjn" NOT Hezbolah`, `"talks in tianjin" NOT Hezbolah`}, // after NOT: as it was
		{"goverment NOT goverment*", "government NOT goverment*"},
		{"(goverment OR  tianjn*)", "(government OR  tianjn*)"}, // a prefix: as it was
		{"tianjnx tianjn", "tianjnx tianjin"},
	}
	for _, tt := range tests {
		q, err := cable.ParseQuery(tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if got := respell(tt.text, respellable(q), with); got != tt.want {
			t.Errorf("respell(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// archive is a Source over a few documents, each with the words a reader
// may see and those withheld from them: the vocabulary holds both.
type archive []struct{ visible, withheld string }

func (a archive) Words(ctx context.Context, prefix string, minLen, maxLen int) ([]string, error) {
	var ws Words
	for _, d := range a {
		ws.Add(d.visible + " " + d.withheld)
	}
	var out []string
	for _, w := range ws.All() {
		if n := len([]rune(w)); strings.HasPrefix(w, prefix) && n >= minLen && n <= maxLen {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out, nil
}

// Shows reports whether a document's visible words hold word as written.
func (a archive) Shows(ctx context.Context, word string) (bool, error) {
	for _, d := range a {
		if HasWord(d.visible, word) {
			return true, nil
		}
	}
	return false, nil
}

// Count handles what Find asks: one word, or words ANDed.
func (a archive) Count(ctx context.Context, text string, limit int) (int, bool, error) {
	n := 0
	for _, d := range a {
		all := true
		for _, w := range List(unquote(text)) {
			if !HasWord(d.visible, w) && w != "and" {
				all = false
			}
		}
		if all {
			n++
		}
	}
	return min(n, limit), n <= limit, nil
}

// sg is a suggestion whose total is exact.
func sg(text string, n int) cable.Suggestion {
	return cable.Suggestion{Text: text, Total: n, TotalExact: true}
}

func TestFind(t *testing.T) {
	a := archive{
		{"the embassy in beijing", "secret tianjin"},
		{"beijing talks", ""},
		{"being there", "hezbollah"},
		{"being here", ""},
		{"being there twice", ""},
		{"not now", ""},
	}
	tests := []struct {
		text string
		want []cable.Suggestion
	}{
		// Ranked by cables found: being 3, beijing 2.
		{"beijng", []cable.Suggestion{sg("being", 3), sg("beijing", 2)}},
		{"Embasy", []cable.Suggestion{sg("Embassy", 1)}},
		{"tianjn", nil},   // only withheld text has tianjin
		{"hezbolah", nil}, // nor hezbollah
		{"beijing", nil},  // found: left alone
		{"embasy AND beijng", []cable.Suggestion{sg("embassy AND beijing", 1)}}, // being AND embassy finds none
		{"embassy NOT talkz", nil},
		{"IRAN NTO", nil},                             // NOT is one edit away, and an operator
		{"thera", []cable.Suggestion{sg("there", 2)}}, // one edit; "here" is another letter
		{"tianjin", nil},                              // only withheld text has it: nothing near // after NOT: left alone
		{"bei*", nil},                                 // a prefix: left alone
		{"", nil},
	}
	for _, tt := range tests {
		got, err := Find(context.Background(), a, tt.text)
		if err != nil {
			t.Fatalf("Find(%q): %v", tt.text, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Find(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
	if _, err := Find(context.Background(), a, "beijng AND"); cable.KindOf(err) != cable.Invalid {
		t.Errorf("Find of a malformed query: error %v, want Invalid", err)
	}
}

// FuzzDistance holds Distance to being symmetric, zero only for equal
// strings, within the length difference and at most max+1.
func FuzzDistance(f *testing.F) {
	f.Add("goverment", "government", 2)
	f.Add("ca", "abc", 3)
	f.Add("café", "cafe", 1)
	f.Fuzz(func(t *testing.T, a, b string, max int) {
		max = max%4 + 1
		if max < 1 {
			max += 4
		}
		d := Distance(a, b, max)
		if d2 := Distance(b, a, max); d != d2 {
			t.Errorf("Distance(%q, %q) = %d, but the other way %d", a, b, d, d2)
		}
		if d < 0 || d > max+1 || (d == 0) != (string([]rune(a)) == string([]rune(b))) {
			t.Errorf("Distance(%q, %q, %d) = %d", a, b, max, d)
		}
	})
}

// FuzzRespell holds respell to changing nothing but the words it is
// given.
func FuzzRespell(f *testing.F) {
	f.Add(`"talks in tianjn" NOT Hezbolah`)
	f.Add("IRAN'S 2007 \xff")
	f.Fuzz(func(t *testing.T, text string) {
		if got := respellWords(text, nil); got != text {
			t.Errorf("respellWords(%q, nothing) = %q", text, got)
		}
		if q, err := cable.ParseQuery(text); err == nil && q != nil {
			if got := respell(text, respellable(q), nil); got != text {
				t.Errorf("respell(%q, nothing) = %q", text, got)
			}
		}
		var ws Words
		ws.Add(text)
		for _, w := range ws.All() {
			if n := len([]rune(w)); n < MinLen || n > MaxLen || w != strings.ToLower(w) || !HasWord(text, w) {
				t.Errorf("Words.Add(%q) kept %q", text, w)
			}
		}
	})
}
