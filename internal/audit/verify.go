package audit

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"sort"
	"time"
)

// Stored is an entry as a store keeps it: with the leaf hash computed when
// it was appended.
type Stored struct {
	Entry
	Leaf Hash
}

// Log is what the signer, the verifier and the proofs need of a store.
type Log interface {
	// AuditRoot returns the size and root of the tree now, from its
	// frontier, without reading the entries.
	AuditRoot(ctx context.Context) (uint64, Hash, error)
	// AddTreeHead stores a signed tree head.
	AddTreeHead(ctx context.Context, h TreeHead) error
	// TreeHeads returns the stored tree heads, smallest first.
	TreeHeads(ctx context.Context) ([]TreeHead, error)
	// ScanAudit calls fn on every stored entry, in the order of Seq, and
	// stops at fn's first error, which it returns.
	ScanAudit(ctx context.Context, fn func(Stored) error) error
}

// Report is what [Verify] found.
type Report struct {
	Entries uint64 // entries read
	Heads   int    // signed tree heads checked
	// Latest is the newest head that verified, if any.
	Latest *TreeHead
	// Problem is the first thing found wrong, or nil.
	Problem *Problem
}

// Problem is what Verify found wrong: the first entry that differs from
// what the signed heads vouch for, or the range it lies in when the
// entry's own hash was changed with it.
type Problem struct {
	// First is the first entry that differs, or may differ; 0 when the
	// problem is a tree head's signature.
	First uint64
	// Last is First when the entry is known, else the end of the range
	// that holds it.
	Last uint64
	Why  string
}

func (p *Problem) Error() string { return p.Why }

// String is the one-line summary cable audit verify prints.
func (r *Report) String() string {
	if r.Problem != nil {
		return "audit log TAMPERED: " + r.Problem.Why
	}
	s := fmt.Sprintf("audit log intact: %d entries, %d signed tree heads", r.Entries, r.Heads)
	if r.Latest == nil {
		return s + "; no signed tree head yet, so nothing vouches for the entries"
	}
	return s + fmt.Sprintf("; the newest, signed %s, covers %d; %d entries after it are not yet signed",
		r.Latest.Time.UTC().Format(time.RFC3339), r.Latest.Size, r.Entries-r.Latest.Size)
}

// Verify rereads the whole log: it checks every tree head's signature with
// pub, recomputes every entry's leaf hash and the tree's root at every
// head's size, and reports the first difference. An error is a failure to
// read the log, not a finding.
func Verify(ctx context.Context, log Log, pub ed25519.PublicKey) (*Report, error) {
	heads, err := log.TreeHeads(ctx)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(heads, func(i, j int) bool { return heads[i].Size < heads[j].Size })
	r := &Report{}
	for i := range heads {
		if err := heads[i].Check(pub); err != nil {
			r.Problem = &Problem{Why: fmt.Sprintf("the tree head signed %s for %d entries: %v",
				heads[i].Time.UTC().Format(time.RFC3339), heads[i].Size, err)}
			return r, nil
		}
	}
	v := &verifier{heads: heads, r: r}
	if p := v.headsAt(0); p != nil {
		r.Problem = p
		return r, nil
	}
	err = log.ScanAudit(ctx, v.entry)
	if p, ok := err.(*Problem); ok {
		r.Problem = p
		return r, nil
	}
	if err != nil {
		return nil, err
	}
	if v.next < len(heads) {
		h := heads[v.next]
		r.Problem = &Problem{First: r.Entries + 1, Last: h.Size, Why: fmt.Sprintf("entries %d to %d are missing: the tree head signed %s counts %d",
			r.Entries+1, h.Size, h.Time.UTC().Format(time.RFC3339), h.Size)}
	}
	return r, nil
}

// verifier walks the entries in order.
type verifier struct {
	heads  []TreeHead
	next   int    // the first head not yet reached
	signed uint64 // the size of the last head that verified
	tree   Frontier
	r      *Report
}

// entry checks one stored entry; a *Problem stops the walk.
func (v *verifier) entry(e Stored) error {
	want := v.r.Entries + 1
	switch {
	case e.Seq > want:
		return &Problem{First: want, Last: want, Why: fmt.Sprintf("entry %d is missing: after entry %d comes %d", want, want-1, e.Seq)}
	case e.Seq < want:
		return &Problem{First: e.Seq, Last: e.Seq, Why: fmt.Sprintf("entry %d is stored twice", e.Seq)}
	}
	leaf := e.Entry.Leaf()
	if leaf != e.Leaf {
		return &Problem{First: e.Seq, Last: e.Seq, Why: changed(e)}
	}
	v.tree.Append(leaf)
	v.r.Entries++
	if p := v.headsAt(e.Seq); p != nil {
		return p
	}
	return nil
}

// changed says how an entry whose leaf hash does not match differs.
func changed(e Stored) string {
	for _, d := range []struct {
		seq uint64
		why string
	}{{e.Seq - 1, "an entry was inserted before it"}, {e.Seq + 1, "an entry before it was deleted"}} {
		o := e.Entry
		o.Seq = d.seq
		if o.Leaf() == e.Leaf {
			return fmt.Sprintf("entry %d was entry %d when written: %s", e.Seq, d.seq, d.why)
		}
	}
	return fmt.Sprintf("entry %d was changed: its content does not match the leaf hash stored when it was written", e.Seq)
}

// headsAt checks the heads of size n against the tree of the first n
// entries.
func (v *verifier) headsAt(n uint64) *Problem {
	for ; v.next < len(v.heads) && v.heads[v.next].Size == n; v.next++ {
		h := &v.heads[v.next]
		if v.tree.Root() != h.Root {
			return v.rootDiffers(h)
		}
		v.r.Heads++
		v.r.Latest = h
		v.signed = n
	}
	return nil
}

func (v *verifier) rootDiffers(h *TreeHead) *Problem {
	first, at := v.signed+1, h.Time.UTC().Format(time.RFC3339)
	if first == h.Size {
		return &Problem{First: first, Last: first, Why: fmt.Sprintf(
			"entry %d was changed with its leaf hash: the tree no longer has the root the head signed %s vouches for", first, at)}
	}
	return &Problem{First: first, Last: h.Size, Why: fmt.Sprintf(
		"an entry from %d to %d was changed with its leaf hash: the tree no longer has the root the head signed %s vouches for, "+
			"and the one before it held; entry %d is the first that may differ", first, h.Size, at, first)}
}
