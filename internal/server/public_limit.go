package server

import (
	"container/list"
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
// trusted, since anyone may write it. An IPv6 client holds a whole /64,
// so its allowance is the /64's.

// DefaultPublicRate is how many reading-room requests one client address
// may make a minute.
const DefaultPublicRate = 120

// maxPublicClients bounds the addresses the limiter remembers; past it,
// the address used least recently is forgotten to make room for a new
// one, which is never refused for want of room (a flood from many
// addresses costs memory no more than this, and locks nobody out; a
// forgotten address starts again with a full allowance).
const maxPublicClients = 10000

// errPublicBusy is the answer to a reading-room request beyond its
// address's allowance.
var errPublicBusy = cable.Errorf(cable.Exhausted, "too many requests from your address: wait a little and try again")

// addrLimiter is a token bucket per client address, the least recently
// used first in lru.
type addrLimiter struct {
	mu      sync.Mutex
	rate    float64 // tokens a second
	burst   float64
	buckets map[string]*list.Element // of *bucket
	lru     *list.List
}

type bucket struct {
	addr   string
	tokens float64
	at     time.Time
}

func newAddrLimiter(perMinute int) *addrLimiter {
	return &addrLimiter{rate: float64(perMinute) / 60, burst: float64(perMinute), buckets: map[string]*list.Element{}, lru: list.New()}
}

// allow takes a token of addr's bucket at now, or returns how long until
// one is there.
func (l *addrLimiter) allow(addr string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.buckets[addr]
	if ok {
		l.lru.MoveToBack(e)
	} else {
		if l.lru.Len() >= maxPublicClients {
			old := l.lru.Front()
			delete(l.buckets, old.Value.(*bucket).addr)
			l.lru.Remove(old)
		}
		e = l.lru.PushBack(&bucket{addr: addr, tokens: l.burst, at: now})
		l.buckets[addr] = e
	}
	b := e.Value.(*bucket)
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	}
	b.tokens--
	return true, 0
}

// clientAddr returns the client of the request's connection: its IPv4
// address, or its IPv6 /64 ("2001:db8:1:2::/64"), since one IPv6 client
// may use any address of its /64.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil || ip.To4() != nil {
		return host
	}
	return (&net.IPNet{IP: ip.Mask(net.CIDRMask(64, 128)), Mask: net.CIDRMask(64, 128)}).String()
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
