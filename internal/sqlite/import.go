package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
)

// ImportCables stores parsed cables with their source text in one
// transaction. The same text under the same id is Unchanged; a different
// text is a NewVersion, kept beside the old one, and becomes current. A
// crash before the commit leaves nothing of the batch behind, so an
// interrupted import that is run again gives the same archive.
func (db *DB) ImportCables(ctx context.Context, cs []*cable.Cable) ([]cable.ImportResult, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("import cables: %w", err)
	}
	defer tx.Rollback()
	results, err := db.importInTx(ctx, tx, cs)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("import cables: %w", err)
	}
	return results, nil
}

// importInTx stores and indexes cables inside tx, which the caller
// commits: traffic archives a released cable in the transaction that
// assigns its serial and queues its deliveries.
func (db *DB) importInTx(ctx context.Context, tx *sql.Tx, cs []*cable.Cable) ([]cable.ImportResult, error) {
	now := db.Now().UTC().Format(time.RFC3339)
	var first int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM portions`).Scan(&first); err != nil {
		return nil, fmt.Errorf("import cables: %w", err)
	}
	b, err := prepareBatch(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("import cables: %w", err)
	}
	b.indexed = first
	defer b.close()
	results := make([]cable.ImportResult, len(cs))
	for i, c := range cs {
		if results[i], err = b.importCable(ctx, c, now); err != nil {
			return nil, err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO portions_fts(rowid, text) SELECT id, text FROM portions WHERE id > ?`, first); err != nil {
		return nil, fmt.Errorf("index cables: %w", err)
	}
	return results, nil
}

// rawOf returns the exact source text of a parsed cable.
func rawOf(c *cable.Cable) []byte {
	var b bytes.Buffer
	cabletext.WriteLossless(&b, c) // a bytes.Buffer does not fail
	return b.Bytes()
}

func (b *batch) importCable(ctx context.Context, c *cable.Cable, now string) (cable.ImportResult, error) {
	if c.ID == "" {
		return 0, cable.Errorf(cable.Invalid, "cable has no id: it needs an envelope, or a classification line with station and serial and a DTG")
	}
	raw := rawOf(c)
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
	if version > 1 {
		// A new version replaces the old one's index entries.
		if _, err := b.unindex.ExecContext(ctx, c.ID, b.indexed); err != nil {
			return err
		}
		if _, err := b.deleteCable.ExecContext(ctx, c.ID); err != nil {
			return err
		}
	}
	banner, _ := access.Banner(c)
	bm := markingCols(banner)
	d := access.DistributionOf(c)
	var restrictive, nodis, exdis, cherokee, sipdis bool
	for _, cp := range d.Captions {
		restrictive = restrictive || cp.Restrictive()
		nodis = nodis || cp == marking.NODIS
		exdis = exdis || cp == marking.EXDIS
		cherokee = cherokee || cp == marking.CHEROKEE
		sipdis = sipdis || cp == marking.SIPDIS
	}
	var declassified any
	if decl := c.Text.Decl.Date; !decl.IsZero() && access.Declassified(c, decl) {
		declassified = decl.Format(time.DateOnly)
	}
	when := cableTime(c)
	var dtg, year any
	if !when.IsZero() {
		dtg, year = when.Unix(), when.Year()
	}
	res, err := b.insertCable.ExecContext(ctx,
		c.ID, version, dtg, year, access.NormalizePLAD(d.Origin), originName(c), c.Text.Subject, int(c.Precedence()),
		classificationOf(c), bm.level, bm.noforn, bm.plain, bm.rel, sipdis, restrictive, nodis, exdis, cherokee,
		declassified, now)
	if err != nil {
		return err
	}
	row, err := res.LastInsertId()
	if err != nil {
		return err
	}
	return b.indexParts(ctx, row, c, d)
}

// indexParts stores the parties, tags, captions, references and portions
// of the cable at rowid row, one prepared statement execution per row.
// (Passing a cable's rows as one JSON array through json_each measured
// slower: the driver's JSON functions cost more than the statements.)
func (b *batch) indexParts(ctx context.Context, row int64, c *cable.Cable, d access.Distribution) error {
	exec := func(st *sql.Stmt, args ...any) error {
		_, err := st.ExecContext(ctx, args...)
		return err
	}
	var errs []error
	if d.Origin != "" {
		errs = append(errs, exec(b.insertParty, row, access.NormalizePLAD(d.Origin), "origin"))
	}
	for _, x := range []struct {
		role string
		as   []cable.Address
	}{{"to", c.Header.To}, {"info", c.Header.Info}} {
		for _, a := range x.as {
			if a.PLAD != "" {
				errs = append(errs, exec(b.insertParty, row, access.NormalizePLAD(a.PLAD), x.role))
			}
		}
	}
	for _, t := range c.Text.Tags {
		errs = append(errs, exec(b.insertTag, row, t))
	}
	for _, cp := range c.Text.Captions {
		errs = append(errs, exec(b.insertCaption, row, cp))
	}
	for i, r := range c.Text.References {
		errs = append(errs, exec(b.insertRef, row, i, r.Label, r.Text, r.ID, string(r.Kind)))
	}
	for _, p := range portionRows(c) {
		errs = append(errs, exec(b.insertPortion, append([]any{row}, p[:]...)...))
	}
	return errors.Join(errs...)
}

