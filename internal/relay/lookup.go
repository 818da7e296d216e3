package relay

import (
	"context"

	"github.com/cable/cable/internal/cable"
)

// lookups answers the directory questions of one request (a site's
// trusted key, a site's route) once per site: a batch of copies or
// receipts names the same few sites over and over, and each answer was a
// query of its own (two or three per copy). It lives no longer than the
// request, so that a key trusted or a route changed takes effect at the
// next one.
type lookups struct {
	st     Store
	keys   map[string]keyAnswer
	routes map[string]routeAnswer
}

type keyAnswer struct {
	k   *TrustedKey
	err error
}

type routeAnswer struct {
	r   Route
	err error
}

func newLookups(st Store) *lookups {
	return &lookups{st: st, keys: map[string]keyAnswer{}, routes: map[string]routeAnswer{}}
}

// trustedKey is Store.TrustedKey, remembered when found or not found (a
// store failure is asked again).
func (l *lookups) trustedKey(ctx context.Context, plad string) (*TrustedKey, error) {
	if a, ok := l.keys[plad]; ok {
		return a.k, a.err
	}
	k, err := l.st.TrustedKey(ctx, plad)
	if err == nil || cable.KindOf(err) == cable.NotFound {
		l.keys[plad] = keyAnswer{k, err}
	}
	return k, err
}

// routeTo is Store.RouteTo, remembered likewise.
func (l *lookups) routeTo(ctx context.Context, plad string) (Route, error) {
	if a, ok := l.routes[plad]; ok {
		return a.r, a.err
	}
	r, err := l.st.RouteTo(ctx, plad)
	if err == nil || cable.KindOf(err) == cable.NotFound {
		l.routes[plad] = routeAnswer{r, err}
	}
	return r, err
}
