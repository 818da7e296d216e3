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
	"github.com/cable/cable/internal/quality"
)

// ImportCables stores parsed cables with their source text in one
// transaction. The same text under the same id is Unchanged; a different
// text is a NewVersion, kept beside the old one, and becomes current. A
// crash before the commit leaves nothing of the batch behind, so an
// interrupted import that is run again gives the same archive. A cable
// the archive cannot take is Refused, and the others are stored: the
// error is then a cable.ImportErrors saying why (refusal).
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
	results, job, refused, err := db.importInTx(ctx, tx, cs)
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
	return results, refused.Err()
}

// importInTx stores cables inside tx, which the caller commits, and
// queues their change to the search index, which the caller applies
// after the commit (index.go): traffic archives a released cable in the
// transaction that assigns its serial and queues its deliveries. The
// cables it refused wrote nothing (refusal), so the caller may commit
// the others.
func (db *DB) importInTx(ctx context.Context, tx *sql.Tx, cs []*cable.Cable) ([]cable.ImportResult, *indexJob, cable.ImportErrors, error) {
	now := db.Now().UTC().Format(time.RFC3339)
	b, err := prepareBatch(ctx, tx)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("import cables: %w", err)
	}
	defer b.close()
	results := make([]cable.ImportResult, len(cs))
	var refused cable.ImportErrors
	for i, c := range cs {
		results[i], err = b.importCable(ctx, c, now)
		switch {
		case results[i] == cable.Refused:
			refused = append(refused, &cable.ImportError{Index: i, ID: c.ID, Err: err})
		case err != nil:
			return nil, nil, nil, err
		}
	}
	if err := b.storeParts(ctx, tx); err != nil {
		return nil, nil, nil, fmt.Errorf("import cables: %w", err)
	}
	job, err := db.queueIndexJob(ctx, tx, b)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("index cables: %w", err)
	}
	for _, u := range b.unsearchable {
		db.Logger.Warn("cable stored, but the search index takes only its first portions: the rest can be read, not found",
			"cable", u.id, "portions", u.portions, "searchable", maxPortions)
	}
	return results, job, refused, nil
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

// importCable stores cable c, or refuses it: Refused comes with the
// reason, and then nothing of c was written, so that the batch goes on
// without it. Any other error is the batch's.
func (b *batch) importCable(ctx context.Context, c *cable.Cable, now string) (cable.ImportResult, error) {
	if c.ID == "" {
		return cable.Refused, cable.Errorf(cable.Invalid, "cable has no id: it needs an envelope, or a classification line with station and serial and a DTG")
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
	st := access.StoredOf(c)
	row, err := b.freeRow(ctx, st.Sent)
	if err != nil {
		return 0, fmt.Errorf("import %s: %w", c.ID, err)
	}
	if row < 0 {
		return cable.Refused, cable.Errorf(cable.Conflict, "the archive holds %d cables sent in its minute (%s), as many as it can",
			1<<slotBits, st.Sent.Format("2006-01-02 15:04"))
	}
	if _, err := b.insertVersion.ExecContext(ctx, c.ID, version, hash, raw, now); err != nil {
		return 0, fmt.Errorf("import %s: %w", c.ID, err)
	}
	if err := b.indexCable(ctx, c, st, version, row, now); err != nil {
		return 0, fmt.Errorf("index %s: %w", c.ID, err)
	}
	if version == 1 {
		return cable.Imported, nil
	}
	return cable.NewVersion, nil
}

// indexCable replaces the searchable, filterable form of a cable with that
// of its current version c, stored at rowid row.
func (b *batch) indexCable(ctx context.Context, c *cable.Cable, st *access.Stored, version int, row int64, now string) error {
	if version > 1 {
		if err := b.removeOld(ctx, c.ID); err != nil {
			return err
		}
	}
	var declassified, dtg, year any
	if !st.Declassified.IsZero() {
		declassified = st.Declassified.Format(time.DateOnly)
	}
	if !st.Sent.IsZero() {
		dtg, year = st.Sent.Unix(), st.Sent.Year()
	}
	bm := st.Banner
	_, err := b.insertCable.ExecContext(ctx, row,
		c.ID, version, dtg, year, st.Origin, st.OriginName, c.Text.Subject, int(c.Precedence()),
		st.Classification, bm.Level, bm.NoForn, bm.Plain, bm.Rel, st.SIPDIS, st.Restrictive, st.NeedNODIS, st.NeedEXDIS, st.NeedCHEROKEE,
		declassified, now)
	if err != nil {
		return err
	}
	b.added[row] = true
	b.indexParts(row, c, st)
	return nil
}

// freeRow returns the rowid a cable sent at sent is stored under: the
// first free slot of its minute, or -1 when the minute has none. It
// writes nothing, so that a cable can be refused before any of it is
// stored. Replacing a version does not change the answer: its old row,
// in the cables table or retired, counts the same (removeOld).
func (b *batch) freeRow(ctx context.Context, sent time.Time) (int64, error) {
	base := minuteKey(sent)
	var last sql.NullInt64
	if err := b.lastInMinute.QueryRowContext(ctx, sql.Named("lo", base), sql.Named("hi", base+(1<<slotBits)-1)).Scan(&last); err != nil {
		return 0, err
	}
	if !last.Valid {
		return base, nil
	}
	if last.Int64+1 >= base+(1<<slotBits) {
		return -1, nil
	}
	return last.Int64 + 1, nil
}

// removeOld removes the row of cable id's previous version (and its
// portions from the search index, when they were there before this
// batch) and retires its rowid: a rowid, and so a portion id, never
// names other text (index.go).
func (b *batch) removeOld(ctx context.Context, id string) error {
	var row int64
	err := b.findRow.QueryRowContext(ctx, id).Scan(&row)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	return b.removeRow(ctx, row)
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
//
// A portion's id has room for maxPortions portions a cable. A cable with
// more is stored whole and read whole; only its first maxPortions
// portions are searchable, and the import says so (importInTx). Refusing
// it would lose a real cable to a limit of the index's ids.
func (b *batch) indexParts(row int64, c *cable.Cable, st *access.Stored) {
	if n := len(st.Portions); n > maxPortions {
		b.unsearchable = append(b.unsearchable, unsearchable{c.ID, n})
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
	for k, p := range indexedPortions(st) {
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
	for _, f := range quality.Of(c) {
		b.findings.add(row, row, f.Kind, f.Part)
	}
}

// indexedPortions returns the portions of a cable the search index takes:
// its first maxPortions (indexParts).
func indexedPortions(st *access.Stored) []access.StoredPortion {
	return st.Portions[:min(len(st.Portions), maxPortions)]
}

// unsearchable is a cable stored with more portions than the index takes.
type unsearchable struct {
	id       string
	portions int
}

// storeParts stores the rows indexParts collected, of the cables the
// batch stored and did not replace.
func (b *batch) storeParts(ctx context.Context, tx *sql.Tx) error {
	for _, p := range []*pendingRows{&b.parties, &b.tags, &b.captions, &b.refs, &b.portions, &b.findings} {
		if err := p.flush(ctx, tx, b.added); err != nil {
			return err
		}
	}
	return nil
}
