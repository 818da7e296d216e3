package server_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic/scenario"
)

// mustReportTraffic plays the seed scenario (the demarche asks Beijing to
// act, Beijing's reply answers), then releases a cable asking Paris and
// Rome to act by 25 November 2007 and moves the clock past it: one post
// answered, two overdue.
func mustReportTraffic(t *testing.T, f *webFixture) {
	t.Helper()
	ctx := context.Background()
	deliver := func(ctx context.Context, rel *cable.Release) error {
		admin, err := f.tr.FindUserByName(ctx, "admin")
		if err != nil {
			return err
		}
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			ds, err := f.tr.FindDeliveries(cable.NewContextWithUser(ctx, admin), rel.CableID)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(ds, func(d *cable.Delivery) bool { return d.State != cable.DeliveryDelivered }) {
				return nil
			}
		}
		t.Fatalf("%s not delivered in 10s", rel.CableID)
		return nil
	}
	if _, err := scenario.Play(ctx, scenario.Config{Services: f.tr, SetTime: f.clock.Set, Deliver: deliver, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	isn, err := f.tr.FindUserByName(ctx, "isn-drafter")
	if err != nil {
		t.Fatal(err)
	}
	as := cable.NewContextWithUser(ctx, isn)
	d := &cable.Draft{Origin: "ISN", Text: "UNCLAS\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL, KNNP\nSUBJECT: ZQREP0 TASKING TEST\n\n" +
		"1. (U) ZQREP1 Please report the host government's response by November 25, 2007.\n\nRICE\n",
		Addressees: []cable.Addressee{{PLAD: "AMEMBASSY PARIS", Role: cable.RoleTo, Precedence: cable.Priority},
			{PLAD: "AMEMBASSY ROME", Role: cable.RoleTo, Precedence: cable.Priority}}}
	if err := f.tr.CreateDraft(as, d); err != nil {
		t.Fatal(err)
	}
	rel, err := f.tr.ReleaseDraft(as, d.ID)
	if err != nil || len(rel.Actions) != 2 {
		t.Fatalf("release = %+v, %v; want two actions", rel, err)
	}
	if err := deliver(ctx, rel); err != nil {
		t.Fatal(err)
	}
	f.at(11, 27, 9, 0)
}

// TestPages_Reports: the reports page draws speed of service, a chart a
// precedence whose bars count what its table says, and tasking with the
// posts that have overdue requests on top, above the open requests
// overdue first; speed of service is for administrators only.
func TestPages_Reports(t *testing.T) {
	t.Parallel()
	f := MustOpenWeb(t)
	mustReportTraffic(t, f)
	admin := newBrowser(t, f.srv.URL()).login("admin", testPassword)
	d := mustStatus(t, "reports", admin.get("/reports"), http.StatusOK)

	for _, p := range cable.Precedences {
		id := "#sos-" + strings.ToLower(strings.ReplaceAll(p.String(), " ", "-"))
		if n := len(d.all(id + " svg rect")); n != 6 {
			t.Errorf("%s: %d bars, want 6", id, n)
		}
		if n := len(d.all(id + " svg line.objective")); n != 1 {
			t.Errorf("%s: %d objective lines, want 1", id, n)
		}
		// The bars count what the table says was delivered.
		sum := 0
		for _, title := range d.texts(id + " svg rect title") {
			k, _ := strconv.Atoi(strings.Fields(title)[0])
			sum += k
		}
		if got := d.text(`#sos-table tr[data-precedence="` + p.String() + `"] td[data-label="Delivered"]`); got != strconv.Itoa(sum) {
			t.Errorf("%s: table says %s delivered, the bars count %d", p, got, sum)
		}
	}
	if got := d.text(`#sos-table tr[data-precedence="IMMEDIATE"] td[data-label="Delivered"]`); got == "0" {
		t.Errorf("no IMMEDIATE copy measured: the scenario's demarche and reply are IMMEDIATE")
	}

	owners := d.attrs("#tasking-table tbody tr", "data-owner")
	want := []string{"AMEMBASSY PARIS", "AMEMBASSY ROME", "AMEMBASSY BEIJING"}
	if !slices.Equal(owners, want) {
		t.Errorf("tasking rows = %q, want %q (overdue on top)", owners, want)
	}
	if got := d.text(`#tasking-table tr[data-owner="AMEMBASSY BEIJING"] td[data-label="Answered on time"]`) +
		d.text(`#tasking-table tr[data-owner="AMEMBASSY BEIJING"] td[data-label="Answered late"]`); got != "10" && got != "01" {
		t.Errorf("Beijing's answered request: on time+late = %q", got)
	}
	if n := len(d.all("#tasking-chart rect")); n != 3 {
		t.Errorf("tasking chart has %d bars, want 3 (Paris and Rome overdue, Beijing answered)", n)
	}
	if got := d.attrs("#open-actions tr[data-state]", "data-state"); len(got) < 2 || got[0] != "overdue" || got[1] != "overdue" {
		t.Errorf("open requests' states = %q, want the overdue first", got)
	}
	for _, id := range []string{"#banner-top", "#banner-bottom"} {
		if len(d.all(id)) != 1 {
			t.Errorf("reports page has no %s", id)
		}
	}

	// Speed of service counts copies of cables others may not know of:
	// administrators only.
	duty := newBrowser(t, f.srv.URL()).login("beijing-duty", testPassword)
	d = mustStatus(t, "reports as Beijing's duty officer", duty.get("/reports"), http.StatusOK)
	if len(d.all("#speed")) != 0 || len(d.all("#tasking-table")) != 1 {
		t.Errorf("a non-administrator's reports: speed shown %v, tasking shown %v", len(d.all("#speed")) != 0, len(d.all("#tasking-table")) == 1)
	}
}

// TestBrowser_Reports: the reports page, charts and tables, passes the
// accessibility check and fits at desktop and phone widths.
func TestBrowser_Reports(t *testing.T) {
	mustChromium(t)
	f := MustOpenWeb(t)
	mustReportAlerts(t, f)
	c := MustStartChrome(t, f.srv.URL())
	admin := c.as("admin")
	for _, width := range []int64{1280, 390} {
		admin.do(chromedp.EmulateViewport(width, 844))
		admin.open("/reports")
		admin.checkA11y()
		if w := eval[float64](admin, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 1 {
			t.Errorf("/reports is %vpx wider than %dpx", w, width)
		}
		if n := eval[float64](admin, `document.querySelectorAll("svg[role=img] > title").length`); n != 8 {
			t.Errorf("at %dpx: %v titled charts, want 8 (five precedences, alerts a day and a user, tasking)", width, n)
		}
		admin.open("/reports?since=2007-11-28&until=2007-11-01")
		admin.checkA11y()
		if w := eval[float64](admin, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 1 {
			t.Errorf("/reports with a bad range is %vpx wider than %dpx", w, width)
		}
	}
}

// TestPages_InboxActionsManySites: the inbox of a user serving a thousand
// sites lists the open action requests of each of them, the overdue
// first, from the one query ActionFilter.Sites makes.
func TestPages_InboxActionsManySites(t *testing.T) {
	t.Parallel()
	f := MustOpenWeb(t)
	mustReportTraffic(t, f)
	u := &cable.User{Name: "many-sites", Clearance: "SECRET", Citizenship: "USA"}
	for i := 1; i <= 998; i++ {
		u.Posts = append(u.Posts, "AMCONSUL TEST "+strconv.Itoa(i))
	}
	u.Posts = append(u.Posts, "amembassy rome", "AMEMBASSY PARIS")
	if err := f.tr.CreateUser(context.Background(), u, testPassword); err != nil {
		t.Fatal(err)
	}
	d := parsePage(t, newBrowser(t, f.srv.URL()).login("many-sites", testPassword).get("/"))
	var got []string
	for _, row := range d.all("#actions tbody tr") {
		got = append(got, nodeText(row))
	}
	if len(got) != 2 || !strings.Contains(got[0], "AMEMBASSY PARIS") && !strings.Contains(got[0], "AMEMBASSY ROME") ||
		!strings.Contains(got[0], "overdue") || !strings.Contains(got[1], "overdue") {
		t.Errorf("open actions of a user of 1,000 sites = %q, want Paris's and Rome's, overdue", got)
	}
}
