package server_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/server"
)

// TestReviewAPI checks the review routes end to end: only a reviewer
// decides; the queue lists an exempt cable; a redaction withholds its
// paragraph from the reading room, which names the code; a
// declassification opens an exempt cable to the public; each decision is
// in the audit log.
func TestReviewAPI(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	ctx := context.Background()
	var cs []*cable.Cable
	for _, f := range []string{"08.txt", "12.txt"} {
		cs = append(cs, cabletext.Parse(mustReadTruthCable(t, f)))
	}
	if _, err := db.ImportCables(ctx, cs); err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{}
	for _, u := range []*cable.User{
		{Name: "rev", Clearance: "SECRET", Citizenship: "USA", Roles: []cable.Role{{Kind: cable.RoleReviewer}}},
		{Name: "desk", Clearance: "SECRET", Citizenship: "USA"},
		{Name: "boss", Clearance: "SECRET", Citizenship: "USA", Admin: true},
	} {
		if err := db.CreateUser(ctx, u, testPassword); err != nil {
			t.Fatal(err)
		}
		token, err := db.CreateToken(ctx, u.Name, "test")
		if err != nil {
			t.Fatal(err)
		}
		tokens[u.Name] = token
	}
	srv := &server.Server{Addr: "127.0.0.1:0", DB: db, Logger: slog.New(slog.DiscardHandler),
		Now: func() time.Time { return now }, SessionKey: bytes.Repeat([]byte("k"), 32)}
	if err := srv.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	rev, desk := &client{tb: t, base: srv.URL(), token: tokens["rev"]}, &client{tb: t, base: srv.URL(), token: tokens["desk"]}
	anyone, boss := &client{tb: t, base: srv.URL()}, &client{tb: t, base: srv.URL(), token: tokens["boss"]}

	redact := map[string]string{"action": "redact", "part": "2", "code": "(b)(1)", "reason": "names a source"}
	if a := desk.do("POST", "/api/v1/cables/08STATE200008/reviews", redact); a.status != http.StatusForbidden {
		t.Errorf("a reader's decision = %d, want 403", a.status)
	}
	var queue []api.ReviewItem
	rev.get("/api/v1/review/queue").decode(t, &queue)
	if len(queue) != 1 || queue[0].ID != "08STATE200012" || queue[0].Why != "exempt" {
		t.Errorf("queue = %+v, want 08STATE200012, exempt", queue)
	}
	var made api.Review
	a := rev.do("POST", "/api/v1/cables/08STATE200008/reviews", redact)
	a.decode(t, &made)
	if a.status != http.StatusCreated || made.Summary != "paragraph 2 redacted (b)(1): names a source" || made.Reviewer != "rev" {
		t.Errorf("redaction = %d %+v", a.status, made)
	}
	var doc api.PublicCable
	anyone.get("/api/v1/public/cables/08STATE200008").decode(t, &doc)
	if !slices.Equal(doc.View.Shown, []int{1, 3}) || len(doc.Withheld) != 1 || doc.Withheld[0].Code != "(b)(1)" {
		t.Errorf("public view after the redaction: shown %v, withheld %+v; want 1 3, and 2 under (b)(1)", doc.View.Shown, doc.Withheld)
	}
	if page := anyone.get("/public/cables/08STATE200008"); !strings.Contains(page.body, "Paragraph 2: redacted, (b)(1)") ||
		strings.Contains(page.body, "names a source") || strings.Contains(page.body, "ZP08N2") {
		t.Errorf("public page after the redaction does not say paragraph 2 is redacted, or shows it or the reason")
	}
	if a := anyone.get("/api/v1/public/cables/08STATE200012"); a.status != http.StatusNotFound {
		t.Errorf("public read of an exempt cable = %d, want 404", a.status)
	}
	a = rev.do("POST", "/api/v1/cables/08STATE200012/reviews", map[string]string{"action": "declassify", "from": "2020-01-01"})
	if a.status != http.StatusCreated {
		t.Fatalf("declassification = %d %s", a.status, a.body)
	}
	if a := anyone.get("/api/v1/public/cables/08STATE200012"); a.status != http.StatusOK {
		t.Errorf("public read after a reviewer declassified = %d, want 200", a.status)
	}
	// The detail (a reason may be classified) is the reviewer's to read.
	if log := boss.get("/api/v1/audit?cable=08STATE200012"); !strings.Contains(log.body, `"user":"rev","action":"review","cable":"08STATE200012"`) {
		t.Errorf("audit log of 08STATE200012 lacks the decision: %s", log.body)
	}
	if a := rev.get("/api/v1/cables/08STATE200008/reviews"); !strings.Contains(a.body, `"code":"(b)(1)"`) {
		t.Errorf("reviews of 08STATE200008 = %s", a.body)
	}
}
