package audit

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// DefaultSignInterval is how often a [Signer] signs the tree head when the
// log grew.
const DefaultSignInterval = time.Minute

// Signer signs the log's tree head every Interval when the log grew, and
// once more when it stops. Set its fields, then call Start.
type Signer struct {
	Log Log
	Key ed25519.PrivateKey
	// Interval defaults to DefaultSignInterval.
	Interval time.Duration
	// Now defaults to time.Now.
	Now func() time.Time
	// Logger defaults to slog.Default().
	Logger *slog.Logger

	mu     sync.Mutex
	last   uint64 // the size of the newest head this signer knows of
	signed bool   // whether last was read or signed
	cancel context.CancelFunc
	done   chan struct{}
}

// Start signs a head now, then every Interval in the background, until
// Stop.
func (s *Signer) Start(ctx context.Context) error {
	if s.Log == nil || s.Key == nil {
		return errors.New("audit signer: no log or no key")
	}
	if s.Interval <= 0 {
		s.Interval = DefaultSignInterval
	}
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if _, _, err := s.SignNow(ctx); err != nil {
		return err
	}
	ctx, s.cancel = context.WithCancel(ctx)
	s.done = make(chan struct{})
	go s.loop(ctx)
	return nil
}

func (s *Signer) loop(ctx context.Context) {
	defer close(s.done)
	t := time.NewTicker(s.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, _, err := s.SignNow(ctx); err != nil && ctx.Err() == nil {
				s.Logger.Error("sign audit tree head", "err", err)
			}
		}
	}
}

// Stop ends the loop and signs a last head. It is safe to call twice, and
// before Start.
func (s *Signer) Stop() error {
	if s.cancel == nil {
		return nil
	}
	s.cancel()
	<-s.done
	s.cancel = nil
	_, _, err := s.SignNow(context.Background())
	return err
}

// SignNow signs and stores the head of the tree as it is, unless a head of
// that size is already stored; it returns the head and whether it signed.
func (s *Signer) SignNow(ctx context.Context) (TreeHead, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.signed {
		heads, err := s.Log.TreeHeads(ctx)
		if err != nil {
			return TreeHead{}, false, fmt.Errorf("sign audit tree head: %w", err)
		}
		for _, h := range heads {
			s.last = max(s.last, h.Size)
		}
		s.signed = len(heads) > 0
	}
	size, root, err := s.Log.AuditRoot(ctx)
	if err != nil {
		return TreeHead{}, false, fmt.Errorf("sign audit tree head: %w", err)
	}
	if s.signed && size == s.last {
		return TreeHead{}, false, nil
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	h := Sign(s.Key, size, root, now())
	if err := s.Log.AddTreeHead(ctx, h); err != nil {
		return TreeHead{}, false, fmt.Errorf("sign audit tree head: %w", err)
	}
	s.last, s.signed = size, true
	return h, true, nil
}
