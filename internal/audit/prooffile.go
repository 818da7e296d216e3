package audit

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"time"
)

// ProofFile is what cable audit proof prints and check-proof reads: an
// inclusion proof of an entry, or a consistency proof from an older tree,
// in a signed tree head, with the key that signed it. Hashes and keys are
// base64; times RFC 3339.
type ProofFile struct {
	Kind string `json:"kind"` // "inclusion" or "consistency"
	// Entry is the entry proved included (inclusion only). The checker
	// recomputes its leaf hash.
	Entry *EntryJSON `json:"entry,omitempty"`
	// From is the older tree (consistency only).
	From      *HeadJSON `json:"from,omitempty"`
	Head      HeadJSON  `json:"head"`
	Proof     []string  `json:"proof"`
	PublicKey string    `json:"public_key"`
}

// EntryJSON is an entry in a proof file.
type EntryJSON struct {
	Seq    uint64 `json:"seq"`
	At     string `json:"at"`
	User   string `json:"user"`
	Kind   string `json:"kind"`
	Cable  string `json:"cable"`
	Detail string `json:"detail"`
	Client string `json:"client"`
}

// HeadJSON is a tree head in a proof file; From has no key or signature.
type HeadJSON struct {
	Size      uint64 `json:"size"`
	Root      string `json:"root"`
	Time      string `json:"time,omitempty"`
	KeyID     string `json:"key_id,omitempty"`
	Signature string `json:"signature,omitempty"`
}

var b64 = base64.StdEncoding

func headJSON(h TreeHead) HeadJSON {
	return HeadJSON{Size: h.Size, Root: b64.EncodeToString(h.Root[:]), Time: h.Time.UTC().Format(time.RFC3339Nano),
		KeyID: h.KeyID, Signature: b64.EncodeToString(h.Signature)}
}

func hashes(hs []Hash) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = b64.EncodeToString(h[:])
	}
	return out
}

// latestHead returns the newest stored head: the one of largest size.
func latestHead(ctx context.Context, log Log) (TreeHead, error) {
	heads, err := log.TreeHeads(ctx)
	if err != nil {
		return TreeHead{}, err
	}
	if len(heads) == 0 {
		return TreeHead{}, fmt.Errorf("no signed tree head yet: run cable serve, which signs one a minute")
	}
	latest := heads[0]
	for _, h := range heads[1:] {
		if h.Size >= latest.Size {
			latest = h
		}
	}
	return latest, nil
}

// leaves reads the stored leaf hashes of the first n entries, with entry
// want when want > 0.
func leaves(ctx context.Context, log Log, n, want uint64) ([]Hash, *Stored, error) {
	out := make([]Hash, 0, n)
	var found *Stored
	err := log.ScanAudit(ctx, func(e Stored) error {
		if uint64(len(out)) == n {
			return errDone
		}
		if e.Seq != uint64(len(out))+1 {
			return fmt.Errorf("entry %d is missing: run cable audit verify", len(out)+1)
		}
		if e.Seq == want {
			found = &e
		}
		out = append(out, e.Leaf)
		return nil
	})
	if err != nil && err != errDone {
		return nil, nil, err
	}
	if uint64(len(out)) < n {
		return nil, nil, fmt.Errorf("the log has %d entries, the tree head counts %d: run cable audit verify", len(out), n)
	}
	return out, found, nil
}

type doneError struct{}

func (doneError) Error() string { return "done" }

var errDone error = doneError{}

// Inclusion returns the proof that entry seq is in the newest signed tree
// head.
func Inclusion(ctx context.Context, log Log, seq uint64, pub ed25519.PublicKey) (*ProofFile, error) {
	h, err := latestHead(ctx, log)
	if err != nil {
		return nil, err
	}
	if seq == 0 || seq > h.Size {
		return nil, fmt.Errorf("entry %d: the newest signed tree head covers entries 1 to %d", seq, h.Size)
	}
	ls, e, err := leaves(ctx, log, h.Size, seq)
	if err != nil {
		return nil, err
	}
	p, err := InclusionProof(ls, int(seq-1))
	if err != nil {
		return nil, err
	}
	ej := EntryJSON{Seq: e.Seq, At: e.At.UTC().Format(time.RFC3339Nano), User: e.User, Kind: e.Kind, Cable: e.Cable, Detail: e.Detail, Client: e.Client}
	return &ProofFile{Kind: "inclusion", Entry: &ej, Head: headJSON(h), Proof: hashes(p), PublicKey: EncodePublicKey(pub)}, nil
}

// Consistency returns the proof that the tree of the first size entries is
// a prefix of the newest signed tree head's.
func Consistency(ctx context.Context, log Log, size uint64, pub ed25519.PublicKey) (*ProofFile, error) {
	h, err := latestHead(ctx, log)
	if err != nil {
		return nil, err
	}
	if size > h.Size {
		return nil, fmt.Errorf("from %d entries: the newest signed tree head covers %d", size, h.Size)
	}
	ls, _, err := leaves(ctx, log, h.Size, 0)
	if err != nil {
		return nil, err
	}
	p, err := ConsistencyProof(ls, int(size))
	if err != nil {
		return nil, err
	}
	old := Root(ls[:size])
	return &ProofFile{Kind: "consistency", From: &HeadJSON{Size: size, Root: b64.EncodeToString(old[:])},
		Head: headJSON(h), Proof: hashes(p), PublicKey: EncodePublicKey(pub)}, nil
}
