package relay

import (
	"context"

	"github.com/cable/cable/internal/cable"
)

// Signature is what a node can say of a cable's signature (cable.Signature:
// the server shows it without knowing of this package).
type Signature = cable.Signature

// sealedStore is what VerifyCable reads.
type sealedStore interface {
	Sealed(ctx context.Context, ids []string) (map[string]*Sealed, error)
	TrustedKey(ctx context.Context, plad string) (*TrustedKey, error)
}

// VerifyCable checks the stored envelope of a cable; self is this node's
// identity (nil when it has none). The caller checks that the reader may
// know of the cable.
func VerifyCable(ctx context.Context, st sealedStore, self *Identity, id string) (*Signature, error) {
	m, err := st.Sealed(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	s := m[id]
	if s == nil {
		return &Signature{CableID: id, Reason: "no signed envelope: released before the network, or imported"}, nil
	}
	e := s.Envelope
	out := &Signature{CableID: id, Signed: true, Origin: e.Origin, KeyID: e.KeyID, Version: e.Version, Released: e.Released}
	var key []byte
	if self != nil && self.PLAD == e.Origin {
		key = self.Public()
	} else {
		k, err := st.TrustedKey(ctx, e.Origin)
		if cable.KindOf(err) == cable.NotFound {
			out.Reason = e.Origin + " is not a trusted site"
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		key = k.Key
	}
	if err := e.Verify(key, s.Telegram); err != nil {
		out.Reason = err.Error()
		return out, nil
	}
	out.Verified = true
	return out, nil
}
