package server_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/cable/cable/internal/cable"
)

// mustReportAlerts plays the report traffic, then raises what the
// insider-threat report counts: on 27 November the T clearer, on a
// budget of one read an hour, reads the demarche, then twice the tasking
// cable, refused (one alert); on 28 November the T clearer and the PRC
// liaison officer page through too many search hits (an alert each).
func mustReportAlerts(t *testing.T, f *webFixture) {
	t.Helper()
	mustReportTraffic(t, f)
	ctx := context.Background()
	as := func(name string) context.Context {
		u, err := f.tr.FindUserByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return cable.NewContextWithUser(ctx, u)
	}
	acts, err := f.tr.FindActions(as("admin"), cable.ActionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	tasking := ""
	for _, a := range acts {
		if a.Owner == "AMEMBASSY PARIS" {
			tasking = a.CableID
		}
	}
	clearer := as("t-clearer")
	for i, id := range []string{"07STATE159388", tasking, tasking} {
		m := &cable.ReadMeter{Limit: cable.ReadBudget{Hour: 1, Day: 10}}
		_, err := f.tr.FindCableByID(cable.NewContextWithMeter(clearer, m), id)
		var spent *cable.BudgetSpent
		if refused := errors.As(err, &spent); refused != (i > 0) {
			t.Fatalf("read %d of %s: %v; want the first allowed, the others refused", i, id, err)
		}
	}
	f.at(11, 28, 10, 0)
	for _, name := range []string{"t-clearer", "chn-liaison"} {
		if a, err := f.tr.CountSearchHits(as(name), 2000, 1000); err != nil || a == nil {
			t.Fatalf("%s pages 2,000 hits: alert %v, %v", name, a, err)
		}
	}
}

// TestPages_ReportsAlerts: a security officer's reports page counts the
// alerts and refused reads a day, in a chart whose bars say what the
// table says, and the users most alerted about; a reader's page has none
// of it, not even hidden.
func TestPages_ReportsAlerts(t *testing.T) {
	t.Parallel()
	f := MustOpenWeb(t)
	mustReportAlerts(t, f)
	admin := newBrowser(t, f.srv.URL()).login("admin", testPassword)
	d := mustStatus(t, "reports", admin.get("/reports"), http.StatusOK)
	if got := d.texts("#alert-count"); len(got) != 0 {
		t.Errorf("the navigation's count of new saved-search matches = %q, want none (the administrator saved no search)", got)
	}

	var days [][3]string
	for _, row := range d.all("#alerts-table tr[data-day]") {
		day := attr(row, "data-day")
		cells := cellsOf(row)
		days = append(days, [3]string{day, cells["Alerts"], cells["Refused"]})
	}
	want := [][3]string{{"2007-11-27", "1", "2"}, {"2007-11-28", "2", "0"}, {"total", "3", "2"}}
	if diff := cmp.Diff(want, days); diff != "" {
		t.Errorf("alerts table (-want +got):\n%s", diff)
	}
	sums := map[string]int{}
	for _, title := range d.texts("#alerts-chart rect title") {
		// "2007-11-27: 2 refused reads"
		f := strings.Fields(title)
		k, _ := strconv.Atoi(f[1])
		sums[strings.Join(f[2:], " ")] += k
	}
	if sums["alerts"] != 3 || sums["refused reads"] != 2 {
		t.Errorf("the chart's bars count %v, want 3 alerts and 2 refused reads", sums)
	}
	var users []string
	for _, row := range d.all("#alerted-table tbody tr") {
		users = append(users, attr(row, "data-user")+"="+cellsOf(row)["Alerts"])
	}
	if diff := cmp.Diff([]string{"t-clearer=2", "chn-liaison=1"}, users); diff != "" {
		t.Errorf("most alerted users (-want +got):\n%s", diff)
	}
	if n := len(d.all("#alerted-chart rect")); n != 2 {
		t.Errorf("most alerted chart has %d bars, want 2", n)
	}

	for _, name := range []string{"beijing-duty", "t-clearer"} {
		a := newBrowser(t, f.srv.URL()).login(name, testPassword).get("/reports")
		mustStatus(t, "reports as "+name, a, http.StatusOK)
		for _, leak := range []string{"alerts-report", "Alerts and refused reads", "Refused reads", "alerted-table", "chn-liaison"} {
			if strings.Contains(a.body, leak) {
				t.Errorf("%s's reports page holds %q", name, leak)
			}
		}
	}
}

// cellsOf returns the texts of a table row's cells by their data-label.
func cellsOf(row *html.Node) map[string]string {
	out := map[string]string{}
	for c := row.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "td" {
			out[attr(c, "data-label")] = nodeText(c)
		}
	}
	return out
}

