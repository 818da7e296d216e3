package audit

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestEncode(t *testing.T) {
	e := Entry{Seq: 258, At: time.Date(2007, 11, 22, 0, 0, 0, 1500, time.UTC), User: "ann", Kind: KindSearch, Detail: "moon"}
	got := hex.EncodeToString(Encode(Normalize(e)))
	// 01 | seq 258 | 1195689600000001 µs since 1970 | "ann" | "search" | "" | "moon" | "".
	want := "01" + "0000000000000102" + "00043f792ddea001" + "03616e6e" + "06736561726368" + "00" + "046d6f6f6e" + "00"
	if got != want {
		t.Errorf("Encode = %s, want %s", got, want)
	}
}

func TestNormalize(t *testing.T) {
	at := time.Date(2007, 11, 22, 1, 2, 3, 4567, time.FixedZone("X", 3600))
	got := Normalize(Entry{At: at, User: "a\x00b", Detail: "c\xffd"})
	want := Entry{At: at.UTC().Truncate(time.Microsecond), User: "a\uFFFDb", Detail: "c\uFFFDd"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Normalize (-want +got):\n%s", diff)
	}
}

func TestLoadKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), KeyFile)
	k1, err := LoadKey(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode = %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	k2, err := LoadKey(path)
	if err != nil || !k1.Equal(k2) {
		t.Errorf("LoadKey again = another key (%v), want the same", err)
	}
	os.WriteFile(path, []byte("short"), 0o600)
	if _, err := LoadKey(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("LoadKey(bad file) = %v, want an error naming %s", err, path)
	}
}

func TestTreeHeadCheck(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(nil)
	other, _, _ := ed25519.GenerateKey(nil)
	h := Sign(key, 5, Root(testLeaves(5)), time.Unix(1e9, 123456789))
	if err := h.Check(key.Public().(ed25519.PublicKey)); err != nil {
		t.Fatalf("Check = %v", err)
	}
	for name, change := range map[string]func(h *TreeHead){
		"size": func(h *TreeHead) { h.Size++ },
		"root": func(h *TreeHead) { h.Root[0] ^= 1 },
		"time": func(h *TreeHead) { h.Time = h.Time.Add(time.Millisecond) },
	} {
		g := h
		change(&g)
		if err := g.Check(key.Public().(ed25519.PublicKey)); err == nil {
			t.Errorf("Check of a head with its %s changed = nil, want an error", name)
		}
	}
	if err := h.Check(other); err == nil {
		t.Error("Check with another key = nil, want an error")
	}
}

// memLog is a Log in memory: the pure logic's test double.
type memLog struct {
	entries []Stored
	tree    Frontier
	heads   []TreeHead
}

func (l *memLog) add(e Entry) {
	e.Seq = uint64(len(l.entries) + 1)
	e = Normalize(e)
	l.entries = append(l.entries, Stored{Entry: e, Leaf: e.Leaf()})
	l.tree.Append(e.Leaf())
}

func (l *memLog) AuditRoot(context.Context) (uint64, Hash, error) {
	return l.tree.Size(), l.tree.Root(), nil
}
func (l *memLog) AddTreeHead(_ context.Context, h TreeHead) error {
	l.heads = append(l.heads, h)
	return nil
}
func (l *memLog) TreeHeads(context.Context) ([]TreeHead, error) { return l.heads, nil }
func (l *memLog) ScanAudit(_ context.Context, fn func(Stored) error) error {
	for _, e := range l.entries {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func TestProofFiles(t *testing.T) {
	ctx := context.Background()
	_, key, _ := ed25519.GenerateKey(nil)
	pub := key.Public().(ed25519.PublicKey)
	l := &memLog{}
	s := &Signer{Log: l, Key: key}
	for i := range 21 {
		l.add(Entry{At: time.Unix(int64(i), 0), User: "ann", Kind: KindRead, Cable: "07STATE1"})
		if i == 6 {
			s.SignNow(ctx)
		}
	}
	s.SignNow(ctx)
	for seq := uint64(1); seq <= 21; seq++ {
		pf, err := Inclusion(ctx, l, seq, pub)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pf.Check(pub); err != nil {
			t.Errorf("Check(inclusion of %d) = %v", seq, err)
		}
		pf.Entry.User = "bob"
		if _, err := pf.Check(pub); err == nil {
			t.Errorf("Check(inclusion of %d, user changed) = nil, want an error", seq)
		}
	}
	pf, err := Consistency(ctx, l, 7, pub)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pf.From.Root, headJSON(l.heads[0]).Root; got != want {
		t.Errorf("consistency from 7: root %s, want the first head's %s", got, want)
	}
	if _, err := pf.Check(pub); err != nil {
		t.Errorf("Check(consistency from 7) = %v", err)
	}
}
