package relay

import (
	"crypto/ed25519"
	"fmt"
	"time"
)

// ReceiptKind says what a receipt attests.
type ReceiptKind string

// The kinds of receipt, in the order a copy earns them.
const (
	// Received: the next hop stored the copy (custody passed).
	Received ReceiptKind = "received"
	// Delivered: the copy is in the addressee's inbox at its site.
	Delivered ReceiptKind = "delivered"
	// Acknowledged: a member of the addressee acknowledged it.
	Acknowledged ReceiptKind = "acknowledged"
)

// Receipt is a signed statement by a node about one copy.
type Receipt struct {
	Kind      ReceiptKind `json:"kind"`
	CableID   string      `json:"cable_id"`
	Version   string      `json:"version"`
	Addressee string      `json:"addressee"`
	Origin    string      `json:"origin"` // the node that released the cable, to which the receipt goes
	At        time.Time   `json:"at"`
	By        string      `json:"by,omitempty"` // who acknowledged
	Signer    string      `json:"signer"`
	KeyID     string      `json:"key"`
	Signature []byte      `json:"signature"`
}

func (r *Receipt) canonical() []byte {
	return newCanon("receipt").field("kind", string(r.Kind)).field("cable", r.CableID).field("version", r.Version).
		field("addressee", r.Addressee).field("origin", r.Origin).field("at", stamp(r.At)).field("by", r.By).
		field("signer", r.Signer).field("key", r.KeyID).bytes()
}

// Sign fills in the signer and signs. ed25519 is deterministic: the same
// receipt signed twice is the same bytes.
func (r *Receipt) Sign(id *Identity) {
	r.At = r.At.UTC()
	r.Signer, r.KeyID = id.PLAD, id.KeyID()
	r.Signature = id.Sign(r.canonical())
}

// Verify checks the receipt under pub, the key trusted for its signer.
func (r *Receipt) Verify(pub ed25519.PublicKey) error {
	switch r.Kind {
	case Received, Delivered, Acknowledged:
	default:
		return fmt.Errorf("receipt for %s at %s: unknown kind %q", r.CableID, r.Addressee, r.Kind)
	}
	if KeyID(pub) != r.KeyID {
		return fmt.Errorf("%s receipt for %s at %s: signed with key %s, but %s's trusted key is %s", r.Kind, r.CableID, r.Addressee,
			r.KeyID, r.Signer, KeyID(pub))
	}
	if !ed25519.Verify(pub, r.canonical(), r.Signature) {
		return fmt.Errorf("%s receipt for %s at %s: the signature of %s does not verify", r.Kind, r.CableID, r.Addressee, r.Signer)
	}
	return nil
}
