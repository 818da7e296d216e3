package server

import (
	"context"
	"sync"

	"github.com/cable/cable/internal/cable"
)

// The search deadline bounds how long one search runs, not how many run
// at once: four costly searches of one caller still slowed another
// user's from 26 ms to 484 ms (p90 4.1 s). So each caller may have at
// most MaxUserSearches searches in flight; one more is refused at once
// with 503, costing nothing. A person at the search page runs one at a
// time; a script that floods the server waits for its own.

// DefaultMaxUserSearches is how many searches one caller may have in
// flight.
const DefaultMaxUserSearches = 2

// errSearchBusy is the answer to a search beyond the caller's bound.
var errSearchBusy = cable.Errorf(cable.Unavailable, "you have too many searches running at once: wait for them to finish")

// searchSlots counts each caller's searches in flight.
type searchSlots struct {
	mu     sync.Mutex
	byUser map[string]int
}

// acquire takes one of name's slots, or reports false when they are all
// taken; release gives it back.
func (ss *searchSlots) acquire(name string, limit int) bool {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.byUser == nil {
		ss.byUser = map[string]int{}
	}
	if ss.byUser[name] >= limit {
		return false
	}
	ss.byUser[name]++
	return true
}

func (ss *searchSlots) release(name string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.byUser[name]--; ss.byUser[name] <= 0 {
		delete(ss.byUser, name)
	}
}

// searchSlot takes a search slot of the caller of ctx and returns the
// function that gives it back, or errSearchBusy.
func (s *Server) searchSlot(ctx context.Context) (func(), error) {
	name := ""
	if u := cable.UserFromContext(ctx); u != nil {
		name = u.Name
	}
	if !s.searches.acquire(name, s.MaxUserSearches) {
		return nil, errSearchBusy
	}
	return func() { s.searches.release(name) }, nil
}
