package server_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestPages_Login(t *testing.T) {
	t.Parallel()
	f := MustOpenWeb(t)
	b := newBrowser(t, f.srv.URL())
	b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	a := b.get("/cables/07STATE159388?x=1")
	if a.status != http.StatusSeeOther || a.header.Get("Location") != "/login?next=%2Fcables%2F07STATE159388%3Fx%3D1" {
		t.Errorf("signed-out page = %d to %q, want 303 to the login page", a.status, a.header.Get("Location"))
	}
	b.c.CheckRedirect = nil
	d := parsePage(t, b.get("/login"))
	for _, id := range []string{"name", "password"} {
		if n := len(d.all(`label[for="` + id + `"]`)); n != 1 {
			t.Errorf("login field %s has %d labels", id, n)
		}
	}
	a = b.post("/login", url.Values{"name": {"isn-drafter"}, "password": {"wrong"}})
	if a.status != http.StatusUnauthorized || !strings.Contains(parsePage(t, a).text(".alert"), "do not match") {
		t.Errorf("wrong password: %d", a.status)
	}
	a = b.post("/login", url.Values{"name": {"isn-drafter"}, "password": {testPassword}, "next": {"//evil.example/"}})
	if got := a.header.Get("X-Final-URL"); got != "/" {
		t.Errorf("login with a foreign next went to %s, want /", got)
	}
	a = b.post("/logout", nil)
	if d := parsePage(t, a); a.header.Get("X-Final-URL") != "/login?done=logged-out" || d.text(".flash") != "You have logged out." {
		t.Errorf("logout went to %s", a.header.Get("X-Final-URL"))
	}
}

func TestPages_Errors(t *testing.T) {
	t.Parallel()
	f := MustOpenWeb(t)
	b := newBrowser(t, f.srv.URL()).login("isn-drafter", testPassword)
	tests := []struct {
		path   string
		status int
		msg    string
	}{
		{"/no/such/page", http.StatusNotFound, "There is no page at /no/such/page."},
		{"/cables/99STATE1", http.StatusNotFound, "cable 99STATE1 not found"},
		{"/drafts/42", http.StatusNotFound, "draft 42 not found"},
		{"/admin", http.StatusForbidden, "only administrators may do this"},
	}
	for _, tt := range tests {
		a := b.get(tt.path)
		if a.status != tt.status {
			t.Errorf("GET %s = %d, want %d", tt.path, a.status, tt.status)
			continue
		}
		if got := parsePage(t, a).text("#error-message"); got != tt.msg {
			t.Errorf("GET %s says %q, want %q", tt.path, got, tt.msg)
		}
	}
	a := b.get("/static/cable.css")
	if a.status != http.StatusOK || !strings.HasPrefix(a.header.Get("Content-Type"), "text/css") {
		t.Errorf("style sheet: %d %s", a.status, a.header.Get("Content-Type"))
	}
}

func TestPages_ComposeCheck(t *testing.T) {
	t.Parallel()
	f := MustOpenWeb(t)
	b := newBrowser(t, f.srv.URL()).login("isn-drafter", testPassword)
	form, _ := url.ParseQuery(benchComposeForm())
	d := parsePage(t, b.post("/compose/check", form))
	if got := d.text("#check-rollup"); got != "SECRET//NOFORN" {
		t.Errorf("roll-up = %q", got)
	}
	if got := d.text("#check-banner"); got != "SECRET" {
		t.Errorf("banner = %q", got)
	}
	if got := d.texts("#findings li"); len(got) != 1 || !strings.HasPrefix(got[0], "1:1classification: banner SECRET must be SECRET//NOFORN") {
		t.Errorf("findings = %q", got)
	}
	if got := d.attrs(`#findings a`, "href"); !slices.Equal(got, []string{"#f-class"}) {
		t.Errorf("finding links = %q, want the classification field", got)
	}
	preview := d.text("#preview")
	for _, want := range []string{"FM RUEHC/SECSTATE WASHDC", "TO RUEHBJ/AMEMBASSY BEIJING IMMEDIATE 0000", "1S E C R E T", "5. (S//NF) We are particularly"} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %q:\n%s", want, preview)
		}
	}
	form.Set("captions", "NOFORN SIPDIS")
	form.Set("subject", "<script>alert(1)</script>")
	a := b.post("/compose/check", form)
	if d := parsePage(t, a); len(d.all("#all-clear")) != 1 || d.text("#check-banner") != "SECRET//NOFORN" {
		t.Errorf("after NOFORN: banner %q, findings %q", d.text("#check-banner"), d.texts("#findings li"))
	}
	if strings.Contains(a.body, "<script>alert") {
		t.Error("the preview does not escape the subject")
	}
}

