package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/sqlite"
)

// openDB opens the embedded database in the data directory, creating the
// directory when it does not exist.
func (m *Main) openDB() (*sqlite.DB, error) {
	if err := os.MkdirAll(m.Config.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data directory %s: %w", m.Config.DataDir, err)
	}
	db := sqlite.NewDB(filepath.Join(m.Config.DataDir, sqlite.FileName))
	db.Logger = m.Logger
	db.PasswordIterations = m.Config.PasswordIterations
	if err := db.Open(); err != nil {
		return nil, err
	}
	return db, nil
}

// asUser returns ctx with the named user as the caller: the CLI reads the
// archive as a user of it, so that it shows what that user may see and
// nothing more. An empty name is an error that says how to give one.
func asUser(ctx context.Context, db cable.UserService, name string) (context.Context, error) {
	if name == publicFlagName {
		return cable.NewPublicContext(ctx), nil
	}
	if name == "" {
		return nil, usageError("say who is reading: --as USER (see cable user list), or set CABLE_USER")
	}
	u, err := db.FindUserByName(ctx, name)
	if err != nil {
		return nil, err
	}
	return cable.NewContextWithUser(ctx, u), nil
}
