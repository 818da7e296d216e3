package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/network"
	"github.com/cable/cable/internal/server"
	"github.com/cable/cable/internal/sqlite"
)

// sessionKeyFile is the file in the data directory that holds the key
// session cookies are signed with. Deleting it logs everyone out.
const sessionKeyFile = "session.key"

const serveUsage = "usage: cable serve [--addr :8080] [--data DIR] [--database URL] [--ingest PATH]... [--search-timeout 5s] [--relay-url URL]"

// runServe serves the HTTP JSON API on the data directory's database until
// ctx ends (SIGINT or SIGTERM), then stops accepting requests, waits for
// those in flight, and closes the database.
func runServe(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintln(m.Stderr, serveUsage)
		fs.PrintDefaults()
	}
	addr := fs.String("addr", server.DefaultAddr, "TCP `address` to listen on (:0 picks a free port)")
	data := fs.String("data", m.Config.DataDir, "data `directory`")
	database := databaseFlag(fs, m)
	var ingest listFlag
	searchTimeout := fs.Duration("search-timeout", server.DefaultSearchTimeout,
		"stop a search that runs longer than `DURATION` and answer 503")
	fs.StringVar(&m.Config.RelayURL, "relay-url", "", "the `URL` other sites reach this node's relay endpoint at (default: the address served)")
	fs.Var(&ingest, "ingest", "store the cables under `PATH` (file, directory, .tar.gz) before serving; repeatable")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError(serveUsage)
	}
	if *searchTimeout <= 0 {
		return usageError(fmt.Sprintf("serve: --search-timeout %s: want a positive duration such as 5s", *searchTimeout))
	}
	m.Config.SearchTimeout = *searchTimeout
	m.Config.DataDir = *data
	if *database != "" {
		return servePostgres(ctx, m, *database, ingest, *addr)
	}
	db, err := m.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	if len(ingest) > 0 {
		// A file that cannot be stored is reported by ingestPaths and does
		// not stop the server; anything worse does.
		if err := ingestPaths(ctx, m, db, ingest); err != nil && !errors.Is(err, errFindings) {
			return err
		}
	}
	return serveDB(ctx, m, db, *addr)
}

// serveDB serves the API and the web UI on db until ctx ends, with the
// delivery dispatcher running beside them. Shutdown order: stop taking
// requests and drain them, stop delivery, and (the caller) close the
// database.
func serveDB(ctx context.Context, m *Main, db *sqlite.DB, addr string) error {
	key, err := server.LoadKey(filepath.Join(m.Config.DataDir, sessionKeyFile))
	if err != nil {
		return err
	}
	n, err := network.Start(ctx, network.Config{Traffic: sqlite.NewTraffic(db), Dir: m.Config.DataDir, Addr: addr,
		PublicURL: m.Config.RelayURL, Logger: m.Logger, SessionKey: key, PollInterval: m.Config.PollInterval,
		SearchTimeout: m.Config.SearchTimeout})
	if err != nil {
		return err
	}
	attrs := []any{"url", n.URL(), "data", m.Config.DataDir}
	if c := n.Card(); c != nil {
		attrs = append(attrs, "site", c.PLAD, "key", c.KeyID())
	}
	m.Logger.Info("serving", attrs...)
	if err := hintFirstUser(ctx, m, db); err != nil {
		n.Close()
		return err
	}
	<-ctx.Done()
	m.Logger.Info("shutting down")
	return n.Close()
}

// hintFirstUser says how to get in when there is no user yet: every API
// request needs one.
func hintFirstUser(ctx context.Context, m *Main, db cable.UserService) error {
	us, err := db.FindUsers(ctx, cable.UserFilter{Limit: 1})
	if err != nil || len(us) > 0 {
		return err
	}
	fmt.Fprintf(m.Stderr, `cable: there are no users yet. Create one, then a token for the API:
  cable user add NAME --clearance SECRET --citizenship USA --admin --data %s
  cable user token NAME --data %s
`, m.Config.DataDir, m.Config.DataDir)
	return nil
}
