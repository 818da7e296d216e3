// Package network runs one site's node: the store, the delivery
// dispatcher relaying remote copies through package relay, the receipts
// loop, and the HTTP server with the relay endpoint beside the API. "cable
// serve" runs one per process; tests and "cable bench relay" run several
// in one process.
package network

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"path/filepath"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/postgres"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/server"
	"github.com/cable/cable/internal/sqlite"
)

// Store is a node's store, open: SQLite's (sqlite.Traffic) or
// PostgreSQL's (postgres.Traffic), which several processes of one site
// may share.
type Store interface {
	server.DB
	cable.TrafficService
	delivery.Store
	relay.Store
	relay.Auditor
	// SetSite makes id the node's identity: releases are then sealed
	// with its key and copies for remote sites routed to their next hop.
	SetSite(id *relay.Identity)
	// Receipts returns the receipts the node took for a cable's copies.
	Receipts(ctx context.Context, cableID string) ([]*relay.Receipt, error)
	// Envelope returns a cable's stored envelope, nil when it has none.
	Envelope(ctx context.Context, id string) (*relay.Sealed, error)
	// NetworkSpeedOfService measures speed of service end to end.
	NetworkSpeedOfService(ctx context.Context, from, to time.Time) (sent, received []cable.SpeedOfService, err error)
}

var (
	_ Store = (*sqlite.Traffic)(nil)
	_ Store = (*postgres.Traffic)(nil)
)

// Config says how to run a node.
type Config struct {
	// Traffic is the node's store, open.
	Traffic Store
	// Now is the store's clock (its DB.Now); defaults to time.Now.
	Now func() time.Time
	// Dir is the data directory, which holds site.key.
	Dir string
	// Addr is the address to listen on (127.0.0.1:0 picks a port).
	Addr string
	// PublicURL is the relay URL put on the node's card; defaults to the
	// server's own URL.
	PublicURL  string
	Logger     *slog.Logger
	SessionKey []byte
	// SearchTimeout is the server's (0: its default).
	SearchTimeout time.Duration
	// PollInterval, Batch and Lease tune the dispatcher (0: defaults).
	PollInterval time.Duration
	Batch        int
	Lease        time.Duration
	// RelayBatch is how many copies the dispatcher claims and posts to
	// another node at a time. Defaults to DefaultRelayBatch.
	RelayBatch int
	// StoreChunk is how many copies of a bulk request the node stores per
	// transaction (relay.Node.StoreChunk; 0: relay.DefaultStoreChunk).
	StoreChunk int
	// MaxBackoff bounds a failed link's wait (0: a minute).
	MaxBackoff time.Duration
	// RelayTimeout bounds one post to another node, answer included, so
	// that a half-open link is given up (0: 30 s).
	RelayTimeout time.Duration
	// OnDeliver is called with each batch the dispatcher delivers locally.
	OnDeliver func([]*cable.Delivery)
	// Count, when set, counts the copies and receipts the relay sends
	// (relay.Node.Count; metrics.Metrics.RelayCount).
	Count func(what, outcome string, n int)
	// AckTimeout and SecondAckTimeout are the dispatcher's escalation
	// windows (nil: its defaults), and Notify, when set, alerts the people
	// of each escalation (escalate.Notifier.Notify).
	AckTimeout, SecondAckTimeout func(cable.Precedence) time.Duration
	Notify                       func(ctx context.Context, level int, ds []*cable.Delivery)
	// Configure, when set, sets the server's other fields (budgets,
	// sessions, TLS) before it opens.
	Configure func(*server.Server) error
}

// DefaultRelayBatch is Config.RelayBatch's default. 128 copies cost a
// third less CPU per copy than 16 (fewer requests, commits and index
// jobs), but with them a FLASH behind a backlog arrived later: cable bench
// relay, back to back on the loaded development machine, gave FLASH
// p50/p99 108/203 ms before this change of the relay, 267/563 ms with
// batches of 128 (and the helper's own run 130/295 → 231/1,020 ms),
// about 126/290 ms with 16. A FLASH's delay matters more than a ROUTINE
// backlog's rate, so the batch stays 16 until the receiver's single
// writer stops making a FLASH wait for the bulk copies being stored.
const DefaultRelayBatch = 16