func TestPages_Admin(t *testing.T) {
	t.Parallel()
	f := MustOpenWeb(t)
	b := newBrowser(t, f.srv.URL()).login("admin", testPassword)
	d := parsePage(t, b.get("/admin"))
	for _, sel := range []string{"#u-name", "#u-password", "#u-clearance", "#u-roles", "#s-plad"} {
		if n := len(d.all(`label[for="` + sel[1:] + `"]`)); n != 1 {
			t.Errorf("%s has %d labels", sel, n)
		}
	}
	a := b.post("/admin/users", url.Values{"name": {"gbr-liaison"}, "password": {testPassword}, "clearance": {"SECRET"},
		"citizenship": {"GBR"}, "posts": {"AMEMBASSY LONDON\n"}, "roles": {"bogus"}})
	if a.status != http.StatusBadRequest || !strings.Contains(parsePage(t, a).text(".alert"), "KIND:POST") {
		t.Errorf("bad role: %d", a.status)
	}
	a = b.post("/admin/users", url.Values{"name": {"gbr-liaison"}, "password": {testPassword}, "clearance": {"SECRET"},
		"citizenship": {"GBR"}, "posts": {"AMEMBASSY LONDON\n"}, "roles": {"drafter:AMEMBASSY LONDON"}})
	d = mustStatus(t, "add user", a, http.StatusOK)
	if !slices.Contains(d.texts("td a"), "gbr-liaison") {
		t.Errorf("new user not listed")
	}
	a = b.post("/admin/users/gbr-liaison", url.Values{"clearance": {"CONFIDENTIAL"}, "citizenship": {"GBR"}, "posts": {"AMEMBASSY LONDON"}})
	d = mustStatus(t, "save user", a, http.StatusOK)
	if got := selectedOption(d.one("#u-clearance")); got != "CONFIDENTIAL" {
		t.Errorf("clearance after saving = %q", got)
	}
	newBrowser(t, f.srv.URL()).login("gbr-liaison", testPassword)
}

// TestPages_ArchiveOnly serves a store without traffic: the archive pages
// work, the traffic pages say they are not enabled.
func TestPages_ArchiveOnly(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	c := f.as(t, "us-s")
	if a := c.get("/"); a.status != http.StatusOK || !strings.Contains(parsePage(t, a).text("h1"), "Search") {
		t.Errorf("front page of an archive = %d %q, want the search page", a.status, a.body[:min(len(a.body), 80)])
	}
	d := parsePage(t, c.get("/search"))
	// Saved searches are the archive's, not traffic's.
	if got := d.texts("header nav a"); !slices.Equal(got, []string{"Search", "Saved"}) {
		t.Errorf("navigation = %q, want Search and Saved only", got)
	}
	if a := c.get("/compose"); a.status != http.StatusServiceUnavailable {
		t.Errorf("compose on an archive = %d, want 503", a.status)
	}
}

// TestPages_SaveUnchanged saves a draft's form as it was loaded: nothing
// changed, so the clearance given holds.
func TestPages_SaveUnchanged(t *testing.T) {
	t.Parallel()
	f := MustOpenWeb(t)
	isn := newBrowser(t, f.srv.URL()).login("isn-drafter", testPassword)
	form, _ := url.ParseQuery(benchComposeForm())
	form.Set("captions", "NOFORN SIPDIS")
	form.Set("clearers", "EAP")
	form.Set("slug", "ISN, T")
	form["act_owner"], form["act_due"], form["act_text"] = []string{"AMEMBASSY BEIJING"}, []string{"2007-11-23"}, []string{"Report delivery"}
	form.Set("op", "save")
	mustStatus(t, "create", isn.post("/drafts", form), http.StatusOK)
	eap := newBrowser(t, f.srv.URL()).login("eap-clearer", testPassword)
	mustStatus(t, "clear", eap.post("/drafts/1/clear", url.Values{"office": {"EAP"}}), http.StatusOK)
	again := formValues(parsePage(t, isn.get("/drafts/1")), "#compose")
	if again.Get("act_due") != "2007-11-23" || again.Get("slug") != "ISN, T" {
		t.Errorf("form read back: due %q, slug %q", again.Get("act_due"), again.Get("slug"))
	}
	again.Set("op", "save")
	d := mustStatus(t, "save unchanged", isn.post("/drafts/1", again), http.StatusOK)
	if got := d.text(`tr[data-office="EAP"] .clearance-state`); !strings.HasPrefix(got, "cleared by eap-clearer") {
		t.Errorf("EAP's clearance after saving an unchanged form: %q", got)
	}
}
