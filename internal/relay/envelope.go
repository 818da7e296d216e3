package relay

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
)

// Envelope is what the releasing node signs of a telegram: its id, the
// hash of its text (the version), its DTG and precedence, the copies it
// queued, and who signed. It travels with every copy; every node that
// stores the cable keeps it.
type Envelope struct {
	CableID    string    `json:"cable_id"`
	Version    string    `json:"version"`    // SHA-256 of the telegram, hex
	DTG        string    `json:"dtg"`        // as in the telegram: 220000Z NOV 07
	Precedence string    `json:"precedence"` // the highest of its copies
	Origin     string    `json:"origin"`     // the releasing node's PLAD
	KeyID      string    `json:"key"`
	Released   time.Time `json:"released"`
	// Addressees are the copies queued at release: PLAD|role|PRECEDENCE.
	Addressees []string `json:"addressees"`
	// Answers are the cables the telegram's REF cites that its releaser
	// may know of (internal/traffic's citedKnown at the origin): the only
	// ones a receiving node lets it answer, or slug to their offices. A
	// reference the releaser may not know of is a dangling reference on
	// every node (docs/access.md), and the origin alone can judge it.
	Answers   []string `json:"answers,omitempty"`
	Signature []byte   `json:"signature"`
}

// Version returns the version hash of a telegram's text.
func Version(telegram string) string {
	sum := sha256.Sum256([]byte(telegram))
	return hex.EncodeToString(sum[:])
}

// Addressee is the form of one copy in an envelope.
func Addressee(plad string, role cable.AddresseeRole, p cable.Precedence) string {
	return plad + "|" + string(role) + "|" + p.String()
}

func (e *Envelope) canonical() []byte {
	c := newCanon("telegram").field("cable", e.CableID).field("version", e.Version).field("dtg", e.DTG).
		field("precedence", e.Precedence).field("origin", e.Origin).field("key", e.KeyID).field("released", stamp(e.Released))
	for _, a := range e.Addressees {
		c.field("addressee", a)
	}
	for _, a := range e.Answers {
		c.field("answers", a)
	}
	return c.bytes()
}

// Seal signs a released telegram: the releasing node calls it in the
// release's transaction, with the cited cables its releaser may know of
// (answers).
func Seal(id *Identity, telegram string, c *cable.Cable, released time.Time, copies []*cable.Delivery, answers []string) *Envelope {
	e := &Envelope{CableID: c.ID, Version: Version(telegram), DTG: c.Header.DTG, Origin: id.PLAD, KeyID: id.KeyID(),
		Released: released.UTC(), Answers: slices.Clone(answers)}
	top := cable.PrecedenceNone
	for _, d := range copies {
		e.Addressees = append(e.Addressees, Addressee(d.Site, d.Role, d.Precedence))
		top = max(top, d.Precedence)
	}
	e.Precedence = top.String()
	e.Signature = id.Sign(e.canonical())
	return e
}

// AnswersOf returns those of cited, the cables a received telegram's REF
// cites, that its origin let it answer (Answers).
func (e *Envelope) AnswersOf(cited []string) []string {
	var out []string
	for _, id := range cited {
		if slices.Contains(e.Answers, id) {
			out = append(out, id)
		}
	}
	return out
}

// Verify checks the envelope's signature under pub (the key trusted for
// its origin) and that telegram is the text it was sealed over.
func (e *Envelope) Verify(pub ed25519.PublicKey, telegram string) error {
	if KeyID(pub) != e.KeyID {
		return fmt.Errorf("telegram %s: signed with key %s, but %s's trusted key is %s", e.CableID, e.KeyID, e.Origin, KeyID(pub))
	}
	if !ed25519.Verify(pub, e.canonical(), e.Signature) {
		return fmt.Errorf("telegram %s: the signature of %s does not verify: the envelope was altered", e.CableID, e.Origin)
	}
	if Version(telegram) != e.Version {
		return fmt.Errorf("telegram %s: the text does not match the signed version %.12s…: it was altered", e.CableID, e.Version)
	}
	return nil
}

// Lists reports whether the envelope lists the copy.
func (e *Envelope) Lists(plad string, role cable.AddresseeRole, p cable.Precedence) bool {
	return slices.Contains(e.Addressees, Addressee(plad, role, p))
}

// Sites returns the PLADs of the envelope's copies.
func (e *Envelope) Sites() []string {
	var out []string
	for _, a := range e.Addressees {
		plad, _, _ := strings.Cut(a, "|")
		out = append(out, plad)
	}
	return out
}
