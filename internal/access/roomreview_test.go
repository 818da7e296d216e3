package access_test

// Probes of the security review of the reading room (branch roomreview):
// each fails while the defect it names is there.

import (
	"slices"
	"testing"

	"github.com/cable/cable/internal/access"
)

// TestProbePublicSBU: SBU and FOUO are "controls on unclassified text,
// not levels: level U, official readers only" (MARKINGS.md §1, §4). They
// were never classified, so declassification does not release them
// (issue 18: "text never classified ... is not declassified and is not in
// the room"), yet PortionsAt drops every marking of a declassified cable,
// controls included, and the public reader, who is no official reader,
// is shown the (SBU) and (U//FOUO) paragraphs of a declassified
// CONFIDENTIAL cable.
func TestProbePublicSBU(t *testing.T) {
	t.Parallel()
	c := publicCable(t, "01/01/2010", []string{"SIPDIS"}, []string{"C", "SBU", "U//FOUO", "SBU/NF"})
	v, ok := access.View(access.PublicReader(), c, access.DistributionOf(c), now)
	if !ok {
		t.Fatal("the public does not find the declassified cable")
	}
	for _, n := range []int{2, 3, 4} {
		if slices.Contains(v.Shown, n) {
			t.Errorf("the public is shown paragraph %d, marked %s: unclassified text for official readers only", n, c.Text.Paragraphs[n-1].Mark)
		}
	}
}

// TestProbeDeclTrailingText: a DECL that names a date and then something
// more is read as the date alone and declassifies, though what follows
// says the date does not apply on its own: an exemption written with a
// space or dash (25 X 1, 25X 1), OADR or MR (declassify only on the
// originator's or a manual review), EXEMPT, or 25X1 on the line after.
// MARKINGS.md §7 has such text flagged for manual review; failing closed
// would send them to the review queue.
func TestProbeDeclTrailingText(t *testing.T) {
	t.Parallel()
	for _, decl := range []string{
		"12/31/2010 25 X 1",
		"12/31/2010 25X 1",
		"12/31/2010 OADR",
		"12/31/2010 MR",
		"12/31/2010 EXEMPT",
		"12/31/2010\n     25X1",
	} {
		c := publicCable(t, decl, []string{"SIPDIS"}, []string{"S"})
		if access.Declassified(c, now) {
			t.Errorf("DECL %q is declassified (queue %q); want it kept for review", decl, access.NeedsReview(c))
		}
	}
}
