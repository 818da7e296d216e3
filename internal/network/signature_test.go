package network_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cable/cable/internal/cable"
)

// get fetches path from a node's server as user, with an API token.
func (n *testNode) get(t *testing.T, user, path string) (int, string) {
	t.Helper()
	token, err := n.Traffic.CreateToken(n.admin, user, "test")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, n.URL()+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestRelay_SignatureShown checks that the API and the cable page of the
// destination say who signed a relayed cable and that it verifies, and
// that both say not found of a cable the reader may not know of.
func TestRelay_SignatureShown(t *testing.T) {
	t.Parallel()
	w, b := pair(t)
	rel := w.release(t, 1, cable.Immediate, beijing)
	eventually(t, 5*time.Second, "Beijing delivers the copy", func() bool {
		box, err := b.Traffic.Inbox(b.duty, cable.InboxFilter{})
		return err == nil && len(box) == 1
	})
	status, body := b.get(t, "duty", "/api/v1/cables/"+rel.CableID+"/signature")
	var sig cable.Signature
	if err := json.Unmarshal([]byte(body), &sig); err != nil || status != 200 {
		t.Fatalf("signature: %d %s (%v)", status, body, err)
	}
	key := w.Relay.ID.KeyID()
	if !sig.Signed || !sig.Verified || sig.Origin != washington || sig.KeyID != key {
		t.Errorf("signature %+v, want signed by %s with key %s, verifying", sig, washington, key)
	}
	status, page := b.get(t, "duty", "/cables/"+rel.CableID)
	if status != 200 || !strings.Contains(page, "by "+washington+", key <span class=\"mono\">"+key+"</span>: <strong>verifies</strong>") {
		t.Errorf("cable page: %d, no line saying who signed it and that it verifies", status)
	}
	status, _ = b.get(t, "duty", "/api/v1/cables/26NOWHERE1/signature")
	if status != http.StatusNotFound {
		t.Errorf("signature of an unknown cable: %d, want 404", status)
	}
}
