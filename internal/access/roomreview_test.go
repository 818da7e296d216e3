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
