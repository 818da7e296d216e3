package cabletext_test

import (
	"strings"
	"testing"

	"github.com/cable/cable/internal/cabletext"
)

// markProbe is a short cable whose paragraph 2 carries mark.
func markProbe(mark string) string {
	return "P 011200Z JAN 08\nFM SECSTATE WASHDC\nTO AMEMBASSY LONDON PRIORITY\nS E C R E T STATE 000001\n\n" +
		"E.O. 12958: DECL: 12/31/2030\nTAGS: PREL\nSUBJECT: (U) PROBE\n\n" +
		"Classified By: Desk Officer Jane Doe. Reasons 1.4(d).\n\n1. (U) First.\n\n2. " + mark + " Second paragraph.\n\nRICE\n"
}

// TestParagraphMarks_Attempts checks that a mark written as marks are,
// even one nobody can read, is taken for the paragraph's mark (so that
// package access withholds the paragraph) and not left in its text to
// take the banner; and that headings in parentheses are not marks.
func TestParagraphMarks_Attempts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		written, mark string // mark "" when the parentheses are text
	}{
		{"(S)", "S"},
		{"(TOP SECRET)", "TOP SECRET"},
		{"(T/S)", "T/S"},
		{"(TSNF)", "TSNF"},
		{"(Top Secret/NF)", "Top Secret/NF"},
		{"(T S)", "T S"},
		{"(T.S.)", "T.S."},
		{"(TS:)", "TS:"},
		{"(X//BAD)", "X//BAD"},
		{"(N/SF)", "N/SF"},
		{"(/Rel UK)", "/Rel UK"},
		{"(SE)", "SE"},
		{"(Iran)", ""},
		{"(U.S.)", ""},
		{"(UN)", ""},
		{"(EU)", ""},
		{"(3)", ""},
		{"(TF/Embassy Tbilisi telcon)", ""},
	} {
		c := cabletext.ParseString(markProbe(tc.written))
		if len(c.Text.Paragraphs) != 2 {
			t.Errorf("%s: %d paragraphs, want 2", tc.written, len(c.Text.Paragraphs))
			continue
		}
		p := c.Text.Paragraphs[1]
		if p.Mark != tc.mark || (tc.mark != "") == strings.Contains(p.Text, tc.written) {
			t.Errorf("%s: paragraph 2 mark %q, text %q; want mark %q", tc.written, p.Mark, p.Text, tc.mark)
		}
	}
}

// TestCheck_Marks checks that composing refuses a mark read only
// tolerantly, saying how to write it, and one that cannot be read, saying
// that the paragraph is withheld.
func TestCheck_Marks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ written, want string }{
		{"(T/S)", `mark "T/S" is read as (TS): write it so`},
		{"(TSNF)", `mark "TSNF" is read as (TS//NF): write it so`},
		{"(X//BAD)", "withheld from every reader until the mark is read"},
	} {
		var got []string
		for _, f := range cabletext.Check(cabletext.ParseString(markProbe(tc.written)), true) {
			if f.Field == "paragraph 2" {
				got = append(got, f.Severity.String()+": "+f.Message)
			}
		}
		if len(got) != 1 || !strings.Contains(got[0], tc.want) || !strings.HasPrefix(got[0], "error") {
			t.Errorf("Check(%s) = %q, want one error saying %q", tc.written, got, tc.want)
		}
	}
}
