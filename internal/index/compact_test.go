package index

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A compacted index answers as it did, and goes on taking changes as
// the one not compacted does.
func TestCompact(t *testing.T) {
	ix, compacted := snapshotFixture(), snapshotFixture()
	compacted.Compact()
	if diff := cmp.Diff(answers(ix), answers(compacted)); diff != "" {
		t.Errorf("the compacted index answers otherwise (-before +after):\n%s", diff)
	}
	more := []Doc{{ID: 50 << 9, Class: 1, Cable: 50, Text: "embassy talks resumed"}, {ID: 3 << 9, Class: 2, Cable: 3, Text: "couriers"}}
	for _, x := range []*Index{ix, compacted} {
		x.Add(more...)
		x.Remove(20 << 9)
		x.Reclass(1, 21<<9|1)
		x.SetCables(Cable{Key: 50, Banner: 1, Values: []string{"tag=PREL"}}, Cable{Key: 11, Values: []string{"tag=PINR"}})
	}
	if diff := cmp.Diff(answers(ix), answers(compacted)); diff != "" {
		t.Errorf("after more changes, the compacted index answers otherwise (-plain +compacted):\n%s", diff)
	}
}
