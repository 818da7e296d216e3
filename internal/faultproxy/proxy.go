// Package faultproxy is a fault-injecting TCP proxy for the multi-node
// tests: it stands between two nodes and, request by request, drops,
// delays, resets, leaves half-open, duplicates, reorders or tampers with
// what passes, and can cut the link altogether. Only tests import it.
//
// It reads the HTTP/1.1 requests on each client connection so that a
// fault can hit one request (the relay protocol's unit) rather than a
// random byte of a kept-alive connection, and forwards each on a fresh
// connection to the target. Every choice comes from one seeded random
// source, so a failing run's seed names the sequence of faults (the
// interleaving of goroutines is the operating system's).
package faultproxy

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"
)

// Fault is what the proxy does to one request.
type Fault int

// The faults.
const (
	// Pass forwards the request and its answer.
	Pass Fault = iota
	// Drop resets the client's connection without forwarding: the
	// request never arrives.
	Drop
	// Delay holds the request up to MaxDelay, then passes it.
	Delay
	// Reset forwards the request and resets the client's connection part
	// way through the answer: the receiver acted, the sender never hears.
	Reset
	// HalfOpen forwards the request and never answers, leaving the
	// client's connection open until the client gives up.
	HalfOpen
	// Duplicate forwards the request and, after a random delay, the same
	// bytes again on another connection (a stale copy arriving late).
	Duplicate
	// Reorder holds the request until the next one has been forwarded
	// (or MaxDelay passes), so that they arrive in the other order.
	Reorder
	// Tamper flips one byte of the request's body or of its answer's.
	Tamper
	numFaults
)

var faultNames = [...]string{"pass", "drop", "delay", "reset", "half-open", "duplicate", "reorder", "tamper"}

func (f Fault) String() string {
	if f >= 0 && f < numFaults {
		return faultNames[f]
	}
	return fmt.Sprintf("fault(%d)", int(f))
}

// MaxDelay bounds Delay, Reorder's wait and Duplicate's lateness.
const MaxDelay = 300 * time.Millisecond

// Proxy is a running proxy. Its zero value is not usable: call Start.
type Proxy struct {
	target string
	ln     net.Listener

	mu        sync.Mutex
	rng       *rand.Rand
	weights   [numFaults]int
	cut       bool
	conns     map[net.Conn]bool
	counts    [numFaults]int
	held      chan struct{} // closed when the next request is forwarded
	wg        sync.WaitGroup
	closed    chan struct{}
	closeOnce sync.Once
}

// Start listens on 127.0.0.1 and forwards to target (host:port), passing
// everything until Set says otherwise.
func Start(target string, seed uint64) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fault proxy: %w", err)
	}
	p := &Proxy{target: target, ln: ln, rng: rand.New(rand.NewPCG(seed, 0x5eed)), conns: map[net.Conn]bool{},
		closed: make(chan struct{})}
	p.weights[Pass] = 1
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// URL is the proxy's base URL.
func (p *Proxy) URL() string { return "http://" + p.ln.Addr().String() }

// Set gives each fault a weight: a request meets a fault with probability
// its weight over the sum (Pass's weight included). Set(nil) passes all.
func (p *Proxy) Set(weights map[Fault]int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.weights = [numFaults]int{}
	for f, w := range weights {
		p.weights[f] = w
	}
	if len(weights) == 0 {
		p.weights[Pass] = 1
	}
}

// Cut partitions the link: every open connection is reset, in whatever
// state its request is, and new ones are reset on arrival, until Heal.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = true
	for c := range p.conns {
		reset(c)
	}
}

// Heal ends a Cut.
func (p *Proxy) Heal() {
	p.mu.Lock()
	p.cut = false
	p.mu.Unlock()
}

// Counts says how many requests met each fault.
func (p *Proxy) Counts() map[Fault]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[Fault]int{}
	for f, n := range p.counts {
		if n > 0 {
			out[Fault(f)] = n
		}
	}
	return out
}

// Close stops the proxy, resets its connections and waits for the
// requests it holds (a late duplicate is sent first). It may be called
// again.
func (p *Proxy) Close() error {
	err := p.ln.Close()
	p.closeOnce.Do(func() { close(p.closed) })
	p.Cut()
	p.wg.Wait()
	return err
}

