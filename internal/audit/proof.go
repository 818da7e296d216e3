package audit

import (
	"errors"
	"fmt"
	"math/bits"
)

// Root returns the root of the tree over leaves (RFC 6962's MTH).
func Root(leaves []Hash) Hash {
	var f Frontier
	for _, l := range leaves {
		f.Append(l)
	}
	return f.Root()
}

// split returns the largest power of two smaller than n (n > 1): where a
// tree of n leaves splits into its left and right subtrees.
func split(n int) int { return 1 << (bits.Len(uint(n-1)) - 1) }

// InclusionProof returns the audit path of leaf index in the tree over
// leaves (RFC 6962 §2.1.1 PATH), from the leaf up.
func InclusionProof(leaves []Hash, index int) ([]Hash, error) {
	if index < 0 || index >= len(leaves) {
		return nil, fmt.Errorf("inclusion proof: leaf %d of a tree of %d", index, len(leaves))
	}
	return path(leaves, index), nil
}

func path(d []Hash, m int) []Hash {
	if len(d) <= 1 {
		return nil
	}
	k := split(len(d))
	if m < k {
		return append(path(d[:k], m), Root(d[k:]))
	}
	return append(path(d[k:], m-k), Root(d[:k]))
}

// ErrProof is the error of a proof that does not prove what it claims.
var ErrProof = errors.New("proof does not verify")

// VerifyInclusion checks that leaf is leaf index of the tree of size
// leaves whose root is root, by the audit path proof (RFC 9162 §2.1.3.2).
func VerifyInclusion(index, size uint64, leaf Hash, proof []Hash, root Hash) error {
	if index >= size {
		return fmt.Errorf("leaf %d of a tree of %d: %w", index, size, ErrProof)
	}
	fn, sn, r := index, size-1, leaf
	for _, p := range proof {
		if sn == 0 {
			return fmt.Errorf("inclusion proof too long: %w", ErrProof)
		}
		if fn&1 == 1 || fn == sn {
			r = NodeHash(p, r)
			for fn&1 == 0 && fn != 0 {
				fn, sn = fn>>1, sn>>1
			}
		} else {
			r = NodeHash(r, p)
		}
		fn, sn = fn>>1, sn>>1
	}
	if sn != 0 || r != root {
		return fmt.Errorf("inclusion of leaf %d in a tree of %d: %w", index, size, ErrProof)
	}
	return nil
}

// ConsistencyProof returns the proof that the tree over leaves[:m] is a
// prefix of the tree over leaves (RFC 6962 §2.1.2 PROOF). It is empty when
// m is 0 or every leaf.
func ConsistencyProof(leaves []Hash, m int) ([]Hash, error) {
	if m < 0 || m > len(leaves) {
		return nil, fmt.Errorf("consistency proof: from %d leaves to %d", m, len(leaves))
	}
	if m == 0 || m == len(leaves) {
		return nil, nil
	}
	return subproof(m, leaves, true), nil
}

func subproof(m int, d []Hash, whole bool) []Hash {
	if m == len(d) {
		if whole {
			return nil
		}
		return []Hash{Root(d)}
	}
	k := split(len(d))
	if m <= k {
		return append(subproof(m, d[:k], whole), Root(d[k:]))
	}
	return append(subproof(m-k, d[k:], false), Root(d[:k]))
}

// VerifyConsistency checks that the tree of size1 leaves with root root1
// is a prefix of the tree of size2 leaves with root root2, by proof (RFC
// 9162 §2.1.4.2).
func VerifyConsistency(size1, size2 uint64, root1, root2 Hash, proof []Hash) error {
	switch {
	case size1 > size2:
		return fmt.Errorf("tree of %d cannot grow to %d: %w", size1, size2, ErrProof)
	case size1 == size2:
		if len(proof) != 0 || root1 != root2 {
			return fmt.Errorf("trees of %d differ: %w", size1, ErrProof)
		}
		return nil
	case size1 == 0:
		if len(proof) != 0 {
			return fmt.Errorf("consistency with the empty tree takes no proof: %w", ErrProof)
		}
		return nil
	case len(proof) == 0:
		return fmt.Errorf("empty consistency proof: %w", ErrProof)
	}
	if size1&(size1-1) == 0 {
		proof = append([]Hash{root1}, proof...)
	}
	fn, sn := size1-1, size2-1
	for fn&1 == 1 {
		fn, sn = fn>>1, sn>>1
	}
	fr, sr := proof[0], proof[0]
	for _, c := range proof[1:] {
		if sn == 0 {
			return fmt.Errorf("consistency proof too long: %w", ErrProof)
		}
		if fn&1 == 1 || fn == sn {
			fr, sr = NodeHash(c, fr), NodeHash(c, sr)
			for fn&1 == 0 && fn != 0 {
				fn, sn = fn>>1, sn>>1
			}
		} else {
			sr = NodeHash(sr, c)
		}
		fn, sn = fn>>1, sn>>1
	}
	if sn != 0 || fr != root1 || sr != root2 {
		return fmt.Errorf("consistency from %d to %d: %w", size1, size2, ErrProof)
	}
	return nil
}
