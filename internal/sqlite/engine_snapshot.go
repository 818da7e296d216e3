package sqlite

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cable/cable/internal/engine"
	"github.com/cable/cable/internal/index"
)

// The engine's snapshot, cable-engine.snap beside the archive, is the
// engine written out when it is built and when the handle closes, so that
// `cable serve` starts by reading it (seconds) rather than rebuilding the
// engine from every text (minutes at 250,000 cables, with searches read
// from FTS5 meanwhile). It holds where the engine was in the index queue,
// its classes and its day, and the index. It is derived data: a
// snapshot that is torn (its checksum), from another archive or too old
// (ahead of the index queue, behind what the queue still holds, of a day
// a declassification date has passed since), or that does not agree
// with the archive's cables once caught up, is set aside and the engine
// rebuilt.

// engineSnapshotMagic starts a snapshot file.
const engineSnapshotMagic = "CABLE-ENGINE 1\n"

// snapshotMeta is the engine's state besides the index.
type snapshotMeta struct {
	Seq      int64
	Reviewed int64
	AsOf     string
	Dates    []string
	Keys     []snapshotKey
}

// snapshotKey is an engine.Key as the snapshot writes it.
type snapshotKey struct {
	Level                                            int
	NoForn, Plain                                    bool `json:",omitempty"`
	Rel                                              string
	Declassified, Held, NODIS, EXDIS, CHEROKEE, Open bool `json:",omitempty"`
}

// IsEngineSnapshot reports whether name, a file of a data directory, is
// the engine's snapshot or one being written: derived data, which a
// backup leaves out.
func IsEngineSnapshot(name string) bool {
	return strings.HasSuffix(name, "-engine.snap") || strings.Contains(name, "-engine.snap.")
}

// snapshotPath is the snapshot's file: cable.db's is cable-engine.snap.
func (db *DB) snapshotPath() string {
	return strings.TrimSuffix(db.Path, filepath.Ext(db.Path)) + "-engine.snap"
}

