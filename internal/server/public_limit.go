package server

import (
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/cable/cable/internal/cable"
)

// The public reading room answers anyone, without an account, so it has
// no read budget to spend: each client address gets its own allowance
// instead, a token bucket of PublicRate requests a minute (at most that
// many at once), and a request beyond it is refused with 429 and
// Retry-After. The address is the connection's: X-Forwarded-For is not
// trusted, since anyone may write it.

// DefaultPublicRate is how many reading-room requests one client address
// may make a minute.
const DefaultPublicRate = 120

// maxPublicClients bounds the addresses the limiter remembers; past it,
// addresses whose bucket has refilled are forgotten, and if none has, a
// new address is refused until one does (a flood from many addresses
// costs memory no more than this).
const maxPublicClients = 10000

// errPublicBusy is the answer to a reading-room request beyond its
// address's allowance.
var errPublicBusy = cable.Errorf(cable.Exhausted, "too many requests from your address: wait a little and try again")

// addrLimiter is a token bucket per client address.
type addrLimiter struct {
	mu      sync.Mutex
	rate    float64 // tokens a second
	burst   float64
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newAddrLimiter(perMinute int) *addrLimiter {
	return &addrLimiter{rate: float64(perMinute) / 60, burst: float64(perMinute), buckets: map[string]*bucket{}}
}

// allow takes a token of addr's bucket at now, or returns how long until
// one is there.
func (l *addrLimiter) allow(addr string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[addr]
	if !ok {
		if len(l.buckets) >= maxPublicClients && !l.forgetFull(now) {
			return false, time.Second
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[addr] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	}
	b.tokens--
	return true, 0
}

// forgetFull forgets the addresses whose bucket has refilled at now, and
// reports whether it forgot any.
func (l *addrLimiter) forgetFull(now time.Time) bool {
	n := len(l.buckets)
	for a, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.buckets, a)
		}
	}
	return len(l.buckets) < n
}

// clientAddr returns the host of the request's connection.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// reading runs h as the public reader, within the client address's
// allowance: whoever is signed in, the reading room shows what it shows
// to anyone, so that a page's URL means the same for every reader.
func (s *Server) reading(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if ok, wait := s.publicLimit.allow(clientAddr(r), s.Now()); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
			return errPublicBusy
		}
		if info := requestInfoFrom(r.Context()); info != nil {
			info.user = cable.PublicName
		}
		return h(w, r.WithContext(cable.NewPublicContext(r.Context())))
	}
}
