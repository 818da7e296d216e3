package audit_test

import (
	"strings"
	"testing"

	"github.com/cable/cable/internal/audit"
)

// TestEntry_Bounded checks that what a stranger sends cannot grow the log
// by more than a field's bound: a 900 KB name tried at login was written
// whole.
func TestEntry_Bounded(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("é", 450_000) // 900 KB
	e := audit.Entry{User: huge, Cable: huge, Client: huge, Detail: huge, Kind: "login-failed"}.Bounded()
	if len(e.User) > 300 || len(e.Cable) > 300 || len(e.Client) > 300 || len(e.Detail) > 4200 {
		t.Errorf("bounded entry has fields of %d, %d, %d, %d bytes", len(e.User), len(e.Cable), len(e.Client), len(e.Detail))
	}
	if !strings.HasSuffix(e.User, "…(900000 bytes)") || !strings.HasPrefix(e.User, "éé") {
		t.Errorf("bounded user = %q…, want its start and its length as sent", e.User[:20])
	}
	if small := (audit.Entry{User: "alice", Detail: "iran"}).Bounded(); small.User != "alice" || small.Detail != "iran" {
		t.Errorf("a short entry changed: %+v", small)
	}
}