// saveSnapshotLocked writes the engine's snapshot, atomically: a crash
// leaves the old one or the new one. Mu is held.
func (e *searchEngine) saveSnapshotLocked() error {
	start := time.Now()
	path := e.db.snapshotPath()
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("search engine snapshot: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	sum := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	w := bufio.NewWriterSize(io.MultiWriter(tmp, sum), 1<<20)
	meta, err := json.Marshal(e.metaLocked())
	if err != nil {
		return err
	}
	w.WriteString(engineSnapshotMagic)
	w.Write(binary.AppendUvarint(nil, uint64(len(meta))))
	w.Write(meta)
	if err := e.Index().WriteSnapshot(w); err != nil {
		return fmt.Errorf("search engine snapshot: %w", err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("search engine snapshot: %w", err)
	}
	if _, err := tmp.Write(sum.Sum(nil)); err != nil {
		return fmt.Errorf("search engine snapshot: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("search engine snapshot: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("search engine snapshot: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("search engine snapshot: %w", err)
	}
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		dir.Sync()
		dir.Close()
	}
	e.saved, e.savedReviewed = e.seq.Load(), e.reviewed.Load()
	e.db.Logger.Info("search engine: snapshot written", "path", path, "change", e.saved,
		"took", time.Since(start).Round(time.Millisecond))
	return nil
}

// metaLocked returns the engine's state besides the index. Mu is held.
func (e *searchEngine) metaLocked() snapshotMeta {
	asOf, dates, keys := e.State()
	m := snapshotMeta{Seq: e.seq.Load(), Reviewed: e.reviewed.Load(), AsOf: asOf, Dates: dates}
	for _, k := range keys {
		m.Keys = append(m.Keys, snapshotKey{Level: k.Level, NoForn: k.NoForn, Plain: k.Plain, Rel: k.Rel,
			Declassified: k.Declassified, Held: k.Held, NODIS: k.NoDis, EXDIS: k.ExDis, CHEROKEE: k.Cherokee, Open: k.Open})
	}
	return m
}

// readSnapshot reads the snapshot file and checks its checksum; it
// reports os.ErrNotExist when there is none.
func (db *DB) readSnapshot() (snapshotMeta, *index.Index, error) {
	var meta snapshotMeta
	f, err := os.Open(db.snapshotPath())
	if err != nil {
		return meta, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return meta, nil, err
	}
	if st.Size() < int64(len(engineSnapshotMagic))+crc32.Size {
		return meta, nil, errors.New("the file is too short")
	}
	sum := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	r := bufio.NewReaderSize(io.TeeReader(io.LimitReader(f, st.Size()-crc32.Size), sum), 1<<20)
	magic := make([]byte, len(engineSnapshotMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != engineSnapshotMagic {
		return meta, nil, errors.New("not a snapshot of this version")
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<30 {
		return meta, nil, errors.New("its state's length is damaged")
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return meta, nil, err
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return meta, nil, fmt.Errorf("its state: %w", err)
	}
	idx, err := index.ReadSnapshot(r)
	if err != nil {
		return meta, nil, err
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return meta, nil, err
	}
	want := make([]byte, crc32.Size)
	if _, err := io.ReadFull(f, want); err != nil {
		return meta, nil, err
	}
	if string(want) != string(sum.Sum(nil)) {
		return meta, nil, errors.New("its checksum does not match: the file is torn or changed")
	}
	return meta, idx, nil
}

// loadSnapshotLocked starts the engine from the snapshot and catches it
// up with the archive, and reports false, saying why in the log, when
// the engine must be rebuilt instead. Mu is held.
func (e *searchEngine) loadSnapshotLocked(ctx context.Context) bool {
	start := time.Now()
	meta, idx, err := e.db.readSnapshot()
	if errors.Is(err, os.ErrNotExist) {
		return false
	}
	if err != nil {
		e.db.Logger.Warn("search engine: snapshot set aside", "path", e.db.snapshotPath(), "why", err.Error())
		return false
	}
	applied, reviewed, err := e.state(ctx, e.db.read)
	if err != nil {
		e.db.Logger.Warn("search engine: snapshot set aside", "why", err.Error())
		return false
	}
	if meta.Seq > applied || meta.Reviewed > reviewed {
		e.db.Logger.Warn("search engine: snapshot set aside", "why", "it is ahead of the archive", "change", meta.Seq, "archive", applied)
		return false
	}
	e.install(meta, idx)
	if e.Stale(today(e.db)) {
		e.db.Logger.Info("search engine: snapshot set aside", "why", "a declassification date passed since it was written", "of", meta.AsOf)
		return false
	}
	if err := e.catchUpLocked(ctx, applied); err != nil {
		e.db.Logger.Warn("search engine: snapshot set aside", "why", err.Error())
		return false
	}
	if err := e.reclassLocked(ctx, reviewed); err != nil {
		e.db.Logger.Warn("search engine: snapshot set aside", "why", err.Error())
		return false
	}
	if why := e.disagrees(ctx); why != "" {
		e.db.Logger.Warn("search engine: snapshot set aside", "why", why)
		return false
	}
	e.saved, e.savedReviewed = meta.Seq, meta.Reviewed
	st := e.Index().Stats()
	e.db.Logger.Info("search engine: read its snapshot", "portions", st.Portions, "tokens", st.Tokens,
		"from change", meta.Seq, "to", e.seq.Load(), "took", time.Since(start).Round(time.Millisecond))
	return true
}

// install makes the snapshot's state the engine's. Mu is held.
func (e *searchEngine) install(meta snapshotMeta, idx *index.Index) {
	keys := make([]engine.Key, len(meta.Keys))
	for i, k := range meta.Keys {
		keys[i] = engine.Key{Level: k.Level, NoForn: k.NoForn, Plain: k.Plain, Rel: k.Rel, Declassified: k.Declassified,
			Held: k.Held, NoDis: k.NODIS, ExDis: k.EXDIS, Cherokee: k.CHEROKEE, Open: k.Open}
	}
	e.Restore(meta.AsOf, meta.Dates, keys, idx)
	e.seq.Store(meta.Seq)
	e.reviewed.Store(meta.Reviewed)
}

// disagrees says how the engine's cables differ from the archive's (the
// cables with portions: how many, and the sum of their keys), or "".
func (e *searchEngine) disagrees(ctx context.Context) string {
	var n int
	var sum uint64
	if err := e.db.read.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(cable), 0) FROM (SELECT DISTINCT cable FROM portions)`).Scan(&n, &sum); err != nil {
		return err.Error()
	}
	gn, gsum := e.Index().LiveCables()
	if gn != n || gsum != sum {
		return fmt.Sprintf("it holds %d cables once caught up, the archive %d", gn, n)
	}
	return ""
}
