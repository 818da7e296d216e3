package sqlite

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/traffic"
)

// The store's half of the network (docs/sites.md): SQL behind
// relay.Store; the decisions are package relay's.

var _ relay.Store = (*Traffic)(nil)

// TrustedKey returns the key trusted for a site's node.
func (t *Traffic) TrustedKey(ctx context.Context, plad string) (*relay.TrustedKey, error) {
	k := &relay.TrustedKey{}
	var key []byte
	var at int64
	err := t.read.QueryRowContext(ctx, `SELECT plad, key, relay, card, trusted_at FROM site_keys WHERE plad = ?`, traffic.Norm(plad)).
		Scan(&k.PLAD, &key, &k.Relay, &k.Card, &at)
	if errors.Is(err, sql.ErrNoRows) {
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
	tx, err := t.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("trust %s: %w", k.PLAD, err)
	}
	defer tx.Rollback()
	plad := traffic.Norm(k.PLAD)
	now := t.Now().UTC()
	if _, err := tx.ExecContext(ctx, `INSERT INTO site_keys (plad, key, key_id, relay, card, trusted_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (plad) DO UPDATE SET key = excluded.key, key_id = excluded.key_id, relay = excluded.relay, card = excluded.card,
			trusted_at = excluded.trusted_at`, plad, []byte(k.Key), relay.KeyID(k.Key), k.Relay, k.Card, nanos(now)); err != nil {
		return fmt.Errorf("trust %s: %w", plad, err)
	}
	stamp := now.Truncate(time.Second).Format(time.RFC3339)
	if _, err := tx.ExecContext(ctx, `INSERT INTO sites (plad, kind, relay, station, updated_at) VALUES (?, 'post', ?, ?, ?)
		ON CONFLICT (plad) DO UPDATE SET relay = excluded.relay, updated_at = excluded.updated_at`,
		plad, k.Relay, traffic.StationOf(plad), stamp); err != nil {
		return fmt.Errorf("trust %s: %w", plad, err)
	}
	return tx.Commit()
}

// RouteTo returns how this node reaches a site: local when it serves it
// (its own post and that post's offices, and any site with no relay),
// via a relay site when the directory says so, else directly.
func (t *Traffic) RouteTo(ctx context.Context, plad string) (relay.Route, error) {
	return t.routeIn(ctx, t.read, plad)
}

func (t *Traffic) routeIn(ctx context.Context, x execer, plad string) (relay.Route, error) {
	s, err := findSite(ctx, x, plad)
	if err != nil {
		return relay.Route{}, err
	}
	post, err := postOf(ctx, x, s)
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
	if err := x.QueryRowContext(ctx, `SELECT relay FROM site_keys WHERE plad = ?`, r.Hop).Scan(&url); err == nil {
		r.URL = url
	} else if !errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("route to %s: %w", plad, err)
	}
	return r, nil
}

// UseNonce records a relay request's nonce; false means it was used.
func (t *Traffic) UseNonce(ctx context.Context, site, nonce string, at, before time.Time) (bool, error) {
	if !before.IsZero() {
		if _, err := t.write.ExecContext(ctx, `DELETE FROM relay_nonces WHERE at < ?`, nanos(before)); err != nil {
			return false, fmt.Errorf("nonces: %w", err)
		}
	}
	res, err := t.write.ExecContext(ctx, `INSERT OR IGNORE INTO relay_nonces (site, nonce, at) VALUES (?, ?, ?)`, site, nonce, nanos(at))
	if err != nil {
		return false, fmt.Errorf("nonce of %s: %w", site, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// SetLink records a link's state; since changes only when up does.
func (t *Traffic) SetLink(ctx context.Context, hop string, up bool, at time.Time, reason string) error {
	_, err := t.write.ExecContext(ctx, `INSERT INTO links (hop, up, since, last_error) VALUES (?, ?, ?, ?)
		ON CONFLICT (hop) DO UPDATE SET since = CASE WHEN up = excluded.up THEN since ELSE excluded.since END,
			up = excluded.up, last_error = excluded.last_error`, hop, up, nanos(at), reason)
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
	rows, err := t.read.QueryContext(ctx, `SELECT hop, up, since, last_error FROM links ORDER BY hop`)
	if err != nil {
		return nil, fmt.Errorf("links: %w", err)
	}
	for rows.Next() {
		var hop, reason string
		var up bool
		var since int64
		if err := rows.Scan(&hop, &up, &since, &reason); err != nil {
			rows.Close()
			return nil, fmt.Errorf("links: %w", err)
		}
		l := get(hop)
		l.Up, l.Since, l.LastError = up, fromNanos(since), reason
	}
	rows.Close()
	rows, err = t.read.QueryContext(ctx, `SELECT relay, precedence, count(*) FROM deliveries
		WHERE state IN ('queued', 'sending') AND relay <> '' GROUP BY relay, precedence`)
	if err != nil {
		return nil, fmt.Errorf("links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var hop string
		var p, n int
		if err := rows.Scan(&hop, &p, &n); err != nil {
			return nil, fmt.Errorf("links: %w", err)
		}
		get(hop).Queued[cable.Precedence(p)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("links: %w", err)
	}
	return out, t.failedCopies(ctx, get)
}

// failedCopies counts the copies given up, by next hop and addressee.
func (t *Traffic) failedCopies(ctx context.Context, get func(hop string) *relay.Link) error {
	rows, err := t.read.QueryContext(ctx, `SELECT relay, site, count(*) FROM deliveries WHERE state = 'failed' AND relay <> ''
		GROUP BY relay, site`)
	if err != nil {
		return fmt.Errorf("links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var hop, site string
		var n int
		if err := rows.Scan(&hop, &site, &n); err != nil {
			return fmt.Errorf("links: %w", err)
		}
		get(hop).Failed[site] = n
	}
	return rows.Err()
}

// AuditRelay writes a relay refusal to the audit log, as done by the site.
func (t *Traffic) AuditRelay(ctx context.Context, action, site, cableID, detail string) {
	if err := t.audit(ctx, &scope{user: &cable.User{Name: "site " + site}}, action, cableID, detail); err != nil {
		t.Logger.Error("audit relay refusal", "site", site, "err", err)
	}
}

// SetSite makes id this node's identity (network.Store).
func (t *Traffic) SetSite(id *relay.Identity) { t.Site = id }

// Identity returns the node's site key, nil when it has none.
func (t *Traffic) Identity() *relay.Identity { return t.Site }
