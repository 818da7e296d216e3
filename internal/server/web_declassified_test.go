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

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/server"
)

// TestCablePage_Declassified: a declassified cable's page says beside its
// banner since when, by its DECL or by a reviewer's decision, and a search
// for the NOFORN caption no longer finds it while one for SIPDIS does
// (issue 17, defect 4).
func TestCablePage_Declassified(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	ctx := context.Background()
	var cs []*cable.Cable
	for _, f := range []string{"02.txt", "08.txt", "12.txt"} {
		cs = append(cs, cabletext.Parse(mustReadTruthCable(t, f)))
	}
	if _, err := db.ImportCables(ctx, cs); err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{}
	for _, u := range []*cable.User{
		{Name: "rev", Clearance: "SECRET", Citizenship: "USA", Roles: []cable.Role{{Kind: cable.RoleReviewer}}},
		{Name: "desk", Clearance: "SECRET", Citizenship: "USA"},
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
	rev := &client{tb: t, base: srv.URL(), token: tokens["rev"]}
	// 12.txt's DECL names 25X1: only a reviewer's decision declassifies it.
	if a := rev.do("POST", "/api/v1/cables/08STATE200012/reviews", map[string]string{"action": "declassify", "from": "2020-03-04"}); a.status != http.StatusCreated {
		t.Fatalf("declassification = %d %s", a.status, a.body)
	}
	desk := newBrowser(t, srv.URL()).login("desk", testPassword)
	for _, tc := range []struct {
		name, id, banner, note string
	}{
		{"by its DECL", "08STATE200008", "UNCLASSIFIED", "Declassified on 2010-01-01"},
		{"by a reviewer", "08STATE200012", "UNCLASSIFIED", "Declassified on 2020-03-04"},
		{"not declassified", "08STATE200002", "CONFIDENTIAL//NOFORN", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := parsePage(t, desk.get("/cables/"+tc.id))
			if got := d.text("#banner-top .banner"); !strings.HasSuffix(got, tc.banner) {
				t.Errorf("banner = %q, want %q", got, tc.banner)
			}
			var note string
			if ns := d.texts("#declassified-note"); len(ns) > 0 {
				note = ns[0]
			}
			if tc.note == "" && note != "" || !strings.HasPrefix(note, tc.note) {
				t.Errorf("note = %q, want it to begin %q", note, tc.note)
			}
		})
	}
	for _, tc := range []struct {
		caption string
		want    []string
	}{
		{"NOFORN", []string{"08STATE200002"}},
		{"SIPDIS", []string{"08STATE200012", "08STATE200008", "08STATE200002"}},
	} {
		t.Run("caption="+tc.caption, func(t *testing.T) {
			d := parsePage(t, desk.get("/search?caption="+tc.caption))
			if got := d.attrs(".results li", "data-cable"); !slices.Equal(got, tc.want) {
				t.Errorf("caption=%s finds %q, want %q", tc.caption, got, tc.want)
			}
		})
	}
}
