package server_test

import (
	"net/http"
	"testing"
)

func TestServer_Health(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	a := f.as(t, "").get("/healthz")
	if a.status != http.StatusOK || a.body != "{\"status\":\"ok\"}\n" {
		t.Errorf("GET /healthz = %d %q, want 200 ok", a.status, a.body)
	}
}
