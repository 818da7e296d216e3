package server

// Probes of the security review of the reading room's rate limit (branch
// roomreview): each fails while the weakness it names is there.

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"
)

// TestProbePublicLimitIPv6: the allowance is per address, and an IPv6
// client holds at least a /64 (2^64 addresses): one client rotating its
// source address within its own /64 is never limited.
func TestProbePublicLimitIPv6(t *testing.T) {
	t.Parallel()
	l := newAddrLimiter(3)
	at := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	refused := 0
	for i := range 100 {
		r := httptest.NewRequest("GET", "/api/v1/public/search?q=x", nil)
		r.RemoteAddr = fmt.Sprintf("[2001:db8:1:2::%x]:443", i+1)
		if ok, _ := l.allow(clientAddr(r), at); !ok {
			refused++
		}
	}
	if refused == 0 {
		t.Errorf("100 requests in one instant from one IPv6 /64, allowance 3 a minute: none refused")
	}
}

// TestProbePublicLimitLockout: once maxPublicClients addresses have spent
// part of their allowance, an address never seen before is refused (429)
// until one of them refills: a flood from many addresses (easy with IPv6)
// shuts everyone else out of the room, and each refused request scans
// the whole table under the limiter's lock.
func TestProbePublicLimitLockout(t *testing.T) {
	t.Parallel()
	l := newAddrLimiter(120)
	at := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	for i := range maxPublicClients {
		a := fmt.Sprintf("2001:db8:1:2::%x", i+1)
		for range 120 {
			l.allow(a, at)
		}
	}
	if ok, _ := l.allow("192.0.2.7", at.Add(time.Second)); !ok {
		t.Errorf("a first request from a new address is refused while %d others have spent their allowance", maxPublicClients)
	}
}