// TestPages_ReportsRange: the reports' range form counts the days asked
// for and keeps them; a bad day or range is a message beside its field,
// the form kept as typed, nothing counted, and status 400; only
// administrators have the form.
func TestPages_ReportsRange(t *testing.T) {
	t.Parallel()
	f := MustOpenWeb(t)
	mustReportAlerts(t, f)
	admin := newBrowser(t, f.srv.URL()).login("admin", testPassword)
	immediate := `#sos-table tr[data-precedence="IMMEDIATE"] td[data-label="Delivered"]`

	d := mustStatus(t, "reports of the default range", admin.get("/reports"), http.StatusOK)
	if got := d.attrs("#range-form input", "value"); !cmp.Equal(got, []string{"2007-10-29", "2007-11-28"}) {
		t.Errorf("default range = %q, want the 30 days to today", got)
	}
	if got := d.text(immediate); got == "0" || got == "" {
		t.Errorf("IMMEDIATE delivered over the default range = %q, want the scenario's", got)
	}

	d = mustStatus(t, "reports of 28 November", admin.get("/reports?since=2007-11-28&until=2007-11-28"), http.StatusOK)
	if got := d.attrs("#range-form input", "value"); !cmp.Equal(got, []string{"2007-11-28", "2007-11-28"}) {
		t.Errorf("range kept = %q", got)
	}
	if got := d.text(immediate); got != "0" {
		t.Errorf("IMMEDIATE delivered on 28 November = %q, want 0 (the scenario's were sent before)", got)
	}
	if got := d.attrs("#alerts-table tr[data-day]", "data-day"); !cmp.Equal(got, []string{"2007-11-28", "total"}) {
		t.Errorf("alert days of 28 November = %q", got)
	}
	if got := d.text(`#alerts-table tr[data-day="total"] td[data-label="Refused"]`); got != "0" {
		t.Errorf("refused reads on 28 November = %q, want 0 (they were on the 27th)", got)
	}

	for _, c := range []struct {
		query, field, kept, says string
	}{
		{"since=2007-13-45&until=2007-11-28", "since", "2007-13-45", "is not a day"},
		{"since=2007-11-20&until=yesterday", "until", "yesterday", "is not a day"},
		{"since=2007-11-28&until=2007-11-01", "until", "2007-11-01", "before the first"},
		{"since=2005-01-01&until=2007-11-01", "until", "2007-11-01", "At most a year"},
	} {
		d := mustStatus(t, c.query, admin.get("/reports?"+c.query), http.StatusBadRequest)
		in := d.one("#f-" + c.field)
		if in == nil || attr(in, "value") != c.kept || attr(in, "aria-invalid") != "true" || attr(in, "aria-describedby") != "err-"+c.field {
			t.Errorf("%s: field %s = %v, want %q kept, invalid, described by its error", c.query, c.field, in, c.kept)
		}
		if got := d.text("#err-" + c.field); !strings.Contains(got, c.says) {
			t.Errorf("%s: error beside %s = %q, want %q", c.query, c.field, got, c.says)
		}
		if len(d.all("#speed")) != 0 || len(d.all("#alerts-report")) != 0 || len(d.all("#tasking")) != 1 {
			t.Errorf("%s: counted a bad range, or lost tasking", c.query)
		}
	}

	duty := newBrowser(t, f.srv.URL()).login("beijing-duty", testPassword)
	d = mustStatus(t, "reports as a reader, with a bad day", duty.get("/reports?since=bad"), http.StatusOK)
	if len(d.all("#range-form")) != 0 {
		t.Errorf("a reader has the administrators' range form")
	}
}
