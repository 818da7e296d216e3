package server

import (
	"context"
	"net/http"

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
