package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/quality"
	"github.com/cable/cable/internal/suggest"
)

// importLock is the advisory lock key that serialises imports, as
// SQLite's single writer does: a version number is the largest stored
// plus one, which two concurrent imports of one cable would both take.
const importLock = 0x6361626c66

// ImportCables stores parsed cables with their source text in one
// transaction. The same text under the same id is Unchanged; a different
// text is a NewVersion, kept beside the old one, and becomes current. A
// crash before the commit leaves nothing of the batch behind, so an
// interrupted import that is run again gives the same archive.
//
// A batch costs a fixed number of round trips, whatever its size: the
// known versions are read in one query, and the new rows are written
// with one COPY per table.
//
// A cable the store cannot take is Refused and the others are stored, as
// in the SQLite store; the error is then a cable.ImportErrors saying why.
// Some are known before any write (refusal); others only when PostgreSQL
// refuses a row of the batch's COPY (a tag too long for its index, say),
// which does not say whose: the batch is then stored again a cable at a
// time (importBatch).
func (db *DB) ImportCables(ctx context.Context, cs []*cable.Cable) ([]cable.ImportResult, error) {
	results := make([]cable.ImportResult, len(cs))
	var refused cable.ImportErrors
	var take []int // indexes in cs of the cables to store
	for i, c := range cs {
		if err := refusal(c); err != nil {
			results[i] = cable.Refused
			refused = append(refused, &cable.ImportError{Index: i, ID: c.ID, Err: err})
			continue
		}
		take = append(take, i)
	}
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, importLock); err != nil {
			return err
		}
		more, err := db.importBatch(ctx, tx, cs, take, results)
		refused = append(refused, more...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("import cables: %w", err)
	}
	slices.SortFunc(refused, func(a, b *cable.ImportError) int { return a.Index - b.Index })
	return results, refused.Err()
}

// known is what the archive holds of one cable id: its versions' hashes
// and the largest version number.
type known struct {
	hashes map[string]bool
	max    int
}

// importInTx stores and indexes cables inside tx, which the caller
// commits, holding importLock.
func (db *DB) importInTx(ctx context.Context, tx pgx.Tx, cs []*cable.Cable) ([]cable.ImportResult, error) {
	if len(cs) == 0 {
		return nil, nil
	}
	have, err := knownVersions(ctx, tx, cs)
	if err != nil {
		return nil, err
	}
	now := db.Now().UTC().Truncate(time.Second)
	results := make([]cable.ImportResult, len(cs))
	var versions [][]any
	current := map[string]*cable.Cable{} // the last new version of each id in the batch
	var order []string                   // ids of current, in order of first change
	for i, c := range cs {
		raw := cabletext.Lossless(c)
		sum := sha256.Sum256(raw)
		hash := hex.EncodeToString(sum[:])
		k := have[c.ID]
		if k.hashes[hash] {
			results[i] = cable.Unchanged
			continue
		}
		k.hashes[hash] = true
		k.max++
		versions = append(versions, []any{c.ID, k.max, hash, raw, now})
		results[i] = cable.Imported
		if k.max > 1 {
			results[i] = cable.NewVersion
		}
		if _, ok := current[c.ID]; !ok {
			order = append(order, c.ID)
		}
		// Only the last version of a batch is indexed: one replaced within
		// the batch never was current.
		current[c.ID] = c
	}
	if len(versions) == 0 {
		return results, nil
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"cable_versions"},
		[]string{"cable_id", "version", "sha256", "raw", "imported_at"}, pgx.CopyFromRows(versions)); err != nil {
		return nil, err
	}
	if err := indexCables(ctx, tx, order, current, have, now); err != nil {
		return nil, err
	}
	return results, nil
}

