package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
)

const exportUsage = `usage: cable export [--as USER | --public] [--format jsonl|csv|tar.gz] [--out FILE]
                    [--tag T]... [--origin PLAD] [--to PLAD] [--from DATE] [--until DATE]
                    [--class LEVEL] [--caption C] [--quality KIND] [--read-budget-hour N] [--read-budget-day N]
                    [--data DIR | --database URL] [QUERY...]
Exports what the reader may see of the cables a search finds (with no QUERY
and no filter, every cable they may know of), newest first: JSON Lines of
their views, CSV (one row a cable), or a .tar.gz of telegrams, each as the
reader's view between banner lines, with manifest.jsonl (id, version, version
hash, view banner, citation). --public exports as the public reading room
reads (declassified portions only). Progress goes to standard error.
Every cable exported is a full read: audited, and counted against the
reader's read budget (--read-budget-*, raised by a budget of their own);
past it the export stops, keeps what it wrote, and says so. The export
itself is audited.`

// exportBatch is how many hits one search page of an export asks for.
const exportBatch = 100

// runExport exports what a reader may see of a search's cables.
func runExport(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, exportUsage); fs.PrintDefaults() }
	data := fs.String("data", m.Config.DataDir, "data `directory`")
	database := databaseFlag(fs, m)
	as := fs.String("as", m.Getenv("CABLE_USER"), "export as `USER`")
	publicFlag(fs, as)
	format := fs.String("format", "jsonl", "jsonl, csv or tar.gz")
	out := fs.String("out", "", "write to `FILE` rather than standard output")
	var tags listFlag
	fs.Var(&tags, "tag", "only cables with `TAG`; repeatable")
	origin := fs.String("origin", "", "only cables from `PLAD`")
	to := fs.String("to", "", "only cables to `PLAD`")
	from := fs.String("from", "", "only cables sent on or after `DATE`")
	until := fs.String("until", "", "only cables sent on or before `DATE`")
	class := fs.String("class", "", "only cables whose visible text is at most `LEVEL`")
	qual := fs.String("quality", "", "only cables with a data-quality finding of `KIND` (unreadable-mark, missing-decl…); or quality:KIND in QUERY")
	caption := fs.String("caption", "", "only cables with `CAPTION`")
	hour := fs.Int("read-budget-hour", cable.DefaultReadBudget.Hour, "distinct cables the reader may read in full in a rolling `hour`")
	day := fs.Int("read-budget-day", cable.DefaultReadBudget.Day, "distinct cables the reader may read in full in a rolling `day`")
	words, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	newWriter, ok := exportFormats[*format]
	if !ok {
		return usageError(fmt.Sprintf("export: --format %q: want jsonl, csv or tar.gz", *format))
	}
	q := cable.SearchQuery{Text: strings.Join(words, " "), Tags: tags, Origin: *origin, Addressee: *to, Caption: *caption,
		Sort: "date", Limit: exportBatch}
	if err := searchFilters(&q, *from, *until, *class); err != nil {
		return err
	}
	if err := qualityFilter(&q, *qual); err != nil {
		return err
	}
	m.Config.DataDir = *data
	db, err := m.openArchive(*database)
	if err != nil {
		return err
	}
	defer db.Close()
	if ctx, err = asUser(ctx, db, *as); err != nil {
		return err
	}
	w, closeOut, err := m.exportOutput(*out)
	if err != nil {
		return err
	}
	x := &exporter{db: db, q: q, now: time.Now(), progress: m.Stderr, budget: cable.ReadBudget{Hour: *hour, Day: *day}}
	n, err := x.run(ctx, newWriter(w))
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	return x.audit(ctx, *format, n, err)
}

// exportOutput returns where the export writes and how to close it.
func (m *Main) exportOutput(path string) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return m.Stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("export: %w", err)
	}
	return f, f.Close, nil
}

// exporter exports the cables q finds, as the reader of the context.
type exporter struct {
	db       archiveDB
	q        cable.SearchQuery
	now      time.Time
	progress io.Writer
	budget   cable.ReadBudget
}

// run writes the reader's view of each cable q finds to ew, and returns
// how many it wrote. It stops at the first error, a spent budget
// included, after closing ew so that what was written is whole.
func (x *exporter) run(ctx context.Context, ew exportWriter) (int, error) {
	ids, err := x.ids(ctx)
	if err != nil {
		return 0, err
	}
	reader := access.ReaderOf(cable.UserFromContext(ctx))
	rctx := ctx
	if !reader.Public { // the public has no account, and so no budget
		rctx = cable.NewContextWithMeter(ctx, &cable.ReadMeter{Limit: x.budget})
	}
	p := newProgress(x.progress, "export", len(ids))
	n := 0
	for _, id := range ids {
		item, ok, err := x.item(ctx, rctx, reader, id)
		if err == nil && ok {
			if err = ew.add(item); err == nil {
				n++
			}
		}
		if err != nil {
			ew.close()
			p.done()
			return n, fmt.Errorf("export: %s: %w", id, err)
		}
		p.add(1)
	}
	p.done()
	return n, ew.close()
}

// ids returns the ids of the cables q finds, page by page.
func (x *exporter) ids(ctx context.Context) ([]string, error) {
	var ids []string
	q := x.q
	q.Limit = exportBatch
	for q.Offset = 0; ; q.Offset += exportBatch {
		res, err := x.db.Search(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < exportBatch {
			return ids, nil
		}
	}
}

// item reads cable id in full (rctx carries the budget's meter) and
// returns the reader's view of it with its version (the version's hash
// only to a reader who reads all of it); false when the reader no longer
// knows of it.
func (x *exporter) item(ctx, rctx context.Context, reader access.Reader, id string) (exportItem, bool, error) {
	c, err := x.db.FindCableByID(rctx, id)
	if cable.KindOf(err) == cable.NotFound {
		return exportItem{}, false, nil
	}
	if err != nil {
		return exportItem{}, false, err
	}
	v, ok := access.View(reader, c, access.DistributionOf(c), x.now)
	if !ok {
		return exportItem{}, false, nil
	}
	vs, err := x.db.FindVersions(ctx, id)
	if err != nil || len(vs) == 0 {
		return exportItem{}, false, err
	}
	last := vs[len(vs)-1]
	it := exportItem{ID: id, Version: last.Number, View: v}
	// The hash is of the whole stored text: beside a view that withholds
	// something it would confirm a guess of what (a name, a number),
	// offline. Only a reader who reads it all gets it, as from the API.
	if access.ReadsAll(reader, c, v, x.now) {
		it.SHA256 = last.SHA256
	}
	return it, true, nil
}

// audit records the export, whether or not it finished, and returns err.
// An export that cannot be audited fails, though its reads were.
func (x *exporter) audit(ctx context.Context, format string, n int, err error) error {
	a, ok := x.db.(interface {
		Audit(ctx context.Context, kind, id, detail string) error
	})
	if !ok {
		return fmt.Errorf("export: this archive keeps no audit log")
	}
	detail := fmt.Sprintf("%s: %d cables", format, n)
	if err != nil {
		detail += " (stopped: " + cable.MessageOf(err) + ")"
	}
	if aerr := a.Audit(ctx, audit.KindExport, "", detail); aerr != nil && err == nil {
		err = aerr
	}
	return err
}
