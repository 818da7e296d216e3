package relay

import (
	"context"
	"time"

	"github.com/cable/cable/internal/cable"
)

// SiteState is one site of the network as a node sees it: how it is
// reached, the key it trusts for it, and the state and queue of the link
// its copies take (the relay site's link for a site reached via one).
type SiteState struct {
	Site        string                   `json:"site"`
	Route       RouteKind                `json:"route"`
	Hop         string                   `json:"hop,omitempty"` // the next hop: the site itself, or its relay site
	KeyID       string                   `json:"key,omitempty"`
	Fingerprint string                   `json:"fingerprint,omitempty"`
	Up          bool                     `json:"up"`
	Since       time.Time                `json:"since,omitzero"` // when the link went up or down; zero before any post
	LastError   string                   `json:"last_error,omitempty"`
	Queued      map[cable.Precedence]int `json:"queued,omitempty"`
	// Failed counts the copies for the site given up for good (refused
	// for a reason a retry cannot cure).
	Failed int `json:"failed,omitempty"`
}

// networkStore is what Network reads.
type networkStore interface {
	RouteTo(ctx context.Context, plad string) (Route, error)
	TrustedKey(ctx context.Context, plad string) (*TrustedKey, error)
	Links(ctx context.Context) ([]*Link, error)
}

// Network describes sites (the posts of the directory that are served by
// a node: this one, or one with a relay URL or a relay site) as self
// reaches them.
func Network(ctx context.Context, st networkStore, self *Identity, sites []string) ([]*SiteState, error) {
	links, err := st.Links(ctx)
	if err != nil {
		return nil, err
	}
	byHop := map[string]*Link{}
	for _, l := range links {
		byHop[l.Hop] = l
	}
	var out []*SiteState
	for _, plad := range sites {
		r, err := st.RouteTo(ctx, plad)
		if err != nil {
			return nil, err
		}
		s := &SiteState{Site: r.Site, Route: r.Kind, Hop: r.Hop, Up: true}
		switch k, err := st.TrustedKey(ctx, r.Node); {
		case self != nil && r.Kind == Local:
			s.KeyID, s.Fingerprint = self.KeyID(), Fingerprint(self.Public())
		case err == nil:
			s.KeyID, s.Fingerprint = KeyID(k.Key), Fingerprint(k.Key)
		case cable.KindOf(err) != cable.NotFound:
			return nil, err
		}
		if l := byHop[r.Hop]; l != nil && r.Kind != Local {
			s.Up, s.Since, s.LastError, s.Failed = l.Up, l.Since, l.LastError, l.Failed[r.Site]
			if r.Kind == Direct {
				s.Queued = l.Queued
			}
		}
		out = append(out, s)
	}
	return out, nil
}
