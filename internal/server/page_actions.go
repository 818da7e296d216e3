package server

import (
	"net/http"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
)

// The store lists only the action requests the caller may know of
// (access.ActionVisible); a page checks again against the view it made,
// which costs little and keeps the rule in sight.

// seenCable is a cable and the caller's view of it.
type seenCable struct {
	c *cable.Cable
	v *access.CableView
}

// actionsAsSeen returns the actions of as whose cable the caller's view
// shows them in. known holds views already made, by cable id; it is
// filled in.
func (s *Server) actionsAsSeen(r *http.Request, as []*cable.Action, known map[string]seenCable) ([]*cable.Action, error) {
	out := make([]*cable.Action, 0, len(as))
	rd := readerOf(r.Context())
	for _, a := range as {
		sc, ok := known[a.CableID]
		if !ok {
			c, err := s.DB.FindCableByID(r.Context(), a.CableID)
			if err != nil && cable.KindOf(err) != cable.NotFound {
				return nil, err
			}
			if err == nil {
				if v, vok := access.View(rd, c, access.DistributionOf(c), s.Now()); vok {
					sc = seenCable{c: c, v: v}
				}
			}
			known[a.CableID] = sc
		}
		if sc.v != nil && access.ActionShownIn(rd, sc.c, a, sc.v, s.Now()) {
			out = append(out, a)
		}
	}
	return out, nil
}
