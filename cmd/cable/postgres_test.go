package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// mustPostgresURL returns a URL of the test database
// (CABLE_TEST_POSTGRES) whose search_path is a new schema, dropped at
// cleanup; it skips without the variable, unless CABLE_REQUIRE_POSTGRES
// makes that a failure (as in CI).
func mustPostgresURL(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("CABLE_TEST_POSTGRES")
	if base == "" {
		const how = "CABLE_TEST_POSTGRES is not set: set it to a database, e.g. postgres://cable:cable@localhost/cable_test?sslmode=disable"
		if os.Getenv("CABLE_REQUIRE_POSTGRES") != "" {
			tb.Fatal(how + " (CABLE_REQUIRE_POSTGRES is set, so the PostgreSQL tests must run)")
		}
		tb.Skip(how)
	}
	b := make([]byte, 8)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			tb.Error(err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			tb.Error(err)
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

// TestPostgres drives the archive commands on a PostgreSQL archive:
// ingest and search with --database, user with $CABLE_DATABASE, and serve,
// which serves the archive and traffic. The data directory
// keeps only the session key.
func TestPostgres(t *testing.T) {
	t.Parallel()
	url := mustPostgresURL(t)
	dir := t.TempDir()
	env := map[string]string{"CABLE_DATA": dir, "CABLE_PASSWORD_ITERATIONS": "1000"}
	if r := runMainIO(t, env, "", "ingest", "--database", url, seedFile); r.code != 0 || !strings.Contains(r.stdout, "ingested: 1 new") {
		t.Fatalf("ingest --database = %d %q %q", r.code, r.stdout, r.stderr)
	}
	withDB := map[string]string{"CABLE_DATA": dir, "CABLE_PASSWORD_ITERATIONS": "1000", "CABLE_DATABASE": url}
	if r := runMainIO(t, withDB, "a long password\n", "user", "add", "alice", "--clearance", "SECRET", "--citizenship", "USA",
		"--password-stdin"); r.code != 0 {
		t.Fatalf("user add = %d %s", r.code, r.stderr)
	}
	if r := runMainIO(t, env, "", "search", "--database", url, "--as", "alice", "Hezbollah"); r.code != 0 || !strings.Contains(r.stdout, "07STATE159388") {
		t.Errorf("search --database = %d %q %q, want the seed", r.code, r.stdout, r.stderr)
	}
	if r := runMainIO(t, withDB, "", "refs", "--as", "alice", "07STATE159388"); r.code != 0 || !strings.Contains(r.stdout, "cites:") {
		t.Errorf("refs with $CABLE_DATABASE = %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runMainIO(t, env, "", "search", "--database", "cable.db", "x"); r.code != 2 || !strings.Contains(r.stderr, "postgres://") {
		t.Errorf("search --database cable.db = %d %q, want a usage error", r.code, r.stderr)
	}
	token := strings.TrimSpace(runMainIO(t, withDB, "", "user", "token", "alice").stdout)
	testServePostgres(t, env, url, token)
	if _, err := os.Stat(filepath.Join(dir, "cable.db")); err == nil {
		t.Errorf("the data directory has a SQLite database: the PostgreSQL commands opened it")
	}
	if r := runMainIO(t, env, "", "search", "--as", "alice", "Hezbollah"); r.code == 0 {
		t.Errorf("search without --database = %q: the data directory's SQLite database has no user alice", r.stdout)
	}
}

// testServePostgres runs cable serve --database and checks that it serves
// the archive and traffic.
func testServePostgres(t *testing.T, env map[string]string, url, token string) {
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
		done <- m.Run(ctx, []string{"serve", "--database", url, "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"})
	}()
	metricsURL := waitForMatch(t, errs, regexp.MustCompile(`msg="serving metrics" url=(http://\S+)`))
	base := waitForMatch(t, errs, regexp.MustCompile(`msg=serving url=(http://\S+)`))
	for path, want := range map[string]int{
		"/api/v1/cables/07STATE159388": http.StatusOK,
		"/api/v1/inbox":                http.StatusOK,
		"/api/v1/directory":            http.StatusOK,
	} {
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s = %d %s, want %d", path, resp.StatusCode, body, want)
		}
	}
	checkPostgresMetrics(t, metricsURL)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after the signal, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// TestDemo_Postgres plays the demo on PostgreSQL and on SQLite and checks
// that the two tell the same story, step by step, and that the traffic
// commands read the PostgreSQL demo's traffic with --database.
func TestDemo_Postgres(t *testing.T) {
	t.Parallel()
	url := mustPostgresURL(t)
	story := func(out string) string {
		s, _, _ := strings.Cut(out, "Look around with:")
		return s
	}
	env := map[string]string{"CABLE_PASSWORD_ITERATIONS": "1000"}
	pg := runMainIO(t, env, "", "demo", "--quiet=false", "--database", url, "--data", t.TempDir())
	if pg.code != 0 {
		t.Fatalf("cable demo --database: exit %d\n%s%s", pg.code, pg.stdout, pg.stderr)
	}
	lite := runMainIO(t, env, "", "demo", "--data", filepath.Join(t.TempDir(), "data"))
	if lite.code != 0 {
		t.Fatalf("cable demo: exit %d\n%s%s", lite.code, lite.stdout, lite.stderr)
	}
	if got, want := story(pg.stdout), story(lite.stdout); got != want || !strings.Contains(got, "releases it as 07STATE159388") {
		t.Errorf("the demo on PostgreSQL tells another story than on SQLite:\n--- PostgreSQL\n%s\n--- SQLite\n%s", got, want)
	}
	if r := runMainIO(t, env, "", "demo", "--database", url); r.code != 1 || !strings.Contains(r.stderr, "has been played") {
		t.Errorf("second demo in the same database: exit %d, %s", r.code, r.stderr)
	}
	r := runMainIO(t, map[string]string{"CABLE_DATABASE": url, "CABLE_USER": "eap-clearer"}, "", "inbox")
	if r.code != 0 || !strings.Contains(r.stdout, "07BEIJING7214") {
		t.Errorf("inbox on the PostgreSQL demo = %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// checkPostgresMetrics checks that serve --database serves the outbox
// gauges and its pool's statistics on its metrics listener.
func checkPostgresMetrics(t *testing.T, url string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`cable_outbox_total{precedence="FLASH"} 0`, "cable_pg_pool_total_conns ", "cable_pg_pool_acquires_total "} {
		if !strings.Contains(string(b), want) {
			t.Errorf("PostgreSQL serve's metrics lack %s", want)
		}
	}
}