// reset closes a connection with a TCP reset rather than a clean close.
func reset(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	c.Close()
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.cut {
			p.mu.Unlock()
			reset(c)
			continue
		}
		p.conns[c] = true
		p.wg.Add(1)
		p.mu.Unlock()
		go p.serve(c)
	}
}

// choose picks the fault for the next request and, for the faults that
// need one, a random delay and a byte position.
func (p *Proxy) choose() (Fault, time.Duration, uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	total := 0
	for _, w := range p.weights {
		total += w
	}
	f, r := Pass, p.rng.IntN(max(total, 1))
	for i, w := range p.weights {
		if r < w {
			f = Fault(i)
			break
		}
		r -= w
	}
	p.counts[f]++
	return f, time.Duration(p.rng.Int64N(int64(MaxDelay))), p.rng.Uint64()
}

// serve proxies the requests of one client connection.
func (p *Proxy) serve(c net.Conn) {
	defer p.wg.Done()
	defer func() {
		p.mu.Lock()
		delete(p.conns, c)
		p.mu.Unlock()
		c.Close()
	}()
	br := bufio.NewReader(c)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return
		}
		if !p.one(c, req, body) {
			return
		}
	}
}

// one applies a fault to one request; it reports whether the client's
// connection is still usable.
func (p *Proxy) one(c net.Conn, req *http.Request, body []byte) bool {
	f, delay, pos := p.choose()
	switch f {
	case Drop:
		reset(c)
		return false
	case Delay:
		p.sleep(delay)
	case Reorder:
		p.waitForNext(delay)
	case Tamper:
		if pos%2 == 0 && len(body) > 0 {
			body = bytes.Clone(body)
			body[pos/2%uint64(len(body))] ^= 0x20
		}
	}
	p.forwarded()
	res, resBody, err := p.forward(req, body)
	if err != nil {
		reset(c)
		return false
	}
	switch f {
	case Duplicate:
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.sleep(delay)
			p.forward(req, body) // its answer goes nowhere
		}()
	case Reset:
		var buf bytes.Buffer
		res.Write(&buf)
		c.Write(buf.Bytes()[:pos%uint64(buf.Len())])
		reset(c)
		return false
	case HalfOpen:
		io.Copy(io.Discard, c) // until the client gives up, or Cut
		return false
	case Tamper:
		if pos%2 == 1 && len(resBody) > 0 {
			resBody[pos/2%uint64(len(resBody))] ^= 0x20
		}
	}
	res.Body = io.NopCloser(bytes.NewReader(resBody))
	res.ContentLength = int64(len(resBody))
	res.TransferEncoding = nil
	return res.Write(c) == nil
}

// forward sends a request on a new connection to the target and reads
// its whole answer.
func (p *Proxy) forward(req *http.Request, body []byte) (*http.Response, []byte, error) {
	up, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		return nil, nil, err
	}
	defer up.Close()
	out := req.Clone(req.Context())
	out.Body = io.NopCloser(bytes.NewReader(body))
	out.ContentLength = int64(len(body))
	out.TransferEncoding = nil
	out.Close = true
	if err := out.Write(up); err != nil {
		return nil, nil, err
	}
	res, err := http.ReadResponse(bufio.NewReader(up), out)
	if err != nil {
		return nil, nil, err
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	return res, b, err
}

// sleep waits for d or the proxy's close.
func (p *Proxy) sleep(d time.Duration) {
	select {
	case <-time.After(d):
	case <-p.closed:
	}
}

// waitForNext holds a request until another is forwarded, or d passes.
func (p *Proxy) waitForNext(d time.Duration) {
	p.mu.Lock()
	if p.held == nil {
		p.held = make(chan struct{})
	}
	next := p.held
	p.mu.Unlock()
	select {
	case <-next:
	case <-time.After(d):
	case <-p.closed:
	}
}

// forwarded releases the requests held for the next one.
func (p *Proxy) forwarded() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.held != nil {
		close(p.held)
		p.held = nil
	}
}
