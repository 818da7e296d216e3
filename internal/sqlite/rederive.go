package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cabletext"
)

// An archive keeps, beside each cable's raw text, the form derived from it
// (portions with their markings, parties, tags…), and its search index
// holds the portions' text under their ids. When the reader or the access
// rules change what a text derives to, the stored form must follow, or
// the SQL that filters every list and search would decide by the old
// rules: an archive stored before unreadable marks failed closed kept a
// "(TOP SECRET)" paragraph of a SECRET cable as SECRET text, found by a
// SECRET reader's search. So Open compares, once per change of the rules
// (derivationVersion), each cable's stored portions with those its raw
// text derives to now, and stores again each cable that differs, from its
// current version, keeping its number, its slugged parties and everything
// traffic keyed by its id (actions, deliveries, slug requests).

// derivationVersion is the version of the rules a stored form follows; an
// archive whose derivation table says less is brought up to date at Open.
// 2: unreadable marks fail closed, tolerant marks (2026-12).
// 3: marks inside a paragraph's text roll up into its marking (2026-12).
// 4: LIMITED OFFICIAL USE reads as SBU, a bare class word opens a 1970s
// telegram's text, glued fields (2026-12).
const derivationVersion = 4

// rederiveBatch is how many cables one transaction stores again.
const rederiveBatch = 500

// rederive brings the stored form of every cable to derivationVersion.
func (db *DB) rederive(ctx context.Context) error {
	var have int
	if err := db.write.QueryRowContext(ctx, `SELECT version FROM derivation`).Scan(&have); err != nil {
		return fmt.Errorf("derivation: %w", err)
	}
	if have >= derivationVersion {
		return nil
	}
	start := time.Now()
	stale, checked, err := db.staleCables(ctx)
	if err != nil {
		return fmt.Errorf("derivation: %w", err)
	}
	if len(stale) > 0 {
		db.Logger.Info("archive: storing again the cables whose text derives otherwise under today's rules",
			"cables", len(stale), "of", checked)
	}
	for i := 0; i < len(stale); i += rederiveBatch {
		if err := db.rederiveCables(ctx, stale[i:min(i+rederiveBatch, len(stale))]); err != nil {
			return fmt.Errorf("derivation: %w", err)
		}
	}
	if _, err := db.write.ExecContext(ctx, `UPDATE derivation SET version = ?`, derivationVersion); err != nil {
		return fmt.Errorf("derivation: %w", err)
	}
	if checked > 0 {
		db.Logger.Info("archive: stored form up to date", "cables", checked, "stored_again", len(stale), "took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// staleCables returns the ids of the cables whose stored portions differ
// from those their current text derives to, and how many it checked. It
// reads the archive a thousand cables at a time, so that a large archive
// is never in memory at once.
func (db *DB) staleCables(ctx context.Context) ([]string, int, error) {
	stmt, err := db.write.PrepareContext(ctx, `SELECT id, kind, number, level, noforn, plain, rel FROM portions WHERE cable = ? ORDER BY id`)
	if err != nil {
		return nil, 0, err
	}
	defer stmt.Close()
	var stale []string
	checked := 0
	for after := int64(-1 << 62); ; {
		chunk, err := db.rawChunk(ctx, after)
		if err != nil || len(chunk) == 0 {
			return stale, checked, err
		}
		for _, h := range chunk {
			same, err := sameDerivation(ctx, stmt, h.row, h.raw)
			if err != nil {
				return nil, 0, err
			}
			if !same {
				stale = append(stale, h.id)
			}
		}
		checked += len(chunk)
		after = chunk[len(chunk)-1].row
	}
}

// heldRaw is a cable's rowid, id and current raw text.
type heldRaw struct {
	row int64
	id  string
	raw []byte
}

// rawChunk returns the next thousand cables after rowid after.
func (db *DB) rawChunk(ctx context.Context, after int64) ([]heldRaw, error) {
	rows, err := db.write.QueryContext(ctx, `SELECT c.rowid, c.id, v.raw FROM cables c
		JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version WHERE c.rowid > ? ORDER BY c.rowid LIMIT 1000`, after)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []heldRaw
	for rows.Next() {
		var h heldRaw
		if err := rows.Scan(&h.row, &h.id, &h.raw); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// sameDerivation reports whether the portions stored for the cable at row
// are those raw derives to now.
func sameDerivation(ctx context.Context, stmt *sql.Stmt, row int64, raw []byte) (bool, error) {
	rows, err := stmt.QueryContext(ctx, row)
	if err != nil {
		return false, err
	}
	held, err := scanPortions(rows)
	if err != nil {
		return false, err
	}
	now := access.StoredOf(cabletext.Parse(raw)).Portions
	if len(now) > maxPortions {
		now = now[:maxPortions]
	}
	if len(held) != len(now) {
		return false, nil
	}
	for k, p := range now {
		h := held[k]
		if h.kind != p.Kind || h.number != p.Number || h.mark != p.Marking {
			return false, nil
		}
	}
	return true, nil
}

// rederiveCables stores the cables ids again from their current versions,
// in one transaction, and applies the change to the search index.
func (db *DB) rederiveCables(ctx context.Context, ids []string) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var have int
	if err := tx.QueryRowContext(ctx, `SELECT version FROM derivation`).Scan(&have); err != nil {
		return err
	}
	if have >= derivationVersion {
		return nil // another process did it first
	}
	b, err := prepareBatch(ctx, tx)
	if err != nil {
		return err
	}
	defer b.close()
	now := db.Now().UTC().Format(time.RFC3339)
	for _, id := range ids {
		if err := b.rederiveCable(ctx, tx, id, now); err != nil {
			return fmt.Errorf("store %s again: %w", id, err)
		}
	}
	if err := b.storeParts(ctx, tx); err != nil {
		return err
	}
	job, err := db.queueIndexJob(ctx, tx, b)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if err := db.ix.apply(ctx, job); err != nil {
		return indexBehind(err)
	}
	return nil
}

// rederiveCable stores cable id again from its current version under a
// new rowid (the old one is retired, so that no portion id names other
// text), with the offices traffic slugged it to.
func (b *batch) rederiveCable(ctx context.Context, tx *sql.Tx, id, now string) error {
	var row int64
	var version int
	var raw []byte
	err := tx.QueryRowContext(ctx, `SELECT c.rowid, c.version, v.raw FROM cables c
		JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version WHERE c.id = ?`, id).Scan(&row, &version, &raw)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT plad FROM parties WHERE cable = ? AND role = 'slug' ORDER BY plad`, row)
	if err != nil {
		return err
	}
	slugs, err := scanStrings(rows)
	if err != nil {
		return err
	}
	c := cabletext.Parse(raw)
	st := access.StoredOf(c)
	next, err := b.freeRow(ctx, st.Sent)
	if err != nil {
		return err
	}
	if next < 0 {
		return fmt.Errorf("no free row in its minute")
	}
	if err := b.removeRow(ctx, row); err != nil {
		return err
	}
	if err := b.indexCable(ctx, c, st, version, next, now); err != nil {
		return err
	}
	for _, s := range slugs {
		b.parties.add(next, next, s, "slug")
	}
	return nil
}
