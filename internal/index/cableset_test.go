package index

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// A cable set answers as a plain set does, as a slice, past smallSet as
// a bitmap, and after removals; its keys come out in order even when
// cable numbers do not follow them.
func TestCableSet(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	keys := make([]uint64, 3*smallSet)
	for n := range keys {
		keys[n] = uint64(n) << 21 // sparse, as rowids are
	}
	keys[7], keys[len(keys)-1] = keys[len(keys)-1], keys[7] // a cable met out of order
	var s cableSet
	want := map[uint64]bool{}
	for i := range len(keys) * 4 {
		n := uint32(r.IntN(len(keys)))
		if i%4 == 3 {
			s.remove(n)
			delete(want, keys[n])
		} else {
			s.add(n)
			want[keys[n]] = true
		}
		if i%37 != 0 {
			continue
		}
		var wantKeys []uint64
		var nums []uint32
		for n, k := range keys {
			if want[k] {
				wantKeys = append(wantKeys, k)
				nums = append(nums, uint32(n))
			}
		}
		slices.Sort(wantKeys)
		if got := s.keys(keys).ToArray(); !slices.Equal(got, wantKeys) {
			t.Fatalf("after %d changes (-want +got):\n%s", i+1, cmp.Diff(wantKeys, got, cmpopts.EquateEmpty()))
		}
		var read cableSet
		read.of(nums)
		if got := read.keys(keys).ToArray(); !slices.Equal(got, wantKeys) {
			t.Fatalf("of(%d numbers) (-want +got):\n%s", len(nums), cmp.Diff(wantKeys, got, cmpopts.EquateEmpty()))
		}
	}
	if s.bm == nil {
		t.Errorf("a set of %d cables is still a slice", len(want))
	}
}
