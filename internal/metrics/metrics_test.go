package metrics_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/metrics"
)

// TestDelivered checks the speed-of-service observations against each
// precedence's objective: met at the objective, missed past it.
func TestDelivered(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name       string
		p          cable.Precedence
		took       time.Duration
		relay      string
		wantMissed float64
	}{
		{"FLASH in 5 minutes", cable.Flash, 5 * time.Minute, "", 0},
		{"FLASH at its objective", cable.Flash, 10 * time.Minute, "", 0},
		{"FLASH in 11 minutes", cable.Flash, 11 * time.Minute, "", 1},
		{"ROUTINE in 5 hours, relayed", cable.Routine, 5 * time.Hour, "AMEMBASSY BEIJING", 0},
		{"PRIORITY in 4 hours", cable.Priority, 4 * time.Hour, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metrics.New()
			m.Delivered([]*cable.Delivery{{CableID: "26STATE1", Precedence: tt.p, Relay: tt.relay, QueuedAt: t0, DeliveredAt: t0.Add(tt.took)}})
			p := tt.p.String()
			body := scrape(t, m)
			if want := fmt.Sprintf(`cable_speed_of_service_missed_total{precedence="%s"} %v`, p, tt.wantMissed); !strings.Contains(body, want) {
				t.Errorf("no %s in the metrics", want)
			}
			want := `cable_speed_of_service_seconds_count{precedence="` + p + `"} 1`
			if !strings.Contains(body, want) {
				t.Errorf("no %s in\n%s", want, body)
			}
			outcome := map[bool]string{true: "relayed", false: "delivered"}[tt.relay != ""]
			if want := `cable_deliveries_total{outcome="` + outcome + `"} 1`; !strings.Contains(body, want) {
				t.Errorf("no %s", want)
			}
			if strings.Contains(body, "26STATE1") || strings.Contains(body, "BEIJING") {
				t.Errorf("a cable id or relay hop is in the metrics")
			}
		})
	}
}

// TestSearchKind checks that a query's kind is named by its shape, never
// its words.
func TestSearchKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q    cable.SearchQuery
		want string
	}{
		{cable.SearchQuery{}, "listing"},
		{cable.SearchQuery{Text: "iran nuclear"}, "words"},
		{cable.SearchQuery{Text: `"six party"`, Facets: true}, "phrase+facets"},
		{cable.SearchQuery{Text: "iran AND (oil OR gas)"}, "boolean"},
		{cable.SearchQuery{Text: "NOT iran"}, "boolean"},
	}
	for _, tt := range tests {
		if got := metrics.SearchKind(tt.q); got != tt.want {
			t.Errorf("SearchKind(%q) = %q, want %q", tt.q.Text, got, tt.want)
		}
	}
}

// TestNil checks that a nil *Metrics counts nothing and does not panic.
func TestNil(t *testing.T) {
	t.Parallel()
	var m *metrics.Metrics
	m.ObserveRequest("GET /x", 200, time.Second)
	m.Delivered([]*cable.Delivery{{Precedence: cable.Flash}})
	m.Login("ok")
	m.Alert("bulk-read")
	m.Escalated(cable.Flash, 1)
	m.IngestProgress(1, 2)
}

// TestListen checks that the listener serves /metrics and nothing else.
func TestListen(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	m.ObserveRequest("GET /api/v1/cables/{id}", 200, 3*time.Millisecond)
	l, err := m.Listen("127.0.0.1:0", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for path, want := range map[string]int{"/metrics": 200, "/": 404, "/api/v1/me": 404} {
		resp, err := http.Get(strings.TrimSuffix(l.URL(), "/metrics") + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", path, resp.StatusCode, want)
		}
		if path == "/metrics" && !strings.Contains(string(b), `cable_http_requests_total{route="GET /api/v1/cables/{id}",status="200"} 1`) {
			t.Errorf("GET /metrics lacks the request:\n%s", b)
		}
	}
}

func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	l, err := m.Listen("127.0.0.1:0", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	resp, err := http.Get(l.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
