package audit

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
)

// Frontier is the right edge of a tree: the roots of its perfect subtrees,
// largest first, one for each set bit of its size. It is all an append
// needs, and gives the root of the whole tree: O(log n) hashes either way.
// The zero Frontier is the empty tree.
type Frontier struct {
	size   uint64
	hashes []Hash
}

// Size returns the number of leaves.
func (f *Frontier) Size() uint64 { return f.size }

// Clone returns a copy that appends without changing f.
func (f *Frontier) Clone() Frontier {
	return Frontier{size: f.size, hashes: append([]Hash(nil), f.hashes...)}
}

// Append adds a leaf hash. Like a binary counter's carry, each trailing
// one bit of the old size merges two subtrees of equal size into one.
func (f *Frontier) Append(leaf Hash) {
	f.hashes = append(f.hashes, leaf)
	for s := f.size; s&1 == 1; s >>= 1 {
		n := len(f.hashes)
		f.hashes[n-2] = NodeHash(f.hashes[n-2], f.hashes[n-1])
		f.hashes = f.hashes[:n-1]
	}
	f.size++
}

// Root returns the tree's root hash (RFC 6962's MTH): the subtrees folded
// from the right, since a tree splits at its largest power of two.
func (f *Frontier) Root() Hash {
	if len(f.hashes) == 0 {
		return EmptyRoot
	}
	h := f.hashes[len(f.hashes)-1]
	for i := len(f.hashes) - 2; i >= 0; i-- {
		h = NodeHash(f.hashes[i], h)
	}
	return h
}

// MarshalBinary encodes the frontier: its size (8 bytes big-endian), then
// its hashes.
func (f *Frontier) MarshalBinary() ([]byte, error) {
	b := binary.BigEndian.AppendUint64(make([]byte, 0, 8+len(f.hashes)*len(Hash{})), f.size)
	for _, h := range f.hashes {
		b = append(b, h[:]...)
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary encoded.
func (f *Frontier) UnmarshalBinary(b []byte) error {
	if len(b) < 8 {
		return errors.New("audit frontier: shorter than its size")
	}
	size := binary.BigEndian.Uint64(b)
	n := bits.OnesCount64(size)
	if len(b) != 8+n*len(Hash{}) {
		return fmt.Errorf("audit frontier: %d bytes for size %d, want %d", len(b), size, 8+n*len(Hash{}))
	}
	f.size = size
	f.hashes = make([]Hash, n)
	for i := range f.hashes {
		copy(f.hashes[i][:], b[8+i*len(Hash{}):])
	}
	return nil
}
