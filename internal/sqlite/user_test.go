package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/sqlite"
)

// TestMigrate_UserNameFold checks migration 0005 on a database that
// already holds two users whose names differ only in case, as the rules
// before it allowed: it applies, both users still log in, Open warns of
// them, and no third name can join them.
func TestMigrate_UserNameFold(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), sqlite.FileName)
	db := sqlite.NewDB(path)
	db.PasswordIterations = 1000
	db.Logger = slog.New(slog.DiscardHandler)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"admin", "bob"} {
		if err := db.CreateUser(ctx, &cable.User{Name: name, Clearance: "SECRET", Citizenship: "USA"}, "long enough"); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	// Undo migration 0005 and add Admin beside admin, as before it.
	raw, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DROP INDEX users_name_fold`,
		`ALTER TABLE users DROP COLUMN name_fold`,
		`DELETE FROM schema_migrations WHERE version = 5`,
		`INSERT INTO users (name, clearance, citizenship, password, created_at)
			SELECT 'Admin', clearance, citizenship, password, created_at FROM users WHERE name = 'admin'`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	var logs bytes.Buffer
	db = sqlite.NewDB(path)
	db.PasswordIterations = 1000
	db.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	if err := db.Open(); err != nil {
		t.Fatalf("open after the migration: %v", err)
	}
	defer db.Close()
	if !strings.Contains(logs.String(), `msg="user names differ only in case`) || !strings.Contains(logs.String(), `users="[Admin admin]"`) {
		t.Errorf("no warning of Admin and admin in the log:\n%s", logs.String())
	}
	for _, name := range []string{"admin", "Admin", "bob"} {
		if _, err := db.Authenticate(ctx, name, "long enough"); err != nil {
			t.Errorf("Authenticate(%s) after the migration: %v", name, err)
		}
	}
	for _, name := range []string{"ADMIN", "BOB"} {
		err := db.CreateUser(ctx, &cable.User{Name: name, Clearance: "SECRET", Citizenship: "USA"}, "long enough")
		if cable.KindOf(err) != cable.Conflict {
			t.Errorf("CreateUser(%s) after the migration = %v, want Conflict", name, err)
		}
	}
}
