package sqlite

import (
	"context"
	"database/sql"
	"strings"
)

// pendingRows collects a batch's rows of one table, to store them at the
// end of the batch with statements of many rows each: a statement per
// row spent more on the statement (the driver, binding, the statement's
// journal) than on the row. Rows of a cable that a later version
// replaced within the batch are dropped.
type pendingRows struct {
	insert string // "INSERT OR IGNORE INTO tags VALUES", say
	cols   int
	cables []int64 // each row's cable rowid
	args   []any   // the rows' values, cols to a row
}

// rowsPerStatement is how many rows one statement stores at most.
const rowsPerStatement = 128

func (p *pendingRows) add(cable int64, values ...any) {
	p.cables = append(p.cables, cable)
	p.args = append(p.args, values...)
}

// flush stores the rows of the cables in keep, or every row when keep is
// nil.
func (p *pendingRows) flush(ctx context.Context, tx *sql.Tx, keep map[int64]bool) error {
	args, n := p.args, len(p.cables)
	if keep != nil {
		args, n = p.args[:0:0], 0
		for i, c := range p.cables {
			if keep[c] {
				args = append(args, p.args[i*p.cols:(i+1)*p.cols]...)
				n++
			}
		}
	}
	var full *sql.Stmt
	for first := 0; first < n; first += rowsPerStatement {
		rows := min(rowsPerStatement, n-first)
		part := args[first*p.cols : (first+rows)*p.cols]
		if rows < rowsPerStatement {
			if _, err := tx.ExecContext(ctx, p.statement(rows), part...); err != nil {
				return err
			}
			continue
		}
		if full == nil {
			var err error
			if full, err = tx.PrepareContext(ctx, p.statement(rowsPerStatement)); err != nil {
				return err
			}
			defer full.Close()
		}
		if _, err := full.ExecContext(ctx, part...); err != nil {
			return err
		}
	}
	return nil
}

// statement is the insert of n rows.
func (p *pendingRows) statement(n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", p.cols), ",") + ")"
	return p.insert + " " + strings.TrimSuffix(strings.Repeat(row+",", n), ",")
}

// batch holds the prepared statements of one import transaction: preparing
// each statement once per batch rather than once per row halves the cost
// of an import.
type batch struct {
	// added holds the rowids of the cables this batch stored, whose
	// texts are added to the search index; removed the ids of the
	// portions of cables stored before it that it removed, which leave
	// the index. A version replaced within the batch is in neither.
	added        map[int64]bool
	removed      []int64
	texts        []portionText
	unsearchable []unsearchable

	findVersion, maxVersion                         *sql.Stmt
	insertVersion, retire, deleteCable, insertCable *sql.Stmt
	findRow, lastInMinute, portionIDs               *sql.Stmt
	parties, tags, captions, refs, portions         pendingRows
	findings                                        pendingRows
	all                                             []*sql.Stmt
}

func prepareBatch(ctx context.Context, tx *sql.Tx) (*batch, error) {
	b := &batch{added: map[int64]bool{},
		parties:  pendingRows{insert: `INSERT OR IGNORE INTO parties VALUES`, cols: 3},
		tags:     pendingRows{insert: `INSERT OR IGNORE INTO tags VALUES`, cols: 2},
		captions: pendingRows{insert: `INSERT OR IGNORE INTO captions VALUES`, cols: 2},
		refs:     pendingRows{insert: `INSERT INTO refs VALUES`, cols: 6},
		portions: pendingRows{insert: `INSERT INTO portions (id, cable, kind, number, level, noforn, plain, rel, text) VALUES`, cols: 9},
		findings: pendingRows{insert: `INSERT OR IGNORE INTO findings VALUES`, cols: 3},
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
