package index

import (
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/RoaringBitmap/roaring/v2/roaring64"
)

// cableSet is the cables that have one value, by their numbers in the
// cable table (cableEntry.num, given as cables are first met): a sorted
// slice while short, a roaring bitmap past smallSet. Cable keys are
// sparse (a rowid made of the cable's minute): in a 64-bit bitmap of
// keys each member sat in a container of its own, 52 bytes a member, a
// fifth of the heap at 25,000 cables. Numbers are dense, and most values
// are rare (an addressee, an office), which a slice holds in 4 bytes a
// member.
type cableSet struct {
	small []uint32
	bm    *roaring.Bitmap
}

// smallSet is the longest set kept as a slice.
const smallSet = 64

// add puts cable number n in s.
func (s *cableSet) add(n uint32) {
	if s.bm != nil {
		s.bm.Add(n)
		return
	}
	i, found := slices.BinarySearch(s.small, n)
	if found {
		return
	}
	if len(s.small) < smallSet {
		s.small = slices.Insert(s.small, i, n)
		return
	}
	s.bm = roaring.BitmapOf(s.small...)
	s.bm.Add(n)
	s.small = nil
}

// remove takes cable number n out of s.
func (s *cableSet) remove(n uint32) {
	if s.bm != nil {
		s.bm.Remove(n)
		return
	}
	if i, found := slices.BinarySearch(s.small, n); found {
		s.small = slices.Delete(s.small, i, i+1)
	}
}

// of sets s to nums, ascending, which it does not keep.
func (s *cableSet) of(nums []uint32) {
	if len(nums) <= smallSet {
		s.small, s.bm = slices.Clone(nums), nil
		return
	}
	s.small, s.bm = nil, roaring.BitmapOf(nums...)
}

// keys returns the keys of s's cables as a bitmap the caller may change;
// keys holds the key of each cable number.
func (s *cableSet) keys(keys []uint64) *roaring64.Bitmap {
	var out []uint64
	if s.bm != nil {
		out = make([]uint64, 0, s.bm.GetCardinality())
		it := s.bm.Iterator()
		for it.HasNext() {
			out = append(out, keys[it.Next()])
		}
	} else {
		out = make([]uint64, len(s.small))
		for i, n := range s.small {
			out[i] = keys[n]
		}
	}
	// Numbers follow keys but for cables met out of order.
	if !slices.IsSorted(out) {
		slices.Sort(out)
	}
	bm := roaring64.New()
	bm.AddMany(out)
	return bm
}
