package network_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/sqlite"
)

// post sends body to a node's relay endpoint signed as id (nil: unsigned)
// and returns the status and answer.
func post(t *testing.T, url string, id *relay.Identity, body []byte, mutate func(*http.Request)) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+relay.PathCopies, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if id != nil {
		relay.SignRequest(id, req, body, time.Now())
	}
	if mutate != nil {
		mutate(req)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestRelay_BadInput posts what a relay endpoint must refuse, each with a
// 4xx and a reason, storing nothing, and checks that a good copy sent the
// same way is taken: so the refusals are the checks', not a broken setup.
func TestRelay_BadInput(t *testing.T) {
	t.Parallel()
	w, b := pair(t)
	wid := w.Traffic.(*sqlite.Traffic).Site
	stranger, err := relay.NewIdentity("AMEMBASSY PARIS")
	if err != nil {
		t.Fatal(err)
	}
	// A sealed copy from Washington to Beijing, taken from Washington's
	// store while its link to Beijing is cut.
	w.trust(t, b, "http://127.0.0.1:1")
	rel := w.release(t, 1, cable.Immediate, beijing)
	sealed, err := w.Traffic.Envelope(context.Background(), rel.CableID)
	if err != nil || sealed == nil {
		t.Fatalf("envelope of %s: %v", rel.CableID, err)
	}
	good := relay.Copy{Envelope: sealed.Envelope, Telegram: sealed.Telegram, Addressee: beijing, Role: "to", Precedence: "IMMEDIATE"}
	body := func(c relay.Copy) []byte {
		bb, _ := json.Marshal(relay.CopiesRequest{Copies: []*relay.Copy{&c}})
		return bb
	}
	tampered := good
	tampered.Telegram = strings.Replace(good.Telegram, "Text 1.", "Text 2.", 1)
	otherSite := good
	otherSite.Addressee = london
	var replayed *http.Request
	cases := []struct {
		name   string
		id     *relay.Identity
		body   []byte
		mutate func(*http.Request)
		status int
		reason string
	}{
		{"unsigned", nil, body(good), nil, 400, "Cable-Site"},
		{"unknown sender", stranger, body(good), nil, 401, "unknown sender"},
		{"wrongly signed", wid, body(good), func(r *http.Request) { r.Header.Set(relay.HeaderSite, beijing) }, 401, "key"},
		{"body changed after signing", wid, body(good), func(r *http.Request) {
			r.Body = io.NopCloser(bytes.NewReader(body(otherSite)))
			r.ContentLength = int64(len(body(otherSite)))
		}, 401, "does not verify"},
		{"malformed", wid, []byte(`{"copies": [`), nil, 400, "malformed"},
		{"unknown field", wid, []byte(`{"copies": [], "x": 1}`), nil, 400, "malformed"},
		{"oversized", wid, bytes.Repeat([]byte(" "), relay.MaxBody+1), nil, 413, "body over"},
		{"stale date", wid, body(good), func(r *http.Request) {
			// re-sign with a date an hour old
			old := r.Clone(context.Background())
			relay.SignRequest(wid, old, body(good), time.Now().Add(-time.Hour))
			r.Header = old.Header
		}, 400, "clock"},
	}
	for _, c := range cases {
		status, answer := post(t, b.URL(), c.id, c.body, c.mutate)
		if status != c.status || !strings.Contains(answer, c.reason) {
			t.Errorf("%s: %d %s, want %d with %q", c.name, status, answer, c.status, c.reason)
		}
	}
	// Copy-level refusals in a request that is itself good.
	for _, c := range []struct {
		name   string
		copy   relay.Copy
		reason string
	}{
		{"tampered telegram", tampered, "altered"},
		{"addressee not in the envelope", otherSite, "lists no"},
	} {
		status, answer := post(t, b.URL(), wid, body(c.copy), nil)
		var resp relay.CopiesResponse
		json.Unmarshal([]byte(answer), &resp)
		if status != 200 || len(resp.Receipts) != 0 || len(resp.Refused) != 1 || !strings.Contains(resp.Refused[0].Reason, c.reason) {
			t.Errorf("%s: %d %s, want 200 with one refusal saying %q", c.name, status, answer, c.reason)
		}
	}
	if _, err := b.Traffic.FindDeliveries(b.admin, rel.CableID); cable.KindOf(err) != cable.NotFound {
		t.Fatalf("after the bad posts Beijing knows of %s (%v), want not found: nothing stored", rel.CableID, err)
	}
	// The good copy, twice by hand with one request replayed.
	status, answer := post(t, b.URL(), wid, body(good), func(r *http.Request) { replayed = r.Clone(context.Background()) })
	if status != 200 || !strings.Contains(answer, `"kind":"received"`) {
		t.Fatalf("good copy: %d %s", status, answer)
	}
	replayed.Body = io.NopCloser(bytes.NewReader(body(good)))
	res, err := http.DefaultClient.Do(replayed)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusConflict {
		t.Errorf("replayed request: %d, want 409", res.StatusCode)
	}
	status, answer2 := post(t, b.URL(), wid, body(good), nil)
	if status != 200 || answer2 != answer {
		t.Errorf("the same copy again: %d %s\nwant the same receipt %s", status, answer2, answer)
	}
	eventually(t, 5*time.Second, "Beijing delivers the copy once", func() bool {
		got := b.copies(t, rel.CableID)
		return len(got) == 1 && got[0].State == cable.DeliveryDelivered
	})
	entries, err := b.Traffic.FindAudit(b.admin, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	refusals := 0
	for _, e := range entries {
		if strings.HasPrefix(e.Action, "relay-") {
			refusals++
		}
	}
	if want := len(cases) + 2 + 1; refusals != want { // the replay too
		t.Errorf("%d relay refusals in Beijing's audit log, want %d", refusals, want)
	}
}

// TestRelay_BadCopyAlone posts one request of three copies whose middle
// one was altered in transit: the receiver must store and answer the two
// good ones and refuse that one alone, by its index, storing nothing of
// it.
func TestRelay_BadCopyAlone(t *testing.T) {
	t.Parallel()
	w, b := pair(t)
	wid := w.Traffic.(*sqlite.Traffic).Site
	w.trust(t, b, "http://127.0.0.1:1") // Washington's own posts fail: only this test's reach Beijing
	var copies []*relay.Copy
	var ids []string
	for i := range 3 {
		rel := w.release(t, 10+i, cable.Routine, beijing)
		sealed, err := w.Traffic.Envelope(context.Background(), rel.CableID)
		if err != nil || sealed == nil {
			t.Fatalf("envelope of %s: %v", rel.CableID, err)
		}
		copies = append(copies, &relay.Copy{Envelope: sealed.Envelope, Telegram: sealed.Telegram, Addressee: beijing, Role: "to", Precedence: "ROUTINE"})
		ids = append(ids, rel.CableID)
	}
	copies[1].Telegram = strings.Replace(copies[1].Telegram, "Text 11.", "Text 12.", 1)
	body, _ := json.Marshal(relay.CopiesRequest{Copies: copies})
	status, answer := post(t, b.URL(), wid, body, nil)
	var resp relay.CopiesResponse
	if err := json.Unmarshal([]byte(answer), &resp); err != nil || status != 200 {
		t.Fatalf("post: %d %s", status, answer)
	}
	var got []string
	for _, r := range resp.Receipts {
		got = append(got, r.CableID)
	}
	if len(got) != 2 || got[0] != ids[0] || got[1] != ids[2] || len(resp.Refused) != 1 || resp.Refused[0].Index != 1 {
		t.Fatalf("answer: receipts for %v, refused %+v; want receipts for %s and %s, and copy 1 refused", got, resp.Refused, ids[0], ids[2])
	}
	for _, id := range []string{ids[0], ids[2]} {
		eventually(t, 5*time.Second, "Beijing delivers "+id, func() bool {
			got := b.copies(t, id)
			return len(got) == 1 && got[0].State == cable.DeliveryDelivered
		})
	}
	if _, err := b.Traffic.FindDeliveries(b.admin, ids[1]); cable.KindOf(err) != cable.NotFound {
		t.Errorf("Beijing knows of the altered %s (%v), want not found", ids[1], err)
	}
}
