package server

import (
	"context"
	"net/http"
	"time"

	"github.com/cable/cable/internal/cable"
)

// signer is the part of a node's store that says who signed a cable and
// whether the signature verifies (docs/sites.md); a store without it
// (an archive without the network) has no signatures to show.
type signer interface {
	CableSignature(ctx context.Context, id string) (*cable.Signature, error)
}

// handleCableSignature says who signed a cable and whether it verifies. A
// cable the caller may not know of is not found, as everywhere.
func (s *Server) handleCableSignature(w http.ResponseWriter, r *http.Request) error {
	st, ok := s.DB.(signer)
	if !ok {
		return cable.Errorf(cable.Unavailable, "this server keeps no signatures: it is not a node of the network")
	}
	sig, err := st.CableSignature(r.Context(), cableID(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sig)
}

// addSignature adds the cable's signature to its page, when the store
// keeps signatures.
func (s *Server) addSignature(r *http.Request, data *cablePage) error {
	st, ok := s.DB.(signer)
	if !ok {
		return nil
	}
	sig, err := st.CableSignature(r.Context(), data.ID)
	if err != nil {
		return err
	}
	data.Signature = sig
	return nil
}

// networkSpeed is the part of a node's store that measures speed of
// service end to end, on each side of the network.
type networkSpeed interface {
	NetworkSpeedOfService(ctx context.Context, from, to time.Time) (sent, received []cable.SpeedOfService, err error)
}

// speedIn measures speed of service in a scope: "" for every copy, sent
// or received for the copies sent to or received from other nodes.
func speedIn(r *http.Request, tr cable.TrafficService, scope string, from, to time.Time) ([]cable.SpeedOfService, error) {
	if scope == "" {
		return tr.SpeedOfService(r.Context(), from, to)
	}
	ns, ok := tr.(networkSpeed)
	if !ok {
		return nil, cable.Errorf(cable.Unavailable, "this server is not a node of the network: it has no scope %q", scope)
	}
	sent, received, err := ns.NetworkSpeedOfService(r.Context(), from, to)
	switch scope {
	case "sent":
		return sent, err
	case "received":
		return received, err
	}
	return nil, cable.Errorf(cable.Invalid, "scope %q: want sent or received", scope)
}
