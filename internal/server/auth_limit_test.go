package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/server"
)

// holdDB is the fixture's store, counting the password checks in flight.
// A check of a wrong password is held until release is closed, so that a
// test can see how many the server lets run at once.
type holdDB struct {
	server.DB
	release chan struct{}

	mu                   sync.Mutex
	inFlight, peak, held int
}

func (h *holdDB) Authenticate(ctx context.Context, name, pw string) (*cable.User, error) {
	h.mu.Lock()
	h.inFlight++
	h.peak = max(h.peak, h.inFlight)
	wrong := pw != testPassword
	if wrong {
		h.held++
	}
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		h.inFlight--
		h.mu.Unlock()
	}()
	if wrong {
		select {
		case <-h.release:
		case <-ctx.Done():
		}
	}
	return h.DB.Authenticate(ctx, name, pw)
}

func (h *holdDB) counts() (peak, held int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.peak, h.held
}

// floodLogin posts one login with a wrong password, to the API or the
// login form, and returns the answer.
func floodLogin(base string, form bool) (answer, error) {
	var resp *http.Response
	var err error
	if form {
		v := url.Values{"name": {"us-s"}, "password": {"guess"}}
		resp, err = http.PostForm(base+"/login", v)
	} else {
		b, _ := json.Marshal(map[string]string{"name": "us-s", "password": "guess"})
		resp, err = http.Post(base+"/api/v1/login", "application/json", bytes.NewReader(b))
	}
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: string(b)}, err
}

// TestAuth_LoginFlood checks that a flood of logins, through the API and
// the login form, never has more than MaxLogins password checks in
// flight: the rest are refused with 503 and Retry-After after LoginWait,
// and a signed-in user's searches go on meanwhile. It counts checks, not
// time, so that a busy machine cannot make it flaky.
func TestAuth_LoginFlood(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	db := &holdDB{DB: f.db, release: make(chan struct{})}
	const maxLogins, flood = 2, 16
	s := &server.Server{Addr: "127.0.0.1:0", DB: db, Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now },
		SessionKey: []byte(strings.Repeat("f", 32)), MaxLogins: maxLogins, LoginWait: 50 * time.Millisecond}
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	reader := newBrowser(t, s.URL()).login("us-s", testPassword)

	type result struct {
		answer
		form bool
		err  error
	}
	results := make(chan result, flood)
	for i := range flood {
		go func() {
			a, err := floodLogin(s.URL(), i%2 == 1)
			results <- result{a, i%2 == 1, err}
		}()
	}
	// Wait until every login of the flood is either held in a check or
	// refused: then the checks in flight are all there will be.
	var got []result
	deadline := time.Now().Add(30 * time.Second)
	for _, held := db.counts(); held+len(got) < flood && time.Now().Before(deadline); _, held = db.counts() {
		select {
		case r := <-results:
			got = append(got, r)
		case <-time.After(10 * time.Millisecond):
		}
	}
	for _, p := range []string{"/api/v1/search?q=litmus", "/search?q=litmus"} {
		if a := reader.get(p); a.status != http.StatusOK {
			t.Errorf("signed-in search %s during the flood = %d", p, a.status)
		}
	}
	close(db.release)
	for len(got) < flood {
		got = append(got, <-results)
	}
	peak, held := db.counts()
	if peak > maxLogins || held != maxLogins {
		t.Errorf("password checks in flight: peak %d, %d held; want at most %d", peak, held, maxLogins)
	}
	counts := map[int]int{}
	for _, r := range got {
		if r.err != nil {
			t.Fatal(r.err)
		}
		counts[r.status]++
		if r.status != http.StatusServiceUnavailable {
			continue
		}
		want := errorBody("too many logins at once: try again in a second")
		if r.form {
			want = "The server is busy with other logins. Try again in a moment."
		}
		if ra := r.header.Get("Retry-After"); ra != "1" || !strings.Contains(r.body, want) {
			t.Errorf("a refused login (form %v) = Retry-After %q, %q; want 1 and %q", r.form, ra, r.body, want)
		}
	}
	want := map[int]int{http.StatusUnauthorized: maxLogins, http.StatusServiceUnavailable: flood - maxLogins}
	if counts[http.StatusUnauthorized]+counts[http.StatusServiceUnavailable] != flood || counts[http.StatusUnauthorized] != want[http.StatusUnauthorized] {
		t.Errorf("statuses = %v, want %v", counts, want)
	}
	newBrowser(t, s.URL()).login("us-s", testPassword) // the slots are free again
}