// portionRows returns the portions of c as rows of the portions table
// (kind, number, level, noforn, plain, rel, text): the subject, each
// paragraph with its heading, and one unmarked portion holding what takes
// the banner (tags, references, the authority, pass lines, the signature).
func portionRows(c *cable.Cable) [][7]any {
	var rows [][7]any
	put := func(kind string, number int, m marking.Marking, text string) {
		if strings.TrimSpace(text) == "" {
			return
		}
		mc := markingCols(m)
		rows = append(rows, [7]any{kind, number, mc.level, mc.noforn, mc.plain, mc.rel, text})
	}
	banner, _ := access.Banner(c)
	t := &c.Text
	for _, p := range access.Portions(c) {
		switch p.Kind {
		case access.PortionSubject:
			put("subject", 0, p.Marking, t.Subject)
		case access.PortionParagraph:
			para := t.Paragraphs[p.Index]
			put("paragraph", para.Number, p.Marking, strings.TrimSpace(para.Heading+"\n"+para.Text))
		}
	}
	put("unmarked", 0, banner, unmarkedText(c))
	return rows
}

// unmarkedText gathers the text that carries no mark of its own.
func unmarkedText(c *cable.Cable) string {
	t := &c.Text
	parts := append([]string{}, t.Tags...)
	for _, r := range t.References {
		parts = append(parts, r.Text)
	}
	parts = append(parts, t.PassLines...)
	parts = append(parts, t.ClassifiedBy.Authority, t.Signature)
	return strings.TrimSpace(strings.Join(parts, "\n"))
}

// markingRow is a marking as the portions and cables tables store it.
type markingRow struct {
	level  int
	noforn bool
	plain  bool
	rel    string
}

// markingCols converts m; see the portions table.
func markingCols(m marking.Marking) markingRow {
	m = m.Canonical()
	mc := markingRow{level: int(m.Level), noforn: m.NoForn}
	mc.plain = m.Level == marking.Unclassified && !m.NoForn && !m.SBU && !m.FOUO && !m.FGI && len(m.RelTo) == 0
	if len(m.RelTo) > 0 && !m.NoForn {
		mc.rel = "," + strings.Join(m.RelTo, ",") + ","
	}
	return mc
}

// cableTime is when a cable was sent: its DTG, else the archive's created
// date.
func cableTime(c *cable.Cable) time.Time {
	if !c.Header.Time.IsZero() {
		return c.Header.Time
	}
	return c.Envelope.CreatedDate()
}

func originName(c *cable.Cable) string {
	if c.Envelope != nil {
		return c.Envelope.Origin
	}
	return ""
}

func classificationOf(c *cable.Cable) string {
	if c.Envelope != nil && c.Envelope.Classification != "" {
		return c.Envelope.Classification
	}
	if b, err := access.Banner(c); err == nil {
		return b.Banner()
	}
	return c.Text.Class.Level
}

// batch holds the prepared statements of one import transaction: preparing
// each statement once per batch rather than once per row halves the cost
// of an import.
type batch struct {
	// indexed is the largest portion id in the FTS index before the batch:
	// a version replaced within the batch was never indexed, and must not
	// be deleted from the index.
	indexed int64

	findVersion, maxVersion                          *sql.Stmt
	insertVersion, unindex, deleteCable, insertCable *sql.Stmt
	insertParty, insertTag, insertCaption, insertRef *sql.Stmt
	insertPortion                                    *sql.Stmt
	all                                              []*sql.Stmt
}

func prepareBatch(ctx context.Context, tx *sql.Tx) (*batch, error) {
	b := &batch{}
	for _, p := range []struct {
		st **sql.Stmt
		q  string
	}{
		{&b.findVersion, `SELECT version FROM cable_versions WHERE cable_id = ? AND sha256 = ?`},
		{&b.maxVersion, `SELECT coalesce(max(version), 0) FROM cable_versions WHERE cable_id = ?`},
		{&b.insertVersion, `INSERT INTO cable_versions (cable_id, version, sha256, raw, imported_at) VALUES (?, ?, ?, ?, ?)`},
		{&b.unindex, `INSERT INTO portions_fts(portions_fts, rowid, text)
			SELECT 'delete', p.id, p.text FROM portions p JOIN cables c ON c.rowid = p.cable WHERE c.id = ? AND p.id <= ?`},
		{&b.deleteCable, `DELETE FROM cables WHERE id = ?`},
		{&b.insertCable, `INSERT INTO cables (id, version, dtg, year, origin, origin_name, subject, precedence,
			classification, b_level, b_noforn, b_plain, b_rel, sipdis, restrictive, need_nodis, need_exdis, need_cherokee,
			declassified, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`},
		{&b.insertParty, `INSERT OR IGNORE INTO parties VALUES (?, ?, ?)`},
		{&b.insertTag, `INSERT OR IGNORE INTO tags VALUES (?, ?)`},
		{&b.insertCaption, `INSERT OR IGNORE INTO captions VALUES (?, ?)`},
		{&b.insertRef, `INSERT INTO refs VALUES (?, ?, ?, ?, ?, ?)`},
		{&b.insertPortion, `INSERT INTO portions (cable, kind, number, level, noforn, plain, rel, text) VALUES (?,?,?,?,?,?,?,?)`},
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
