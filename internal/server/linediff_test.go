package server

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// render writes a script as the lines of a unified diff: " a", "-a", "+b".
func render(a, b []string, ds []diffLine) []string {
	var out []string
	for _, d := range ds {
		switch d.Op {
		case diffSame:
			out = append(out, " "+a[d.A])
		case diffDel:
			out = append(out, "-"+a[d.A])
		case diffAdd:
			out = append(out, "+"+b[d.B])
		}
	}
	return out
}

func TestLineDiff(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b string
		want []string
	}{
		{"both empty", "", "", nil},
		{"from nothing", "", "x y", []string{"+x", "+y"}},
		{"to nothing", "x y", "", []string{"-x", "-y"}},
		{"same", "x y z", "x y z", []string{" x", " y", " z"}},
		{"one line changed", "x y z", "x Y z", []string{" x", "-y", "+Y", " z"}},
		{"a line added in the middle", "x z", "x y z", []string{" x", "+y", " z"}},
		{"a line removed at the start", "w x y", "x y", []string{"-w", " x", " y"}},
		{"a line moved", "a b c d", "b c d a", []string{"-a", " b", " c", " d", "+a"}},
		{"repeated lines", "a b a b a", "b a b", []string{"-a", " b", " a", " b", "-a"}},
		{"all different", "a b", "c d", []string{"-a", "-b", "+c", "+d"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := strings.Fields(tc.a), strings.Fields(tc.b)
			if diff := cmp.Diff(tc.want, render(a, b, lineDiff(a, b))); diff != "" {
				t.Errorf("lineDiff(%q, %q) (-want +got):\n%s", tc.a, tc.b, diff)
			}
		})
	}
}

// TestLineDiff_Script checks, on random texts, that every script rebuilds
// both texts and is as short as a longest common subsequence allows.
func TestLineDiff_Script(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		a, b := randomLines(r), randomLines(r)
		ds := lineDiff(a, b)
		var ga, gb []string
		same := 0
		for _, d := range ds {
			if d.Op != diffAdd {
				ga = append(ga, a[d.A])
			}
			if d.Op != diffDel {
				gb = append(gb, b[d.B])
			}
			if d.Op == diffSame {
				same++
				if a[d.A] != b[d.B] {
					t.Fatalf("case %d: kept lines differ: %q, %q", i, a[d.A], b[d.B])
				}
			}
		}
		if !cmp.Equal(a, ga, cmpEmpty) || !cmp.Equal(b, gb, cmpEmpty) {
			t.Fatalf("case %d: the script does not rebuild the texts %q, %q", i, a, b)
		}
		if want := lcs(a, b); same != want {
			t.Errorf("case %d: %d lines kept, a longest common subsequence has %d", i, same, want)
		}
	}
}

var cmpEmpty = cmp.Comparer(func(x, y []string) bool { return fmt.Sprint(x) == fmt.Sprint(y) })

func randomLines(r *rand.Rand) []string {
	out := make([]string, r.IntN(12))
	for i := range out {
		out[i] = string(rune('a' + r.IntN(4)))
	}
	return out
}

// lcs is the length of a longest common subsequence of a and b.
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	for i := range a {
		cur := make([]int, len(b)+1)
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev = cur
	}
	return prev[len(b)]
}

// TestLineDiff_Bound: past the trace bound the middle is replaced
// outright, still a true script.
func TestLineDiff_Bound(t *testing.T) {
	var a, b []string
	for i := range 3000 {
		a, b = append(a, fmt.Sprint("a", i)), append(b, fmt.Sprint("b", i))
	}
	ds := lineDiff(a, b)
	if len(ds) != 6000 || ds[0] != (diffLine{diffDel, 0, -1}) || ds[5999] != (diffLine{diffAdd, -1, 2999}) {
		t.Errorf("lineDiff of two different 3,000-line texts: %d lines, first %+v", len(ds), ds[0])
	}
}
