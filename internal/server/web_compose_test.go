package server_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestPages_ComposeFields: the compose page ties each problem to its
// field (aria-invalid, aria-describedby, the message beside it), finds an
// addressee the directory lacks while the drafter types, warns of an
// action already past due, words a refused save for the page and not the
// command line, cites the executive order in force, and carries the page
// banner of what the form holds (issue 17, defects 4 and 6).
func TestPages_ComposeFields(t *testing.T) {
	t.Parallel()
	f := MustOpenWeb(t)
	b := newBrowser(t, f.srv.URL()).login("isn-drafter", testPassword)
	form, _ := url.ParseQuery(benchComposeForm())
	form.Set("addr_plad", "AMEMBASSY NARNIA")
	form.Set("act_owner", "AMEMBASSY NARNIA")
	form.Set("act_text", "Deliver the demarche")
	form.Set("act_due", "2007-11-01") // the clock is in late November
	d := parsePage(t, b.post("/compose/check", form))
	if got := d.texts(`#findings li[data-anchor="addr-0-plad"]`); len(got) != 1 || !strings.Contains(got[0], "unknown addressee AMEMBASSY NARNIA") {
		t.Errorf("live findings of the unknown addressee = %q", got)
	}
	if got := d.texts(`#findings li.warning[data-anchor="act-0-due"]`); len(got) != 1 || !strings.Contains(got[0], "already past") {
		t.Errorf("past due warning = %q", got)
	}
	eo := url.Values{}
	for k, v := range form {
		eo[k] = v
	}
	eo.Set("eo", "13526")
	if got := parsePage(t, b.post("/compose/check", eo)); len(got.all(`#findings li[data-field="E.O."]`)) != 0 || !strings.Contains(got.text("#preview"), "E.O. 13526: DECL: 12/31/2032") {
		t.Errorf("E.O. 13526 line: findings %q, preview %q", got.texts("#findings li"), got.text("#preview"))
	}
	for _, li := range d.texts("#findings li") {
		if strings.Contains(li, "cable directory") || strings.Contains(li, "--") {
			t.Errorf("finding speaks to the command line: %q", li)
		}
	}

	// Saved, the draft shows the finding beside the addressee.
	form.Set("op", "save")
	d = mustStatus(t, "save", b.post("/drafts", form), http.StatusOK)
	field := d.one("#addr-0-plad")
	if attr(field, "aria-invalid") != "true" || attr(field, "aria-describedby") != "err-addr-0-plad" {
		t.Errorf("addressee field: aria-invalid %q, aria-describedby %q", attr(field, "aria-invalid"), attr(field, "aria-describedby"))
	}
	if got := d.text("#err-addr-0-plad"); !strings.Contains(got, "AMEMBASSY NARNIA") {
		t.Errorf("message beside the addressee = %q", got)
	}
	for _, id := range []string{"#banner-top", "#banner-bottom"} {
		if got := d.text(id); got != "Classification: SECRET//NOFORN" {
			t.Errorf("draft page %s = %q, want the roll-up SECRET//NOFORN", id, got)
		}
	}

	// A save refused for a clearing office the directory lacks: the
	// error is beside the field, in the page's words.
	form.Set("clearers", "EAP, NARNIA")
	d = mustStatus(t, "refused save", b.post("/drafts", form), http.StatusBadRequest)
	if got := d.text("#save-error"); strings.Contains(got, "cable directory") || !strings.Contains(got, "NARNIA") {
		t.Errorf("save error = %q", got)
	}
	if got := attr(d.one("#f-clearers"), "aria-describedby"); got != "err-f-clearers" {
		t.Errorf("clearing offices field described by %q", got)
	}
	if got := d.text("#err-f-clearers"); !strings.Contains(got, "NARNIA") {
		t.Errorf("message beside the clearing offices = %q", got)
	}

	// The addressee fields suggest the directory's posts.
	d = parsePage(t, b.get("/compose"))
	if got := d.attrs("#directory option", "value"); !slices.Contains(got, "AMEMBASSY BEIJING") {
		t.Errorf("addressee suggestions = %q", got)
	}
	if got := attr(d.one("#addr-0-plad"), "list"); got != "directory" {
		t.Errorf("addressee field list = %q", got)
	}

	for _, tc := range []struct {
		name string
		now  time.Time
		want string
	}{
		{"2007: E.O. 12958", time.Date(2007, 11, 21, 0, 0, 0, 0, time.UTC), "12958"},
		{"2010: E.O. 13526", time.Date(2010, 1, 4, 0, 0, 0, 0, time.UTC), "13526"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f.clock.Set(tc.now)
			b := newBrowser(t, f.srv.URL()).login("isn-drafter", testPassword)
			d := parsePage(t, b.get("/compose"))
			if got := formValues(d, "#compose").Get("eo"); got != tc.want {
				t.Errorf("default executive order = %q, want %q", got, tc.want)
			}
		})
	}
}
