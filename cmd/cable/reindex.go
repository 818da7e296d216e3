package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cable/cable/internal/sqlite"
)

const reindexUsage = `usage: cable reindex [--check] [--data DIR]
Rebuilds the embedded archive's search index (cable-index.db) from the
cables' raw texts, with progress. A running cable serve goes on
searching the old index until the new one is in place; other commands
started meanwhile wait for the rebuild. A rebuild killed half-way
leaves the old index. The archive itself is not changed.
An archive opened after an upgrade that changed the index's format is
rebuilt when it is opened; reindex is for an index you doubt.

--check instead checks the archive and its index (every page of both
files, the index's structure, one indexed text per stored portion) and
exits 1 if it finds damage. PostgreSQL keeps its index in its tables:
use its REINDEX.`

// runReindex rebuilds or checks the search index of the embedded archive.
func runReindex(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, reindexUsage); fs.PrintDefaults() }
	data := fs.String("data", m.Config.DataDir, "data `directory`")
	check := fs.Bool("check", false, "check the archive and its index instead")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError(reindexUsage)
	}
	path := filepath.Join(*data, sqlite.FileName)
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("reindex: no archive in %s: %w", *data, err)
	}
	db := sqlite.NewDB(path)
	db.Logger = m.Logger
	var bar *progress
	db.IndexProgress = func(done, total int) {
		if bar == nil {
			bar = newProgress(m.Stderr, "reindex", total)
		}
		bar.add(done - bar.n)
	}
	start := time.Now()
	if err := db.Open(); err != nil {
		return err
	}
	defer db.Close()
	if *check {
		return reportCheck(ctx, m, db)
	}
	// An archive whose index was missing or of another format was
	// rebuilt as it was opened.
	if !db.IndexRebuilt() {
		if err := db.Reindex(ctx); err != nil {
			return err
		}
	}
	if bar != nil {
		bar.done()
	}
	st, err := db.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "reindexed %d cables in %s\n", st.Cables, time.Since(start).Round(10*time.Millisecond))
	return nil
}

// errDamaged is the exit of a check that found damage.
var errDamaged = errors.New("reindex --check: the archive or its index is damaged")

// reportCheck checks the archive and prints what it found.
func reportCheck(ctx context.Context, m *Main, db *sqlite.DB) error {
	c, err := db.Check(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "archive: %d cables, %d portions\n", c.Cables, c.Portions)
	fmt.Fprintf(m.Stdout, "search index: %d portions, %d words", c.Indexed, c.Words)
	if c.Behind > 0 {
		fmt.Fprintf(m.Stdout, ", %d changes not yet applied", c.Behind)
	}
	fmt.Fprintln(m.Stdout)
	if len(c.Problems) == 0 {
		fmt.Fprintln(m.Stdout, "no damage found")
		return nil
	}
	for _, p := range c.Problems {
		fmt.Fprintln(m.Stdout, "damage:", p)
	}
	fmt.Fprintln(m.Stdout, "run cable reindex to rebuild the search index from the raw texts")
	return errDamaged
}
