package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cable/cable/internal/guard"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is the embedded store: one SQLite file in a data directory. Writes go
// through a single connection, because SQLite has one writer; reads use a
// pool of connections on the same WAL-mode file.
type DB struct {
	// Path is the database file. Set before Open.
	Path string
	// Now returns the current time; decisions that depend on time
	// (declassification, audit) use it. Defaults to time.Now.
	Now func() time.Time
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// PasswordIterations is the PBKDF2-SHA256 work factor of new password
	// hashes. Defaults to 600,000 (OWASP 2023); tests lower it.
	PasswordIterations int
	// OptimizeMin is how many cables an import must add before
	// OptimizeAfterImport merges the search index. Defaults to
	// DefaultOptimizeMin.
	OptimizeMin int
	// IndexProgress, when set, is called as a rebuild of the search index
	// goes (at Open or Reindex), with the cables done and their number.
	// Defaults to a log line every five seconds. It is called with the
	// index's writer held: it must not import.
	IndexProgress func(done, total int)
	// NoAudit turns the audit log off, for cable bench search to measure
	// what the log costs. Nothing else may set it.
	NoAudit bool

	write *sql.DB
	read  *sql.DB
	// ix writes the search index, a second file (index.go).
	ix *indexer
	// engine, once StartSearchEngine has built it, answers searches'
	// terms (engine.go).
	engine atomic.Pointer[searchEngine]
	// auditDB is the audit log's file beside the archive (audit.go).
	auditDB *sql.DB
	// front is the audit tree's frontier as this handle knows it;
	// auditStmt is auditInsert prepared on the audit database.
	front     frontier
	auditStmt *sql.Stmt
	// appender writes the entries of reads in batches (audit_append.go);
	// ckpt checkpoints the audit database (audit_checkpoint.go).
	appender *appender
	ckpt     *checkpointer

	// Guard holds the insider-threat controls (guard.go): budgets,
	// sessions, tokens, throttling, two-person changes.
	*guard.Guard
}

// NewDB returns a DB on the file path; call Open before use.
func NewDB(path string) *DB {
	return &DB{Path: path, Now: time.Now, Logger: slog.Default()}
}

// FileName is the database file's name inside a data directory.
const FileName = "cable.db"

// Open opens the database, creating it, and applies pending migrations.
func (db *DB) Open() error {
	if db.Path == "" {
		return fmt.Errorf("open database: no path")
	}
	if db.Now == nil {
		db.Now = time.Now
	}
	if db.Logger == nil {
		db.Logger = slog.Default()
	}
	db.Guard = newGuard(db)
	// WAL lets readers run beside the writer; NORMAL synchronous is
	// durable across process crashes (the WAL is fsynced at checkpoints);
	// busy_timeout makes a second process wait rather than fail.
	dsn := "file:" + filepath.ToSlash(db.Path) + "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
		"&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=cache_size(-65536)&_txlock=immediate"
	var err error
	if db.write, err = sql.Open("sqlite", dsn); err != nil {
		return fmt.Errorf("open database %s: %w", db.Path, err)
	}
	db.write.SetMaxOpenConns(1)
	// Readers map the file (fewer copies through the page cache) and keep
	// temporary tables in memory.
	// They see the search index's file as the attached database ix.
	db.read = sql.OpenDB(attachIndex(dsn+"&mode=ro&_pragma=mmap_size(2147418112)&_pragma=temp_store(MEMORY)", indexPath(db.Path)))
	db.read.SetMaxOpenConns(4)
	if err := db.migrate(context.Background()); err != nil {
		db.Close()
		return err
	}
	db.warnCaseTwins(context.Background())
	if err := db.openIndex(context.Background()); err != nil {
		db.Close()
		return err
	}
	if err := db.rederive(context.Background()); err != nil {
		db.Close()
		return err
	}
	if err := db.openAudit(context.Background()); err != nil {
		db.Close()
		return err
	}
	if err := db.loadFrontier(context.Background()); err != nil {
		db.Close()
		return err
	}
	if db.auditStmt, err = db.auditDB.Prepare(auditInsert); err != nil {
		db.Close()
		return fmt.Errorf("prepare the audit log's insert: %w", err)
	}
	db.appender = newAppender(db)
	if err := db.startCheckpointer(); err != nil {
		db.Close()
		return err
	}
	return nil
}

// Close closes the database.
func (db *DB) Close() error {
	var first error
	if db.ix != nil {
		first = db.ix.close()
	}
	if err := db.saveEngine(); err != nil {
		// Derived data: the next start rebuilds the engine.
		db.Logger.Warn("search engine: write snapshot at close", "err", err)
	}
	if db.appender != nil {
		db.appender.close()
	}
	db.ckpt.close()
	if db.auditStmt != nil {
		db.auditStmt.Close()
	}
	for _, d := range []*sql.DB{db.read, db.write, db.auditDB} {
		if d != nil {
			if err := d.Close(); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

// migrate applies the embedded migrations not yet recorded in
// schema_migrations, one transaction each, in order.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateOne(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) migrateOne(ctx context.Context, name string) error {
	base := filepath.Base(name)
	version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
	if err != nil {
		return fmt.Errorf("migration %s: name must start with its number", base)
	}
	var n int
	if err := db.write.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("migration %s: %w", base, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		version, base, db.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}
