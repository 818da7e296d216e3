package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/network"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/sqlite"
)

// benchNode is one of the relay benchmark's two nodes: a data directory
// of its own, run in this process on loopback.
type benchNode struct {
	plad  string
	dir   string
	addr  string // kept across restarts, so that the other's trust holds
	id    *relay.Identity
	db    *sqlite.DB
	tr    *sqlite.Traffic
	node  *network.Node
	admin context.Context
	staff context.Context // drafts and releases for the post

	onDeliver func([]*cable.Delivery)
	batch     int // the dispatcher's
}

// newBenchNode makes a node's data directory under root: its site key, its
// store and its users.
func newBenchNode(ctx context.Context, root, plad string) (*benchNode, error) {
	n := &benchNode{plad: plad, dir: filepath.Join(root, plad), addr: "127.0.0.1:0"}
	if err := os.MkdirAll(n.dir, 0o750); err != nil {
		return nil, err
	}
	var err error
	if n.id, err = relay.NewIdentity(plad); err != nil {
		return nil, err
	}
	if err := n.id.Save(filepath.Join(n.dir, relay.KeyFile)); err != nil {
		return nil, err
	}
	n.db = sqlite.NewDB(filepath.Join(n.dir, sqlite.FileName))
	n.db.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	n.db.PasswordIterations = 1000 // the benchmark's users never log in
	if err := n.db.Open(); err != nil {
		return nil, err
	}
	n.tr = sqlite.NewTraffic(n.db)
	n.tr.Site = n.id
	users := []*cable.User{
		{Name: "bench-admin", Clearance: "SECRET", Citizenship: "USA", Admin: true},
		{Name: "bench-staff", Clearance: "SECRET", Citizenship: "USA", Posts: []string{plad},
			Roles: []cable.Role{{Kind: cable.RoleDrafter, Post: plad}, {Kind: cable.RoleReleaser, Post: plad}}},
	}
	for _, u := range users {
		if err := n.tr.CreateUser(ctx, u, "bench-password"); err != nil {
			return nil, err
		}
	}
	n.admin = cable.NewContextWithUser(ctx, users[0])
	n.staff = cable.NewContextWithUser(ctx, users[1])
	return n, nil
}

// start runs the node: server, dispatcher, receipts loop. Their
// goroutines, and those they start, carry the profiler label node=PLAD,
// so that a CPU profile tells the nodes apart (go tool pprof -tagfocus
// 'node=AMEMBASSY BEIJING').
func (n *benchNode) start(ctx context.Context, logger *slog.Logger) error {
	var node *network.Node
	var err error
	pprof.Do(ctx, pprof.Labels("node", n.plad), func(ctx context.Context) {
		node, err = network.Start(ctx, network.Config{Traffic: n.tr, Dir: n.dir, Addr: n.addr, Logger: logger,
			PollInterval: 100 * time.Millisecond, RelayBatch: n.batch, Lease: 30 * time.Second, MaxBackoff: time.Second, OnDeliver: n.onDeliver})
	})
	if err != nil {
		return fmt.Errorf("start %s: %w", n.plad, err)
	}
	n.node = node
	n.addr = strings.TrimPrefix(node.URL(), "http://")
	return nil
}

// stop stops the node, keeping its store open.
func (n *benchNode) stop() {
	if n.node != nil {
		n.node.Close()
		n.node = nil
	}
}

func (n *benchNode) close() {
	n.stop()
	n.db.Close()
}

// trust makes n trust other's key, reaching it at its address.
func (n *benchNode) trust(ctx context.Context, other *benchNode) error {
	c := relay.NewCard(other.id, "http://"+other.addr, time.Now())
	return n.tr.TrustSite(ctx, &relay.TrustedKey{PLAD: c.PLAD, Key: c.Key, Relay: c.Relay, Card: c.String()})
}
