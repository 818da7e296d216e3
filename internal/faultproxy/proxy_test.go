package faultproxy

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestProxy sends one request through the proxy under each fault alone
// and checks what the client and the server each saw.
func TestProxy(t *testing.T) {
	t.Parallel()
	cases := []struct {
		fault    Fault
		hits     int32 // requests the server saw
		clientOK bool  // the client got an answer
		tampered bool  // the body or answer differs from what was sent
	}{
		{Pass, 1, true, false},
		{Drop, 0, false, false},
		{Delay, 1, true, false},
		{Reset, 1, false, false},
		{HalfOpen, 1, false, false},
		{Duplicate, 2, true, false},
		{Reorder, 1, true, false},
		{Tamper, 1, true, true},
	}
	for _, c := range cases {
		t.Run(c.fault.String(), func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int32
			var lastBody atomic.Value
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				lastBody.Store(string(b))
				hits.Add(1)
				io.WriteString(w, "answer:"+string(b))
			}))
			defer srv.Close()
			p, err := Start(strings.TrimPrefix(srv.URL, "http://"), 1)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			p.Set(map[Fault]int{c.fault: 1})
			client := &http.Client{Timeout: time.Second}
			res, err := client.Post(p.URL(), "text/plain", strings.NewReader("hello, world"))
			ok := err == nil
			var answer string
			if ok {
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				answer = string(b)
			}
			time.Sleep(MaxDelay + 50*time.Millisecond) // a late duplicate
			if ok != c.clientOK {
				t.Errorf("client answered: %v (%v), want %v", ok, err, c.clientOK)
			}
			if got := hits.Load(); got != c.hits {
				t.Errorf("server saw %d requests, want %d", got, c.hits)
			}
			if ok && (answer != "answer:hello, world") != c.tampered {
				t.Errorf("answer %q (server read %q), tampered want %v", answer, lastBody.Load(), c.tampered)
			}
			if got := p.Counts()[c.fault]; got != 1 {
				t.Errorf("counts %v, want one %s", p.Counts(), c.fault)
			}
		})
	}
}

// TestProxy_Cut checks that a cut link refuses requests and a healed one
// passes them.
func TestProxy_Cut(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	defer srv.Close()
	p, err := Start(strings.TrimPrefix(srv.URL, "http://"), 1)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	client := &http.Client{Timeout: time.Second}
	for _, step := range []struct {
		name string
		do   func()
		ok   bool
	}{
		{"before", func() {}, true},
		{"cut", p.Cut, false},
		{"healed", p.Heal, true},
	} {
		step.do()
		res, err := client.Get(p.URL())
		if err == nil {
			res.Body.Close()
		}
		if (err == nil) != step.ok {
			t.Errorf("%s: error %v, want ok %v", step.name, err, step.ok)
		}
	}
}
