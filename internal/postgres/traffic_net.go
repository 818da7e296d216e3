package postgres

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/traffic"
)

// The store's half of the network (docs/sites.md), as in
// sqlite/traffic_net*.go: SQL behind relay.Store; the decisions are
// package relay's. Several processes serving one site share it: claims
// are leases taken FOR UPDATE SKIP LOCKED (ClaimRelay), and receipts and
// inbound copies are recorded once each by their keys.

var _ relay.Store = (*Traffic)(nil)

// SetSite makes id this node's identity: releases are sealed with its key
// and copies for remote sites are routed to their next hop.
func (t *Traffic) SetSite(id *relay.Identity) { t.Site = id }

// TrustedKey returns the key trusted for a site's node.
func (t *Traffic) TrustedKey(ctx context.Context, plad string) (*relay.TrustedKey, error) {
	k := &relay.TrustedKey{}
	var key []byte
	var at int64
	err := t.pool.QueryRow(ctx, `SELECT plad, key, relay, card, trusted_at FROM site_keys WHERE plad = $1`, validText(traffic.Norm(plad))).
		Scan(&k.PLAD, &key, &k.Relay, &k.Card, &at)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, cable.Errorf(cable.NotFound, "%s has no trusted site key: trust its card with cable site trust", traffic.Norm(plad))
	}
	if err != nil {
		return nil, fmt.Errorf("trusted key of %s: %w", plad, err)
	}
	k.Key, k.TrustedAt = ed25519.PublicKey(key), fromNanos(at)
	return k, nil
}

