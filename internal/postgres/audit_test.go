package postgres_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/postgres"
	"github.com/cable/cable/internal/storetest"
)

func TestAudit(t *testing.T) {
	storetest.RunAudit(t, storetest.AuditHarness{
		Open: func(tb testing.TB) storetest.AuditStore { return MustOpenDB(tb) },
		Exec: func(tb testing.TB, s storetest.AuditStore, stmt string, args ...any) {
			tb.Helper()
			mustExecSchema(tb, s.(*postgres.DB).Schema, stmt, args...)
		},
	})
}

// mustExecSchema runs a statement, whose parameters are written ?, in a
// test store's schema on a connection of its own.
func mustExecSchema(tb testing.TB, schema, stmt string, args ...any) {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, MustTestURL(tb))
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SET search_path TO `+pgx.Identifier{schema}.Sanitize()); err != nil {
		tb.Fatal(err)
	}
	for i := 1; strings.Contains(stmt, "?"); i++ {
		stmt = strings.Replace(stmt, "?", "$"+strconv.Itoa(i), 1)
	}
	if _, err := conn.Exec(ctx, stmt, args...); err != nil {
		tb.Fatalf("%s: %v", stmt, err)
	}
}
