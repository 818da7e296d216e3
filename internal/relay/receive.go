package relay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/cable/cable/internal/cable"
)

// refusal is a request refused as a whole: a status and a reason.
type refusal struct {
	status    int
	reason    string
	permanent bool // a copy that no retry can make good
}

func (r *refusal) Error() string { return r.reason }

func refuse(status int, format string, args ...any) *refusal {
	return &refusal{status: status, reason: fmt.Sprintf(format, args...)}
}

// refuseForGood refuses a copy as sealed: sent again, it is refused again.
func refuseForGood(status int, format string, args ...any) *refusal {
	return &refusal{status: status, reason: fmt.Sprintf(format, args...), permanent: true}
}

// Handler serves the relay endpoint: GET card (n.Card), POST copies, POST
// receipts.
func (n *Node) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+PathCard, func(w http.ResponseWriter, r *http.Request) {
		n.mu.Lock()
		card := n.Card
		n.mu.Unlock()
		if card == nil {
			writeJSON(w, http.StatusNotFound, ErrorBody{"this node has no card yet"})
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, card.String())
	})
	mux.HandleFunc("POST "+PathCopies, func(w http.ResponseWriter, r *http.Request) {
		n.serve(w, r, func(ctx context.Context, from string, body []byte) (any, error) {
			var req CopiesRequest
			if err := decodeStrict(body, &req); err != nil {
				return nil, err
			}
			if len(req.Copies) > MaxItems {
				return nil, refuse(http.StatusBadRequest, "%d copies in one request: at most %d", len(req.Copies), MaxItems)
			}
			return n.acceptCopies(ctx, from, req.Copies)
		})
	})
	mux.HandleFunc("POST "+PathReceipts, func(w http.ResponseWriter, r *http.Request) {
		n.serve(w, r, func(ctx context.Context, from string, body []byte) (any, error) {
			var req ReceiptsRequest
			if err := decodeStrict(body, &req); err != nil {
				return nil, err
			}
			if len(req.Receipts) > MaxItems {
				return nil, refuse(http.StatusBadRequest, "%d receipts in one request: at most %d", len(req.Receipts), MaxItems)
			}
			return n.acceptReceipts(ctx, from, req.Receipts)
		})
	})
	mux.HandleFunc("/relay/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, ErrorBody{fmt.Sprintf("no relay endpoint %s %s", r.Method, r.URL.Path)})
	})
	return mux
}

func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return refuse(http.StatusBadRequest, "malformed body: %v", err)
	}
	if dec.More() {
		return refuse(http.StatusBadRequest, "malformed body: data after the JSON object")
	}
	return nil
}

// serve authenticates a request, runs do, and signs the answer. A request
// refused as a whole stores nothing and is audited.
func (n *Node) serve(w http.ResponseWriter, r *http.Request, do func(ctx context.Context, from string, body []byte) (any, error)) {
	ctx := r.Context()
	claimed := r.Header.Get(HeaderSite)
	body, h, err := n.authenticate(r)
	var out any
	if err == nil {
		out, err = do(ctx, h.Site, body)
	}
	var ref *refusal
	switch {
	case errors.As(err, &ref):
		n.audit(ctx, "relay-refused", claimed, "", fmt.Sprintf("%s %s: %s", r.Method, r.URL.Path, ref.reason))
		writeJSON(w, ref.status, ErrorBody{ref.reason})
		return
	case err != nil:
		n.logger().Error("relay: store", "path", r.URL.Path, "site", claimed, "err", err)
		writeJSON(w, http.StatusInternalServerError, ErrorBody{"the node could not store the request: try again"})
		return
	}
	b, _ := json.Marshal(out)
	SignResponse(n.ID, w.Header(), h.Nonce, http.StatusOK, b)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

// authenticate reads the body and checks the request's signature, date and
// nonce.
func (n *Node) authenticate(r *http.Request) ([]byte, SignedHeaders, error) {
	ctx := r.Context()
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return nil, SignedHeaders{}, refuse(http.StatusBadRequest, "reading the body: %v", err)
	}
	if len(body) > MaxBody {
		return nil, SignedHeaders{}, refuse(http.StatusRequestEntityTooLarge, "body over %d bytes", MaxBody)
	}
	h, err := ReadHeaders(r.Header)
	if err != nil {
		return nil, h, refuse(http.StatusBadRequest, "%v", err)
	}
	k, err := n.Store.TrustedKey(ctx, h.Site)
	if cable.KindOf(err) == cable.NotFound {
		return nil, h, refuse(http.StatusUnauthorized, "unknown sender %s: no trusted key", h.Site)
	}
	if err != nil {
		return nil, h, err
	}
	if err := VerifyRequest(k.Key, r.Method, r.URL.Path, h, body, n.now()); err != nil {
		status := http.StatusUnauthorized
		if KeyID(k.Key) == h.KeyID && errors.Is(err, errSkew) {
			status = http.StatusBadRequest
		}
		return nil, h, refuse(status, "%v", err)
	}
	fresh, err := n.Store.UseNonce(ctx, h.Site, h.Nonce, n.now(), n.purgeBefore())
	if err != nil {
		return nil, h, err
	}
	if !fresh {
		return nil, h, refuse(http.StatusConflict, "replayed request: nonce %s of %s was used already", h.Nonce, h.Site)
	}
	return body, h, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
