package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cable/cable/internal/api"
)

// syncBuffer is an output that a test reads while the program writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitForMatch waits until re matches what w holds, and returns the first
// group.
func waitForMatch(tb testing.TB, w *syncBuffer, re *regexp.Regexp) string {
	tb.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(w.String()); m != nil {
			return m[1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	tb.Fatalf("no %s in:\n%s", re, w.String())
	return ""
}

// TestServe runs cable serve as main does, on a free port, with an
// ingest and no user yet; adds a user with the CLI while it runs; reads
// through the API; and stops it as SIGINT would.
func TestServe(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"CABLE_DATA": dir}
	out, errs := &syncBuffer{}, &syncBuffer{}
	m := &Main{
		Stdin: strings.NewReader(""), Stdout: out, Stderr: errs,
		Getenv: func(k string) string { return env[k] },
		Logger: slog.New(slog.NewTextHandler(errs, nil)),
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		// A search deadline no search can meet shows that the flag reaches the server.
		done <- m.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--ingest", seedFile, "--search-timeout", "1ns"})
	}()
	url := waitForMatch(t, errs, regexp.MustCompile(`msg=serving url=(http://\S+)`))
	if !strings.Contains(out.String(), "ingested: 1 new") {
		t.Errorf("no ingest summary:\n%s", out.String())
	}
	waitForMatch(t, errs, regexp.MustCompile(`(cable user add NAME --clearance SECRET --citizenship USA --admin)`))

	if r := runMainIO(t, env, "a long password\n", "user", "add", "alice", "--clearance", "SECRET", "--citizenship", "USA", "--password-stdin"); r.code != 0 {
		t.Fatalf("user add = %d %s", r.code, r.stderr)
	}
	token := strings.TrimSpace(runMainIO(t, env, "", "user", "token", "alice").stdout)

	get := func(path, token string) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", url+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	if code, body := get("/api/v1/cables/07STATE159388", ""); code != http.StatusUnauthorized {
		t.Errorf("without a token: %d %s, want 401", code, body)
	}
	code, body := get("/api/v1/cables/07STATE159388", token)
	var doc api.CableView
	if err := json.Unmarshal(body, &doc); err != nil || code != http.StatusOK || doc.View.Banner != "SECRET//NOFORN" {
		t.Errorf("GET the seed = %d %s", code, body)
	}
	if code, body := get("/api/v1/search?q=iran", token); code != http.StatusServiceUnavailable || !strings.Contains(string(body), "search took too long") {
		t.Errorf("search past --search-timeout = %d %s, want 503", code, body)
	}
	if fi, err := os.Stat(filepath.Join(dir, "session.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("session key: %v %v, want a file of mode 0600", fi, err)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after the signal, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(errs.String(), "shutting down") {
		t.Errorf("no shutdown in the log:\n%s", errs.String())
	}
}

func TestServe_ErrUsage(t *testing.T) {
	t.Parallel()
	env := map[string]string{"CABLE_DATA": t.TempDir()}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "extra"}, 2, "usage: cable serve"},
		{[]string{"serve", "--port", "80"}, 2, "flag provided but not defined: -port"},
		{[]string{"serve", "--addr", "256.0.0.1:http"}, 1, "listen on 256.0.0.1:http"},
		{[]string{"serve", "--search-timeout", "0s"}, 2, "--search-timeout 0s: want a positive duration"},
		{[]string{"serve", "--search-timeout", "soon"}, 2, `invalid value "soon" for flag -search-timeout`},
	} {
		r := runMainIO(t, env, "", tt.args...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%v = %d %q, want %d and %q", tt.args, r.code, r.stderr, tt.code, tt.want)
		}
	}
}
