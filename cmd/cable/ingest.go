package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/importer"
)

// ingestBatch is how many cables one transaction stores: large enough to
// amortise the commit, small enough that an interrupted ingest loses
// little work (and nothing stored).
const ingestBatch = 500

// runIngest stores cables from files, directories and .tar.gz archives.
func runIngest(ctx context.Context, m *Main, args []string) error {
	fset := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fset.SetOutput(m.Stderr)
	data := fset.String("data", m.Config.DataDir, "data directory")
	database := databaseFlag(fset, m)
	maxSize := byteSize(m.Config.MaxMemberSize)
	fset.Var(&maxSize, "max-member-size", "the largest cable file, archive member or CSV row to read: `SIZE` in bytes, or with KB, MB, GB")
	formatName := fset.String("format", "", "the layout of every input: `FORMAT` telegram, cablegate-csv, cablegate-html or nara-csv (default: by extension and content)")
	if err := fset.Parse(args); err != nil {
		return flagError(err)
	}
	if fset.NArg() == 0 {
		return usageError("usage: cable ingest [--data DIR | --database URL] [--max-member-size SIZE] [--format FORMAT] PATH... (files, directories, .tar.gz, .csv)")
	}
	var format importer.Format
	if *formatName != "" {
		f, err := importer.ParseFormat(*formatName)
		if err != nil {
			return usageError(err.Error())
		}
		format = f
	}
	m.Config.DataDir, m.Config.MaxMemberSize = *data, int64(maxSize)
	db, err := m.openArchive(*database)
	if err != nil {
		return err
	}
	defer db.Close()
	return ingestPathsAs(ctx, m, db, fset.Args(), format)
}

// ingestPaths stores every cable under paths and prints a summary. What
// cannot be read or stored (a file, an archive member, a cable the store
// refuses) is reported by name, id and reason and skipped, and the rest
// stored; the exit status is then 1. Each batch is one transaction, so
// killing the process loses at most the batch in flight, and running it
// again stores the rest: the same text is never stored twice.
func ingestPaths(ctx context.Context, m *Main, db cable.CableService, paths []string) error {
	return ingestPathsAs(ctx, m, db, paths, "")
}

