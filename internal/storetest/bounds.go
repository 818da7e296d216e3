package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
)

// testSearchBounds checks that a store refuses a query past the parser's
// bounds as Invalid (so 400, never 500: a NUL byte once reached SQLite),
// and that a search whose deadline has passed stops with the deadline's
// error instead of finishing: the server maps it to 503, and the search
// must not go on holding the database for a caller who has been answered.
func testSearchBounds(t *testing.T, s Store) {
	MustImport(t, s, Seed(t))
	us := as("SECRET", "USA")
	refused := []struct{ name, text, want string }{
		{"terms", strings.TrimSpace(strings.Repeat("slug ", cable.MaxQueryTerms+1)), "65 terms"},
		{"bytes", strings.Repeat("s", cable.MaxQueryBytes+1), "1001 bytes"},
		{"depth", strings.Repeat("(", cable.MaxQueryDepth+1) + "slug" + strings.Repeat(")", cable.MaxQueryDepth+1), "16 deep"},
		{"NUL", "slug\x00", "U+0000"},
		{"not UTF-8", "slug \xff", "not UTF-8"},
	}
	for _, tt := range refused {
		for _, sugg := range []bool{false, true} {
			_, err := s.Search(us, cable.SearchQuery{Text: tt.text, Suggestions: sugg})
			if cable.KindOf(err) != cable.Invalid || !strings.Contains(cable.MessageOf(err), tt.want) {
				t.Errorf("%s: Search (suggestions %v) error = %v, want Invalid saying %q", tt.name, sugg, err, tt.want)
			}
		}
	}
	queries := []struct {
		name string
		q    cable.SearchQuery
	}{
		{"words", cable.SearchQuery{Text: "slug OR Hezbollah"}},
		{"no words", cable.SearchQuery{Tags: []string{"PARM"}}},
		{"by relevance", cable.SearchQuery{Text: "slug", Sort: "relevance"}},
		{"suggestions, facets, snippets", cable.SearchQuery{Text: "slgu", Suggestions: true, Facets: true, Snippets: true}},
	}
	for _, tt := range queries {
		ctx, cancel := context.WithDeadline(us, time.Now().Add(-time.Second))
		res, err := s.Search(ctx, tt.q)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: Search past its deadline = %v, %v, want the deadline's error", tt.name, res, err)
		}
	}
}

// testUserNames checks that a store refuses a user name that differs from
// another only in case, in any script, with a Conflict that names the
// other user; refuses a name with a bidirectional control as Invalid; and
// still updates a user.
func testUserNames(t *testing.T, s Store) {
	ctx := as("SECRET", "USA")
	for _, name := range []string{"admin", "élodie"} {
		if err := s.CreateUser(ctx, &cable.User{Name: name, Clearance: "SECRET", Citizenship: "USA"}, "long enough"); err != nil {
			t.Fatalf("CreateUser(%s): %v", name, err)
		}
	}
	tests := []struct {
		name string
		kind cable.Kind
		want string // the error's message
	}{
		{"admin", cable.Conflict, "user admin already exists"},
		{"Admin", cable.Conflict, "user name Admin is taken: user admin exists, and names must differ in more than case"},
		{"ADMIN", cable.Conflict, "user name ADMIN is taken: user admin exists, and names must differ in more than case"},
		{"ÉLODIE", cable.Conflict, "user name ÉLODIE is taken: user élodie exists, and names must differ in more than case"},
		{"admin\u202e", cable.Invalid, `user name "admin\u202e": bidirectional control U+202E at column 6: want a name that shows as it is stored`},
		{" admin", cable.Invalid, `user name " admin": ' ' at column 1: want a name without spaces, ':' or '/'`},
	}
	for _, tt := range tests {
		err := s.CreateUser(ctx, &cable.User{Name: tt.name, Clearance: "SECRET", Citizenship: "USA"}, "long enough")
		if cable.KindOf(err) != tt.kind || cable.MessageOf(err) != tt.want {
			t.Errorf("CreateUser(%q) error = %v (%v), want %v %q", tt.name, err, cable.KindOf(err), tt.kind, tt.want)
		}
	}
	if _, err := s.Authenticate(ctx, "Admin", "long enough"); cable.KindOf(err) != cable.Unauthenticated {
		t.Errorf("Authenticate(Admin) = %v, want Unauthenticated: names are looked up as written", err)
	}
	for _, name := range []string{"admins", "adm1n"} {
		if err := s.CreateUser(ctx, &cable.User{Name: name, Clearance: "SECRET", Citizenship: "USA"}, "long enough"); err != nil {
			t.Errorf("CreateUser(%s) beside admin: %v", name, err)
		}
	}
	clr := "CONFIDENTIAL"
	if u, err := s.UpdateUser(ctx, "admin", cable.UserUpdate{Clearance: &clr}); err != nil || u.Clearance != clr {
		t.Errorf("UpdateUser(admin) = %v, %v", u, err)
	}
}
