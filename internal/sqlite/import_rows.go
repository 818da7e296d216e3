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
