package server_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/server"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/traffic/scenario"
)

// The traffic API is tested on a traffic store with a delivery dispatcher
// running and a clock the test moves through the seed scenario's 2007
// (package scenario), so that the demarche is released at the seed's own
// DTG as 07STATE159388.

// trafficClock is a clock a test sets.
type trafficClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *trafficClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *trafficClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// trafficUsers are the people of the traffic API tests: the seed's offices
// and post with their roles, and two outsiders, a US reader at another
// post and a Chinese national at the embassy, both cleared SECRET.
func trafficUsers() []*cable.User {
	role := func(k cable.RoleKind, post string) cable.Role { return cable.Role{Kind: k, Post: post} }
	us := func(name string, posts []string, roles ...cable.Role) *cable.User {
		return &cable.User{Name: name, Clearance: "SECRET", Citizenship: "USA", Posts: posts, Roles: roles}
	}
	admin := us("admin", []string{"S/ES-O"})
	admin.Admin = true
	chn := us("chn", []string{"AMEMBASSY BEIJING"})
	chn.Citizenship = "CHN"
	return []*cable.User{
		admin,
		us("isn", []string{"ISN"}, role(cable.RoleDrafter, "ISN"), role(cable.RoleReleaser, "ISN")),
		us("eap", []string{"EAP"}, role(cable.RoleClearer, "EAP")),
		us("t", []string{"T"}, role(cable.RoleClearer, "T")),
		us("beijing-duty", []string{"AMEMBASSY BEIJING"}, role(cable.RoleDutyOfficer, "AMEMBASSY BEIJING")),
		us("beijing-pol", []string{"AMEMBASSY BEIJING"}, role(cable.RoleDrafter, "AMEMBASSY BEIJING"),
			role(cable.RoleReleaser, "AMEMBASSY BEIJING")),
		us("london", []string{"AMEMBASSY LONDON"}),
		chn,
	}
}

// trafficAPI is a server on a traffic store, with its clock and the
// tokens of trafficUsers.
type trafficAPI struct {
	srv    *server.Server
	clock  *trafficClock
	tokens map[string]string
}

// trafficStore is a store that serves traffic: SQLite's or PostgreSQL's.
type trafficStore interface {
	server.DB
	cable.TrafficService
	delivery.Store
}

// MustOpenTrafficAPI serves an empty SQLite traffic store (but for its
// seeded directory) to trafficUsers, delivering what is released, until
// the test ends.
func MustOpenTrafficAPI(tb testing.TB) *trafficAPI {
	tb.Helper()
	return mustOpenTrafficAPIOn(tb, func(now func() time.Time) trafficStore {
		db := sqlite.NewDB(filepath.Join(tb.TempDir(), sqlite.FileName))
		db.PasswordIterations = 1000 // tests need no work factor
		db.Logger = slog.New(slog.DiscardHandler)
		if err := db.Open(); err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { db.Close() })
		db.Now = now
		return sqlite.NewTraffic(db)
	})
}

// mustOpenTrafficAPIOn is MustOpenTrafficAPI on the store that open
// returns, reading the time from now.
func mustOpenTrafficAPIOn(tb testing.TB, open func(now func() time.Time) trafficStore) *trafficAPI {
	tb.Helper()
	clock := &trafficClock{t: scenario.Start}
	tr := open(clock.Now)
	f := &trafficAPI{clock: clock, tokens: map[string]string{}}
	for _, u := range trafficUsers() {
		f.tokens[u.Name] = MustCreateUser(tb, tr, u)
	}
	d := &delivery.Dispatcher{Store: tr, Now: clock.Now, Logger: slog.New(slog.DiscardHandler), PollInterval: 10 * time.Millisecond}
	if err := d.Start(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(d.Stop) // before the DB closes: cleanups run last first
	f.srv = &server.Server{Addr: "127.0.0.1:0", DB: tr, Logger: slog.New(slog.DiscardHandler), Now: clock.Now,
		SessionKey: bytes.Repeat([]byte("t"), 32)}
	if err := f.srv.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.srv.Close() })
	return f
}

