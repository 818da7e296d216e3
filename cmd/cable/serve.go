package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/network"
	"github.com/cable/cable/internal/server"
	"github.com/cable/cable/internal/sqlite"
)

// sessionKeyFile is the file in the data directory that holds the key
// session cookies are signed with. Deleting it logs everyone out.
const sessionKeyFile = "session.key"

const serveUsage = `usage: cable serve [--config cable.toml] [--addr :8080] [--data DIR] [--database URL] [--ingest PATH]... [--search-timeout 5s] [--audit-key FILE]
       [--relay-url URL] [--read-budget-hour 200] [--read-budget-day 1000] [--role-budget KIND=HOUR/DAY]... [--alert-webhook URL]
       [--two-person=true] [--idle-timeout 30m] [--session-ttl 12h] [--tls-cert FILE --tls-key FILE | --tls-self-signed]
       [--log-format text|json] [--log-level info] [--metrics-addr 127.0.0.1:9464]
       [--ack-window PREC=DUR]... [--second-ack-window PREC=DUR]... [--escalation-webhook URL]
       [--smtp-addr HOST:PORT --smtp-from ADDR [--smtp-user NAME]] [--escalation-roster FILE]`

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
	demoClock := fs.String("demo-clock", "", "(for cable demo --sites) read the time from `FILE`, which the demo moves")
	fs.DurationVar(&m.Config.PollInterval, "poll", 0, "look at the outbox every `DURATION` when nothing wakes the dispatcher")
	fs.StringVar(&m.Config.RelayURL, "relay-url", "", "the `URL` other sites reach this node's relay endpoint at (default: the address served)")
	auditKey := fs.String("audit-key", "", "sign the audit log with the key in `FILE` (made when missing); defaults to audit.key in the data directory")
	fs.Var(&ingest, "ingest", "store the cables under `PATH` (file, directory, .tar.gz) before serving; repeatable")
	g := guardFlags(fs)
	ops := opsFlags(fs)
	m.Config.Escalation = escalateFlags(fs)
	config := fs.String("config", m.Getenv("CABLE_CONFIG"), "read settings the flags do not give from the TOML `FILE` (after $CABLE_* variables)")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if err := applySettings(fs, m.Getenv, *config); err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError(serveUsage)
	}
	if m.Logger, err = ops.logger(m.Stderr); err != nil {
		return err
	}
	ml, err := ops.startMetrics(m)
	if err != nil {
		return err
	}
	defer ml.Close()
	if *searchTimeout <= 0 {
		return usageError(fmt.Sprintf("serve: --search-timeout %s: want a positive duration such as 5s", *searchTimeout))
	}
	m.Config.SearchTimeout = *searchTimeout
	if m.Config.Guard, err = g.options(); err != nil {
		return err
	}
	m.Config.DataDir = *data
	m.Config.AuditKey = *auditKey
	if *database != "" {
		return servePostgres(ctx, m, *database, ingest, *addr)
	}
	db, err := m.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	watchSQLite(m, db)
	if *demoClock != "" {
		db.Now = fileClock(*demoClock)
	}
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
	go func() {
		// Until it is built, searches read FTS5 alone, whose time depends
		// on withheld text: every server of the archive builds it, the
		// demo's too.
		if err := db.StartSearchEngine(ctx); err != nil {
			m.Logger.Warn("search engine not started; searches read FTS5 alone", "err", err)
		}
	}()
	key, err := server.LoadKey(filepath.Join(m.Config.DataDir, sessionKeyFile))
	if err != nil {
		return err
	}
	signer, err := startSigner(ctx, m, db, db.Now)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting: a shutdown, not a failure
		}
		return err
	}
	defer stopSigner(m, signer)
	cfg := network.Config{Traffic: sqlite.NewTraffic(db), Now: func() time.Time { return db.Now() }, Dir: m.Config.DataDir, Addr: addr,
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
	n, err := network.Start(ctx, cfg)
	if err != nil {
		return err
	}
	defer notifier.Wait()
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

// startSigner starts signing the audit log's tree head every minute, with
// the key in m.Config.AuditKey or the data directory's. The caller stops
// it after the server has drained, so that the last head covers every
// request.
func startSigner(ctx context.Context, m *Main, log audit.Log, now func() time.Time) (*audit.Signer, error) {
	path := m.Config.AuditKey
	if path == "" {
		if err := os.MkdirAll(m.Config.DataDir, 0o750); err != nil {
			return nil, fmt.Errorf("data directory %s: %w", m.Config.DataDir, err)
		}
		path = filepath.Join(m.Config.DataDir, audit.KeyFile)
	}
	key, err := audit.LoadKey(path)
	if err != nil {
		return nil, err
	}
	s := &audit.Signer{Log: log, Key: key, Now: now, Logger: m.Logger}
	if err := s.Start(ctx); err != nil {
		return nil, err
	}
	m.Logger.Info("signing the audit log", "key", path, "fingerprint", audit.Fingerprint(key.Public().(ed25519.PublicKey)))
	return s, nil
}

// stopSigner signs the last tree head.
func stopSigner(m *Main, s *audit.Signer) {
	if err := s.Stop(); err != nil {
		m.Logger.Error("sign the last audit tree head", "err", err)
	}
}

// hintFirstUser says how to get in when there is no user yet: every API
// request needs one.
func hintFirstUser(ctx context.Context, m *Main, db cable.UserService) error {
	us, err := db.FindUsers(ctx, cable.UserFilter{Limit: 1})
	if ctx.Err() != nil {
		return nil // stopped while starting: a shutdown, not a failure
	}
	if err != nil || len(us) > 0 {
		return err
	}
	fmt.Fprintf(m.Stderr, `cable: there are no users yet. Create one, then a token for the API:
  cable user add NAME --clearance SECRET --citizenship USA --admin --data %s
  cable user token NAME --data %s
`, m.Config.DataDir, m.Config.DataDir)
	return nil
}
