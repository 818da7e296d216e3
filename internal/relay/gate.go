package relay

import (
	"context"
	"fmt"
	"sync"

	"github.com/cable/cable/internal/cable"
)

// urgentGate lets a request that carries IMMEDIATE or more urgent copies
// store them before requests of lesser traffic that reach the store after
// it arrived: the store takes one writer at a time (SQLite), and without
// the gate a FLASH could wait behind every bulk batch queued for the
// writer, not just the one being stored. Its zero value is open.
type urgentGate struct {
	mu   sync.Mutex
	n    int           // urgent requests in the node, checking or storing
	open chan struct{} // closed when n falls back to 0
	turn chan struct{} // holds a token while a bulk chunk is stored
}

func (g *urgentGate) bulkTurn() chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.turn == nil {
		g.turn = make(chan struct{}, 1)
	}
	return g.turn
}

// lockBulk takes the bulk chunks' turn at the store; unlockBulk gives it
// back.
func (g *urgentGate) lockBulk(ctx context.Context) error {
	select {
	case g.bulkTurn() <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait for the store: %w", ctx.Err())
	}
}

func (g *urgentGate) unlockBulk() { <-g.bulkTurn() }

// enter records an urgent request until leave.
func (g *urgentGate) enter() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n == 0 {
		g.open = make(chan struct{})
	}
	g.n++
}

func (g *urgentGate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n--
	if g.n == 0 {
		close(g.open)
	}
}

// wait waits until no urgent request is in the node.
func (g *urgentGate) wait(ctx context.Context) error {
	g.mu.Lock()
	open := g.open
	n := g.n
	g.mu.Unlock()
	if n == 0 {
		return nil
	}
	select {
	case <-open:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait for urgent copies to be stored: %w", ctx.Err())
	}
}

// urgent reports whether a request carries a copy of IMMEDIATE or higher
// precedence, as it says (it is checked later).
func urgent(copies []*Copy) bool {
	for _, c := range copies {
		if c == nil {
			continue
		}
		if p, err := cable.ParsePrecedence(c.Precedence); err == nil && p >= cable.Immediate {
			return true
		}
	}
	return false
}
