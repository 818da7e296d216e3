package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cable/cable/internal/guard"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is the archive store on a PostgreSQL database, through a pool of
// connections.
type DB struct {
	// URL is the connection string: a postgres:// URL or key=value pairs
	// (see pgx.ParseConfig). Set before Open.
	URL string
	// Schema, when set, holds the store's tables: Open creates it when it
	// is missing and puts it alone on every connection's search_path, so
	// that one database can hold several archives (tests give each store
	// its own). Defaults to the connection's search_path (usually public).
	Schema string
	// Now returns the current time; decisions that depend on time
	// (declassification, audit) use it. Defaults to time.Now.
	Now func() time.Time
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// PasswordIterations is the PBKDF2-SHA256 work factor of new password
	// hashes. Defaults to 600,000 (OWASP 2023); tests lower it.
	PasswordIterations int
	// MaxConns bounds the pool. Defaults to pgxpool's (the larger of 4 and
	// the number of CPUs).
	MaxConns int32
	// BulkWorkers is how many transactions a bulk load (ImportBulk) runs
	// at once. Defaults to DefaultBulkWorkers.
	BulkWorkers int
	// NoAudit turns the audit log off, for cable bench search to measure
	// what the log costs. Nothing else may set it.
	NoAudit bool
	// Tracer, when set, is told of every statement the pool's
	// connections send (pgx.QueryTracer; pgx also calls its batch, COPY
	// and prepare methods, and pgxpool its acquire methods, when it has
	// them). cable bench traffic traces releases with it. Set before
	// Open.
	Tracer pgx.QueryTracer

	pool *pgxpool.Pool

	// engine, once StartSearchEngine has built it, answers searches
	// (engine.go); stopEngine ends its follower at Close.
	engine      atomic.Pointer[searchEngine]
	engineMu    sync.Mutex // guards the fields below
	stopEngine  chan struct{}
	closed      bool
	building    chan struct{} // closed when the build under way ends
	cancelBuild context.CancelFunc
	buildErr    error
	// buildDone and buildTotal are the build's progress, in cables.
	buildDone, buildTotal atomic.Int64

	// Guard holds the insider-threat controls (guard.go).
	*guard.Guard

	// The state of a bulk load (bulk.go).
	bulkMu      sync.Mutex
	bulkSeen    bool // ImportBulk has run since the last OptimizeAfterImport
	bulkDropped bool // and dropped the deferred indexes
}

// NewDB returns a DB on the database at url; call Open before use.
func NewDB(url string) *DB {
	return &DB{URL: url, Now: time.Now, Logger: slog.Default()}
}

// IsURL reports whether s names a PostgreSQL database rather than a file
// or directory: a postgres:// or postgresql:// URL.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database and applies pending migrations.
func (db *DB) Open() error {
	if db.URL == "" {
		return errors.New("open database: no connection string")
	}
	if db.Now == nil {
		db.Now = time.Now
	}
	if db.Logger == nil {
		db.Logger = slog.Default()
	}
	db.Guard = newGuard(db)
	cfg, err := pgxpool.ParseConfig(db.URL)
	if err != nil {
		// pgx's message quotes the connection string, password included.
		return errors.New("open database: malformed PostgreSQL connection string")
	}
	if db.MaxConns > 0 {
		cfg.MaxConns = db.MaxConns
	}
	// pgx prepares every statement, and after five runs PostgreSQL may
	// switch a prepared statement to a generic plan, blind to its
	// arguments. A search's cost depends on its words ("the" matches
	// every cable, a name a few), so plan each run for its own arguments;
	// planning costs far less than a wrong plan.
	cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	if db.Tracer != nil {
		cfg.ConnConfig.Tracer = db.Tracer
	}
	ctx := context.Background()
	if db.Schema != "" {
		if err := createSchema(ctx, cfg.ConnConfig, db.Schema); err != nil {
			return err
		}
		cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{db.Schema}.Sanitize()
	}
	if db.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	if err := db.migrate(ctx); err != nil {
		db.pool.Close()
		return err
	}
	if err := db.migrateAuditRows(ctx); err != nil {
		db.pool.Close()
		return err
	}
	if err := db.rederive(ctx); err != nil {
		db.pool.Close()
		return err
	}
	// A bulk load killed before its end leaves the indexes it deferred
	// missing (bulk.go).
	if err := db.ensureIndexes(ctx); err != nil {
		db.pool.Close()
		return err
	}
	db.warnCaseTwins(ctx)
	return nil
}

// createSchema creates schema name when it does not exist.
func createSchema(ctx context.Context, cfg *pgx.ConnConfig, name string) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer conn.Close(ctx)
	// Under the migration lock: two processes creating one schema at once
	// can both pass IF NOT EXISTS, and one then fails.
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("create schema %s: %w", name, err)
	}
	if _, err := conn.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{name}.Sanitize()); err != nil {
		return fmt.Errorf("create schema %s: %w", name, err)
	}
	return nil
}

// Close closes the pool's connections.
func (db *DB) Close() error {
	db.engineMu.Lock()
	db.closed = true
	if building := db.building; building != nil {
		db.cancelBuild()
		db.engineMu.Unlock()
		<-building
		db.engineMu.Lock()
	}
	if e := db.engine.Swap(nil); e != nil {
		close(db.stopEngine)
		<-e.stopped
	}
	db.engineMu.Unlock()
	if db.pool != nil {
		db.pool.Close()
	}
	return nil
}

// migrationLock is the advisory lock key that serialises migrations, so
// that two processes starting on an empty database do not both apply
// 0001 (an arbitrary constant: "cable" in ASCII).
const migrationLock = 0x6361626c65

// migrate applies the embedded migrations not yet recorded in
// schema_migrations, one transaction each, in order.
func (db *DB) migrate(ctx context.Context) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, migrationLock)
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := Migrations()
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := db.migrateOne(ctx, conn.Conn(), name); err != nil {
			return err
		}
	}
	return nil
}

// Migrations returns the names of the embedded migrations, in the order
// they apply.
func Migrations() ([]string, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	for i := range names {
		names[i] = path.Base(names[i])
	}
	sort.Strings(names)
	return names, nil
}

func (db *DB) migrateOne(ctx context.Context, conn *pgx.Conn, name string) error {
	version, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
	if err != nil {
		return fmt.Errorf("migration %s: name must start with its number", name)
	}
	var done bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, version).Scan(&done); err != nil {
		return fmt.Errorf("migration %s: %w", name, err)
	}
	if done {
		return nil
	}
	body, err := fs.ReadFile(migrationFS, "migrations/"+name)
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		// Without arguments, Exec uses the simple protocol, which runs a
		// file of several statements.
		if _, err := tx.Exec(ctx, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
			version, name, db.Now().UTC())
		return err
	})
}

// DropSchema drops the store's schema with everything in it: for
// benchmarks that fill a schema of their own. A store without a schema of
// its own refuses.
func (db *DB) DropSchema(ctx context.Context) error {
	if db.Schema == "" {
		return errors.New("drop schema: the store has no schema of its own")
	}
	if _, err := db.pool.Exec(ctx, `DROP SCHEMA `+pgx.Identifier{db.Schema}.Sanitize()+` CASCADE`); err != nil {
		return fmt.Errorf("drop schema %s: %w", db.Schema, err)
	}
	return nil
}
