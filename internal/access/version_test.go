package access_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
)

// TestVersionView: a portion of an earlier version is shown only when the
// reader may see it and its counterpart in the current version; a
// paragraph the current version lacks only to a reader of all of it.
func TestVersionView(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "cabletext", "testdata", "seed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	seed := string(b)
	cur := cabletext.ParseString(seed)
	// lowered marks paragraph 4 (U), as if the current version corrected
	// it to S/NF; extra adds a (U) paragraph 9 the current version lacks.
	lowered := strings.Replace(seed, "4.(S/NF) We have", "4.(U) We have", 1)
	extra := strings.Replace(seed, "\nRICE", "\n9.(U) ZQEXTRA paragraph.\n\nRICE", 1)
	us := func(l marking.Level) access.Reader { return usReader(l) }
	chn := foreignReader("CHN", marking.Secret, "AMEMBASSY BEIJING")
	for _, tc := range []struct {
		name            string
		old             string
		r               access.Reader
		shown, withheld []int
		banner          string
	}{
		{"same marks, cleared", seed, us(marking.Secret), []int{1, 2, 3, 4, 5, 6, 7, 8}, nil, "SECRET//NOFORN"},
		{"same marks, confidential", seed, us(marking.Confidential), []int{7, 8}, []int{1, 2, 3, 4, 5, 6}, "UNCLASSIFIED"},
		{"a mark corrected upward stays withheld", lowered, us(marking.Confidential), []int{7, 8}, []int{1, 2, 3, 4, 5, 6}, "UNCLASSIFIED"},
		{"a mark corrected upward, cleared", lowered, us(marking.Secret), []int{1, 2, 3, 4, 5, 6, 7, 8}, nil, "SECRET//NOFORN"},
		{"a paragraph since removed, reader of all", extra, us(marking.Secret), []int{1, 2, 3, 4, 5, 6, 7, 8, 9}, nil, "SECRET//NOFORN"},
		{"a paragraph since removed, partial reader", extra, us(marking.Confidential), []int{7, 8}, []int{1, 2, 3, 4, 5, 6, 9}, "UNCLASSIFIED"},
		{"foreign reader, release copy", extra, chn, []int{2, 6, 7, 8}, []int{1, 3, 4, 5, 9}, "SECRET//REL TO USA, CHN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, ok := access.VersionView(tc.r, cabletext.ParseString(tc.old), cur, now)
			if !ok {
				t.Fatal("VersionView = false, want a view")
			}
			got := []any{v.Shown, v.Withheld, v.Banner()}
			if diff := cmp.Diff([]any{tc.shown, tc.withheld, tc.banner}, got); diff != "" {
				t.Errorf("shown, withheld, banner (-want +got):\n%s", diff)
			}
			if text := cabletext.Format(v.Cable); strings.Contains(text, "ZQEXTRA") != contains(tc.shown, 9) {
				t.Errorf("the view's text holds ZQEXTRA: %v, paragraph 9 shown: %v", !contains(tc.shown, 9), contains(tc.shown, 9))
			}
		})
	}
	if _, ok := access.VersionView(us(marking.Unclassified), cabletext.ParseString(seed), cur, now); ok {
		t.Error("a reader who may not know of the current version is shown an earlier one")
	}
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}
