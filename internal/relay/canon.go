// Package relay makes each site a node of a network: its identity (an
// ed25519 key and a signed site card), telegrams sealed at release and
// verified by every node that stores them, signed receipts, and the relay
// protocol over HTTP(S) by which nodes pass copies and receipts to each
// other by store and forward. docs/sites.md is the design.
//
// The package holds the domain logic only; a store implements [Store]
// with SQL, so that SQLite and PostgreSQL can both carry the network.
package relay

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// magic opens every canonical encoding; the message type follows it, so a
// signature over one type cannot pass for another.
const magic = "CABLE1\x00"

// maxValue bounds one value of a canonical encoding (a telegram's text is
// not in it: its hash is).
const maxValue = 1 << 20

// canon builds the canonical encoding of a message: magic, type, then
// (name, value) fields in the order the type defines. Signatures are over
// these bytes, never over JSON, whose spacing and escaping vary.
type canon struct{ b []byte }

func newCanon(typ string) *canon {
	c := &canon{b: append([]byte(magic), nil...)}
	c.str(typ)
	return c
}

func (c *canon) str(s string) {
	c.b = binary.AppendUvarint(c.b, uint64(len(s)))
	c.b = append(c.b, s...)
}

// field appends one field.
func (c *canon) field(name, value string) *canon {
	c.str(name)
	c.str(value)
	return c
}

func (c *canon) bytes() []byte { return c.b }

// Field is one decoded field.
type Field struct{ Name, Value string }

// schemas are the message types and their fields in order; a field
// ending in "…" may repeat (zero or more times) and must be last.
var schemas = map[string][]string{
	"card":     {"plad", "relay", "key", "issued"},
	"telegram": {"cable", "version", "dtg", "precedence", "origin", "key", "released", "addressee…"},
	"receipt":  {"kind", "cable", "version", "addressee", "origin", "at", "by", "signer", "key"},
	"request":  {"method", "path", "site", "key", "date", "nonce", "body"},
	"response": {"nonce", "status", "site", "key", "body"},
}

// Decode parses a canonical encoding and checks it against its type's
// schema: every field present once and in order (a repeated field any
// number of times, last), minimal varints, no value over 1 MiB, nothing
// after the last field. It returns the type and the fields.
func Decode(b []byte) (string, []Field, error) {
	if len(b) < len(magic) || string(b[:len(magic)]) != magic {
		return "", nil, errors.New("canonical encoding: no CABLE1 magic")
	}
	r := reader{b: b, off: len(magic)}
	typ, err := r.str()
	if err != nil {
		return "", nil, fmt.Errorf("canonical encoding: type: %w", err)
	}
	schema, ok := schemas[typ]
	if !ok {
		return "", nil, fmt.Errorf("canonical encoding: unknown type %q", typ)
	}
	var out []Field
	for i := 0; r.off < len(b); {
		name, err := r.str()
		if err != nil {
			return "", nil, fmt.Errorf("canonical encoding: field %d name at byte %d: %w", len(out)+1, r.off, err)
		}
		value, err := r.str()
		if err != nil {
			return "", nil, fmt.Errorf("canonical encoding: field %s at byte %d: %w", name, r.off, err)
		}
		if i >= len(schema) {
			return "", nil, fmt.Errorf("canonical encoding: %s: unexpected field %q after the last", typ, name)
		}
		want, repeats := schema[i], false
		if n := len(want) - len("…"); n > 0 && want[n:] == "…" {
			want, repeats = want[:n], true
		}
		if name != want {
			return "", nil, fmt.Errorf("canonical encoding: %s: field %d is %q, want %q", typ, len(out)+1, name, want)
		}
		if !repeats {
			i++
		}
		out = append(out, Field{name, value})
	}
	need := len(schema)
	if last := schema[need-1]; len(last) > len("…") && last[len(last)-len("…"):] == "…" {
		need--
	}
	if n := countDistinct(out); n < need {
		return "", nil, fmt.Errorf("canonical encoding: %s: missing field %q", typ, schema[n])
	}
	return typ, out, nil
}

func countDistinct(fs []Field) int {
	n := 0
	for i, f := range fs {
		if i == 0 || fs[i-1].Name != f.Name {
			n++
		}
	}
	return n
}

type reader struct {
	b   []byte
	off int
}

func (r *reader) str() (string, error) {
	n, k := binary.Uvarint(r.b[r.off:])
	if k <= 0 {
		return "", errors.New("bad length")
	}
	if k != len(binary.AppendUvarint(nil, n)) {
		return "", errors.New("non-minimal length")
	}
	if n > maxValue {
		return "", fmt.Errorf("value of %d bytes, over %d", n, maxValue)
	}
	r.off += k
	if uint64(len(r.b)-r.off) < n {
		return "", errors.New("value cut short")
	}
	s := string(r.b[r.off : r.off+int(n)])
	r.off += int(n)
	return s, nil
}
