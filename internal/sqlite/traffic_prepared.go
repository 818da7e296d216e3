package sqlite

import (
	"context"
	"database/sql"
)

// preparedTx is a transaction that prepares each statement once: a batch
// of received copies runs the same few statements for every copy, and
// SQLite spent more on parsing each again than on running it.
type preparedTx struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func newPreparedTx(tx *sql.Tx) *preparedTx {
	return &preparedTx{tx: tx, stmts: map[string]*sql.Stmt{}}
}

func (p *preparedTx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := p.stmts[query]; ok {
		return s, nil
	}
	s, err := p.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	p.stmts[query] = s
	return s, nil
}

func (p *preparedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

func (p *preparedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// QueryRowContext falls back to the transaction when the statement does
// not prepare, so that its Row carries the error as usual.
func (p *preparedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := p.stmt(ctx, query)
	if err != nil {
		return p.tx.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// close closes the statements; the transaction's end would too, but a
// long one should not keep them.
func (p *preparedTx) close() {
	for _, s := range p.stmts {
		s.Close()
	}
}
