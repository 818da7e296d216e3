package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cabletext"
)

// Open brings the stored portions of an archive derived by older rules up
// to today's, as the SQLite store does (its rederive.go says why): an
// archive stored before unreadable marks failed closed keeps a
// "(TOP SECRET)" paragraph of a SECRET cable as SECRET text. Here a
// cable's portions are rows with their own text, so a cable
// that derives otherwise has its portion rows replaced, in place; its
// row, parties and everything keyed by its id stay.

// derivationVersion is the version of the rules stored portions follow.
// 2: unreadable marks fail closed, tolerant marks (2026-12).
// 3: marks inside a paragraph's text roll up into its marking (2026-12).
// 4: LIMITED OFFICIAL USE reads as SBU, a bare class word opens a 1970s
// telegram's text, glued fields (2026-12).
const derivationVersion = 4

// rederive brings the stored portions of every cable to
// derivationVersion, in one transaction, under a lock on the derivation
// row so that processes starting together do it once.
func (db *DB) rederive(ctx context.Context) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("derivation: %w", err)
	}
	defer tx.Rollback(ctx)
	var have int
	if err := tx.QueryRow(ctx, `SELECT version FROM derivation FOR UPDATE`).Scan(&have); err != nil {
		return fmt.Errorf("derivation: %w", err)
	}
	if have >= derivationVersion {
		return nil
	}
	start := time.Now()
	stale, checked, err := staleCables(ctx, tx)
	if err != nil {
		return fmt.Errorf("derivation: %w", err)
	}
	for row, st := range stale {
		if err := replacePortions(ctx, tx, row, st); err != nil {
			return fmt.Errorf("derivation: %w", err)
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE derivation SET version = $1`, derivationVersion); err != nil {
		return fmt.Errorf("derivation: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("derivation: %w", err)
	}
	if checked > 0 {
		db.Logger.Info("archive: stored form up to date", "cables", checked, "stored_again", len(stale), "took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// storedPortion is a portion row as the archive holds it.
type storedPortion struct {
	kind   string
	number int
	mark   access.Columns
}

// rederiveChunk is how many cables are compared at a time, so that the
// check reads the archive in pieces rather than all at once.
const rederiveChunk = 1000

// staleCables returns, by cable rowid, the derived form of each cable
// whose stored portions differ from it, and how many cables it checked.
func staleCables(ctx context.Context, tx pgx.Tx) (map[int64]*access.Stored, int, error) {
	stale := map[int64]*access.Stored{}
	checked := 0
	for after := int64(-1 << 62); ; {
		raws, last, err := chunkRaws(ctx, tx, after)
		if err != nil || len(raws) == 0 {
			return stale, checked, err
		}
		held, err := heldPortions(ctx, tx, after, last)
		if err != nil {
			return nil, 0, err
		}
		for row, raw := range raws {
			st := access.StoredOf(cabletext.Parse(raw))
			if !samePortions(held[row], st.Portions) {
				stale[row] = st
			}
		}
		checked += len(raws)
		after = last
	}
}

// chunkRaws returns the current raw texts of the next rederiveChunk
// cables after rowid after, by rowid, and the last rowid.
func chunkRaws(ctx context.Context, tx pgx.Tx, after int64) (map[int64][]byte, int64, error) {
	rows, err := tx.Query(ctx, `SELECT c.rowid, v.raw FROM cables c
		JOIN cable_versions v ON v.cable_id = c.id AND v.version = c.version
		WHERE c.rowid > $1 ORDER BY c.rowid LIMIT $2`, after, rederiveChunk)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	raws := map[int64][]byte{}
	last := after
	for rows.Next() {
		var row int64
		var raw []byte
		if err := rows.Scan(&row, &raw); err != nil {
			return nil, 0, err
		}
		raws[row], last = raw, row
	}
	return raws, last, rows.Err()
}

// heldPortions returns the stored portions of the cables with rowids in
// (after, last], by cable rowid, in id order.
func heldPortions(ctx context.Context, tx pgx.Tx, after, last int64) (map[int64][]storedPortion, error) {
	rows, err := tx.Query(ctx, `SELECT cable, kind, number, level, noforn, plain, rel FROM portions
		WHERE cable > $1 AND cable <= $2 ORDER BY cable, id`, after, last)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]storedPortion{}
	for rows.Next() {
		var row int64
		var p storedPortion
		if err := rows.Scan(&row, &p.kind, &p.number, &p.mark.Level, &p.mark.NoForn, &p.mark.Plain, &p.mark.Rel); err != nil {
			return nil, err
		}
		out[row] = append(out[row], p)
	}
	return out, rows.Err()
}

// samePortions reports whether the stored portions are those derived.
func samePortions(held []storedPortion, now []access.StoredPortion) bool {
	if len(held) != len(now) {
		return false
	}
	for k, p := range now {
		if h := held[k]; h.kind != p.Kind || h.number != p.Number || h.mark != p.Marking {
			return false
		}
	}
	return true
}

// replacePortions replaces the portion rows of the cable at row with st's.
func replacePortions(ctx context.Context, tx pgx.Tx, row int64, st *access.Stored) error {
	if _, err := tx.Exec(ctx, `DELETE FROM portions WHERE cable = $1`, row); err != nil {
		return err
	}
	for _, p := range st.Portions {
		m := p.Marking
		if _, err := tx.Exec(ctx, `INSERT INTO portions (cable, kind, number, level, noforn, plain, rel, text) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
			row, p.Kind, p.Number, m.Level, m.NoForn, m.Plain, m.Rel, validText(p.Text)); err != nil {
			return err
		}
	}
	return nil
}

// validText is s as PostgreSQL takes text: valid UTF-8 with no NUL, as
// the importer stores it (cleanRows).
func validText(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}
