package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/cable/cable/internal/postgres"
)

// benchIngestPostgres is bench ingest into a new schema of the PostgreSQL
// database f.url, dropped afterwards: generated cables, parsed ahead,
// imported as cable ingest --database imports them (ImportBulk).
func benchIngestPostgres(ctx context.Context, m *Main, f *benchFlags) error {
	db, closeDB, err := openBenchSchema(m, f.url)
	if err != nil {
		return err
	}
	defer closeDB()
	stop, err := f.startProfile()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches, total := generateBatches(ctx, f)
	p := newProgress(m.Stderr, "ingest", f.count)
	n := 0
	start, cpu0 := time.Now(), cpuTime()
	for cs := range batches {
		if _, err := db.ImportBulk(ctx, cs); err != nil {
			stop()
			return err
		}
		n += len(cs)
		p.add(len(cs))
	}
	load := time.Since(start)
	if _, _, err := db.OptimizeAfterImport(ctx, n); err != nil {
		stop()
		return err
	}
	wall, cpu := time.Since(start), cpuTime()-cpu0
	stop()
	p.done()
	size, err := db.Size(ctx)
	if err != nil {
		return err
	}
	// A serving process builds its search engine from the stored text.
	built := time.Now()
	if err := db.StartSearchEngine(ctx); err != nil {
		return err
	}
	build := time.Since(built)
	st, _ := db.EngineStats()
	w := m.Stdout
	fmt.Fprintf(w, "ingest: %d generated cables (seed %d, %.1f MB) into PostgreSQL (schema %s), batches of %d\n",
		n, f.seed, float64(total.Load())/1e6, db.Schema, f.batch)
	fmt.Fprintf(w, "  wall:        %s, %.0f cables/s, %.1f MB/s (goal ≥ 2000 cables/s: %s)\n", wall.Round(time.Millisecond),
		float64(n)/wall.Seconds(), float64(total.Load())/1e6/wall.Seconds(), passMiss(float64(n)/wall.Seconds() >= 2000))
	fmt.Fprintf(w, "  load:        %s, then %s building the search and listing indexes\n", load.Round(time.Millisecond),
		(wall - load).Round(time.Millisecond))
	fmt.Fprintf(w, "  client CPU:  %s (the server's is not counted)\n", cpu.Round(time.Millisecond))
	fmt.Fprintf(w, "  database:    %.1f MB (tables and indexes of the schema)\n", float64(size)/1e6)
	fmt.Fprintf(w, "  engine:      built by a process in %s, %.0f cables/s (%d portions, %d tokens)\n", build.Round(time.Millisecond),
		float64(n)/build.Seconds(), st.Portions, st.Tokens)
	return nil
}

// openBenchSchema opens a new schema of the PostgreSQL database at url
// for a benchmark; closeDB drops it and closes the store.
func openBenchSchema(m *Main, url string) (db *postgres.DB, closeDB func(), err error) {
	b := make([]byte, 6)
	rand.Read(b)
	db = postgres.NewDB(url)
	db.Schema, db.Logger = "cable_bench_"+hex.EncodeToString(b), m.Logger
	if err := db.Open(); err != nil {
		return nil, nil, err
	}
	return db, func() {
		if err := db.DropSchema(context.Background()); err != nil {
			m.Logger.Error("drop the bench schema", "schema", db.Schema, "err", err)
		}
		db.Close()
	}, nil
}
