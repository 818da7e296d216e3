package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/postgres"
	"github.com/cable/cable/internal/server"
)

// The archive commands (ingest, search, refs, user, serve) keep the
// archive in PostgreSQL instead of the data directory's SQLite file when
// given a database URL: --database postgres://… or $CABLE_DATABASE.
// Traffic (drafts, releases, inboxes, delivery) is SQLite-only for now.

// databaseEnv names the environment variable that selects a PostgreSQL
// archive.
const databaseEnv = "CABLE_DATABASE"

// archiveDB is an archive store, SQLite's or PostgreSQL's: what the
// archive commands use.
type archiveDB interface {
	cable.CableService
	cable.UserService
	cable.GuardService
	SetUserBudget(ctx context.Context, name string, b cable.ReadBudget) error
	Close() error
}

// databaseFlag defines --database on fs. It defaults to $CABLE_DATABASE.
func databaseFlag(fs *flag.FlagSet, m *Main) *string {
	return fs.String("database", m.Getenv(databaseEnv),
		"keep the archive in the PostgreSQL database at `URL` (postgres://…), not in the data directory; defaults to $"+databaseEnv)
}

// openArchive opens the archive: the PostgreSQL database at url, else
// (url empty) the one $CABLE_DATABASE names, else the data directory's
// SQLite database.
func (m *Main) openArchive(url string) (archiveDB, error) {
	if url == "" {
		url = m.Getenv(databaseEnv)
	}
	if url == "" {
		db, err := m.openDB()
		if err != nil {
			return nil, err
		}
		return db, nil
	}
	return m.openPostgres(url)
}

// openPostgres opens the PostgreSQL archive at url, migrating it.
func (m *Main) openPostgres(url string) (*postgres.DB, error) {
	if !postgres.IsURL(url) {
		return nil, usageError(fmt.Sprintf("--database: want a URL postgres://USER@HOST/DATABASE, got %q", url))
	}
	db := postgres.NewDB(url)
	db.Logger = m.Logger
	db.PasswordIterations = m.Config.PasswordIterations
	if err := db.Open(); err != nil {
		return nil, err
	}
	return db, nil
}

// errNoTraffic says why a PostgreSQL archive serves no traffic.
var errNoTraffic = errors.New("traffic (drafts, clearances, releases, inboxes, delivery) is SQLite-only for now: " +
	"its pages and /api/v1 routes answer 503 Service Unavailable and no dispatcher runs; serve without --database to carry traffic")

// servePostgres is cable serve on a PostgreSQL archive: the archive's API
// and pages, without traffic (errNoTraffic). The session key stays in the
// data directory. It returns when ctx ends.
func servePostgres(ctx context.Context, m *Main, url string, ingest []string, addr string) error {
	db, err := m.openPostgres(url)
	if err != nil {
		return err
	}
	defer db.Close()
	if len(ingest) > 0 {
		if err := ingestPaths(ctx, m, db, ingest); err != nil && !errors.Is(err, errFindings) {
			return err
		}
	}
	if err := os.MkdirAll(m.Config.DataDir, 0o750); err != nil {
		return fmt.Errorf("data directory %s: %w", m.Config.DataDir, err)
	}
	key, err := server.LoadKey(filepath.Join(m.Config.DataDir, sessionKeyFile))
	if err != nil {
		return err
	}
	signer, err := startSigner(ctx, m, db, db.Now)
	if err != nil {
		return err
	}
	defer stopSigner(m, signer)
	s := &server.Server{Addr: addr, DB: db, Logger: m.Logger, Now: db.Now, SessionKey: key, SearchTimeout: m.Config.SearchTimeout,
		Metrics: m.Metrics}
	if err := m.Config.Guard.apply(s, m.Config.DataDir); err != nil {
		return err
	}
	if err := s.Open(); err != nil {
		return err
	}
	m.Logger.Info("serving", "url", s.URL(), "archive", "postgresql", "data", m.Config.DataDir)
	m.Logger.Warn("no traffic on PostgreSQL", "why", errNoTraffic)
	fmt.Fprintf(m.Stderr, "cable: %v\n", errNoTraffic)
	if us, err := db.FindUsers(ctx, cable.UserFilter{Limit: 1}); err == nil && len(us) == 0 {
		fmt.Fprintf(m.Stderr, `cable: there are no users yet. Create one, then a token for the API:
  %[1]s=URL cable user add NAME --clearance SECRET --citizenship USA --admin
  %[1]s=URL cable user token NAME
`, databaseEnv)
	}
	<-ctx.Done()
	m.Logger.Info("shutting down")
	return s.Close()
}
