package server_test

// Probes of the security review of the reading room and the
// declassification review (branch roomreview): each fails while the
// defect it names is there.

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/server"
)

// probeReviewCable is a SECRET SIPDIS cable whose DECL cannot be read:
// paragraph 1 is (S), paragraph 2 (C).
func probeReviewCable(n int, secret string) []byte {
	return []byte(fmt.Sprintf(`P 0%d1200Z MAR 09
FM SECSTATE WASHDC
TO AMEMBASSY LONDON PRIORITY
S E C R E T STATE 03005%d

SIPDIS

E.O. 12958: DECL: upon completion of talks
TAGS: PREL
SUBJECT: (U) PROBE REVIEW %d

1. (S) The source is %s.

2. (C) Paragraph text ZPRC%d.

RICE
`, n, n, n, secret, n))
}

// openProbeReviewServer imports the probe cables and opens a server with
// users: rev-s (SECRET reviewer), rev-c (CONFIDENTIAL reviewer), desk-c
// (CONFIDENTIAL, no role); it returns a client for each, and one for
// anyone.
func openProbeReviewServer(t *testing.T, srcs ...[]byte) map[string]*client {
	t.Helper()
	db := MustOpenDB(t)
	ctx := context.Background()
	var cs []*cable.Cable
	for _, src := range srcs {
		cs = append(cs, cabletext.Parse(src))
	}
	if _, err := db.ImportCables(ctx, cs); err != nil {
		t.Fatal(err)
	}
	srv := &server.Server{Addr: "127.0.0.1:0", DB: db, Logger: slog.New(slog.DiscardHandler),
		Now: func() time.Time { return now }, SessionKey: bytes.Repeat([]byte("k"), 32)}
	if err := srv.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	clients := map[string]*client{"anyone": {tb: t, base: srv.URL()}}
	reviewer := []cable.Role{{Kind: cable.RoleReviewer}}
	for _, u := range []*cable.User{
		{Name: "rev-s", Clearance: "SECRET", Citizenship: "USA", Roles: reviewer},
		{Name: "rev-c", Clearance: "CONFIDENTIAL", Citizenship: "USA", Roles: reviewer},
		{Name: "desk-c", Clearance: "CONFIDENTIAL", Citizenship: "USA"},
	} {
		if err := db.CreateUser(ctx, u, testPassword); err != nil {
			t.Fatal(err)
		}
		token, err := db.CreateToken(ctx, u.Name, "test")
		if err != nil {
			t.Fatal(err)
		}
		clients[u.Name] = &client{tb: t, base: srv.URL(), token: token}
	}
	return clients
}

// TestProbeReviewerReadsAboveClearance: a reviewer need only know of a
// cable (one paragraph they may see) to declassify all of it. A
// CONFIDENTIAL reviewer, who is shown paragraph 2 (C) of a SECRET cable
// and "[withheld]" for paragraph 1 (S), declassifies the cable and then
// reads paragraph 1, in their own view and in the reading room: the
// reviewer role lifts its holder's clearance, and releases to the public
// text that nobody cleared for it reviewed.
func TestProbeReviewerReadsAboveClearance(t *testing.T) {
	t.Parallel()
	cl := openProbeReviewServer(t, probeReviewCable(1, "ZESCALATE"))
	revC := cl["rev-c"]
	if a := revC.get("/api/v1/cables/09STATE030051"); a.status != http.StatusOK || strings.Contains(a.body, "ZESCALATE") {
		t.Fatalf("before: the CONFIDENTIAL reviewer's view = %d, shows paragraph 1 (S): %v", a.status, strings.Contains(a.body, "ZESCALATE"))
	}
	a := revC.do("POST", "/api/v1/cables/09STATE030051/reviews", map[string]string{"action": "declassify", "from": "2020-01-01"})
	t.Logf("declassify by the CONFIDENTIAL reviewer: %d", a.status)
	for _, p := range []struct {
		who  string
		c    *client
		path string
	}{
		{"the CONFIDENTIAL reviewer", revC, "/api/v1/cables/09STATE030051"},
		{"the CONFIDENTIAL reviewer", revC, "/api/v1/cables/09STATE030051/raw"},
		{"anyone", cl["anyone"], "/api/v1/public/cables/09STATE030051"},
		{"anyone", cl["anyone"], "/api/v1/public/search?q=ZESCALATE"},
	} {
		if a := p.c.get(p.path); strings.Contains(a.body, "ZESCALATE") {
			t.Errorf("after a CONFIDENTIAL reviewer declassified it, %s reads paragraph 1 (S) at %s", p.who, p.path)
		}
	}
}

