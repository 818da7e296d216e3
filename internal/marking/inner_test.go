package marking_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/marking"
)

// TestInnerMarks checks which marks inside a portion's text are found:
// the forms an adversarial review slipped past the reader, and lettering
// that is not a mark.
func TestInnerMarks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"none", "Plain text.\nMore (Iran) text.", nil},
		{"repeated number", "text.\n\n7. (TS) more", []string{"TS"}},
		{"stray pilcrow number", "text\n\n¶6. (TS) NOTE THAT", []string{"TS"}},
		{"lettered", "text\n\nA. (TS) lettered", []string{"TS"}},
		{"unnumbered", "text\n\n(TS) unnumbered", []string{"TS"}},
		{"bullet", "text\n-- (S//NF) bullet", []string{"S//NF"}},
		{"sub-numbering then mark", "text\n(a) (S) sub", []string{"S"}},
		{"lettering (a) (b) (c)", "(a) one\n(b) two\n(c) three", nil},
		{"(c) alone is a mark", "text\n(c) alone", []string{"c"}},
		{"glued paragraphs", "end of one. 6. (S) the next. 7. (TS:NF) and more", []string{"S", "TS:NF"}},
		{"unreadable", "text\n\n8. (X//BAD) text", []string{"X//BAD"}},
		{"words mid-line", "The minister (Secretary Rice) said (s) something.", nil},
		{"acronyms and codes", "text\n(COMEX) said\n(C-TN9-01015) code\n(TIP) report", nil},
		{"REL with no country", "text\n(S//REL) more", []string{"S//REL"}},
	} {
		if diff := cmp.Diff(tc.want, marking.InnerMarks(tc.text)); diff != "" {
			t.Errorf("%s: InnerMarks (-want +got):\n%s", tc.name, diff)
		}
	}
}
