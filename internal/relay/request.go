package relay

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// The headers of a signed request and its answer.
const (
	HeaderSite      = "Cable-Site"
	HeaderKey       = "Cable-Key"
	HeaderDate      = "Cable-Date"
	HeaderNonce     = "Cable-Nonce"
	HeaderSignature = "Cable-Signature"
)

// MaxSkew is how far a request's date may be from the receiver's clock;
// NonceTTL how long its nonce is remembered (twice MaxSkew, so that a
// replay is either too old or remembered).
const (
	MaxSkew  = 5 * time.Minute
	NonceTTL = 2 * MaxSkew
)

func bodyHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// SignedHeaders are the authentication of one request.
type SignedHeaders struct {
	Site, KeyID, Nonce string
	Date               time.Time
	Signature          []byte
}

func requestCanon(method, path string, h SignedHeaders, body []byte) []byte {
	return newCanon("request").field("method", method).field("path", path).field("site", h.Site).field("key", h.KeyID).
		field("date", stamp(h.Date)).field("nonce", h.Nonce).field("body", bodyHash(body)).bytes()
}

// SignRequest sets the authentication headers of a request whose body is
// body, and returns its nonce (the answer's signature covers it).
func SignRequest(id *Identity, req *http.Request, body []byte, now time.Time) string {
	var n [16]byte
	rand.Read(n[:])
	h := SignedHeaders{Site: id.PLAD, KeyID: id.KeyID(), Nonce: hex.EncodeToString(n[:]), Date: now.UTC()}
	sig := id.Sign(requestCanon(req.Method, req.URL.Path, h, body))
	req.Header.Set(HeaderSite, h.Site)
	req.Header.Set(HeaderKey, h.KeyID)
	req.Header.Set(HeaderDate, stamp(h.Date))
	req.Header.Set(HeaderNonce, h.Nonce)
	req.Header.Set(HeaderSignature, base64.StdEncoding.EncodeToString(sig))
	return h.Nonce
}

// ReadHeaders parses a request's authentication headers; it checks their
// form, not the signature.
func ReadHeaders(hd http.Header) (SignedHeaders, error) {
	h := SignedHeaders{Site: hd.Get(HeaderSite), KeyID: hd.Get(HeaderKey), Nonce: hd.Get(HeaderNonce)}
	if h.Site == "" || len(h.Site) > 200 {
		return h, fmt.Errorf("header %s: want the sending site's PLAD", HeaderSite)
	}
	if len(h.KeyID) != 16 {
		return h, fmt.Errorf("header %s: want a key id of 16 hex digits", HeaderKey)
	}
	if b, err := hex.DecodeString(h.Nonce); err != nil || len(b) != 16 {
		return h, fmt.Errorf("header %s: want 32 hex digits", HeaderNonce)
	}
	var err error
	if h.Date, err = time.Parse(time.RFC3339Nano, hd.Get(HeaderDate)); err != nil {
		return h, fmt.Errorf("header %s: want an RFC 3339 time: %w", HeaderDate, err)
	}
	if h.Signature, err = base64.StdEncoding.DecodeString(hd.Get(HeaderSignature)); err != nil || len(h.Signature) != ed25519.SignatureSize {
		return h, fmt.Errorf("header %s: want a base64 ed25519 signature", HeaderSignature)
	}
	return h, nil
}

// errSkew is a request dated too far from the receiver's clock.
var errSkew = errors.New("clock skew")

// VerifyRequest checks a request's signature under pub and its date
// against now; the caller checks the key id and the nonce.
func VerifyRequest(pub ed25519.PublicKey, method, path string, h SignedHeaders, body []byte, now time.Time) error {
	if KeyID(pub) != h.KeyID {
		return fmt.Errorf("request signed with key %s, but %s's trusted key is %s", h.KeyID, h.Site, KeyID(pub))
	}
	if !ed25519.Verify(pub, requestCanon(method, path, h, body), h.Signature) {
		return fmt.Errorf("the request's signature does not verify under %s's key", h.Site)
	}
	if d := now.Sub(h.Date); d > MaxSkew || d < -MaxSkew {
		return fmt.Errorf("%w: request dated %s, %s from this node's clock (at most %s)", errSkew, stamp(h.Date), d.Round(time.Second), MaxSkew)
	}
	return nil
}

func responseCanon(nonce string, status int, site, key string, body []byte) []byte {
	return newCanon("response").field("nonce", nonce).field("status", strconv.Itoa(status)).field("site", site).
		field("key", key).field("body", bodyHash(body)).bytes()
}

// SignResponse sets the headers that sign an answer to the request whose
// nonce was nonce.
func SignResponse(id *Identity, h http.Header, nonce string, status int, body []byte) {
	h.Set(HeaderSite, id.PLAD)
	h.Set(HeaderKey, id.KeyID())
	h.Set(HeaderSignature, base64.StdEncoding.EncodeToString(id.Sign(responseCanon(nonce, status, id.PLAD, id.KeyID(), body))))
}

// VerifyResponse checks that an answer was signed by the node the request
// meant to reach (pub, its trusted key).
func VerifyResponse(pub ed25519.PublicKey, site string, h http.Header, nonce string, status int, body []byte) error {
	if h.Get(HeaderSite) != site {
		return fmt.Errorf("answer signed as %q, want %s", h.Get(HeaderSite), site)
	}
	sig, err := base64.StdEncoding.DecodeString(h.Get(HeaderSignature))
	if err != nil || !ed25519.Verify(pub, responseCanon(nonce, status, site, KeyID(pub), body), sig) {
		return fmt.Errorf("the answer's signature does not verify under %s's key", site)
	}
	return nil
}
