package postgres

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/cable/cable/internal/cable"
)

// refusal says why the store cannot take cable c, or returns nil.
func refusal(c *cable.Cable) error {
	if c.ID == "" {
		return cable.Errorf(cable.Invalid, "cable has no id: it needs an envelope, or a classification line with station and serial and a DTG")
	}
	if !isText(c.ID) {
		return cable.Errorf(cable.Invalid, "cable id %q is not UTF-8 text", c.ID)
	}
	return nil
}

// importBatch stores the cables of cs at indexes take in one savepoint
// of tx, setting their results. When PostgreSQL refuses a row of the
// batch, it stores them again a cable at a time and returns those it
// refused.
func (db *DB) importBatch(ctx context.Context, tx pgx.Tx, cs []*cable.Cable, take []int, results []cable.ImportResult) (cable.ImportErrors, error) {
	batch := make([]*cable.Cable, len(take))
	for k, i := range take {
		batch[k] = cs[i]
	}
	res, err := inSavepoint(ctx, tx, func(sp pgx.Tx) ([]cable.ImportResult, error) { return db.importInTx(ctx, sp, batch) })
	if err == nil {
		for k, i := range take {
			results[i] = res[k]
		}
		return nil, nil
	}
	if !isCableError(err) {
		return nil, err
	}
	var refused cable.ImportErrors
	for _, i := range take {
		one := []*cable.Cable{cs[i]}
		res, err := inSavepoint(ctx, tx, func(sp pgx.Tx) ([]cable.ImportResult, error) { return db.importInTx(ctx, sp, one) })
		switch {
		case err == nil:
			results[i] = res[0]
		case isCableError(err):
			results[i] = cable.Refused
			refused = append(refused, &cable.ImportError{Index: i, ID: cs[i].ID,
				Err: &cable.Error{Kind: cable.Invalid, Message: "postgresql cannot store it", Err: err}})
		default:
			return nil, err
		}
	}
	return refused, nil
}

// inSavepoint runs f in a savepoint of tx, which it rolls back when f
// fails, so that tx goes on.
func inSavepoint(ctx context.Context, tx pgx.Tx, f func(pgx.Tx) ([]cable.ImportResult, error)) ([]cable.ImportResult, error) {
	var res []cable.ImportResult
	err := pgx.BeginFunc(ctx, tx, func(sp pgx.Tx) error {
		var err error
		res, err = f(sp)
		return err
	})
	return res, err
}

// isCableError reports whether err is PostgreSQL refusing a row for what
// it holds: a data exception (class 22), a broken constraint (23) or a
// limit exceeded (54), such as an index entry over its size. Such an
// error is the cable's, not the store's.
func isCableError(err error) bool {
	pe, ok := errors.AsType[*pgconn.PgError](err)
	return ok && (strings.HasPrefix(pe.Code, "22") || strings.HasPrefix(pe.Code, "23") || strings.HasPrefix(pe.Code, "54"))
}