// knownVersions returns the stored versions of the cables' ids.
func knownVersions(ctx context.Context, tx pgx.Tx, cs []*cable.Cable) (map[string]*known, error) {
	have := map[string]*known{}
	var ids []string
	for _, c := range cs {
		if have[c.ID] == nil {
			have[c.ID] = &known{hashes: map[string]bool{}}
			ids = append(ids, c.ID)
		}
	}
	rows, err := tx.Query(ctx, `SELECT cable_id, version, sha256 FROM cable_versions WHERE cable_id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, hash string
		var v int
		if err := rows.Scan(&id, &v, &hash); err != nil {
			return nil, err
		}
		k := have[id]
		k.hashes[hash] = true
		k.max = max(k.max, v)
	}
	return have, rows.Err()
}

// indexCables replaces the searchable, filterable form of each cable in
// ids with that of its current version: the old rows go (their parties,
// portions and index entries with them, by cascade), and the new ones are
// copied in.
func indexCables(ctx context.Context, tx pgx.Tx, ids []string, current map[string]*cable.Cable, have map[string]*known, now time.Time) error {
	var replaced []string
	for _, id := range ids {
		if have[id].max > 1 {
			replaced = append(replaced, id)
		}
	}
	if len(replaced) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM cables WHERE id = ANY($1)`, replaced); err != nil {
			return err
		}
	}
	rowids, err := allocRowIDs(ctx, tx, len(ids))
	if err != nil {
		return err
	}
	var t tables
	for i, id := range ids {
		t.add(rowids[i], current[id], have[id].max, now)
	}
	return t.copy(ctx, tx)
}

