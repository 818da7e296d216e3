package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/cable/cable/internal/sqlite"
)

// runRestore checks a backup and restores it into a new data directory,
// then checks the restored archive as cable reindex --check and cable
// audit verify do. It never writes over a data directory in use: the
// operator moves the restored one into place.
func runRestore(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, restoreUsage); fs.PrintDefaults() }
	data := fs.String("data", "", "the new data `directory` (new or empty)")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || *data == "" {
		return usageError(restoreUsage)
	}
	backup := rest[0]
	names, err := checkManifest(backup)
	if err != nil {
		return err
	}
	if slices.Contains(names, pgDumpFile) {
		return fmt.Errorf("restore: %s is a PostgreSQL backup: restore %s with pg_restore (docs/postgres.md), its keys by hand", backup, pgDumpFile)
	}
	if !slices.Contains(names, sqlite.FileName) {
		return fmt.Errorf("restore: %s holds no %s", backup, sqlite.FileName)
	}
	if err := makeEmptyDir(*data); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	for _, n := range names {
		if err := copyFile(filepath.Join(backup, n), filepath.Join(*data, n)); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
	}
	for _, n := range sqlite.BackupFiles() {
		if slices.Contains(names, n) {
			if err := sqlite.CheckDatabase(ctx, filepath.Join(*data, n)); err != nil {
				return fmt.Errorf("restore: %w", err)
			}
		}
	}
	fmt.Fprintf(m.Stdout, "restored %s into %s; checking it\n", backup, *data)
	// The checks read the restored SQLite archive, whatever
	// $CABLE_DATABASE says.
	local := *m
	local.Getenv = func(k string) string {
		if k == databaseEnv {
			return ""
		}
		return m.Getenv(k)
	}
	if err := runReindex(ctx, &local, []string{"--check", "--data", *data}); err != nil {
		return err
	}
	return runAuditVerify(ctx, &local, []string{"--data", *data})
}
