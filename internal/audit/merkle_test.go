package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"testing"
)

// naiveRoot is RFC 6962's MTH as the RFC writes it, recursively.
func naiveRoot(d []Hash) Hash {
	switch len(d) {
	case 0:
		return sha256.Sum256(nil)
	case 1:
		return d[0]
	}
	k := 1
	for k*2 < len(d) {
		k *= 2
	}
	return NodeHash(naiveRoot(d[:k]), naiveRoot(d[k:]))
}

func testLeaves(n int) []Hash {
	out := make([]Hash, n)
	for i := range out {
		out[i] = LeafHash([]byte(fmt.Sprintf("leaf %d", i)))
	}
	return out
}

// TestRootRFC6962 checks roots against the test vectors of the RFC's
// reference implementation (certificate-transparency merkle_tree_test).
func TestRootRFC6962(t *testing.T) {
	inputs := []string{"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"}
	want := map[int]string{
		0: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
		2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
		3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
		8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
	}
	var leaves []Hash
	for _, in := range inputs {
		b, _ := hex.DecodeString(in)
		leaves = append(leaves, LeafHash(b))
	}
	for n, w := range want {
		r := Root(leaves[:n])
		if got := hex.EncodeToString(r[:]); got != w {
			t.Errorf("Root(%d leaves) = %s, want %s", n, got, w)
		}
	}
}

func TestFrontier(t *testing.T) {
	leaves := testLeaves(70)
	var f Frontier
	for n := 0; n <= len(leaves); n++ {
		if got, want := f.Root(), naiveRoot(leaves[:n]); got != want {
			t.Fatalf("Frontier.Root() after %d leaves = %x, want %x", n, got, want)
		}
		b, _ := f.MarshalBinary()
		var g Frontier
		if err := g.UnmarshalBinary(b); err != nil || g.Root() != f.Root() || g.Size() != uint64(n) {
			t.Fatalf("frontier of %d leaves: marshalled and back = size %d root %x, %v", n, g.Size(), g.Root(), err)
		}
		if n < len(leaves) {
			f.Append(leaves[n])
		}
	}
	var g Frontier
	if err := g.UnmarshalBinary([]byte{0, 0, 0, 0, 0, 0, 0, 3, 1}); err == nil {
		t.Error("UnmarshalBinary(size 3, 1 byte) = nil, want an error")
	}
}

func TestInclusionProofs(t *testing.T) {
	all := testLeaves(40)
	for n := 1; n <= len(all); n++ {
		leaves := all[:n]
		root := naiveRoot(leaves)
		for i := range leaves {
			p, err := InclusionProof(leaves, i)
			if err != nil {
				t.Fatal(err)
			}
			if err := VerifyInclusion(uint64(i), uint64(n), leaves[i], p, root); err != nil {
				t.Fatalf("VerifyInclusion(%d of %d) = %v", i, n, err)
			}
			// A wrong leaf, index or path element fails. (A wrong size
			// may not: the signed head binds the size.)
			wrong := map[string]error{
				"leaf":  VerifyInclusion(uint64(i), uint64(n), all[(i+1)%len(all)], p, root),
				"index": VerifyInclusion(uint64((i+1)%n), uint64(n), leaves[i], p, root),
				"short": VerifyInclusion(uint64(i), uint64(n), leaves[i], p[:max(0, len(p)-1)], root),
				"long":  VerifyInclusion(uint64(i), uint64(n), leaves[i], append(p[:len(p):len(p)], root), root),
			}
			for j := range p {
				q := append([]Hash(nil), p...)
				q[j][0] ^= 1
				wrong[fmt.Sprintf("path[%d]", j)] = VerifyInclusion(uint64(i), uint64(n), leaves[i], q, root)
			}
			for what, err := range wrong {
				if what == "index" && n == 1 || what == "short" && len(p) == 0 {
					continue
				}
				if !errors.Is(err, ErrProof) {
					t.Errorf("VerifyInclusion(%d of %d) with a wrong %s = %v, want ErrProof", i, n, what, err)
				}
			}
		}
	}
}

func TestConsistencyProofs(t *testing.T) {
	all := testLeaves(40)
	for n := 1; n <= len(all); n++ {
		root2 := naiveRoot(all[:n])
		for m := 0; m <= n; m++ {
			root1 := naiveRoot(all[:m])
			p, err := ConsistencyProof(all[:n], m)
			if err != nil {
				t.Fatal(err)
			}
			if err := VerifyConsistency(uint64(m), uint64(n), root1, root2, p); err != nil {
				t.Fatalf("VerifyConsistency(%d, %d) = %v", m, n, err)
			}
			if m == 0 || m == n {
				continue
			}
			other := naiveRoot(append(append([]Hash(nil), all[:m-1]...), LeafHash([]byte("other"))))
			if err := VerifyConsistency(uint64(m), uint64(n), other, root2, p); !errors.Is(err, ErrProof) {
				t.Errorf("VerifyConsistency(%d, %d) from another tree = %v, want ErrProof", m, n, err)
			}
			for j := range p {
				q := append([]Hash(nil), p...)
				q[j][31] ^= 1
				if err := VerifyConsistency(uint64(m), uint64(n), root1, root2, q); !errors.Is(err, ErrProof) {
					t.Errorf("VerifyConsistency(%d, %d) with proof[%d] changed = %v, want ErrProof", m, n, j, err)
				}
			}
		}
	}
}

// FuzzVerifyInclusion feeds proofs made of arbitrary bytes: they must not
// panic, and must not prove a leaf of a real tree at another index.
func FuzzVerifyInclusion(f *testing.F) {
	f.Add(uint64(3), uint64(7), []byte{1, 2, 3})
	f.Add(uint64(0), uint64(1), []byte{})
	leaves := testLeaves(13)
	root := naiveRoot(leaves)
	f.Fuzz(func(t *testing.T, index, size uint64, raw []byte) {
		var proof []Hash
		for len(raw) > 0 {
			var h Hash
			copy(h[:], raw)
			raw = raw[min(len(raw), len(h)):]
			proof = append(proof, h)
		}
		err := VerifyInclusion(index, size, leaves[index%13], proof, root)
		if err == nil && (size != 13 || index >= 13) {
			t.Fatalf("VerifyInclusion(%d, %d, fuzzed proof) = nil for a tree of 13", index, size)
		}
	})
}

// FuzzVerifyConsistency does as FuzzVerifyInclusion for consistency proofs.
func FuzzVerifyConsistency(f *testing.F) {
	f.Add(uint64(3), uint64(7), []byte{1, 2, 3})
	f.Add(uint64(97), uint64(97), []byte{}) // found by the fuzzer: the test's claim was wrong
	leaves := testLeaves(13)
	root := naiveRoot(leaves)
	f.Fuzz(func(t *testing.T, m, n uint64, raw []byte) {
		var proof []Hash
		for len(raw) > 0 {
			var h Hash
			copy(h[:], raw)
			raw = raw[min(len(raw), len(h)):]
			proof = append(proof, h)
		}
		old := naiveRoot(leaves[:m%14])
		err := VerifyConsistency(m, n, old, root, proof)
		// A tree is consistent with itself, whatever size both heads
		// claim: equal sizes and roots, no proof.
		same := m == n && old == root && len(proof) == 0
		if err == nil && m != 0 && !same && (n != 13 || m > 13 || m%14 != m) {
			t.Fatalf("VerifyConsistency(%d, %d, fuzzed proof) = nil", m, n)
		}
	})
}