// Node is a running node.
type Node struct {
	Traffic    Store
	Relay      *relay.Node // nil when the data directory has no site key
	Server     *server.Server
	Dispatcher *delivery.Dispatcher
	cancel     context.CancelFunc
	done       chan struct{}
}

// URL is the node's base URL.
func (n *Node) URL() string { return n.Server.URL() }

// Start starts a node on cfg.Traffic. Without a site key in cfg.Dir the
// node serves alone, as before the network.
func Start(ctx context.Context, cfg Config) (*Node, error) {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	n := &Node{Traffic: cfg.Traffic, done: make(chan struct{})}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	id, err := relay.LoadIdentity(filepath.Join(cfg.Dir, relay.KeyFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		cfg.Traffic.SetSite(id)
		n.Relay = &relay.Node{ID: id, Store: cfg.Traffic, Auditor: cfg.Traffic, Logger: logger, MaxBackoff: cfg.MaxBackoff,
			StoreNow: func() time.Time { return now() }, Count: cfg.Count, StoreChunk: cfg.StoreChunk}
		if cfg.RelayTimeout > 0 {
			n.Relay.Client = &http.Client{Timeout: cfg.RelayTimeout}
		}
	}
	ctx, n.cancel = context.WithCancel(ctx)
	n.Dispatcher = &delivery.Dispatcher{Store: cfg.Traffic, Logger: logger, PollInterval: cfg.PollInterval, Batch: cfg.Batch, Lease: cfg.Lease,
		RelayBatch: orDefault(cfg.RelayBatch, DefaultRelayBatch), AckTimeout: cfg.AckTimeout, SecondAckTimeout: cfg.SecondAckTimeout,
		Notify: cfg.Notify}
	n.Server = &server.Server{Addr: cfg.Addr, DB: cfg.Traffic, Logger: logger, Now: now, SessionKey: cfg.SessionKey,
		SearchTimeout: cfg.SearchTimeout}
	n.Server.ReadyChecks = append(n.Server.ReadyChecks, dispatcherCheck(n.Dispatcher))
	if n.Relay != nil {
		n.Dispatcher.Relay = n.Relay
		n.Dispatcher.OnDeliver = func(ds []*cable.Delivery) {
			n.Relay.Wake()
			if cfg.OnDeliver != nil {
				cfg.OnDeliver(ds)
			}
		}
		n.Server.Relay = n.Relay.Handler()
		n.Server.ReadyChecks = append(n.Server.ReadyChecks, linksCheck(cfg.Traffic))
	} else {
		n.Dispatcher.OnDeliver = cfg.OnDeliver
	}
	if cfg.Configure != nil {
		if err := cfg.Configure(n.Server); err != nil {
			n.cancel()
			return nil, err
		}
	}
	if err := n.Server.Open(); err != nil {
		n.cancel()
		return nil, err
	}
	if n.Relay != nil {
		url := cfg.PublicURL
		if url == "" {
			url = n.Server.URL()
		}
		n.Relay.SetCard(relay.NewCard(id, url, time.Now()))
	}
	if err := n.Dispatcher.Start(ctx); err != nil {
		n.Server.Close()
		n.cancel()
		return nil, err
	}
	go func() {
		defer close(n.done)
		if n.Relay != nil {
			n.Relay.Run(ctx)
		} else {
			<-ctx.Done()
		}
	}()
	return n, nil
}

// Card is the node's card; nil without a site key.
func (n *Node) Card() *relay.Card {
	if n.Relay == nil {
		return nil
	}
	return n.Relay.Card
}

// Close stops the server (draining requests), the dispatcher and the
// receipts loop. The caller closes the store.
func (n *Node) Close() error {
	err := n.Server.Close()
	n.Dispatcher.Stop()
	n.cancel()
	<-n.done
	if err != nil {
		return fmt.Errorf("close node: %w", err)
	}
	return nil
}

func orDefault(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}
