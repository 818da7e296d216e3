package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/network"
	"github.com/cable/cable/internal/postgres"
	"github.com/cable/cable/internal/server"
	"github.com/cable/cable/internal/traffic/scenario"
)

// The archive commands (ingest, search, refs, user, serve) keep the
// archive in PostgreSQL instead of the data directory's SQLite file when
// given a database URL: --database postgres://… or $CABLE_DATABASE.
// Traffic too: several "cable serve --database URL" processes share one
// database, each running a dispatcher (docs/postgres.md).

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

// servePostgres is cable serve on a PostgreSQL database: the archive, the
// API and pages, traffic, and a delivery dispatcher that shares the
// outbox with every other process serving the database; with a site key
// in the data directory, the site's node (package network). The session
// and site keys stay in the data directory: processes serving one site
// must share them. It returns when ctx ends.
func servePostgres(ctx context.Context, m *Main, url string, ingest []string, addr string) error {
	db, err := m.openPostgres(url)
	if err != nil {
		return err
	}
	tr := postgres.NewTraffic(db)
	defer tr.Close()
	m.Metrics.WatchTraffic(tr, m.Logger) // the outbox, acknowledgements and links
	m.Metrics.WatchPgxPool(db.PoolStat)
	if len(ingest) > 0 {
		if err := ingestPaths(ctx, m, db, ingest); err != nil && !errors.Is(err, errFindings) {
			return err
		}
	}
	if err := os.MkdirAll(m.Config.DataDir, 0o750); err != nil {
		return fmt.Errorf("data directory %s: %w", m.Config.DataDir, err)
	}
	go func() {
		// Each process keeps its own search engine, built from the
		// archive's text and fed by the change log; until it is built,
		// searches take the SQL path.
		if err := db.StartSearchEngine(ctx); err != nil && ctx.Err() == nil {
			m.Logger.Warn("search engine not started; searches take the SQL path", "err", err)
		}
	}()
	key, err := server.LoadKey(filepath.Join(m.Config.DataDir, sessionKeyFile))
	if err != nil {
		return err
	}
	signer, err := startSigner(ctx, m, db, db.Now)
	if err != nil {
		return err
	}
	defer stopSigner(m, signer)
	cfg := network.Config{Traffic: tr, Now: func() time.Time { return db.Now() }, Dir: m.Config.DataDir, Addr: addr,
		PublicURL: m.Config.RelayURL, Logger: m.Logger, SessionKey: key, PollInterval: m.Config.PollInterval,
		SearchTimeout: m.Config.SearchTimeout, OnDeliver: m.Metrics.Delivered, Count: m.Metrics.RelayCount,
		Configure: func(s *server.Server) error {
			s.Metrics = m.Metrics
			return m.Config.Guard.apply(s, m.Config.DataDir)
		}}
	notifier, err := m.Config.Escalation.apply(m, &cfg, publicURL(m, addr))
	if err != nil {
		return err
	}
	defer notifier.Wait()
	n, err := network.Start(ctx, cfg)
	if err != nil {
		return err
	}
	attrs := []any{"url", n.URL(), "archive", "postgresql", "data", m.Config.DataDir}
	if c := n.Card(); c != nil {
		attrs = append(attrs, "site", c.PLAD, "key", c.KeyID())
	}
	m.Logger.Info("serving", attrs...)
	if us, err := db.FindUsers(ctx, cable.UserFilter{Limit: 1}); err == nil && len(us) == 0 {
		fmt.Fprintf(m.Stderr, `cable: there are no users yet. Create one, then a token for the API:
  %[1]s=URL cable user add NAME --clearance SECRET --citizenship USA --admin
  %[1]s=URL cable user token NAME
`, databaseEnv)
	}
	<-ctx.Done()
	m.Logger.Info("shutting down")
	return n.Close()
}

// runPostgresDemo plays the seed scenario on the PostgreSQL database at
// url, as cable demo does on the data directory, and with serve then
// serves it (the corpus ingested first).
func runPostgresDemo(ctx context.Context, m *Main, url string, quiet, serve bool, corpus, addr string) error {
	db, err := m.openPostgres(url)
	if err != nil {
		return err
	}
	tr := postgres.NewTraffic(db)
	defer tr.Close()
	if _, err := tr.FindUserByName(ctx, scenario.Users[1].Name); err == nil {
		if !serve {
			return fmt.Errorf("the demo has been played in that database already: give another one")
		}
		fmt.Fprintln(m.Stdout, "the demo has been played in that database already")
	} else {
		clock := &demoClock{t: scenario.Start}
		db.Now = clock.Now // after Open: the schema's own records keep the real time
		if err := playOn(ctx, m, tr, clock, quiet); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "  cable inbox --as beijing-duty --database URL\n  cable actions --report --as admin --database URL\n")
		fmt.Fprintf(m.Stdout, "  cable serve --database URL   (users %s…, password %s), from as many processes as you like\n",
			scenario.Users[1].Name, demoPassword)
	}
	if !serve {
		return nil
	}
	tr.Close()
	var ingest []string
	if corpus != "" {
		ingest = []string{corpus}
	}
	return servePostgres(ctx, m, url, ingest, addr)
}