// as returns a client that calls as the named user.
func (f *trafficAPI) as(tb testing.TB, name string) *client {
	return &client{tb: tb, base: f.srv.URL(), token: f.tokens[name]}
}

// expect checks an answer's status and decodes its body into v (unless v is
// nil), failing the test otherwise.
func (a answer) expect(tb testing.TB, what string, status int, v any) {
	tb.Helper()
	if a.status != status {
		tb.Fatalf("%s = %d %s, want %d", what, a.status, a.body, status)
	}
	if v != nil {
		a.decode(tb, v)
	}
}

// waitDelivered waits until every copy of cable id is delivered, asking as
// a member of its origin.
func waitDelivered(tb testing.TB, c *client, id string) []api.Delivery {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var ds []api.Delivery
		c.get("/api/v1/cables/"+id+"/deliveries").expect(tb, "GET deliveries of "+id, http.StatusOK, &ds)
		done := len(ds) > 0
		for _, d := range ds {
			done = done && d.State == "delivered"
		}
		if done {
			return ds
		}
		if time.Now().After(deadline) {
			tb.Fatalf("copies of %s not delivered: %+v", id, ds)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// seedDraftText is the seed's telegram text as ISN drafts it, from
// internal/cabletext/testdata/seed.txt: from the classification line on,
// without the station and serial that release assigns.
func seedDraftText(tb testing.TB) string {
	body := MustReadCable(tb, "../cabletext/testdata/seed.txt").Source.Body
	text := strings.Replace(body, "S E C R E T STATE 159388", "S E C R E T", 1)
	if text == body {
		tb.Fatal("seed.txt: no classification line S E C R E T STATE 159388")
	}
	return text
}

const (
	demarcheID = "07STATE159388"
	replyID    = "07BEIJING7214"
	bannerWhy  = "banner SECRET must be SECRET//NOFORN because of paragraphs 3, 4 and 5"
)

// TestTrafficAPI_Seed plays the seed's traffic through the API: ISN
// drafts the demarche, EAP and T clear it, release is refused for its
// banner, ISN fixes it, the offices clear again, it is released and
// delivered, Beijing finds it first in its inbox and acknowledges it,
// replies citing it, the action closes and ISN, T and EAP get the reply.
func TestTrafficAPI_Seed(t *testing.T) {
	t.Parallel()
	testTrafficAPISeed(t, MustOpenTrafficAPI(t))
}

func testTrafficAPISeed(t *testing.T, f *trafficAPI) {
	for plad, last := range scenario.Serials {
		var got api.Serial
		f.as(t, "admin").do("PUT", "/api/v1/directory/"+url.PathEscape(plad)+"/serials/2007", api.SerialSet{Last: &last}).
			expect(t, "PUT serial of "+plad, http.StatusOK, &got)
		if want := (api.Serial{PLAD: plad, Year: 2007, Last: last}); got != want {
			t.Errorf("PUT serial = %+v, want %+v", got, want)
		}
	}
	demarche := draftDemarche(t, f)
	releaseDemarche(t, f, demarche)
	reply := replyToDemarche(t, f)
	checkOutsiders(t, f, demarche, reply)
	checkActions(t, f)
	checkHistory(t, f, demarche)
}

// draftDemarche drafts the demarche, has it cleared, refused and fixed,
// and cleared again, and returns the draft's id.
func draftDemarche(t *testing.T, f *trafficAPI) int64 {
	t.Helper()
	isn := f.as(t, "isn")
	var d api.Draft
	isn.do("POST", "/api/v1/drafts", api.DraftCreate{Origin: "ISN", Text: seedDraftText(t),
		Addressees: []api.Addressee{{PLAD: "AMEMBASSY BEIJING", Role: "to", Precedence: "IMMEDIATE"}},
		Clearances: []string{"EAP", "T"}}).expect(t, "POST draft", http.StatusCreated, &d)
	if d.State != "drafting" || d.Drafter != "isn" || d.Version != 1 || len(d.Clearances) != 2 {
		t.Errorf("new draft = %+v, want version 1 drafting by isn, to be cleared by EAP and T", d)
	}
	draft := fmt.Sprintf("/api/v1/drafts/%d", d.ID)
	clear := func(user, office string) api.Draft {
		t.Helper()
		var got api.Draft
		f.as(t, user).do("POST", draft+"/clearances", api.ClearRequest{Office: office}).expect(t, user+" clears", http.StatusOK, &got)
		return got
	}
	f.clock.Set(scenario.Start.Add(40 * time.Minute))
	clear("eap", "EAP")
	if got := clear("t", "T"); got.State != "cleared" {
		t.Errorf("state after both clearances = %s, want cleared", got.State)
	}

	// Release is refused: the seed's banner is below its roll-up.
	f.clock.Set(scenario.Start.Add(70 * time.Minute))
	var refused api.ReleaseRefused
	isn.do("POST", draft+"/release", nil).expect(t, "first release", http.StatusBadRequest, &refused)
	if want := (api.ReleaseRefused{Error: "release refused: " + bannerWhy, Reasons: []string{bannerWhy}}); !cmp.Equal(want, refused) {
		t.Errorf("refusal (-want +got):\n%s", cmp.Diff(want, refused))
	}

	// ISN adds the NOFORN caption, which voids the clearances; a clearer
	// may not edit; the offices clear again.
	f.clock.Set(scenario.Start.Add(90 * time.Minute))
	var full api.DraftHistory
	isn.get(draft).expect(t, "GET draft", http.StatusOK, &full)
	fixed := scenario.FixBanner(full.Text)
	if fixed == full.Text {
		t.Fatalf("FixBanner changed nothing in the draft's text:\n%s", full.Text)
	}
	f.as(t, "eap").do("PATCH", draft, api.DraftUpdate{Text: &fixed}).expect(t, "PATCH by a clearer", http.StatusForbidden, nil)
	isn.do("PATCH", draft, api.DraftUpdate{Text: &fixed}).expect(t, "PATCH draft", http.StatusOK, &d)
	if d.Version != 2 || d.State != "drafting" || d.Clearances[0].Cleared || d.Clearances[1].Cleared {
		t.Errorf("edited draft = %+v, want version 2 drafting with its clearances void", d)
	}
	var pending []api.Draft
	f.as(t, "t").get("/api/v1/drafts?pending=1").expect(t, "GET pending drafts", http.StatusOK, &pending)
	if len(pending) != 1 || pending[0].ID != d.ID {
		t.Errorf("T's pending drafts = %+v, want draft %d", pending, d.ID)
	}
	f.clock.Set(scenario.Start.Add(120 * time.Minute))
	clear("eap", "EAP")
	clear("t", "T")
	return d.ID
}

// releaseDemarche releases the demarche; Beijing finds it at the top of
// its inbox and acknowledges it.
func releaseDemarche(t *testing.T, f *trafficAPI, id int64) {
	t.Helper()
	f.clock.Set(time.Date(2007, 11, 22, 0, 0, 0, 0, time.UTC))
	a := f.as(t, "isn").do("POST", fmt.Sprintf("/api/v1/drafts/%d/release", id), nil)
	var rel api.Release
	a.expect(t, "release", http.StatusCreated, &rel)
	if rel.CableID != demarcheID || rel.DTG != "220000Z NOV 07" || a.header.Get("Location") != "/api/v1/cables/"+demarcheID {
		t.Errorf("release = %s %s at %q, want %s 220000Z NOV 07", rel.CableID, rel.DTG, a.header.Get("Location"), demarcheID)
	}
	if len(rel.Actions) != 1 || rel.Actions[0].Owner != "AMEMBASSY BEIJING" || rel.Actions[0].Due != "2007-11-23" {
		t.Errorf("release actions = %+v, want Beijing's, due 2007-11-23", rel.Actions)
	}
	waitDelivered(t, f.as(t, "isn"), demarcheID)
	f.clock.Set(time.Date(2007, 11, 22, 0, 12, 0, 0, time.UTC))
	duty := f.as(t, "beijing-duty")
	var box []api.InboxItem
	duty.get("/api/v1/inbox").expect(t, "GET Beijing inbox", http.StatusOK, &box)
	if len(box) == 0 || box[0].CableID != demarcheID || box[0].Precedence != "IMMEDIATE" || box[0].Classification != "SECRET//NOFORN" ||
		!strings.HasPrefix(box[0].Subject, "DEMARCHE ON IMPENDING") || box[0].Read {
		t.Fatalf("top of Beijing's inbox = %+v, want the unread demarche", box)
	}
	f.clock.Set(time.Date(2007, 11, 22, 0, 20, 0, 0, time.UTC))
	var acked []api.Delivery
	duty.do("POST", "/api/v1/inbox/"+demarcheID+"/ack", nil).expect(t, "ack", http.StatusOK, &acked)
	if len(acked) != 1 || acked[0].AckedBy != "beijing-duty" || acked[0].Site != "AMEMBASSY BEIJING" {
		t.Errorf("acknowledged = %+v, want Beijing's copy, by beijing-duty", acked)
	}
	duty.get("/api/v1/inbox?unread=1").expect(t, "GET unread", http.StatusOK, &box)
	if len(box) != 0 {
		t.Errorf("unread after the acknowledgement = %+v, want none", box)
	}
}

// replyToDemarche has Beijing reply citing the demarche, which closes its
// action and slugs the reply to ISN, T and EAP; it returns the reply's
// draft id.
func replyToDemarche(t *testing.T, f *trafficAPI) int64 {
	t.Helper()
	f.clock.Set(time.Date(2007, 11, 23, 2, 0, 0, 0, time.UTC))
	pol := f.as(t, "beijing-pol")
	var reply api.Draft
	pol.do("POST", "/api/v1/drafts", api.DraftCreate{Origin: "AMEMBASSY BEIJING", Text: scenario.ReplyText,
		Addressees: []api.Addressee{{PLAD: "SECSTATE WASHDC", Precedence: "IMMEDIATE"}}}).expect(t, "POST reply", http.StatusCreated, &reply)
	f.clock.Set(time.Date(2007, 11, 23, 7, 0, 0, 0, time.UTC))
	var rel api.Release
	pol.do("POST", fmt.Sprintf("/api/v1/drafts/%d/release", reply.ID), nil).expect(t, "release reply", http.StatusCreated, &rel)
	if rel.CableID != replyID || len(rel.Answered) != 1 || rel.Answered[0].CableID != demarcheID {
		t.Fatalf("reply = %s answering %+v, want %s answering the demarche's action", rel.CableID, rel.Answered, replyID)
	}
	var sites []string
	for _, c := range waitDelivered(t, pol, replyID) {
		sites = append(sites, c.Site+" "+c.Role)
	}
	if want := []string{"SECSTATE WASHDC to", "ISN slug", "T slug", "EAP slug"}; !cmp.Equal(want, sites) {
		t.Errorf("reply copies (-want +got):\n%s", cmp.Diff(want, sites))
	}
	f.clock.Set(time.Date(2007, 11, 23, 7, 30, 0, 0, time.UTC))
	for user, office := range map[string]string{"isn": "ISN", "t": "T", "eap": "EAP"} {
		var box []api.InboxItem
		f.as(t, user).get("/api/v1/inbox").expect(t, "GET inbox of "+user, http.StatusOK, &box)
		if len(box) == 0 || box[0].CableID != replyID || box[0].Site != office || box[0].Role != "slug" {
			t.Errorf("top of %s's inbox = %+v, want the reply slugged for %s", user, box, office)
		}
	}
	return reply.ID
}

// checkOutsiders checks what the London reader and the Chinese national
// at the embassy learn of the two drafts and of the reply, which was not
// sent to them: nothing they may not see, and every refusal worded as for
// what does not exist. (The Chinese national may know of the demarche,
// parts of which are REL TO CHINA, and it reached their post: their inbox
// lists it without its subject and banner. TestTrafficAPI_NoForn sends
// their post a cable they may not know of.)
func checkOutsiders(t *testing.T, f *trafficAPI, drafts ...int64) {
	t.Helper()
	for _, user := range []string{"london", "chn"} {
		c := f.as(t, user)
		t.Run(user, func(t *testing.T) {
			c.tb = t
			for _, id := range drafts {
				checkDraftNotFound(t, c, id)
			}
			var ds []api.Draft
			c.get("/api/v1/drafts").expect(t, "GET drafts", http.StatusOK, &ds)
			if len(ds) != 0 {
				t.Errorf("GET drafts = %+v, want none", ds)
			}
			c.do("POST", "/api/v1/drafts", api.DraftCreate{Origin: "ISN", Text: "UNCLAS\n\n1. (U) Test.\n"}).
				expect(t, "POST draft by a non-drafter", http.StatusForbidden, nil)
			for _, site := range []string{"AMEMBASSY BEIJING", "ISN", "SECSTATE WASHDC"} {
				if user == "chn" && site == "AMEMBASSY BEIJING" {
					continue // their own post
				}
				c.get("/api/v1/inbox?site="+url.QueryEscape(site)).expect(t, "GET inbox of "+site, http.StatusBadRequest, nil)
			}
			var box []api.InboxItem
			c.get("/api/v1/inbox").expect(t, "GET inbox", http.StatusOK, &box)
			for _, it := range box {
				if it.CableID != demarcheID || user != "chn" || it.Subject != "" || it.Classification != "" {
					t.Errorf("inbox holds %+v, want nothing but the demarche, for chn, without subject or banner", it)
				}
			}
			checkCableNotFound(t, c, "POST", "/api/v1/inbox/%s/ack", replyID,
				"no copy of %s was delivered to your posts and offices")
			checkCableNotFound(t, c, "POST", "/api/v1/inbox/%s/read", replyID,
				"no copy of %s was delivered to your posts and offices")
		})
	}
	// The London reader knows of both cables, but is of neither's origin:
	// following their copies is for the origin's members.
	for _, id := range []string{demarcheID, replyID} {
		f.as(t, "london").get("/api/v1/cables/"+id+"/deliveries").expect(t, "london GET deliveries of "+id, http.StatusForbidden, nil)
	}
}

// checkDraftNotFound checks that every draft route answers c about draft
// id exactly as about a draft that does not exist.
func checkDraftNotFound(t *testing.T, c *client, id int64) {
	t.Helper()
	for _, rq := range []struct {
		method, path string
		body         any
	}{
		{"GET", "", nil},
		{"PATCH", "", api.DraftUpdate{Slug: &[]string{"ISN"}}},
		{"POST", "/clearances", api.ClearRequest{Office: "EAP"}},
		{"POST", "/release", nil},
	} {
		p := fmt.Sprintf("/api/v1/drafts/%d%s", id, rq.path)
		a, missing := c.do(rq.method, p, rq.body), c.do(rq.method, "/api/v1/drafts/999999"+rq.path, rq.body)
		want := errorBody(fmt.Sprintf("draft %d not found", id))
		if a.status != http.StatusNotFound || a.body != want || missing.body != errorBody("draft 999999 not found") {
			t.Errorf("%s %s = %d %q (missing draft: %q), want 404 %q", rq.method, p, a.status, a.body, missing.body, want)
		}
	}
}

// checkCableNotFound checks that c is answered about cable id (the %s of
// pathf) 404 msgf, exactly as about a cable that does not exist.
func checkCableNotFound(t *testing.T, c *client, method, pathf, id, msgf string) {
	t.Helper()
	const absent = "07STATE999999"
	a, missing := c.do(method, fmt.Sprintf(pathf, id), nil), c.do(method, fmt.Sprintf(pathf, absent), nil)
	if a.status != http.StatusNotFound || a.body != errorBody(fmt.Sprintf(msgf, id)) || missing.body != errorBody(fmt.Sprintf(msgf, absent)) {
		t.Errorf("%s %s = %d %q (missing cable: %q), want 404 as for a missing cable", method, fmt.Sprintf(pathf, id), a.status, a.body, missing.body)
	}
}

// checkActions checks the demarche's action request, closed by the reply,
// and the reports on it.
func checkActions(t *testing.T, f *trafficAPI) {
	t.Helper()
	var as []api.Action
	f.as(t, "isn").get("/api/v1/actions?cable="+demarcheID).expect(t, "GET actions", http.StatusOK, &as)
	if len(as) != 1 || as[0].State != "answered" || as[0].AnsweredBy != replyID || as[0].AnsweredAt != "2007-11-23T07:00:00Z" ||
		!cmp.Equal(as[0].Slug, []string{"ISN", "T", "EAP"}) {
		t.Errorf("actions of the demarche = %+v, want one answered by %s, slugged for ISN, T and EAP", as, replyID)
	}
	f.as(t, "beijing-duty").get("/api/v1/actions?open=1").expect(t, "GET open actions", http.StatusOK, &as)
	if len(as) != 0 {
		t.Errorf("open actions = %+v, want none", as)
	}
	var rep api.TaskingReport
	f.as(t, "admin").get("/api/v1/actions/report").expect(t, "GET tasking", http.StatusOK, &rep)
	if want := []api.TaskingRow{{Owner: "AMEMBASSY BEIJING", Total: 1, OnTime: 1, Answered: 1}}; !cmp.Equal(want, rep.Rows) {
		t.Errorf("tasking (-want +got):\n%s", cmp.Diff(want, rep.Rows))
	}
	var sos []api.SpeedOfService
	f.as(t, "admin").get("/api/v1/speed-of-service?since=2007-11-01&until=2007-11-30").expect(t, "GET speed", http.StatusOK, &sos)
	var imm api.SpeedOfService
	for _, s := range sos {
		if s.Precedence == "IMMEDIATE" {
			imm = s
		}
	}
	if imm.Delivered != 5 || imm.Met != 5 || imm.Objective <= 0 {
		t.Errorf("IMMEDIATE speed of service = %+v, want 5 delivered, 5 met", imm)
	}
	f.as(t, "isn").get("/api/v1/speed-of-service").expect(t, "GET speed as isn", http.StatusForbidden, nil)
	f.as(t, "admin").get("/api/v1/speed-of-service?since=yesterday").expect(t, "GET speed since=yesterday", http.StatusBadRequest, nil)
}

// checkHistory checks the steps of the demarche, as its draft and as its
// cable.
func checkHistory(t *testing.T, f *trafficAPI, draftID int64) {
	t.Helper()
	var full api.DraftHistory
	f.as(t, "isn").get(fmt.Sprintf("/api/v1/drafts/%d", draftID)).expect(t, "GET draft", http.StatusOK, &full)
	var kinds []string
	for _, e := range full.Events {
		kinds = append(kinds, e.Kind+" "+e.By)
	}
	want := []string{"drafted isn", "cleared eap", "cleared t", "release-refused isn", "edited isn", "clearance-voided isn",
		"clearance-voided isn", "cleared eap", "cleared t", "released isn", "transmitted system", "delivered system",
		"acknowledged beijing-duty", "answered beijing-pol"}
	if full.State != "released" || full.CableID != demarcheID || !cmp.Equal(want, kinds) {
		t.Errorf("draft %s %s, events (-want +got):\n%s", full.State, full.CableID, cmp.Diff(want, kinds))
	}
	var es []api.Event
	f.as(t, "beijing-duty").get("/api/v1/cables/"+demarcheID+"/events").expect(t, "GET cable events", http.StatusOK, &es)
	if len(es) == 0 || es[len(es)-1].Kind != "answered" {
		t.Errorf("events of %s = %+v, want its steps up to the answer", demarcheID, es)
	}
}

// noforn is a cable ISN sends Beijing that the embassy's foreign staff may
// not know of: every portion is NOFORN.
const noforn = `C O N F I D E N T I A L

NOFORN
SIPDIS

E.O. 12958: DECL: 11/22/2032
TAGS: PREL, CH
SUBJECT: (C/NF) STAFFING NOTE FOR EMBASSY BEIJING

Classified By: ISN Acting DAS Richard Stratford. Reasons: 1.4(b) & (d).

1. (C/NF) Text for U.S. staff only.

RICE
`

// TestTrafficAPI_NoForn sends the embassy a NOFORN cable: its duty officer
// reads it, and the Chinese national there learns nothing of it, not even
// that it exists.
func TestTrafficAPI_NoForn(t *testing.T) {
	t.Parallel()
	f := MustOpenTrafficAPI(t)
	isn := f.as(t, "isn")
	var d api.Draft
	isn.do("POST", "/api/v1/drafts", api.DraftCreate{Origin: "ISN", Text: noforn,
		Addressees: []api.Addressee{{PLAD: "AMEMBASSY BEIJING", Precedence: "ROUTINE"}}}).expect(t, "POST draft", http.StatusCreated, &d)
	var rel api.Release
	isn.do("POST", fmt.Sprintf("/api/v1/drafts/%d/release", d.ID), nil).expect(t, "release", http.StatusCreated, &rel)
	waitDelivered(t, isn, rel.CableID)

	duty := f.as(t, "beijing-duty")
	var box []api.InboxItem
	duty.get("/api/v1/inbox?unread=1").expect(t, "GET Beijing inbox", http.StatusOK, &box)
	if len(box) != 1 || box[0].CableID != rel.CableID || box[0].Classification != "CONFIDENTIAL//NOFORN" {
		t.Fatalf("Beijing's unread inbox = %+v, want %s, CONFIDENTIAL//NOFORN", box, rel.CableID)
	}
	duty.do("POST", "/api/v1/inbox/"+rel.CableID+"/read", nil).expect(t, "POST read", http.StatusNoContent, nil)
	duty.get("/api/v1/inbox?unread=1").expect(t, "GET Beijing inbox", http.StatusOK, &box)
	if len(box) != 0 {
		t.Errorf("Beijing's unread inbox after reading = %+v, want none", box)
	}

	chn := f.as(t, "chn")
	chn.get("/api/v1/inbox").expect(t, "GET chn inbox", http.StatusOK, &box)
	if len(box) != 0 {
		t.Errorf("chn's inbox = %+v, want none", box)
	}
	const noCopy = "no copy of %s was delivered to your posts and offices"
	checkCableNotFound(t, chn, "POST", "/api/v1/inbox/%s/read", rel.CableID, noCopy)
	checkCableNotFound(t, chn, "POST", "/api/v1/inbox/%s/ack", rel.CableID, noCopy)
	checkCableNotFound(t, chn, "GET", "/api/v1/cables/%s/deliveries", rel.CableID, "cable %s not found")
	checkCableNotFound(t, chn, "GET", "/api/v1/cables/%s/events", rel.CableID, "cable %s not found")
	var as []api.Action
	chn.get("/api/v1/actions?cable="+rel.CableID).expect(t, "GET actions", http.StatusOK, &as)
	if len(as) != 0 {
		t.Errorf("chn's actions of %s = %+v, want none", rel.CableID, as)
	}
	checkDraftNotFound(t, chn, d.ID)
	checkCableNotFound(t, f.as(t, "london"), "POST", "/api/v1/inbox/%s/ack", rel.CableID, noCopy)
}

// TestTrafficAPI_Unauthenticated checks that every traffic route asks for
// credentials before anything else.
func TestTrafficAPI_Unauthenticated(t *testing.T) {
	t.Parallel()
	f := MustOpenTrafficAPI(t)
	c := f.as(t, "")
	for _, rt := range []struct{ method, path string }{
		{"GET", "/api/v1/directory"}, {"GET", "/api/v1/directory/ISN"}, {"POST", "/api/v1/directory"},
		{"PATCH", "/api/v1/directory/ISN"}, {"PUT", "/api/v1/directory/SECSTATE%20WASHDC/serials/2007"},
		{"POST", "/api/v1/drafts"}, {"GET", "/api/v1/drafts"}, {"GET", "/api/v1/drafts/1"}, {"PATCH", "/api/v1/drafts/1"},
		{"POST", "/api/v1/drafts/1/clearances"}, {"POST", "/api/v1/drafts/1/release"},
		{"GET", "/api/v1/inbox"}, {"POST", "/api/v1/inbox/" + demarcheID + "/read"}, {"POST", "/api/v1/inbox/" + demarcheID + "/ack"},
		{"GET", "/api/v1/cables/" + demarcheID + "/deliveries"}, {"GET", "/api/v1/cables/" + demarcheID + "/events"},
		{"GET", "/api/v1/actions"}, {"GET", "/api/v1/actions/report"}, {"GET", "/api/v1/speed-of-service"},
	} {
		if a := c.do(rt.method, rt.path, nil); a.status != http.StatusUnauthorized {
			t.Errorf("%s %s = %d %s, want 401", rt.method, rt.path, a.status, a.body)
		}
	}
}

// TestTrafficAPI_ErrInvalid checks the answers to requests that cannot be
// read.
func TestTrafficAPI_ErrInvalid(t *testing.T) {
	t.Parallel()
	f := MustOpenTrafficAPI(t)
	isn := f.as(t, "isn")
	tests := []struct {
		name, method, path string
		body               any
		status             int
	}{
		{"state", "GET", "/api/v1/drafts?state=lost", nil, http.StatusBadRequest},
		{"pending", "GET", "/api/v1/drafts?pending=maybe", nil, http.StatusBadRequest},
		{"unread", "GET", "/api/v1/inbox?unread=2", nil, http.StatusBadRequest},
		{"overdue", "GET", "/api/v1/actions?overdue=yes", nil, http.StatusBadRequest},
		{"draft id", "GET", "/api/v1/drafts/one", nil, http.StatusNotFound},
		{"precedence", "POST", "/api/v1/drafts", api.DraftCreate{Origin: "ISN", Text: "UNCLAS\n",
			Addressees: []api.Addressee{{PLAD: "AMEMBASSY BEIJING", Precedence: "SOON"}}}, http.StatusBadRequest},
		{"due", "POST", "/api/v1/drafts", api.DraftCreate{Origin: "ISN", Text: "UNCLAS\n",
			Actions: []api.ActionRequest{{Owner: "AMEMBASSY BEIJING", Due: "tomorrow", Text: "Report."}}}, http.StatusBadRequest},
		{"unknown field", "POST", "/api/v1/drafts", map[string]string{"orign": "ISN"}, http.StatusBadRequest},
		{"unknown origin", "POST", "/api/v1/drafts", api.DraftCreate{Origin: "NOWHERE", Text: "UNCLAS\n"}, http.StatusBadRequest},
		{"no office", "POST", "/api/v1/drafts/1/clearances", api.ClearRequest{}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isn.tb = t
			if a := isn.do(tt.method, tt.path, tt.body); a.status != tt.status {
				t.Errorf("%s %s = %d %s, want %d", tt.method, tt.path, a.status, a.body, tt.status)
			}
		})
	}
}

// TestTrafficAPI_ErrUnavailable checks that a store without traffic
// answers the traffic routes 503 and still serves the archive.
func TestTrafficAPI_ErrUnavailable(t *testing.T) {
	t.Parallel()
	db := MustOpenDB(t)
	token := MustCreateUser(t, db, &cable.User{Name: "us-s", Clearance: "SECRET", Citizenship: "USA",
		Roles: []cable.Role{{Kind: cable.RoleDrafter, Post: "ISN"}}})
	srv, _ := MustOpenServer(t, db)
	c := &client{tb: t, base: srv.URL(), token: token}
	for _, p := range []string{"/api/v1/inbox", "/api/v1/drafts/1", "/api/v1/directory"} {
		if a := c.get(p); a.status != http.StatusServiceUnavailable {
			t.Errorf("GET %s = %d %s, want 503", p, a.status, a.body)
		}
	}
	if a := c.get("/api/v1/me"); a.status != http.StatusOK {
		t.Errorf("GET /api/v1/me = %d %s, want 200", a.status, a.body)
	}
}