// TrustSite stores a site's key and points its directory entry at its
// relay URL, adding the entry as a post when the directory lacks it.
func (t *Traffic) TrustSite(ctx context.Context, k *relay.TrustedKey) error {
	plad := traffic.Norm(k.PLAD)
	now := t.Now().UTC()
	return t.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO site_keys (plad, key, key_id, relay, card, trusted_at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (plad) DO UPDATE SET key = excluded.key, key_id = excluded.key_id, relay = excluded.relay, card = excluded.card,
				trusted_at = excluded.trusted_at`, plad, []byte(k.Key), relay.KeyID(k.Key), k.Relay, k.Card, nanos(now)); err != nil {
			return fmt.Errorf("trust %s: %w", plad, err)
		}
		stamp := now.Truncate(time.Second).Format(time.RFC3339)
		if _, err := tx.Exec(ctx, `INSERT INTO sites (plad, kind, relay, station, updated_at) VALUES ($1, 'post', $2, $3, $4)
			ON CONFLICT (plad) DO UPDATE SET relay = excluded.relay, updated_at = excluded.updated_at`,
			plad, k.Relay, traffic.StationOf(plad), stamp); err != nil {
			return fmt.Errorf("trust %s: %w", plad, err)
		}
		return nil
	})
}

// RouteTo returns how this node reaches a site: local when it serves it
// (its own post and that post's offices, and any site with no relay),
// via a relay site when the directory says so, else directly.
func (t *Traffic) RouteTo(ctx context.Context, plad string) (relay.Route, error) {
	return t.routeIn(ctx, t.pool, plad)
}

func (t *Traffic) routeIn(ctx context.Context, q querier, plad string) (relay.Route, error) {
	s, err := findSite(ctx, q, plad)
	if err != nil {
		return relay.Route{}, err
	}
	post, err := postOf(ctx, q, s)
	if err != nil {
		return relay.Route{}, err
	}
	r := relay.Route{Site: s.PLAD, Node: post.PLAD, Kind: relay.Local}
	if t.Site != nil && post.PLAD == traffic.Norm(t.Site.PLAD) {
		return r, nil
	}
	switch via := traffic.OrElse(s.Via, post.Via); {
	case via != "":
		r.Kind, r.Hop = relay.Via, via
	case post.Relay != "":
		r.Kind, r.Hop, r.URL = relay.Direct, post.PLAD, post.Relay
	default:
		return r, nil
	}
	var url string
	if err := q.QueryRow(ctx, `SELECT relay FROM site_keys WHERE plad = $1`, r.Hop).Scan(&url); err == nil {
		r.URL = url
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return r, fmt.Errorf("route to %s: %w", plad, err)
	}
	return r, nil
}

// hopOf is the next hop recorded on a copy at release: with a site
// identity, the node the route goes to ("" for local); without one, the
// relay URL of the directory, as before the network.
func (t *Traffic) hopOf(ctx context.Context, q querier, s *cable.Site) (string, error) {
	if t.Site == nil {
		return s.Relay, nil
	}
	r, err := t.routeIn(ctx, q, s.PLAD)
	if err != nil {
		return "", err
	}
	return r.Hop, nil
}

// UseNonce records a relay request's nonce; false means it was used.
func (t *Traffic) UseNonce(ctx context.Context, site, nonce string, at, before time.Time) (bool, error) {
	if !before.IsZero() {
		if _, err := t.pool.Exec(ctx, `DELETE FROM relay_nonces WHERE at < $1`, nanos(before)); err != nil {
			return false, fmt.Errorf("nonces: %w", err)
		}
	}
	tag, err := t.pool.Exec(ctx, `INSERT INTO relay_nonces (site, nonce, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		validText(site), validText(nonce), nanos(at))
	if err != nil {
		return false, fmt.Errorf("nonce of %s: %w", site, err)
	}
	return tag.RowsAffected() == 1, nil
}

// SetLink records a link's state; since changes only when up does.
func (t *Traffic) SetLink(ctx context.Context, hop string, up bool, at time.Time, reason string) error {
	_, err := t.pool.Exec(ctx, `INSERT INTO links (hop, up, since, last_error) VALUES ($1, $2, $3, $4)
		ON CONFLICT (hop) DO UPDATE SET since = CASE WHEN links.up = excluded.up THEN links.since ELSE excluded.since END,
			up = excluded.up, last_error = excluded.last_error`, hop, up, nanos(at), validText(reason))
	if err != nil {
		return fmt.Errorf("link %s: %w", hop, err)
	}
	return nil
}

// Links returns every link this node has tried or has copies queued for,
// with its queue by precedence.
func (t *Traffic) Links(ctx context.Context) ([]*relay.Link, error) {
	byHop := map[string]*relay.Link{}
	var out []*relay.Link
	get := func(hop string) *relay.Link {
		if l := byHop[hop]; l != nil {
			return l
		}
		l := &relay.Link{Hop: hop, Up: true, Queued: map[cable.Precedence]int{}, Failed: map[string]int{}}
		byHop[hop] = l
		out = append(out, l)
		return l
	}
	rows, err := t.pool.Query(ctx, `SELECT hop, up, since, last_error FROM links ORDER BY hop`)
	if err != nil {
		return nil, fmt.Errorf("links: %w", err)
	}
	var hop, reason string
	var up bool
	var since int64
	if _, err := pgx.ForEachRow(rows, []any{&hop, &up, &since, &reason}, func() error {
		l := get(hop)
		l.Up, l.Since, l.LastError = up, fromNanos(since), reason
		return nil
	}); err != nil {
		return nil, fmt.Errorf("links: %w", err)
	}
	rows, err = t.pool.Query(ctx, `SELECT relay, precedence, count(*) FROM deliveries
		WHERE state IN ('queued', 'sending') AND relay <> '' GROUP BY relay, precedence`)
	if err != nil {
		return nil, fmt.Errorf("links: %w", err)
	}
	var p, n int
	if _, err := pgx.ForEachRow(rows, []any{&hop, &p, &n}, func() error {
		get(hop).Queued[cable.Precedence(p)] = n
		return nil
	}); err != nil {
		return nil, fmt.Errorf("links: %w", err)
	}
	// The copies given up, by next hop and addressee.
	rows, err = t.pool.Query(ctx, `SELECT relay, site, count(*) FROM deliveries WHERE state = 'failed' AND relay <> ''
		GROUP BY relay, site`)
	if err != nil {
		return nil, fmt.Errorf("links: %w", err)
	}
	var site string
	if _, err := pgx.ForEachRow(rows, []any{&hop, &site, &n}, func() error {
		get(hop).Failed[site] = n
		return nil
	}); err != nil {
		return nil, fmt.Errorf("links: %w", err)
	}
	return out, nil
}

// AuditRelay writes a relay refusal to the audit log, as done by the site.
func (t *Traffic) AuditRelay(ctx context.Context, action, site, cableID, detail string) {
	if err := t.audit(ctx, &scope{user: &cable.User{Name: "site " + validText(site)}}, action, validText(cableID), validText(detail)); err != nil {
		t.Logger.Error("audit relay refusal", "site", site, "err", err)
	}
}

// Identity returns the node's site key, nil when it has none.
func (t *Traffic) Identity() *relay.Identity { return t.Site }
