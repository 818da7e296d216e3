package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cable/cable/internal/api"
)

func TestUsers(t *testing.T) {
	t.Parallel()
	f := MustOpenFixture(t, "admin", "us-s")
	admin := f.as(t, "admin")

	t.Run("Create", func(t *testing.T) {
		a := admin.do("POST", "/api/v1/users", api.UserCreate{
			Name: "drafter", Clearance: "secret", Citizenship: "US", Posts: []string{"ISN"},
			ReadIns: []string{"nodis"}, Roles: []string{"drafter:ISN"}, Password: testPassword,
		})
		if a.status != http.StatusCreated {
			t.Fatalf("create = %d %s", a.status, a.body)
		}
		var u api.User
		a.decode(t, &u)
		want := api.User{Name: "drafter", Clearance: "SECRET", Citizenship: "USA", Posts: []string{"ISN"},
			ReadIns: []string{"NODIS"}, Roles: []string{"drafter:ISN"}}
		if diff := cmp.Diff(want, u, cmpopts.IgnoreFields(api.User{}, "CreatedAt")); diff != "" {
			t.Errorf("created user (-want +got):\n%s", diff)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		tests := []struct {
			body api.UserCreate
			want string
		}{
			{api.UserCreate{Name: "x", Clearance: "HIGH", Citizenship: "USA", Password: testPassword},
				`user x: clearance "HIGH": want UNCLASSIFIED, CONFIDENTIAL, SECRET or TOP SECRET`},
			{api.UserCreate{Name: "x", Clearance: "SECRET", Citizenship: "ZZZ", Password: testPassword},
				`user x: citizenship "ZZZ": want an ISO 3166 country code such as USA or GBR`},
			{api.UserCreate{Name: "x", Clearance: "SECRET", Citizenship: "USA", Roles: []string{"boss"}, Password: testPassword},
				`role "boss": want KIND:POST, e.g. drafter:ISN`},
			{api.UserCreate{Name: "x", Clearance: "SECRET", Citizenship: "USA", Password: "short"},
				`user x: password must have at least 8 characters`},
			{api.UserCreate{Name: "us-s\u2067", Clearance: "SECRET", Citizenship: "USA", Password: testPassword},
				`user name "us-s\u2067": bidirectional control U+2067 at column 5: want a name that shows as it is stored`},
			{api.UserCreate{Name: "us-s ", Clearance: "SECRET", Citizenship: "USA", Password: testPassword},
				`user name "us-s ": ' ' at column 5: want a name without spaces, ':' or '/'`},
		}
		for _, tt := range tests {
			a := admin.do("POST", "/api/v1/users", tt.body)
			if a.status != http.StatusBadRequest || a.body != errorBody(tt.want) {
				t.Errorf("create %+v = %d %q, want 400 %q", tt.body, a.status, a.body, tt.want)
			}
		}
	})
	t.Run("ErrConflict", func(t *testing.T) {
		a := admin.do("POST", "/api/v1/users", api.UserCreate{Name: "us-s", Clearance: "SECRET", Citizenship: "USA", Password: testPassword})
		if a.status != http.StatusConflict || a.body != errorBody("user us-s already exists") {
			t.Errorf("create a second us-s = %d %q, want 409", a.status, a.body)
		}
		a = admin.do("POST", "/api/v1/users", api.UserCreate{Name: "US-S", Clearance: "SECRET", Citizenship: "USA", Password: testPassword})
		want := "user name US-S is taken: user us-s exists, and names must differ in more than case"
		if a.status != http.StatusConflict || a.body != errorBody(want) {
			t.Errorf("create US-S beside us-s = %d %q, want 409 %q", a.status, a.body, want)
		}
	})
	t.Run("Update", func(t *testing.T) {
		cl := "CONFIDENTIAL"
		a := admin.do("PATCH", "/api/v1/users/us-s", api.UserUpdate{Clearance: &cl})
		var u api.User
		a.decode(t, &u)
		if a.status != http.StatusOK || u.Clearance != "CONFIDENTIAL" {
			t.Fatalf("update = %d %s", a.status, a.body)
		}
		// The change applies to the user's next request.
		var view api.CableView
		f.as(t, "us-s").get("/api/v1/cables/"+seedID).decode(t, &view)
		if view.View.Banner != "UNCLASSIFIED" {
			t.Errorf("after the clearance change, the view's banner is %q, want UNCLASSIFIED", view.View.Banner)
		}
		if a := admin.do("PATCH", "/api/v1/users/nobody", api.UserUpdate{Clearance: &cl}); a.status != http.StatusNotFound {
			t.Errorf("update nobody = %d %q, want 404", a.status, a.body)
		}
	})
	t.Run("List", func(t *testing.T) {
		var us []api.User
		admin.get("/api/v1/users").decode(t, &us)
		var names []string
		for _, u := range us {
			names = append(names, u.Name)
		}
		if diff := cmp.Diff([]string{"admin", "drafter", "us-s"}, names); diff != "" {
			t.Errorf("users (-want +got):\n%s", diff)
		}
	})
	t.Run("Token", func(t *testing.T) {
		var tok api.Token
		// Separation of duties: an administrator mints no token for another.
		if a := admin.do("POST", "/api/v1/users/drafter/tokens", api.TokenRequest{Label: "laptop"}); a.status != http.StatusForbidden {
			t.Errorf("admin mints drafter's token = %d %s, want 403", a.status, a.body)
		}
		resp, err := http.Post(f.srv.URL()+"/api/v1/login", "application/json",
			strings.NewReader(`{"name":"drafter","password":"`+testPassword+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		drafter := &client{tb: t, base: f.srv.URL(), cookie: resp.Cookies()[0]}
		a := drafter.do("POST", "/api/v1/me/tokens", api.TokenRequest{Label: "laptop"})
		a.decode(t, &tok)
		if a.status != http.StatusCreated || tok.Token == "" || tok.Name != "drafter" || tok.Label != "laptop" {
			t.Fatalf("token = %d %s", a.status, a.body)
		}
		var me api.User
		(&client{tb: t, base: f.srv.URL(), token: tok.Token}).get("/api/v1/me").decode(t, &me)
		if me.Name != "drafter" {
			t.Errorf("me with the new token = %+v", me)
		}
		a = f.as(t, "us-s").do("POST", "/api/v1/me/tokens", nil)
		a.decode(t, &tok)
		if a.status != http.StatusCreated || tok.Name != "us-s" {
			t.Errorf("my token = %d %s", a.status, a.body)
		}
	})
}
