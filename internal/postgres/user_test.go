package postgres_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/postgres"
)

// TestMigrate_UserNameFold checks migration 0003 on a database that
// already holds two users whose names differ only in case, as the rules
// before it allowed: it applies, both users still log in, Open warns of
// them, and no third name can join them.
func TestMigrate_UserNameFold(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := MustOpenDB(t)
	for _, name := range []string{"admin", "bob"} {
		if err := db.CreateUser(ctx, &cable.User{Name: name, Clearance: "SECRET", Citizenship: "USA"}, "long enough"); err != nil {
			t.Fatal(err)
		}
	}
	// Undo migration 0003 and add Admin beside admin, as before it.
	conn, err := pgx.Connect(ctx, db.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{
		`SET search_path TO ` + pgx.Identifier{db.Schema}.Sanitize(),
		`DROP INDEX users_name_fold`,
		`ALTER TABLE users DROP COLUMN name_fold`,
		`DELETE FROM schema_migrations WHERE version = 3`,
		`INSERT INTO users (name, clearance, citizenship, password, created_at)
			SELECT 'Admin', clearance, citizenship, password, created_at FROM users WHERE name = 'admin'`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}

	var logs bytes.Buffer
	again := postgres.NewDB(db.URL)
	again.Schema, again.PasswordIterations, again.MaxConns = db.Schema, 1000, 2
	again.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	if err := again.Open(); err != nil {
		t.Fatalf("open after the migration: %v", err)
	}
	defer again.Close()
	if !strings.Contains(logs.String(), `msg="user names differ only in case`) || !strings.Contains(logs.String(), `users="[Admin admin]"`) {
		t.Errorf("no warning of Admin and admin in the log:\n%s", logs.String())
	}
	for _, name := range []string{"admin", "Admin", "bob"} {
		if _, err := again.Authenticate(ctx, name, "long enough"); err != nil {
			t.Errorf("Authenticate(%s) after the migration: %v", name, err)
		}
	}
	for _, name := range []string{"ADMIN", "BOB"} {
		err := again.CreateUser(ctx, &cable.User{Name: name, Clearance: "SECRET", Citizenship: "USA"}, "long enough")
		if cable.KindOf(err) != cable.Conflict {
			t.Errorf("CreateUser(%s) after the migration = %v, want Conflict", name, err)
		}
	}
}
