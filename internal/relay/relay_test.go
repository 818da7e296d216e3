package relay

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCanonical_RoundTrip(t *testing.T) {
	e := &Envelope{CableID: "07STATE159388", Version: Version("text"), DTG: "220000Z NOV 07", Precedence: "IMMEDIATE",
		Origin: "SECSTATE WASHDC", KeyID: "0123456789abcdef", Released: time.Date(2007, 11, 22, 0, 0, 0, 0, time.UTC),
		Addressees: []string{"AMEMBASSY BEIJING|to|IMMEDIATE", "AMEMBASSY LONDON|info|ROUTINE"}}
	typ, fields, err := Decode(e.canonical())
	if err != nil {
		t.Fatal(err)
	}
	want := []Field{{"cable", "07STATE159388"}, {"version", e.Version}, {"dtg", "220000Z NOV 07"}, {"precedence", "IMMEDIATE"},
		{"origin", "SECSTATE WASHDC"}, {"key", "0123456789abcdef"}, {"released", "2007-11-22T00:00:00Z"},
		{"addressee", "AMEMBASSY BEIJING|to|IMMEDIATE"}, {"addressee", "AMEMBASSY LONDON|info|ROUTINE"}}
	if typ != "telegram" || !cmp.Equal(fields, want) {
		t.Errorf("decoded %s %v", typ, cmp.Diff(want, fields))
	}
}

func TestDecode_Refuses(t *testing.T) {
	good := newCanon("card").field("plad", "X").field("relay", "u").field("key", "k").field("issued", "t").bytes()
	cases := []struct {
		name string
		b    []byte
		want string
	}{
		{"no magic", []byte("nope"), "magic"},
		{"unknown type", newCanon("memo").bytes(), "unknown type"},
		{"missing field", newCanon("card").field("plad", "X").bytes(), "missing field"},
		{"out of order", newCanon("card").field("relay", "u").bytes(), "want \"plad\""},
		{"trailing", append(append([]byte{}, good...), 0x01), "field"},
		{"cut short", good[:len(good)-1], "cut short"},
		{"non-minimal", append([]byte(magic), 0x84, 0x00, 'c', 'a', 'r', 'd'), "non-minimal"},
	}
	for _, c := range cases {
		if _, _, err := Decode(c.b); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
	if _, _, err := Decode(good); err != nil {
		t.Errorf("good card: %v", err)
	}
}

func TestCard_SignParseTamper(t *testing.T) {
	id, err := NewIdentity("AMEMBASSY BEIJING")
	if err != nil {
		t.Fatal(err)
	}
	c := NewCard(id, "https://beijing.example:8443", time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC))
	back, err := ParseCard("card", []byte(c.String()))
	if err != nil {
		t.Fatal(err)
	}
	if back.String() != c.String() || back.KeyID() != id.KeyID() {
		t.Errorf("round trip changed the card:\n%s\n%s", c, back)
	}
	for _, tamper := range []struct{ from, to string }{
		{"plad: AMEMBASSY BEIJING", "plad: AMEMBASSY PARIS"},
		{"relay: https://beijing.example:8443", "relay: https://evil.example"},
		{"issued: 2024-05-01T10:00:00Z", "issued: 2024-05-01T10:00:01Z"},
	} {
		if _, err := ParseCard("card", []byte(strings.Replace(c.String(), tamper.from, tamper.to, 1))); err == nil ||
			!strings.Contains(err.Error(), "does not verify") {
			t.Errorf("card with %q: %v, want a signature that does not verify", tamper.to, err)
		}
	}
}

func TestReceipt_VerifyTamper(t *testing.T) {
	id, _ := NewIdentity("AMEMBASSY BEIJING")
	other, _ := NewIdentity("AMEMBASSY BEIJING")
	r := &Receipt{Kind: Acknowledged, CableID: "07STATE159388", Version: Version("x"), Addressee: "AMEMBASSY BEIJING",
		Origin: "SECSTATE WASHDC", At: time.Date(2007, 11, 22, 0, 20, 0, 0, time.UTC), By: "beijing-duty"}
	r.Sign(id)
	if err := r.Verify(id.Public()); err != nil {
		t.Fatal(err)
	}
	forged := *r
	forged.By = "someone-else"
	if err := forged.Verify(id.Public()); err == nil {
		t.Error("a receipt whose acknowledger was changed verifies")
	}
	if err := r.Verify(other.Public()); err == nil {
		t.Error("a receipt verifies under another site's key")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(newCanon("receipt").field("kind", "received").bytes())
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		typ, fields, err := Decode(b)
		if err != nil {
			return
		}
		c := newCanon(typ)
		for _, fl := range fields {
			c.field(fl.Name, fl.Value)
		}
		if string(c.bytes()) != string(b) {
			t.Errorf("decoded %q re-encodes differently: one message, two encodings", b)
		}
	})
}

func FuzzParseCard(f *testing.F) {
	id, _ := NewIdentity("AMEMBASSY BEIJING")
	f.Add([]byte(NewCard(id, "http://127.0.0.1:8080", time.Unix(0, 0)).String()))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseCard("fuzz", b)
		if err != nil {
			return
		}
		if err := c.Verify(); err != nil {
			t.Errorf("parsed card does not verify: %v", err)
		}
	})
}
