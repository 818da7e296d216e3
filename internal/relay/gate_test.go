package relay

import (
	"context"
	"testing"
	"time"
)

// TestUrgentGate checks that a bulk store waits while an urgent request is
// in the node, goes on when the last one leaves, and gives up when its
// request ends; and that a request is urgent by its most urgent copy.
func TestUrgentGate(t *testing.T) {
	var g urgentGate
	if err := g.wait(context.Background()); err != nil {
		t.Fatalf("wait on an open gate: %v", err)
	}
	g.enter()
	g.enter()
	passed := make(chan error, 1)
	go func() { passed <- g.wait(context.Background()) }()
	g.leave()
	select {
	case <-passed:
		t.Fatal("a bulk store went on while an urgent request was still in the node")
	case <-time.After(20 * time.Millisecond):
	}
	ctx, cancel := context.WithCancel(context.Background())
	ended := make(chan error, 1)
	go func() { ended <- g.wait(ctx) }()
	cancel()
	if err := <-ended; err == nil {
		t.Error("wait returned nil when its request ended")
	}
	g.leave()
	if err := <-passed; err != nil {
		t.Errorf("wait after the last urgent request left: %v", err)
	}
	if err := g.wait(context.Background()); err != nil {
		t.Errorf("wait on the reopened gate: %v", err)
	}
	for _, c := range []struct {
		precs []string
		want  bool
	}{
		{[]string{"ROUTINE", "PRIORITY"}, false},
		{[]string{"ROUTINE", "IMMEDIATE"}, true},
		{[]string{"FLASH"}, true},
		{[]string{"BOGUS"}, false},
		{nil, false},
	} {
		var cs []*Copy
		for _, p := range c.precs {
			cs = append(cs, &Copy{Precedence: p})
		}
		if got := urgent(append(cs, nil)); got != c.want {
			t.Errorf("urgent(%v) = %v, want %v", c.precs, got, c.want)
		}
	}
}

// TestUrgentGate_BulkTurn checks that bulk chunks take the store one at a
// time and that a chunk waiting for its turn gives up when its request
// ends.
func TestUrgentGate_BulkTurn(t *testing.T) {
	var g urgentGate
	if err := g.lockBulk(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := g.lockBulk(ctx); err == nil {
		t.Fatal("a second bulk chunk took the store while the first held it")
	}
	g.unlockBulk()
	if err := g.lockBulk(context.Background()); err != nil {
		t.Errorf("the turn after the first chunk gave it back: %v", err)
	}
}
