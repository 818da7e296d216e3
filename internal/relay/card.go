package relay

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Card is a site card: the PLAD a node serves, the URL of its relay
// endpoint and its public key, signed by that key. Self-signed, it proves
// only possession of the key; an operator's "cable site trust" makes it
// trusted.
type Card struct {
	PLAD      string
	Relay     string // base URL: https://beijing.example:8443
	Key       ed25519.PublicKey
	Issued    time.Time
	Signature []byte
}

const cardHeader = "CABLE SITE CARD 1"

// stamp formats a time for a canonical encoding.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func (c *Card) canonical() []byte {
	return newCanon("card").field("plad", c.PLAD).field("relay", c.Relay).
		field("key", base64.StdEncoding.EncodeToString(c.Key)).field("issued", stamp(c.Issued)).bytes()
}

// NewCard makes and signs the card of id, reached at relay.
func NewCard(id *Identity, relay string, now time.Time) *Card {
	c := &Card{PLAD: id.PLAD, Relay: relay, Key: id.Public(), Issued: now.UTC().Truncate(time.Second)}
	c.Signature = id.Sign(c.canonical())
	return c
}

// KeyID returns the card's key id.
func (c *Card) KeyID() string { return KeyID(c.Key) }

// Verify checks the card's signature with its own key.
func (c *Card) Verify() error {
	if len(c.Key) != ed25519.PublicKeySize || !ed25519.Verify(c.Key, c.canonical(), c.Signature) {
		return fmt.Errorf("site card of %s: the signature does not verify under its key", c.PLAD)
	}
	return nil
}

// String is the card's text form, as "cable site card" prints it.
func (c *Card) String() string {
	return fmt.Sprintf("%s\nplad: %s\nrelay: %s\nkey: ed25519:%s\nissued: %s\nsignature: %s\n", cardHeader, c.PLAD, c.Relay,
		base64.StdEncoding.EncodeToString(c.Key), stamp(c.Issued), base64.StdEncoding.EncodeToString(c.Signature))
}

// ParseCard reads a card's text form and verifies its signature; name is
// the file, for errors.
func ParseCard(name string, b []byte) (*Card, error) {
	if len(b) > 64<<10 {
		return nil, fmt.Errorf("%s: a site card of %d bytes: too long", name, len(b))
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	var lines []string
	for sc.Scan() {
		if l := strings.TrimRight(sc.Text(), "\r"); l != "" {
			lines = append(lines, l)
		}
	}
	want := []string{"plad", "relay", "key", "issued", "signature"}
	if len(lines) != len(want)+1 || lines[0] != cardHeader {
		return nil, fmt.Errorf("%s: line 1: not a site card (want %q and %d fields)", name, cardHeader, len(want))
	}
	v := map[string]string{}
	for i, f := range want {
		val, ok := strings.CutPrefix(lines[i+1], f+": ")
		if !ok {
			return nil, fmt.Errorf("%s: line %d: want %q", name, i+2, f+": …")
		}
		v[f] = val
	}
	c := &Card{PLAD: v["plad"], Relay: v["relay"]}
	var err error
	key, ok := strings.CutPrefix(v["key"], "ed25519:")
	if c.Key, err = base64.StdEncoding.DecodeString(key); !ok || err != nil || len(c.Key) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%s: line 4: want key: ed25519:BASE64 of %d bytes", name, ed25519.PublicKeySize)
	}
	if c.Issued, err = time.Parse(time.RFC3339Nano, v["issued"]); err != nil {
		return nil, fmt.Errorf("%s: line 5: issued: %w", name, err)
	}
	if c.Signature, err = base64.StdEncoding.DecodeString(v["signature"]); err != nil || len(c.Signature) != ed25519.SignatureSize {
		return nil, fmt.Errorf("%s: line 6: want signature: BASE64 of %d bytes", name, ed25519.SignatureSize)
	}
	if c.PLAD == "" || strings.TrimSpace(c.PLAD) != c.PLAD {
		return nil, fmt.Errorf("%s: line 2: plad: want a PLAD such as AMEMBASSY BEIJING", name)
	}
	if u, err := url.Parse(c.Relay); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s: line 3: relay %q: want an http or https URL", name, c.Relay)
	}
	if err := c.Verify(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}