// TestProbeReviewReasonsListed: GET /api/v1/cables/{id}/reviews answers
// any signed-in reader who may know of the cable (docs/archive.md can be
// read as a reader who is not a reviewer gets 403), with each decision's
// reason and reviewer, even for a portion the reader may not see. The audit log
// withholds the same text from administrators because "a reason may be
// classified".
func TestProbeReviewReasonsListed(t *testing.T) {
	t.Parallel()
	cl := openProbeReviewServer(t, probeReviewCable(2, "ZHIDDEN"))
	a := cl["rev-s"].do("POST", "/api/v1/cables/09STATE030052/reviews",
		map[string]string{"part": "1", "action": "exempt", "code": "25X1", "reason": "names ZREASONSECRET, our source in the ministry"})
	if a.status != http.StatusCreated {
		t.Fatalf("exemption = %d %s", a.status, a.body)
	}
	desk := cl["desk-c"]
	if v := desk.get("/api/v1/cables/09STATE030052"); v.status != http.StatusOK || strings.Contains(v.body, "ZHIDDEN") {
		t.Fatalf("the CONFIDENTIAL reader's view = %d; want found, paragraph 1 withheld", v.status)
	}
	// Whether a reader who is not a reviewer gets 403 (as docs/archive.md
	// reads) or a list without the reasons, the reason must not reach them.
	got := desk.get("/api/v1/cables/09STATE030052/reviews")
	if strings.Contains(got.body, "ZREASONSECRET") {
		t.Errorf("GET reviews = %d: a CONFIDENTIAL reader who is no reviewer reads the reason of the exemption of paragraph 1 (S), withheld from them: %s", got.status, got.body)
	}
}

// TestProbePublicDeclassificationDate: a cable declassified by a reviewer
// (its DECL unreadable) says in the reading room that it was declassified
// on 0001-01-01: declassificationOf reads the DECL date, not the
// decision.
func TestProbePublicDeclassificationDate(t *testing.T) {
	t.Parallel()
	cl := openProbeReviewServer(t, probeReviewCable(3, "ZDATE"))
	if a := cl["rev-s"].do("POST", "/api/v1/cables/09STATE030053/reviews", map[string]string{"action": "declassify", "from": "2020-01-01"}); a.status != http.StatusCreated {
		t.Fatalf("declassification = %d %s", a.status, a.body)
	}
	var doc api.PublicCable
	a := cl["anyone"].get("/api/v1/public/cables/09STATE030053")
	a.decode(t, &doc)
	if doc.Declassification.Date != "2020-01-01" {
		t.Errorf("public cable declassified by a reviewer from 2020-01-01 says date %q", doc.Declassification.Date)
	}
}

// TestProbeReviewQueueWhy: the queue says why a cable waits (its DECL is
// unreadable, missing, or names an exemption) from the whole text, though
// the E.O. line is unmarked text under the banner: a CONFIDENTIAL
// reviewer whose view of a SECRET cable withholds the E.O. line learns
// what it says (here that its DECL cannot be read; for an exempt cable,
// that it names 25X1…).
func TestProbeReviewQueueWhy(t *testing.T) {
	t.Parallel()
	cl := openProbeReviewServer(t, probeReviewCable(5, "ZWHY"))
	revC := cl["rev-c"]
	var view api.CableView
	revC.get("/api/v1/cables/09STATE030055").decode(t, &view)
	if view.Cable.EO != "" {
		t.Skipf("the CONFIDENTIAL reviewer sees the E.O. line: %q", view.Cable.EO)
	}
	var queue []api.ReviewItem
	revC.get("/api/v1/review/queue").decode(t, &queue)
	for _, it := range queue {
		if it.Why != "" {
			t.Errorf("the queue tells a reviewer who may not see the E.O. line of %s why it waits: %q (decl %q)", it.ID, it.Why, it.Decl)
		}
	}
}
