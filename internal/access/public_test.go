package access_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// TestPublicReader checks the public reader of the reading room
// (MARKINGS.md §5, last rule): it is admitted by every distribution and
// sees the declassified portions of a cable, or nothing: not a cable that
// is not yet declassified, nor one exempt, nor a portion whose mark
// cannot be read, nor plain (U) text of a cable never classified.
func TestPublicReader(t *testing.T) {
	t.Parallel()
	pub := access.PublicReader()
	tests := []struct {
		name     string
		decl     string // the DECL field
		captions []string
		marks    []string // of paragraphs 1, 2…
		found    bool
		shown    []int
	}{
		{"declassified", "01/01/2010", []string{"SIPDIS"}, []string{"S//NF", "C"}, true, []int{1, 2}},
		{"declassified NODIS, no read-in needed", "01/01/2010", []string{"NODIS"}, []string{"TS"}, true, []int{1}},
		{"declassified with an unreadable mark", "01/01/2010", []string{"SIPDIS"}, []string{"X//BAD", "U"}, true, []int{2}},
		{"declassified, every paragraph unreadable: the subject alone", "01/01/2010", []string{"SIPDIS"}, []string{"X//BAD"}, true, nil},
		{"not yet", "12/31/2030", []string{"SIPDIS"}, []string{"S", "U"}, false, nil},
		{"exempt 25X1", "01/01/2010 25X1", []string{"SIPDIS"}, []string{"U"}, false, nil},
		{"never classified (N/A)", "N/A", []string{"SIPDIS"}, []string{"U"}, false, nil},
		{"date unreadable", "upon completion", []string{"SIPDIS"}, []string{"U"}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := publicCable(t, tt.decl, tt.captions, tt.marks)
			d := access.DistributionOf(c)
			if got := access.Knows(pub, c, d, now); got != tt.found {
				t.Fatalf("Knows = %v, want %v", got, tt.found)
			}
			v, ok := access.View(pub, c, d, now)
			if ok != tt.found {
				t.Fatalf("View found = %v, want %v", ok, tt.found)
			}
			if !ok {
				return
			}
			if diff := cmp.Diff(tt.shown, v.Shown); diff != "" {
				t.Errorf("shown (-want +got):\n%s", diff)
			}
			if v.Banner() != "UNCLASSIFIED" || !v.Release || len(v.Cable.Text.Paragraphs) != len(tt.shown) {
				t.Errorf("view: banner %s, release %v, %d paragraphs; want UNCLASSIFIED, a release copy, only what is shown",
					v.Banner(), v.Release, len(v.Cable.Text.Paragraphs))
			}
		})
	}
}

// TestPublicUser checks that the public user of package cable is read as
// the public reader, and that no account can be named as it is.
func TestPublicUser(t *testing.T) {
	t.Parallel()
	if r := access.ReaderOf(cable.PublicUser()); !r.Public {
		t.Errorf("ReaderOf(PublicUser()) = %+v, want the public reader", r)
	}
	if err := access.ValidateUserName(cable.PublicName); err == nil {
		t.Errorf("ValidateUserName(%q) = nil: an account could pass for the public reader", cable.PublicName)
	}
}

// publicCable returns a SECRET cable from Washington to London with the
// given DECL, captions and paragraph marks, read by cabletext.
func publicCable(t *testing.T, decl string, captions, marks []string) *cable.Cable {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "P 011200Z JAN 08\nFM SECSTATE WASHDC\nTO AMEMBASSY LONDON PRIORITY\nS E C R E T STATE 000001\n\n%s\n\n", strings.Join(captions, " "))
	fmt.Fprintf(&b, "E.O. 12958: DECL: %s\nTAGS: PREL\nSUBJECT: TEST\n\n", decl)
	for i, m := range marks {
		fmt.Fprintf(&b, "%d. (%s) Paragraph text.\n\n", i+1, m)
	}
	b.WriteString("RICE\n")
	c := cabletext.ParseString(b.String())
	if len(c.Text.Paragraphs) != len(marks) {
		t.Fatalf("fixture has %d paragraphs, want %d", len(c.Text.Paragraphs), len(marks))
	}
	return c
}
