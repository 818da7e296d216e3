package server_test

import (
	"bytes"
	"context"

	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/server"
	"github.com/cable/cable/internal/storetest"
)

// TestAPI_LeakTruth serves the leak truth's cables (storetest's
// testdata/leaks) and asks the API and the pages, as every reader of the
// truth, what the hand-written truth says each is shown: the view's
// banner and paragraphs, the parts' words in every answer (JSON, text,
// pages, search), what a search for each word finds, and that a cable the
// reader does not find is answered exactly as one that does not exist. It
// asks nothing of package access.
func TestAPI_LeakTruth(t *testing.T) {
	t.Parallel()
	lt := storetest.MustLoadLeakTruth(t)
	srv, tokens := openTruthServer(t, lt)
	for _, u := range lt.Readers {
		t.Run(u.Name, func(t *testing.T) {
			t.Parallel()
			c := &client{tb: t, base: srv.URL(), token: tokens[u.Name]}
			found := 0
			var bodies []string
			for _, tc := range lt.Cables {
				if _, ok := tc.Found(u.Name); ok {
					found++
				}
				bodies = append(bodies, checkTruthAnswers(t, c, u, tc)...)
			}
			bodies = append(bodies, checkTruthSearch(t, c, lt, u, found)...)
			all := strings.Join(bodies, "\n")
			for _, tc := range lt.Cables {
				for _, part := range tc.Parts() {
					w := tc.Words[part]
					if seen, want := strings.Contains(all, w), tc.Sees(u.Name, part); seen != want && u.Name != "none" {
						t.Errorf("%s of %s (%s part %s) in an answer: %v; the truth says %s sees it: %v", w, tc.ID, tc.File, part, seen, u.Name, want)
					} else if seen && u.Name == "none" {
						t.Errorf("%s of %s is in an answer to a caller who is not signed in", w, tc.ID)
					}
				}
			}
		})
	}
}

// openTruthServer serves the truth's cables with a token for each of its
// readers but "none".
func openTruthServer(t *testing.T, lt *storetest.LeakTruth) (*server.Server, map[string]string) {
	t.Helper()
	db := MustOpenDB(t)
	ctx := context.Background()
	var cs []*cable.Cable
	for _, src := range lt.Sources() {
		cs = append(cs, cabletext.Parse(src))
	}
	if _, err := db.ImportCables(ctx, cs); err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{}
	for _, u := range lt.Readers[1:] {
		if u.Public {
			continue // the reading room's reader has no account
		}
		u := *u
		if err := db.CreateUser(ctx, &u, testPassword); err != nil {
			t.Fatal(err)
		}
		token, err := db.CreateToken(ctx, u.Name, "test")
		if err != nil {
			t.Fatal(err)
		}
		tokens[u.Name] = token
	}
	srv := &server.Server{Addr: "127.0.0.1:0", DB: db, Logger: slog.New(slog.DiscardHandler),
		Now: func() time.Time { return now }, SessionKey: bytes.Repeat([]byte("k"), 32),
		PublicRate: 1 << 20} // the public reader asks hundreds of questions here
	if err := srv.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, tokens
}

// checkTruthAnswers asks the cable's routes and pages about tc as reader
// u and checks what the truth says of them; it returns the bodies.
func checkTruthAnswers(t *testing.T, c *client, u *cable.User, tc *storetest.TruthCable) []string {
	t.Helper()
	sh, found := tc.Found(u.Name)
	paths := []string{"/api/v1/cables/" + tc.ID, "/api/v1/cables/" + tc.ID + "?format=text",
		"/api/v1/cables/" + tc.ID + "/raw", "/api/v1/cables/" + tc.ID + "/refs", "/api/v1/cables/" + tc.ID + "/versions",
		"/cables/" + tc.ID, "/cables/" + tc.ID + "/telegram"}
	view := "/api/v1/cables/" + tc.ID
	if u.Public { // the reading room, without credentials
		view = "/api/v1/public/cables/" + tc.ID
		paths = []string{view, view + "?format=text", "/public/cables/" + tc.ID}
	}
	var bodies []string
	for _, p := range paths {
		a := c.get(p)
		bodies = append(bodies, a.body)
		if !found {
			absent := c.get(strings.Replace(p, tc.ID, absentID, 1))
			if a.status != absent.status || a.body != strings.ReplaceAll(absent.body, absentID, tc.ID) {
				t.Errorf("GET %s = %d, want %d and the body as for a cable that does not exist", p, a.status, absent.status)
			}
			continue
		}
		switch {
		case strings.HasSuffix(p, "/raw"):
			if want := readsAllOf(u, tc, sh); (a.status == http.StatusOK) != want {
				t.Errorf("GET %s = %d; raw text allowed: %v (a US reader shown every part)", p, a.status, want)
			}
		case a.status != http.StatusOK:
			t.Errorf("GET %s = %d %q, want 200", p, a.status, a.body)
		case p == view:
			checkTruthView(t, tc, u.Name, sh, a)
		}
	}
	return bodies
}

