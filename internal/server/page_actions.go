package server

import (
	"net/http"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
)

// The store masks the text of an action request that the caller's view
// does not show (access.ActionText); a page masks again from the view it
// made, which costs nothing and keeps the rule in sight.

// seenCable is a cable and the caller's view of it.
type seenCable struct {
	c   *cable.Cable
	v   *access.CableView
	all bool // the caller reads all of it (readsAll)
}

// actionsAsSeen returns copies of as whose texts are what the caller may
// see. known holds views already made, by cable id; it is filled in.
func (s *Server) actionsAsSeen(r *http.Request, as []*cable.Action, known map[string]seenCable) ([]*cable.Action, error) {
	out := make([]*cable.Action, 0, len(as))
	for _, a := range as {
		sc, ok := known[a.CableID]
		if !ok {
			c, err := s.DB.FindCableByID(r.Context(), a.CableID)
			if err != nil && cable.KindOf(err) != cable.NotFound {
				return nil, err
			}
			if err == nil {
				if v, vok := access.View(readerOf(r.Context()), c, access.DistributionOf(c), s.Now()); vok {
					sc = seenCable{c: c, v: v, all: readsAll(r, c, v, s.Now)}
				}
			}
			known[a.CableID] = sc
		}
		cp := *a
		cp.Text = actionText(a, sc)
		out = append(out, &cp)
	}
	return out, nil
}

// actionText returns an action's text if the caller's view shows it.
func actionText(a *cable.Action, sc seenCable) string {
	if sc.v == nil {
		return access.Placeholder
	}
	return access.ActionTextIn(a, sc.v, sc.all)
}