// ingestPathsAs is ingestPaths for inputs of the given layout, or of
// the layout each shows when format is "".
func ingestPathsAs(ctx context.Context, m *Main, db cable.CableService, paths []string, format importer.Format) error {
	total := countInputs(paths, format)
	maxSize := m.Config.MaxMemberSize
	if maxSize <= 0 {
		maxSize = DefaultMaxMemberSize
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srcs := make(chan source, 64)
	var walkErr error
	go func() {
		defer close(srcs)
		walkErr = walkInputs(ctx, paths, format, maxSize, srcs)
	}()
	sum := &ingestSummary{warnings: map[string]int{}}
	bar := newProgress(m.Stderr, "ingest", total)
	parsed := parseAll(ctx, srcs)
	batch := make([]parsedCable, 0, ingestBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := storeBatch(ctx, db, batch, sum)
		bar.add(len(batch))
		m.Metrics.IngestProgress(bar.n, total)
		batch = batch[:0]
		return err
	}
	for pc := range parsed {
		batch = append(batch, pc)
		if len(batch) == ingestBatch {
			if err := flush(); err != nil {
				cancel()
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	bar.done()
	if walkErr != nil {
		return walkErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	sum.print(m)
	m.Metrics.Ingested("new", sum.results[cable.Imported])
	m.Metrics.Ingested("unchanged", sum.results[cable.Unchanged])
	m.Metrics.Ingested("new_version", sum.results[cable.NewVersion])
	m.Metrics.Ingested("not_stored", len(sum.failed))
	if err := optimizeIndex(ctx, m, db, sum.results[cable.Imported]+sum.results[cable.NewVersion]); err != nil {
		return err
	}
	for _, f := range sum.failed {
		attrs := []any{"file", f.name}
		if f.id != "" {
			attrs = append(attrs, "id", f.id)
		}
		m.Logger.Error("cable not stored", append(attrs, "err", f.err)...)
	}
	if len(sum.failed) > 0 {
		return errFindings
	}
	return nil
}

// bulkImporter is a store that imports batches of a bulk import faster
// when the importer calls OptimizeAfterImport at the end (the SQLite
// store defers its index's merges to it).
type bulkImporter interface {
	ImportBulk(ctx context.Context, cs []*cable.Cable) ([]cable.ImportResult, error)
}

// indexOptimizer is a store whose search index wants merging after a bulk
// import (the SQLite store's FTS index).
type indexOptimizer interface {
	OptimizeAfterImport(ctx context.Context, added int) (bool, time.Duration, error)
}

// optimizeIndex lets the store optimize its index after an ingest that
// added the given number of cables, saying so, since it can take a while.
func optimizeIndex(ctx context.Context, m *Main, db cable.CableService, added int) error {
	o, ok := db.(indexOptimizer)
	if !ok {
		return nil
	}
	// After a large import this takes a while (over a minute at 250,000
	// cables): say so first, so that a silent pause is not taken for a
	// hang.
	if added > 0 {
		m.Logger.Info("merging the search index's new segments", "added", added)
	}
	done, took, err := o.OptimizeAfterImport(ctx, added)
	if err != nil {
		return err
	}
	if done {
		m.Logger.Info("search index optimized", "took", took.Round(time.Millisecond))
	}
	return nil
}

// parsedCable is a cable ready to store, or the reason it is not, with
// the data-quality findings of its legacy check.
type parsedCable struct {
	name     string
	c        *cable.Cable
	err      error
	findings []cabletext.Finding
}

// parseAll parses sources on every core, in order of arrival per worker.
func parseAll(ctx context.Context, srcs <-chan source) <-chan parsedCable {
	out := make(chan parsedCable, 256)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range srcs {
				pc := parse(s)
				select {
				case out <- pc:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()
	return out
}

// parse parses a source, or says why it is not a cable.
func parse(s source) parsedCable {
	switch {
	case s.err != nil:
		return parsedCable{name: s.name, err: s.err}
	case len(bytes.TrimSpace(s.data)) == 0:
		return parsedCable{name: s.name, err: errors.New("empty file: no cable")}
	}
	data := s.data
	if s.format == importer.CablegateHTML {
		text, err := importer.FromCablegateHTML(data)
		if err != nil {
			return parsedCable{name: s.name, err: err}
		}
		data = text
	}
	c := cabletext.Parse(data)
	c.Warnings = append(c.Warnings, importer.CheckReferences(c, s.refs)...)
	pc := parsedCable{name: s.name, c: c, findings: cabletext.Check(c, false)}
	if c.ID == "" {
		pc.err = errors.New("no cable id: want the archive layout, or a telegram whose classification line gives station and serial and whose header has a DTG")
	}
	return pc
}

// storeBatch imports the good cables of a batch in one transaction. A
// cable the store refuses is reported, and the rest is stored.
func storeBatch(ctx context.Context, db cable.CableService, batch []parsedCable, sum *ingestSummary) error {
	var cs []*cable.Cable
	var names []string
	for _, pc := range batch {
		if pc.err != nil {
			sum.failed = append(sum.failed, failure{name: pc.name, err: pc.err})
			continue
		}
		cs, names = append(cs, pc.c), append(names, pc.name)
		for _, w := range pc.c.Warnings {
			sum.warnings[w.Field]++
		}
		for _, f := range pc.findings {
			if f.Field == "classification" || f.Field == "captions" || strings.HasPrefix(f.Field, "paragraph") {
				sum.warnings["marking: "+markingKind(f)]++
			}
		}
	}
	imp := db.ImportCables
	if b, ok := db.(bulkImporter); ok {
		imp = b.ImportBulk
	}
	res, err := imp(ctx, cs)
	refused, ok := cable.RefusedIn(err)
	if err != nil && !ok {
		return fmt.Errorf("store cables: %w", err)
	}
	for _, r := range refused {
		sum.failed = append(sum.failed, failure{names[r.Index], r.ID, r.Err})
	}
	for _, r := range res {
		sum.results[r]++
	}
	return nil
}

// markingKind names a marking finding for the summary.
func markingKind(f cabletext.Finding) string {
	switch {
	case f.Field == "captions":
		return "SIPDIS with NODIS or EXDIS"
	case f.Field == "classification":
		return "banner below its roll-up"
	case strings.Contains(f.Message, "cannot be read"):
		return "unreadable portion mark"
	}
	return "paragraph without a portion mark"
}

// failure is an input not stored: its file (archive:member for a
// member), its cable id when it has one, and why.
type failure struct {
	name, id string
	err      error
}

// ingestSummary counts what an ingest did.
type ingestSummary struct {
	results  [cable.Refused + 1]int // by cable.ImportResult; the refused are in failed
	warnings map[string]int
	failed   []failure
}

func (s *ingestSummary) print(m *Main) {
	fmt.Fprintf(m.Stdout, "ingested: %d new, %d unchanged, %d new versions, %d not stored\n",
		s.results[cable.Imported], s.results[cable.Unchanged], s.results[cable.NewVersion], len(s.failed))
	kinds := make([]string, 0, len(s.warnings))
	for k := range s.warnings {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(m.Stdout, "  warnings: %-40s %d\n", k, s.warnings[k])
	}
}