// readsAllOf reports whether u may read the raw text of tc: a US reader
// shown every part of it (a foreign reader is given release copies, never
// the raw text with its US handling lines).
func readsAllOf(u *cable.User, tc *storetest.TruthCable, sh storetest.Shown) bool {
	if u.Citizenship != "USA" {
		return false
	}
	for _, part := range tc.Parts() {
		if !tc.Sees(u.Name, part) {
			return false
		}
	}
	return sh.Subject && sh.Unmarked
}

// checkTruthView compares the JSON view's banner, subject and paragraphs
// with the truth.
func checkTruthView(t *testing.T, tc *storetest.TruthCable, reader string, sh storetest.Shown, a answer) {
	t.Helper()
	var doc api.CableView
	a.decode(t, &doc)
	v := doc.View
	if v.Banner != sh.Banner || v.SubjectShown != sh.Subject || !slices.Equal(v.Shown, sh.Paragraphs) {
		t.Errorf("view of %s (%s) for %s: banner %q, subject %v, paragraphs %v; the truth says %q, %v, %v",
			tc.ID, tc.File, reader, v.Banner, v.SubjectShown, v.Shown, sh.Banner, sh.Subject, sh.Paragraphs)
	}
	var listed []int
	for _, p := range doc.Cable.Paragraphs {
		if !strings.HasPrefix(p.Text, "[withheld") {
			listed = append(listed, p.Number)
		}
	}
	if !slices.Equal(listed, sh.Paragraphs) {
		t.Errorf("view of %s for %s lists paragraphs %v with text; the truth says %v", tc.ID, reader, listed, sh.Paragraphs)
	}
}

// checkTruthSearch searches for every word of every cable of the truth,
// and lists everything; it returns the bodies.
func checkTruthSearch(t *testing.T, c *client, lt *storetest.LeakTruth, u *cable.User, found int) []string {
	t.Helper()
	reader, search, searchPage := u.Name, "/api/v1/search", "/search"
	if u.Public {
		search, searchPage = "/api/v1/public/search", "/public"
	}
	var bodies []string
	all := c.get(search + "?facets=1&limit=100")
	bodies = append(bodies, all.body)
	if reader != "none" {
		var res api.SearchResult
		all.decode(t, &res)
		if res.Total != found {
			t.Errorf("list all counts %d cables; the truth says %s finds %d", res.Total, reader, found)
		}
	}
	for _, tc := range lt.Cables {
		for _, part := range tc.Parts() {
			w, want := tc.Words[part], tc.Sees(reader, part)
			q := "q=" + url.QueryEscape(w) + "&snippets=1"
			if part == "tag" {
				q = "tag=" + w
			}
			a := c.get(search + "?facets=1&" + q)
			page := c.get(searchPage + "?" + q)
			if reader == "none" {
				// Answers to a caller who is not signed in echo only
				// their own query (the login page's next=).
				if a.status != http.StatusUnauthorized || page.status != http.StatusOK || strings.Contains(page.body, "data-hit") {
					t.Errorf("search %s not signed in: %d, page %d", q, a.status, page.status)
				}
				continue
			}
			// The answers echo the query: its word is judged by the hits
			// below, every other word by the caller.
			bodies = append(bodies, strings.ReplaceAll(a.body, w, ""), strings.ReplaceAll(page.body, w, ""))
			var res api.SearchResult
			a.decode(t, &res)
			got := len(res.Hits) == 1 && res.Hits[0].ID == tc.ID
			if got != want || res.Total != len(res.Hits) || res.Total > 1 {
				t.Errorf("search %s finds %d (%v); the truth says %s sees %s part %s: %v", q, res.Total, got, reader, tc.File, part, want)
			}
		}
	}
	return bodies
}
