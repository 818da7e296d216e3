package server_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/server"
	"github.com/cable/cable/internal/storetest"
)

// TestPublicRoom checks what the reading room says of a declassified
// cable beyond what the leak truth judges: how it was declassified, its
// original markings struck through on the page, and that a signed-in
// caller reads the room as anyone does, not as themselves.
func TestPublicRoom(t *testing.T) {
	t.Parallel()
	lt := storetest.MustLoadLeakTruth(t)
	srv, tokens := openTruthServer(t, lt)
	anyone := &client{tb: t, base: srv.URL()}
	cleared := &client{tb: t, base: srv.URL(), token: tokens["us-ts-london-nodis"]}

	var doc api.PublicCable
	a := anyone.get("/api/v1/public/cables/08STATE200008")
	a.decode(t, &doc)
	want := api.Declassification{Date: "2010-01-01", Authority: "E.O. 12958", OriginalBanner: "SECRET//NOFORN"}
	if diff := cmp.Diff(want, doc.Declassification); a.status != http.StatusOK || diff != "" {
		t.Errorf("GET public cable = %d, declassification (-want +got):\n%s", a.status, diff)
	}
	page := anyone.get("/public/cables/08STATE200008")
	for _, s := range []string{"Declassified on 2010-01-01 under E.O. 12958", "<del>SECRET//NOFORN</del>",
		`<del class="mark">(S//NF)</del>`, `<del class="mark">(C//REL TO USA, FVEY)</del>`} {
		if !strings.Contains(page.body, s) {
			t.Errorf("public page of 08STATE200008 lacks %q", s)
		}
	}
	// A signed-in reader who may see more of a cable still gets, in the
	// room, what anyone gets: the room's URLs mean one thing.
	for _, p := range []string{"/api/v1/public/cables/08STATE200008", "/api/v1/public/search?q=Paragraph&facets=1", "/public?q=Paragraph"} {
		if a, b := anyone.get(p), cleared.get(p); a.status != b.status || a.body != b.body {
			t.Errorf("GET %s: signed in %d, not %d; the answers differ", p, b.status, a.status)
		}
	}
	// A cable not yet declassified is not found, as one that is absent.
	if a, b := anyone.get("/public/cables/08STATE200003"), anyone.get("/public/cables/"+absentID); a.status != http.StatusNotFound ||
		a.body != strings.ReplaceAll(b.body, absentID, "08STATE200003") {
		t.Errorf("GET /public/cables of a classified cable = %d, want 404 as for an absent one", a.status)
	}
}

// TestPublicRoom_RateLimit checks that one client address may make
// PublicRate requests to the room a minute, and is then refused with 429
// and Retry-After until its allowance refills, while signed-in routes
// are not limited by it.
func TestPublicRoom_RateLimit(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	c := cabletext.ParseString(string(mustReadTruthCable(t, "08.txt")))
	if _, err := db.ImportCables(context.Background(), []*cable.Cable{c}); err != nil {
		t.Fatal(err)
	}
	clock := now
	srv := &server.Server{Addr: "127.0.0.1:0", DB: db, Logger: slog.New(slog.DiscardHandler),
		Now: func() time.Time { return clock }, SessionKey: bytes.Repeat([]byte("k"), 32), PublicRate: 3}
	if err := srv.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	anyone := &client{tb: t, base: srv.URL()}
	var got []int
	for range 4 {
		got = append(got, anyone.get("/api/v1/public/cables/08STATE200008").status)
	}
	last := anyone.get("/public?q=Paragraph")
	got = append(got, last.status)
	want := []int{200, 200, 200, 429, 429}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("statuses (-want +got):\n%s", diff)
	}
	if ra := last.header.Get("Retry-After"); ra != "21" {
		t.Errorf("Retry-After = %q, want 21 (a request every 20 seconds)", ra)
	}
	clock = clock.Add(20 * time.Second)
	if a := anyone.get("/api/v1/public/search?q=Paragraph"); a.status != http.StatusOK {
		t.Errorf("after 20 s: %d, want 200", a.status)
	}
}

// mustReadTruthCable reads a cable of the leak truth's fixtures.
func mustReadTruthCable(t *testing.T, file string) []byte {
	t.Helper()
	for _, tc := range storetest.MustLoadLeakTruth(t).Cables {
		if tc.File == file {
			return tc.Src
		}
	}
	t.Fatalf("no cable %s in the leak truth", file)
	return nil
}
