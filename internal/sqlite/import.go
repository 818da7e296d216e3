package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// ImportCables stores parsed cables with their source text in one
// transaction. The same text under the same id is Unchanged; a different
// text is a NewVersion, kept beside the old one, and becomes current. A
// crash before the commit leaves nothing of the batch behind, so an
// interrupted import that is run again gives the same archive.
func (db *DB) ImportCables(ctx context.Context, cs []*cable.Cable) ([]cable.ImportResult, error) {
	return db.importCables(ctx, cs, false)
}

// ImportBulk is ImportCables for one batch of many: it leaves the merging
// of the search index's segments to OptimizeAfterImport, which the bulk
// importer calls at the end (see optimize.go).
func (db *DB) ImportBulk(ctx context.Context, cs []*cable.Cable) ([]cable.ImportResult, error) {
	return db.importCables(ctx, cs, true)
}

func (db *DB) importCables(ctx context.Context, cs []*cable.Cable, deferMerge bool) ([]cable.ImportResult, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("import cables: %w", err)
	}
	defer tx.Rollback()
	results, job, err := db.importInTx(ctx, tx, cs)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("import cables: %w", err)
	}
	job.deferMerge = deferMerge
	if deferMerge {
		err = db.ix.applyBulk(job)
	} else {
		err = db.ix.apply(ctx, job)
	}
	if err != nil {
		return results, indexBehind(err)
	}
	return results, nil
}

// importInTx stores cables inside tx, which the caller commits, and
// queues their change to the search index, which the caller applies
// after the commit (index.go): traffic archives a released cable in the
// transaction that assigns its serial and queues its deliveries.
func (db *DB) importInTx(ctx context.Context, tx *sql.Tx, cs []*cable.Cable) ([]cable.ImportResult, *indexJob, error) {
	now := db.Now().UTC().Format(time.RFC3339)
	b, err := prepareBatch(ctx, tx)
	if err != nil {
		return nil, nil, fmt.Errorf("import cables: %w", err)
	}
	defer b.close()
	results := make([]cable.ImportResult, len(cs))
	for i, c := range cs {
		if results[i], err = b.importCable(ctx, c, now); err != nil {
			return nil, nil, err
		}
	}
	if err := b.storeParts(ctx, tx); err != nil {
		return nil, nil, fmt.Errorf("import cables: %w", err)
	}
	job, err := db.queueIndexJob(ctx, tx, b)
	if err != nil {
		return nil, nil, fmt.Errorf("index cables: %w", err)
	}
	return results, job, nil
}

