package server

import (
	"net/http"
	"strings"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
)

// Action requests carry text: release recognises a request in the cable's
// text ("Please report … by November 23") or the drafter writes one. That
// text is as classified as where it came from, and the store's action
// lists check only that the caller may know of the cable. So a page shows
// an action's text only when the caller's view shows it too: a request
// found in the text when a paragraph the view shows holds it, a request
// the drafter wrote (unmarked, so it takes the banner) when the caller
// reads the whole cable. Otherwise the text reads [withheld].

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
	if sc.all {
		return a.Text
	}
	if a.Source != "text" || strings.TrimSpace(a.Text) == "" {
		return access.Placeholder
	}
	want := oneLine(a.Text)
	for _, p := range sc.v.Cable.Text.Paragraphs {
		if p.Text != access.Placeholder && strings.Contains(oneLine(p.Text), want) {
			return a.Text
		}
	}
	return access.Placeholder
}
