package server_test

import (
	"net/http"
	"testing"

	"github.com/cable/cable/internal/api"
)

func TestDirectory(t *testing.T) {
	t.Parallel()
	f := MustOpenTrafficAPI(t)

	t.Run("List", func(t *testing.T) {
		isn := f.as(t, "isn")
		var sites []api.Site
		isn.get("/api/v1/directory?kind=office&parent=SECSTATE+WASHDC&q=isn").expect(t, "GET directory", http.StatusOK, &sites)
		if len(sites) != 1 || sites[0].PLAD != "ISN" || sites[0].Kind != "office" || sites[0].Station != "STATE" {
			t.Errorf("GET directory = %+v, want ISN only", sites)
		}
		isn.get("/api/v1/directory?kind=embassy").expect(t, "GET directory?kind=embassy", http.StatusBadRequest, nil)
	})
	t.Run("View", func(t *testing.T) {
		isn := f.as(t, "isn")
		for path, want := range map[string]string{
			"AMEMBASSY%20BEIJING": "AMEMBASSY BEIJING",
			"RUEHBJ":              "AMEMBASSY BEIJING", // a routing indicator names its post
			"S%2FES":              "S/ES",              // an escaped slash is part of the name
		} {
			var site api.Site
			isn.get("/api/v1/directory/"+path).expect(t, "GET "+path, http.StatusOK, &site)
			if site.PLAD != want {
				t.Errorf("GET %s = %+v, want %s", path, site, want)
			}
		}
		isn.get("/api/v1/directory/NOWHERE").expect(t, "GET NOWHERE", http.StatusNotFound, nil)
	})
	t.Run("Create", func(t *testing.T) {
		admin, isn := f.as(t, "admin"), f.as(t, "isn")
		req := api.Site{PLAD: "amconsul testville", Kind: "post", RI: "RUEHTV", Country: "USA", Name: "Consulate Testville"}
		isn.do("POST", "/api/v1/directory", req).expect(t, "POST by a non-admin", http.StatusForbidden, nil)
		var site api.Site
		admin.do("POST", "/api/v1/directory", req).expect(t, "POST", http.StatusCreated, &site)
		if site.PLAD != "AMCONSUL TESTVILLE" || site.Station != "TESTVILLE" || site.UpdatedAt == "" {
			t.Errorf("POST = %+v, want AMCONSUL TESTVILLE with station TESTVILLE", site)
		}
		admin.do("POST", "/api/v1/directory", req).expect(t, "POST again", http.StatusConflict, nil)
		admin.do("POST", "/api/v1/directory", api.Site{PLAD: "X", Kind: "post", RI: "BAD"}).
			expect(t, "POST with a bad RI", http.StatusBadRequest, nil)
	})
	t.Run("Update", func(t *testing.T) {
		admin, isn := f.as(t, "admin"), f.as(t, "isn")
		name := "Bureau of Nonproliferation"
		isn.do("PATCH", "/api/v1/directory/ISN", api.SiteUpdate{Name: &name}).expect(t, "PATCH by a non-admin", http.StatusForbidden, nil)
		var site api.Site
		admin.do("PATCH", "/api/v1/directory/ISN", api.SiteUpdate{Name: &name}).expect(t, "PATCH", http.StatusOK, &site)
		if site.Name != name || site.Parent != "SECSTATE WASHDC" {
			t.Errorf("PATCH = %+v, want the new name and the rest as it was", site)
		}
		admin.do("PATCH", "/api/v1/directory/NOWHERE", api.SiteUpdate{Name: &name}).expect(t, "PATCH NOWHERE", http.StatusNotFound, nil)
	})
	t.Run("Serial", func(t *testing.T) {
		admin, isn := f.as(t, "admin"), f.as(t, "isn")
		last := 41
		admin.do("PUT", "/api/v1/directory/ISN/serials/2007", api.SerialSet{Last: &last}).
			expect(t, "PUT serial of an office", http.StatusBadRequest, nil)
		admin.do("PUT", "/api/v1/directory/AMEMBASSY%20LONDON/serials/MMVII", api.SerialSet{Last: &last}).
			expect(t, "PUT serial of year MMVII", http.StatusBadRequest, nil)
		admin.do("PUT", "/api/v1/directory/AMEMBASSY%20LONDON/serials/2007", map[string]any{}).
			expect(t, "PUT serial without last", http.StatusBadRequest, nil)
		isn.do("PUT", "/api/v1/directory/AMEMBASSY%20LONDON/serials/2007", api.SerialSet{Last: &last}).
			expect(t, "PUT serial by a non-admin", http.StatusForbidden, nil)
	})
}
