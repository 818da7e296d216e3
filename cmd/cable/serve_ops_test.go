package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServe_Ops serves the demo's data as an operator would, with JSON
// logs and metrics on their own address, and checks what the operators
// watch: /readyz, the outbox and speed-of-service series, a request's log
// line; and that /metrics is not on the public listener.
func TestServe_Ops(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"CABLE_DATA": dir}
	if r := runMainIO(t, env, "", "demo", "--quiet"); r.code != 0 {
		t.Fatalf("demo = %d %s", r.code, r.stderr)
	}
	// The settings come as an operator's would: the log format from the
	// config file, the metrics address from a variable, the rest flags.
	conf := filepath.Join(t.TempDir(), "cable.toml")
	if err := os.WriteFile(conf, []byte("log-format = \"json\"\naddr = \":1\"\n"+
		"escalation-webhook = \"http://127.0.0.1:1/hook\"\nsmtp-addr = \"127.0.0.1:1\"\nack-window = [\"FLASH=5m\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env["CABLE_METRICS_ADDR"] = "127.0.0.1:0"
	errs := &syncBuffer{}
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: errs,
		Getenv: func(k string) string { return env[k] }, Logger: slog.New(slog.NewTextHandler(errs, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- m.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--config", conf})
	}()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
	}()
	metricsURL := waitForMatch(t, errs, regexp.MustCompile(`"msg":"serving metrics","url":"(http://[^"]+)"`))
	url := waitForMatch(t, errs, regexp.MustCompile(`"msg":"serving","url":"(http://[^"]+)"`))
	get := func(u string) (int, string) {
		t.Helper()
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, body := get(url + "/readyz")
	var ready struct {
		Status string                     `json:"status"`
		Checks map[string]json.RawMessage `json:"checks"`
	}
	if err := json.Unmarshal([]byte(body), &ready); err != nil || code != 200 || ready.Status != "ready" ||
		ready.Checks["database"] == nil || ready.Checks["dispatcher"] == nil {
		t.Errorf("/readyz = %d %s, want 200 ready with the database and the dispatcher", code, body)
	}
	if code, body := get(url + "/metrics"); code != http.StatusNotFound {
		t.Errorf("public /metrics = %d %s, want 404", code, body)
	}
	_, metrics := get(metricsURL)
	for _, want := range []string{
		`cable_outbox_total{precedence="FLASH"} 0`,
		`cable_speed_of_service_objective_seconds{precedence="FLASH"} 600`,
		`cable_speed_of_service_seconds_count{precedence="FLASH"}`,
		`cable_http_requests_total{route="GET /readyz",status="200"} 1`,
		`go_sql_open_connections{db_name="read"}`,
		`cable_logins_total{outcome="failed"} 0`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	checkDashboard(t, metrics)
	// No label holds a cable id or a user name.
	if id := regexp.MustCompile(`\d\d(STATE|BEIJING)\d+|beijing-duty|isn-drafter`).FindString(metrics); id != "" {
		t.Errorf("metrics hold %q", id)
	}
	if !regexp.MustCompile(`\{"time":"[^"]+","level":"INFO","msg":"request","request_id":"[0-9a-f]{16}","method":"GET","route":"GET /readyz"`).
		MatchString(errs.String()) {
		t.Errorf("no JSON request line for /readyz in:\n%s", errs.String())
	}
}

// checkDashboard checks that each series docs/grafana-dashboard.json
// queries is served, but for those that exist only when there is
// something to count.
func checkDashboard(t *testing.T, metrics string) {
	t.Helper()
	b, err := os.ReadFile("../../docs/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	onlyWithData := map[string]bool{
		"cable_relay_link_up":  true, // a node with a site key and links
		"cable_acks_pending":   true, // a copy awaiting acknowledgement
		"cable_acks_escalated": true, // an escalated copy
	}
	seen := map[string]bool{}
	for _, name := range regexp.MustCompile(`\b(?:cable|go_sql)_[a-z_]+`).FindAllString(string(b), -1) {
		name = regexp.MustCompile(`_(bucket|count|sum)$`).ReplaceAllString(name, "")
		if seen[name] || onlyWithData[name] {
			continue
		}
		seen[name] = true
		if !strings.Contains(metrics, "# HELP "+name+" ") {
			t.Errorf("the dashboard queries %s, which the server does not serve", name)
		}
	}
	if len(seen) < 10 {
		t.Errorf("the dashboard queries %d series: %v", len(seen), seen)
	}
}
