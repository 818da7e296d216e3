package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/cable/cable/internal/sqlite"
)

const backupUsage = `usage: cable backup [--data DIR] [--database URL] OUT

Copies the data directory's archive, search index and audit log (SQLite's
VACUUM INTO, consistent while cable serve runs) and its keys into the new
directory OUT, with a MANIFEST of checksums; cable restore checks and
restores it. With --database (or $CABLE_DATABASE), runs pg_dump into
OUT/cable.pgdump instead of copying SQLite files, and copies the keys.`

const restoreUsage = `usage: cable restore --data NEWDIR BACKUP

Checks the backup BACKUP against its MANIFEST, copies it into NEWDIR (new
or empty), checks each database's integrity, then runs the checks of
cable reindex --check and cable audit verify on it.`

// manifestFile lists a backup's files with their checksums; a backup
// without it is incomplete.
const manifestFile = "MANIFEST"

// pgDumpFile is a PostgreSQL backup's dump (pg_dump --format=custom).
const pgDumpFile = "cable.pgdump"

// runBackup backs up a data directory (and its PostgreSQL archive).
func runBackup(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, backupUsage); fs.PrintDefaults() }
	data := fs.String("data", m.Config.DataDir, "data `directory`")
	database := databaseFlag(fs, m)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError(backupUsage)
	}
	out := rest[0]
	if err := makeEmptyDir(out); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	start := time.Now()
	var copied []string
	if *database != "" {
		copied, err = dumpPostgres(ctx, *database, out)
	} else {
		copied, err = copySQLite(ctx, *data, out)
	}
	if err != nil {
		return err
	}
	keys, err := copyOtherFiles(*data, out)
	if err != nil {
		return err
	}
	copied = append(copied, keys...)
	if err := writeManifest(out, copied); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "backed up %s to %s in %s: %s\n", *data, out, time.Since(start).Round(time.Millisecond), strings.Join(copied, ", "))
	return nil
}

// copySQLite copies the data directory's SQLite files into out, the
// search index first (sqlite.BackupFiles).
func copySQLite(ctx context.Context, dir, out string) ([]string, error) {
	if _, err := os.Stat(filepath.Join(dir, sqlite.FileName)); err != nil {
		return nil, fmt.Errorf("backup: no archive in %s: %w", dir, err)
	}
	var copied []string
	for _, name := range sqlite.BackupFiles() {
		src := filepath.Join(dir, name)
		if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
			continue // no audit log or index yet: the archive makes them
		}
		if err := sqlite.CopyDatabase(ctx, src, filepath.Join(out, name)); err != nil {
			return nil, fmt.Errorf("backup: %w", err)
		}
		copied = append(copied, name)
	}
	return copied, nil
}

// dumpPostgres runs pg_dump on the database at url into out.
func dumpPostgres(ctx context.Context, url, out string) ([]string, error) {
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		return nil, fmt.Errorf("backup --database: pg_dump is not installed (PostgreSQL's client tools, the server's major version or newer): %w", err)
	}
	cmd := exec.CommandContext(ctx, bin, "--format=custom", "--no-owner", "--file", filepath.Join(out, pgDumpFile), "--dbname", url)
	if b, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("backup --database: pg_dump: %w: %s", err, strings.TrimSpace(string(b)))
	}
	// The dump holds the users' password hashes and every cable: as
	// private as the keys beside it, whatever pg_dump's umask.
	if err := os.Chmod(filepath.Join(out, pgDumpFile), 0o600); err != nil {
		return nil, fmt.Errorf("backup --database: %w", err)
	}
	return []string{pgDumpFile}, nil
}

// isDatabaseFile reports whether a data directory's file belongs to a
// SQLite database (the databases, their journals and locks), which the
// backup copies by VACUUM INTO or not at all.
func isDatabaseFile(name string) bool {
	for _, db := range sqlite.BackupFiles() {
		if name == db || strings.HasPrefix(name, db+"-") || strings.HasPrefix(name, db+".") {
			return true
		}
	}
	return false
}

// copyOtherFiles copies the data directory's other regular files — the
// session, audit and site keys, a self-signed certificate — as they are,
// but for the search engine's snapshot: derived data as large as the
// index, which the restored archive's first start rebuilds (a snapshot
// newer than the archive copied before it would be set aside anyway).
func copyOtherFiles(dir, out string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	var copied []string
	for _, e := range entries {
		if !e.Type().IsRegular() || isDatabaseFile(e.Name()) || sqlite.IsEngineSnapshot(e.Name()) {
			continue
		}
		if err := copyFile(filepath.Join(dir, e.Name()), filepath.Join(out, e.Name())); err != nil {
			return nil, fmt.Errorf("backup: %w", err)
		}
		copied = append(copied, e.Name())
	}
	return copied, nil
}
