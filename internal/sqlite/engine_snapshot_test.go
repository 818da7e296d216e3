package sqlite_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/sqlite"
)

// lockedBuffer is a log sink that tests read while handles write to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// take returns what was logged since the last take.
func (l *lockedBuffer) take() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.b.String()
	l.b.Reset()
	return s
}

// snapshotAnswers are a few searches' totals, first pages and facets, as
// two readers, for comparing an engine read from its snapshot with one
// built afresh.
func snapshotAnswers(t *testing.T, db *sqlite.DB) string {
	t.Helper()
	var out strings.Builder
	for _, u := range []*cable.User{{Name: "s", Clearance: "SECRET", Citizenship: "USA"},
		{Name: "f", Clearance: "SECRET", Citizenship: "CHN", Posts: []string{"AMEMBASSY BEIJING"}}} {
		ctx := cable.NewContextWithUser(context.Background(), u)
		for _, q := range []cable.SearchQuery{{Text: "the"}, {Text: `"the embassy"`}, {Text: "nucl* NOT report"}, {Tags: []string{"PREL"}}} {
			q.Facets, q.Limit = true, 50
			res, err := db.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			fmt.Fprintf(&out, "%s %q: %d %v %v %v\n", u.Name, q.Text, res.Total, res.TotalExact, ids, res.Facets)
		}
	}
	return out.String()
}

// The engine is written out when built and when its handle closes, and
// the next start reads it and catches up; a snapshot that is torn, of
// another archive, or too old is set aside and the engine rebuilt. In
// every case the searches answer as an engine built afresh does.
func TestEngineSnapshot(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var logs lockedBuffer
	open := func(dir string, engine bool) *sqlite.DB {
		t.Helper()
		db := sqlite.NewDB(filepath.Join(dir, sqlite.FileName))
		db.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		if engine {
			if err := db.StartSearchEngine(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		return db
	}
	cs := MustGenerate(t, 21, 600)
	db := open(dir, true)
	MustImport(t, db, cs[:300])
	if log := logs.take(); !strings.Contains(log, "snapshot written") {
		t.Fatalf("a new engine wrote no snapshot:\n%s", log)
	}
	MustImport(t, db, cs[300:400]) // the engine follows; Close writes it
	want := snapshotAnswers(t, db)
	db.Close()
	snap := filepath.Join(dir, "cable-engine.snap")
	saved, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}

	db = open(dir, true)
	if log := logs.take(); !strings.Contains(log, "read its snapshot") || strings.Contains(log, "search engine: built") {
		t.Errorf("the engine did not start from its snapshot:\n%s", log)
	}
	if diff := cmp.Diff(want, snapshotAnswers(t, db)); diff != "" {
		t.Errorf("the engine read from its snapshot answers otherwise (-built +read):\n%s", diff)
	}
	db.Close()

	// Cables imported by a handle without an engine (cable ingest while
	// serve is down): the next start catches up, or rebuilds when the
	// queue no longer holds the changes.
	other := open(dir, false)
	MustImport(t, other, cs[400:500])
	MustImport(t, other, cs[500:])
	other.Close()
	fresh := func() string {
		t.Helper()
		os.Remove(snap)
		db := open(dir, true)
		defer db.Close()
		return snapshotAnswers(t, db)
	}
	os.WriteFile(snap, saved, 0o644)
	db = open(dir, true)
	got := snapshotAnswers(t, db)
	db.Close()
	logs.take()
	if diff := cmp.Diff(fresh(), got); diff != "" {
		t.Errorf("after imports without the engine, the engine started from an old snapshot answers otherwise (-built +read):\n%s", diff)
	}
	want = fresh()
	saved, _ = os.ReadFile(snap)

	for name, damage := range map[string]func(b []byte) []byte{
		"torn":      func(b []byte) []byte { return b[:len(b)/2] },
		"a bit off": func(b []byte) []byte { b = bytes.Clone(b); b[len(b)/3] ^= 1; return b },
		"empty":     func([]byte) []byte { return nil },
	} {
		os.WriteFile(snap, damage(saved), 0o644)
		logs.take()
		db = open(dir, true)
		if log := logs.take(); !strings.Contains(log, "snapshot set aside") || !strings.Contains(log, "search engine: built") {
			t.Errorf("%s snapshot: not set aside and rebuilt:\n%s", name, log)
		}
		if diff := cmp.Diff(want, snapshotAnswers(t, db)); diff != "" {
			t.Errorf("%s snapshot: the rebuilt engine answers otherwise (-want +got):\n%s", name, diff)
		}
		db.Close()
	}

	// Another archive's snapshot, which the index queue cannot tell
	// apart: the cables disagree.
	dir2 := t.TempDir()
	db2 := open(dir2, false)
	MustImport(t, db2, MustGenerate(t, 22, 600))
	db2.Close()
	os.WriteFile(filepath.Join(dir2, "cable-engine.snap"), saved, 0o644)
	logs.take()
	db2 = open(dir2, true)
	defer db2.Close()
	if log := logs.take(); !strings.Contains(log, "snapshot set aside") {
		t.Errorf("another archive's snapshot was read:\n%s", log)
	}
	if got := snapshotAnswers(t, db2); got == want {
		t.Error("the other archive answers as the first")
	}
}