// allocRowIDs takes n cable rowids from the identity's sequence, so that
// a cable's rows can be copied without a round trip per cable to learn
// its rowid.
func allocRowIDs(ctx context.Context, tx pgx.Tx, n int) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('cables', 'rowid')) FROM generate_series(1, $1)`, n)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// tables holds the rows of a batch's cables, by table.
type tables struct {
	cables, parties, tags, captions, refs, portions [][]any
	findings                                        [][]any
	words                                           suggest.Words // the vocabulary of the portions
}

// add adds the rows of cable c, current at version, as cable rowid row.
func (t *tables) add(row int64, c *cable.Cable, version int, now time.Time) {
	st := access.StoredOf(c)
	var declassified, dtg, year any
	if !st.Declassified.IsZero() {
		declassified = st.Declassified
	}
	if !st.Sent.IsZero() {
		dtg, year = st.Sent.UTC(), st.Sent.Year()
	}
	bm := st.Banner
	t.cables = append(t.cables, []any{row,
		c.ID, version, dtg, year, st.Origin, st.OriginName, c.Text.Subject, int(c.Precedence()),
		st.Classification, bm.Level, bm.NoForn, bm.Plain, bm.Rel, st.SIPDIS, st.Restrictive, st.NeedNODIS, st.NeedEXDIS, st.NeedCHEROKEE,
		declassified, now})

	// parties, tags and captions are sets (SQLite's INSERT OR IGNORE).
	seen := map[[2]string]bool{}
	party := func(plad, role string) {
		if k := [2]string{plad, role}; !seen[k] {
			seen[k] = true
			t.parties = append(t.parties, []any{row, plad, role})
		}
	}
	if st.Origin != "" {
		party(st.Origin, "origin")
	}
	for _, x := range []struct {
		role string
		as   []cable.Address
	}{{"to", c.Header.To}, {"info", c.Header.Info}} {
		for _, a := range x.as {
			if a.PLAD != "" {
				party(access.NormalizePLAD(a.PLAD), x.role)
			}
		}
	}
	for _, tag := range unique(c.Text.Tags) {
		t.tags = append(t.tags, []any{row, tag})
	}
	for _, cp := range unique(c.Text.Captions) {
		t.captions = append(t.captions, []any{row, cp})
	}
	for i, r := range c.Text.References {
		t.refs = append(t.refs, []any{row, i, r.Label, r.Text, r.ID, string(r.Kind)})
	}
	for _, p := range st.Portions {
		m := p.Marking
		t.portions = append(t.portions, []any{row, p.Kind, p.Number, m.Level, m.NoForn, m.Plain, m.Rel, p.Text})
		t.words.Add(p.Text)
	}
	found := map[quality.Finding]bool{} // a set, as SQLite's INSERT OR IGNORE keeps it
	for _, f := range quality.Of(c) {
		if !found[f] {
			found[f] = true
			t.findings = append(t.findings, []any{row, f.Kind, f.Part})
		}
	}
}

// tableRows are the rows of one table of a batch.
type tableRows struct {
	table string
	cols  []string
	rows  [][]any
}

// sets returns the batch's rows by table, parents first.
func (t *tables) sets() []tableRows {
	return []tableRows{
		{"cables", []string{"rowid", "id", "version", "dtg", "year", "origin", "origin_name", "subject", "precedence",
			"classification", "b_level", "b_noforn", "b_plain", "b_rel", "sipdis", "restrictive", "need_nodis", "need_exdis",
			"need_cherokee", "declassified", "updated_at"}, t.cables},
		{"parties", []string{"cable", "plad", "role"}, t.parties},
		{"tags", []string{"cable", "tag"}, t.tags},
		{"captions", []string{"cable", "caption"}, t.captions},
		{"refs", []string{"cable", "seq", "label", "text", "target", "kind"}, t.refs},
		{"portions", []string{"cable", "kind", "number", "level", "noforn", "plain", "rel", "text"}, t.portions},
		{"findings", []string{"cable", "kind", "part"}, t.findings},
	}
}

// smallBatch is the most cables whose rows are written with INSERTs sent
// together (one round trip) rather than a COPY per table (one each):
// a release or a received copy stores one cable, and its latency is
// mostly round trips.
const smallBatch = 2

// copy writes the rows, one COPY per table, parents first; a small batch
// is inserted in one round trip instead.
func (t *tables) copy(ctx context.Context, tx pgx.Tx) error {
	if len(t.cables) <= smallBatch {
		return t.insert(ctx, tx)
	}
	for _, x := range t.sets() {
		if len(x.rows) == 0 {
			continue
		}
		cleanRows(x.rows)
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{x.table}, x.cols, pgx.CopyFromRows(x.rows)); err != nil {
			return fmt.Errorf("copy %s: %w", x.table, err)
		}
	}
	if t.words.Len() == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO words SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, t.sortedWords()); err != nil {
		return fmt.Errorf("add words: %w", err)
	}
	return nil
}

// insert writes the rows as INSERTs, sent in one batch.
func (t *tables) insert(ctx context.Context, tx pgx.Tx) error {
	b := &pgx.Batch{}
	for _, x := range t.sets() {
		cleanRows(x.rows)
		marks := make([]string, len(x.cols))
		for i := range marks {
			marks[i] = "$" + strconv.Itoa(i+1)
		}
		q := `INSERT INTO ` + x.table + ` (` + strings.Join(x.cols, ", ") + `) VALUES (` + strings.Join(marks, ", ") + `)`
		for _, row := range x.rows {
			b.Queue(q, row...)
		}
	}
	if t.words.Len() > 0 {
		b.Queue(`INSERT INTO words SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, t.sortedWords())
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("insert rows: %w", err)
	}
	return nil
}

// sortedWords returns the vocabulary of the batch's portions in order, so
// that transactions adding words at once lock them in one order.
func (t *tables) sortedWords() []string {
	var words []string
	for _, w := range t.words.All() {
		words = append(words, w)
	}
	slices.Sort(words)
	return words
}

// cleanRows makes every string of rows valid text for PostgreSQL, which,
// unlike SQLite, refuses invalid UTF-8 and NUL in text columns: a legacy
// cable with a stray byte is stored (its raw text exactly, in bytea) and
// indexed with U+FFFD in the byte's place.
func cleanRows(rows [][]any) {
	for _, row := range rows {
		for i, v := range row {
			if s, ok := v.(string); ok && !isText(s) {
				row[i] = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
			}
		}
	}
}

// isText reports whether PostgreSQL takes s as text: valid UTF-8 without
// NUL.
func isText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

func unique(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// The functions below derive a cable's rows exactly as sqlite/import.go
// does; they are copied rather than shared because the two stores must
// not import each other, and the rows must be the same for the two stores
// to answer alike.
