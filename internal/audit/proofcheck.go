package audit

import (
	"crypto/ed25519"
	"fmt"
	"time"
)

// Check verifies a proof file with pub: the tree head's signature, and the
// proof from the entry (whose leaf hash it recomputes) or the older tree to
// the head's root. It returns a one-line summary of what it proved.
func (pf *ProofFile) Check(pub ed25519.PublicKey) (string, error) {
	h, err := pf.Head.decode()
	if err != nil {
		return "", err
	}
	if err := h.Check(pub); err != nil {
		return "", err
	}
	proof := make([]Hash, len(pf.Proof))
	for i, s := range pf.Proof {
		if proof[i], err = decodeHash(s); err != nil {
			return "", fmt.Errorf("proof[%d]: %w", i, err)
		}
	}
	at := h.Time.UTC().Format(time.RFC3339)
	switch pf.Kind {
	case "inclusion":
		if pf.Entry == nil {
			return "", fmt.Errorf("inclusion proof: no entry")
		}
		e, err := pf.Entry.decode()
		if err != nil {
			return "", err
		}
		if err := VerifyInclusion(e.Seq-1, h.Size, Normalize(e).Leaf(), proof, h.Root); err != nil {
			return "", err
		}
		return fmt.Sprintf("entry %d (%s by %q) is in the log of %d entries signed %s by key %s", e.Seq, e.Kind, e.User, h.Size, at, h.KeyID), nil
	case "consistency":
		if pf.From == nil {
			return "", fmt.Errorf("consistency proof: no from")
		}
		old, err := decodeHash(pf.From.Root)
		if err != nil {
			return "", fmt.Errorf("from.root: %w", err)
		}
		if err := VerifyConsistency(pf.From.Size, h.Size, old, h.Root, proof); err != nil {
			return "", err
		}
		return fmt.Sprintf("the log of %d entries with root %s grew, unchanged, into the log of %d signed %s by key %s",
			pf.From.Size, pf.From.Root, h.Size, at, h.KeyID), nil
	}
	return "", fmt.Errorf("proof kind %q: want inclusion or consistency", pf.Kind)
}

func decodeHash(s string) (Hash, error) {
	var h Hash
	b, err := b64.DecodeString(s)
	if err != nil || len(b) != len(h) {
		return h, fmt.Errorf("want a %d-byte hash in base64", len(h))
	}
	copy(h[:], b)
	return h, nil
}

func (hj HeadJSON) decode() (TreeHead, error) {
	h := TreeHead{Size: hj.Size, KeyID: hj.KeyID}
	var err error
	if h.Root, err = decodeHash(hj.Root); err != nil {
		return h, fmt.Errorf("head.root: %w", err)
	}
	if h.Time, err = time.Parse(time.RFC3339Nano, hj.Time); err != nil {
		return h, fmt.Errorf("head.time: %w", err)
	}
	if h.Signature, err = b64.DecodeString(hj.Signature); err != nil {
		return h, fmt.Errorf("head.signature: %w", err)
	}
	return h, nil
}

func (ej EntryJSON) decode() (Entry, error) {
	at, err := time.Parse(time.RFC3339Nano, ej.At)
	if err != nil {
		return Entry{}, fmt.Errorf("entry.at: %w", err)
	}
	if ej.Seq == 0 {
		return Entry{}, fmt.Errorf("entry.seq: entries count from 1")
	}
	return Entry{Seq: ej.Seq, At: at, User: ej.User, Kind: ej.Kind, Cable: ej.Cable, Detail: ej.Detail, Client: ej.Client}, nil
}
