package audit

import (
	"context"
	"crypto/ed25519"
	"strings"
	"testing"
	"time"
)

// TestVerify tampers with a log of 30 entries signed at 10 and 30, and
// checks what Verify names.
func TestVerify(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(l *memLog)
		first  uint64 // 0: intact
		last   uint64
		why    string
	}{
		{name: "intact", tamper: func(*memLog) {}},
		{name: "edit", tamper: func(l *memLog) { l.entries[4].Detail = "other" }, first: 5, last: 5, why: "entry 5 was changed"},
		{name: "edit leaf hash", tamper: func(l *memLog) { l.entries[14].Leaf[0] ^= 1 }, first: 15, last: 15, why: "entry 15 was changed"},
		{name: "edit entry and leaf", tamper: func(l *memLog) {
			l.entries[14].User = "eve"
			l.entries[14].Leaf = l.entries[14].Entry.Leaf()
		}, first: 11, last: 30, why: "an entry from 11 to 30 was changed with its leaf hash"},
		{name: "delete", tamper: func(l *memLog) { l.entries = append(l.entries[:7], l.entries[8:]...) }, first: 8, last: 8, why: "entry 8 is missing"},
		{name: "delete and renumber", tamper: func(l *memLog) {
			l.entries = append(l.entries[:7], l.entries[8:]...)
			for i := 7; i < len(l.entries); i++ {
				l.entries[i].Seq--
			}
		}, first: 8, last: 8, why: "entry 8 was entry 9 when written: an entry before it was deleted"},
		{name: "insert", tamper: func(l *memLog) {
			e := l.entries[2]
			e.User = "eve"
			l.entries = append(l.entries[:3], append([]Stored{e}, l.entries[3:]...)...)
			for i := 3; i < len(l.entries); i++ {
				l.entries[i].Seq++
			}
		}, first: 4, last: 4, why: "entry 4 was changed"},
		{name: "delete the tail", tamper: func(l *memLog) { l.entries = l.entries[:25] }, first: 26, last: 30, why: "entries 26 to 30 are missing"},
		{name: "head root", tamper: func(l *memLog) { l.heads[0].Root[3] ^= 1 }, why: "bad signature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			_, key, _ := ed25519.GenerateKey(nil)
			l := &memLog{}
			s := &Signer{Log: l, Key: key}
			for i := range 30 {
				l.add(Entry{At: time.Unix(int64(i), 0), User: "ann", Kind: KindRead, Cable: "07STATE1", Detail: "x"})
				if i == 9 {
					s.SignNow(ctx)
				}
			}
			s.SignNow(ctx)
			tt.tamper(l)
			r, err := Verify(ctx, l, key.Public().(ed25519.PublicKey))
			if err != nil {
				t.Fatal(err)
			}
			if tt.why == "" {
				if r.Problem != nil || r.Entries != 30 || r.Heads != 2 {
					t.Fatalf("Verify = %s, want intact with 30 entries and 2 heads", r)
				}
				return
			}
			if r.Problem == nil || r.Problem.First != tt.first || r.Problem.Last != tt.last || !strings.Contains(r.Problem.Why, tt.why) {
				t.Errorf("Verify = %+v, want entries %d to %d: %q", r.Problem, tt.first, tt.last, tt.why)
			}
		})
	}
}