// queueIndexJob records the batch's change to the search index in the
// archive's queue, and drops the changes the index has applied.
func (db *DB) queueIndexJob(ctx context.Context, tx *sql.Tx, b *batch) (*indexJob, error) {
	// Empty slices, not nil, so that the queue holds [] rather than null.
	var texts []portionText
	for _, t := range b.texts {
		if b.added[t.id>>portionBits] {
			texts = append(texts, t)
		}
	}
	j := newIndexJob(texts)
	j.added, j.removed = slices.AppendSeq([]int64{}, maps.Keys(b.added)), append([]int64{}, b.removed...)
	slices.Sort(j.added)
	added, _ := json.Marshal(j.added)
	removed, _ := json.Marshal(j.removed)
	if err := tx.QueryRowContext(ctx, `INSERT INTO index_queue (added, removed) VALUES (?, ?) RETURNING seq`,
		string(added), string(removed)).Scan(&j.seq); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM index_queue WHERE seq <= ?`, db.ix.applied.Load()); err != nil {
		return nil, err
	}
	return j, nil
}

// Cable and portion rowids. A cable's rowid is the minute it was sent
// (counted from 1900, so that the corpus's 1966 cables are positive)
// shifted left 12 bits, plus the first free slot of that minute; a
// portion's id is its cable's rowid shifted left 9 bits, plus its index.
// Rowid order is then time order, in the cables table and in the FTS
// index, so that "newest first" reads the index backwards and stops after
// a page.
const (
	slotBits    = 12
	portionBits = 9
	maxPortions = 1 << portionBits
)

var epoch = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// minuteKey is the rowid range of cables sent in the minute of t.
func minuteKey(t time.Time) int64 {
	if t.IsZero() || t.Before(epoch) {
		return 0
	}
	return int64(t.Sub(epoch)/time.Minute) << slotBits
}

func (b *batch) importCable(ctx context.Context, c *cable.Cable, now string) (cable.ImportResult, error) {
	if c.ID == "" {
		return 0, cable.Errorf(cable.Invalid, "cable has no id: it needs an envelope, or a classification line with station and serial and a DTG")
	}
	raw := cabletext.Lossless(c)
	sum := sha256.Sum256(raw)
	hash := hex.EncodeToString(sum[:])
	var version int
	err := b.findVersion.QueryRowContext(ctx, c.ID, hash).Scan(&version)
	switch {
	case err == nil:
		return cable.Unchanged, nil
	case !errors.Is(err, sql.ErrNoRows):
		return 0, fmt.Errorf("import %s: %w", c.ID, err)
	}
	if err := b.maxVersion.QueryRowContext(ctx, c.ID).Scan(&version); err != nil {
		return 0, fmt.Errorf("import %s: %w", c.ID, err)
	}
	version++
	if _, err := b.insertVersion.ExecContext(ctx, c.ID, version, hash, raw, now); err != nil {
		return 0, fmt.Errorf("import %s: %w", c.ID, err)
	}
	if err := b.indexCable(ctx, c, version, now); err != nil {
		return 0, fmt.Errorf("index %s: %w", c.ID, err)
	}
	if version == 1 {
		return cable.Imported, nil
	}
	return cable.NewVersion, nil
}

// indexCable replaces the searchable, filterable form of a cable with that
// of its current version c.
func (b *batch) indexCable(ctx context.Context, c *cable.Cable, version int, now string) error {
	st := access.StoredOf(c)
	row, err := b.rowFor(ctx, c.ID, version, st.Sent)
	if err != nil {
		return err
	}
	var declassified, dtg, year any
	if !st.Declassified.IsZero() {
		declassified = st.Declassified.Format(time.DateOnly)
	}
	if !st.Sent.IsZero() {
		dtg, year = st.Sent.Unix(), st.Sent.Year()
	}
	bm := st.Banner
	_, err = b.insertCable.ExecContext(ctx, row,
		c.ID, version, dtg, year, st.Origin, st.OriginName, c.Text.Subject, int(c.Precedence()),
		st.Classification, bm.Level, bm.NoForn, bm.Plain, bm.Rel, st.SIPDIS, st.Restrictive, st.NeedNODIS, st.NeedEXDIS, st.NeedCHEROKEE,
		declassified, now)
	if err != nil {
		return err
	}
	b.added[row] = true
	return b.indexParts(row, c, st)
}

// rowFor returns the rowid cable c's current version is stored under,
// the first free slot of the minute it was sent. A new version's old row
// is removed (and from the search index, when it was there before this
// batch) and its rowid retired: a rowid, and so a portion id, never
// names other text (index.go).
func (b *batch) rowFor(ctx context.Context, id string, version int, sent time.Time) (int64, error) {
	base := minuteKey(sent)
	if version > 1 {
		var row int64
		err := b.findRow.QueryRowContext(ctx, id).Scan(&row)
		switch {
		case err == nil:
			if err := b.removeRow(ctx, row); err != nil {
				return 0, err
			}
		case !errors.Is(err, sql.ErrNoRows):
			return 0, err
		}
	}
	var last sql.NullInt64
	if err := b.lastInMinute.QueryRowContext(ctx, sql.Named("lo", base), sql.Named("hi", base+(1<<slotBits)-1)).Scan(&last); err != nil {
		return 0, err
	}
	if !last.Valid {
		return base, nil
	}
	if last.Int64+1 >= base+(1<<slotBits) {
		return 0, cable.Errorf(cable.Conflict, "cable %s: more than %d cables sent in the same minute", id, 1<<slotBits)
	}
	return last.Int64 + 1, nil
}

// removeRow deletes the cable stored at row and retires the rowid. Its
// portions leave the search index, unless they were to enter it with
// this batch.
func (b *batch) removeRow(ctx context.Context, row int64) error {
	if b.added[row] {
		delete(b.added, row)
	} else if err := b.collectPortions(ctx, row); err != nil {
		return err
	}
	if _, err := b.deleteCable.ExecContext(ctx, row); err != nil {
		return err
	}
	_, err := b.retire.ExecContext(ctx, row)
	return err
}

// collectPortions adds the portion ids of the cable at row to those that
// leave the search index.
func (b *batch) collectPortions(ctx context.Context, row int64) error {
	rows, err := b.portionIDs.QueryContext(ctx, row)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		b.removed = append(b.removed, id)
	}
	return rows.Err()
}

// indexParts collects the parties, tags, captions, references and
// portions of the cable at rowid row, which storeParts stores at the end
// of the batch. (Passing a cable's rows as one JSON array through
// json_each measured slower than a statement per row.)
func (b *batch) indexParts(row int64, c *cable.Cable, st *access.Stored) error {
	if len(st.Portions) > maxPortions {
		return cable.Errorf(cable.Invalid, "cable %s has %d portions: at most %d can be indexed", c.ID, len(st.Portions), maxPortions)
	}
	if st.Origin != "" {
		b.parties.add(row, row, st.Origin, "origin")
	}
	for _, x := range []struct {
		role string
		as   []cable.Address
	}{{"to", c.Header.To}, {"info", c.Header.Info}} {
		for _, a := range x.as {
			if a.PLAD != "" {
				b.parties.add(row, row, access.NormalizePLAD(a.PLAD), x.role)
			}
		}
	}
	for _, t := range c.Text.Tags {
		b.tags.add(row, row, t)
	}
	for _, cp := range c.Text.Captions {
		b.captions.add(row, row, cp)
	}
	for i, r := range c.Text.References {
		b.refs.add(row, row, i, r.Label, r.Text, r.ID, string(r.Kind))
	}
	for k, p := range st.Portions {
		m := p.Marking
		// The archive keeps only the subject's text (inboxes list it);
		// the search index keeps them all.
		text := ""
		if p.Kind == "subject" {
			text = p.Text
		}
		b.portions.add(row, row<<portionBits|int64(k), row, p.Kind, p.Number, m.Level, m.NoForn, m.Plain, m.Rel, text)
	}
	b.texts = appendTexts(b.texts, row, st)
	return nil
}

// storeParts stores the rows indexParts collected, of the cables the
// batch stored and did not replace.
func (b *batch) storeParts(ctx context.Context, tx *sql.Tx) error {
	for _, p := range []*pendingRows{&b.parties, &b.tags, &b.captions, &b.refs, &b.portions} {
		if err := p.flush(ctx, tx, b.added); err != nil {
			return err
		}
	}
	return nil
}

// batch holds the prepared statements of one import transaction: preparing
// each statement once per batch rather than once per row halves the cost
// of an import.
type batch struct {
	// added holds the rowids of the cables this batch stored, whose
	// texts are added to the search index; removed the ids of the
	// portions of cables stored before it that it removed, which leave
	// the index. A version replaced within the batch is in neither.
	added   map[int64]bool
	removed []int64
	texts   []portionText

	findVersion, maxVersion                         *sql.Stmt
	insertVersion, retire, deleteCable, insertCable *sql.Stmt
	findRow, lastInMinute, portionIDs               *sql.Stmt
	parties, tags, captions, refs, portions         pendingRows
	all                                             []*sql.Stmt
}

func prepareBatch(ctx context.Context, tx *sql.Tx) (*batch, error) {
	b := &batch{added: map[int64]bool{},
		parties:  pendingRows{insert: `INSERT OR IGNORE INTO parties VALUES`, cols: 3},
		tags:     pendingRows{insert: `INSERT OR IGNORE INTO tags VALUES`, cols: 2},
		captions: pendingRows{insert: `INSERT OR IGNORE INTO captions VALUES`, cols: 2},
		refs:     pendingRows{insert: `INSERT INTO refs VALUES`, cols: 6},
		portions: pendingRows{insert: `INSERT INTO portions (id, cable, kind, number, level, noforn, plain, rel, text) VALUES`, cols: 9},
	}
	for _, p := range []struct {
		st **sql.Stmt
		q  string
	}{
		{&b.findVersion, `SELECT version FROM cable_versions WHERE cable_id = ? AND sha256 = ?`},
		{&b.maxVersion, `SELECT coalesce(max(version), 0) FROM cable_versions WHERE cable_id = ?`},
		{&b.insertVersion, `INSERT INTO cable_versions (cable_id, version, sha256, raw, imported_at) VALUES (?, ?, ?, ?, ?)`},
		{&b.retire, `INSERT OR IGNORE INTO retired_rows VALUES (?)`},
		{&b.portionIDs, `SELECT id FROM portions WHERE cable = ?`},
		{&b.deleteCable, `DELETE FROM cables WHERE rowid = ?`},
		{&b.findRow, `SELECT rowid FROM cables WHERE id = ?`},
		{&b.lastInMinute, `SELECT max(r) FROM (SELECT max(rowid) AS r FROM cables WHERE rowid BETWEEN :lo AND :hi
			UNION ALL SELECT max(rowid) FROM retired_rows WHERE rowid BETWEEN :lo AND :hi)`},
		{&b.insertCable, `INSERT INTO cables (rowid, id, version, dtg, year, origin, origin_name, subject, precedence,
			classification, b_level, b_noforn, b_plain, b_rel, sipdis, restrictive, need_nodis, need_exdis, need_cherokee,
			declassified, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`},
	} {
		st, err := tx.PrepareContext(ctx, p.q)
		if err != nil {
			b.close()
			return nil, err
		}
		*p.st = st
		b.all = append(b.all, st)
	}
	return b, nil
}

func (b *batch) close() {
	for _, st := range b.all {
		st.Close()
	}
}
