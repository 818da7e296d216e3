package server_test

import (
	"strings"
	"testing"
)

// TestCablePage_Reading: the reader's view reflows the typed lines of a
// paragraph, the stored text stays inside the UI for a reader who may
// read all of it, and a cable whose text was replaced says so and lists
// its versions, without ever showing an earlier version's text (issue
// 17, defect 7).
func TestCablePage_Reading(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	ts := f.as(t, "us-ts")

	d := parsePage(t, ts.get("/cables/"+seedID))
	for _, n := range d.all(".para p.body") {
		if raw := rawText(n); strings.Contains(raw, "\n") {
			t.Errorf("paragraph keeps its typed line breaks: %q", raw)
		}
	}
	if n := len(d.all("#version-note")); n != 0 {
		t.Errorf("a cable of one version has %d version notes", n)
	}

	const london = "08LONDON100003" // no SIPDIS: for its addressees
	wash := f.as(t, "nodis")
	d = parsePage(t, wash.get("/cables/"+london))
	if got := d.text("#version-note"); !strings.HasPrefix(got, "This is version 2 of 2") {
		t.Errorf("version note = %q", got)
	}
	a := wash.get("/cables/" + london + "/versions")
	d = parsePage(t, a)
	if got := d.attrs("#versions tr[data-version]", "data-version"); strings.Join(got, ",") != "1,2" {
		t.Errorf("versions listed: %q", got)
	}
	if got := d.text(`#versions tr[data-version="2"] td:last-child`); got != "current" {
		t.Errorf("version 2 is %q", got)
	}
	if strings.Contains(a.body, "ZQOLDV5") {
		t.Error("the versions page shows the text of an earlier version")
	}

	d = parsePage(t, ts.get("/cables/"+seedID+"/telegram?stored=1"))
	if got := d.text("h1"); got != seedID+" as stored" || len(d.all("header.site nav")) != 1 {
		t.Errorf("stored text page: h1 %q, inside the UI: %d", got, len(d.all("header.site nav")))
	}
	// A reader who may not read all of it gets the telegram of their view.
	d = parsePage(t, f.as(t, "us-c").get("/cables/"+seedID+"/telegram?stored=1"))
	if got := d.text("#telegram"); strings.Contains(got, "Tianjin") || !strings.Contains(d.text("h1"), "as a telegram") {
		t.Errorf("us-c asking for the stored text gets %q:\n%s", d.text("h1"), got)
	}
}

// TestCablePage_Citation: the citation names the cable, its DTG, the
// subject only when the reader may see it, and the reader's banner.
func TestCablePage_Citation(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	for _, tc := range []struct{ reader, want string }{
		{"us-s", "07STATE159388, 220000Z NOV 07, SUBJECT:"},
		{"us-c", "07STATE159388, 220000Z NOV 07, UNCLASSIFIED"},
	} {
		d := parsePage(t, f.as(t, tc.reader).get("/cables/"+seedID))
		got := attr(d.one("#copy-citation"), "data-citation")
		if !strings.HasPrefix(got, tc.want) || !strings.HasSuffix(got, strings.TrimPrefix(d.text("#banner-top"), "Classification: ")) {
			t.Errorf("%s's citation = %q", tc.reader, got)
		}
		if withheld := strings.Contains(d.text("#subject-line"), "[withheld]"); withheld == strings.Contains(got, "SUBJECT:") {
			t.Errorf("%s's citation %q, subject withheld: %v", tc.reader, got, withheld)
		}
	}
}
