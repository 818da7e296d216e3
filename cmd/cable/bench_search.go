package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/gen"
	"github.com/cable/cable/internal/sqlite"
)

// The search benchmark follows DEPENDENCIES.md §2.1: one-word, two-word
// and phrase queries, words drawn in equal thirds from ranks 20–200,
// 200–2,000 and 2,000–20,000 of the generator's vocabulary, phrases as two
// adjacent words of a random generated cable; newest first, one page of
// 20, single-threaded, warm cache. Each reader's Search is set beside the
// bare FTS5 index: its newest 20 portions, and the count of all matching
// portions, which is the least a search that reports totals must do.

// benchQuery is one query in the two forms it is run in.
type benchQuery struct {
	text   string // for Search
	match  string // FTS5 expression for the bare index
	sort   string // for Search: "relevance", or newest first
	facets bool   // for Search: with facets
}

// benchKind is a kind of query with its queries.
type benchKind struct {
	name    string
	queries []benchQuery
}

// benchReader is a user the benchmark searches as.
type benchReader struct {
	label string
	user  cable.User
	// public is the reading room's reader, who is no user.
	public bool
}

// context returns ctx with the reader as the caller.
func (r *benchReader) context(ctx context.Context) context.Context {
	if r.public {
		return cable.NewPublicContext(ctx)
	}
	return cable.NewContextWithUser(ctx, &r.user)
}

// benchReaders are the readers of the search benchmark: a US reader
// cleared SECRET (SIPDIS admits them archive-wide), one cleared
// CONFIDENTIAL, and a Chinese national cleared SECRET who is a member of
// Embassy Beijing (so sees only Beijing's cables, in their releasable or
// plain U portions).
func benchReaders() []benchReader {
	return []benchReader{
		{"US SECRET", cable.User{Name: "bench-us-secret", Clearance: "SECRET", Citizenship: "USA"}, false},
		{"US CONFIDENTIAL", cable.User{Name: "bench-us-conf", Clearance: "CONFIDENTIAL", Citizenship: "USA"}, false},
		{"CHN SECRET, Beijing", cable.User{Name: "bench-chn", Clearance: "SECRET", Citizenship: "CHN", Posts: []string{"AMEMBASSY BEIJING"}}, false},
		{"GBR SECRET, London", cable.User{Name: "bench-gbr", Clearance: "SECRET", Citizenship: "GBR", Posts: []string{"AMEMBASSY LONDON"}}, false},
		{"public (reading room)", cable.User{}, true},
	}
}

// benchSearch fills or reuses a database and times the queries.
func benchSearch(ctx context.Context, m *Main, args []string) error {
	f, err := parseBenchFlags(m, "search", args)
	if err != nil {
		return err
	}
	if f.url != "" {
		return benchSearchPostgres(ctx, m, f)
	}
	db, closeDB, err := f.openDB(m)
	if err != nil {
		return err
	}
	defer closeDB()
	st, err := db.Stats(ctx)
	if err != nil {
		return err
	}
	switch {
	case st.Cables == 0:
		r, err := fillDB(ctx, m, db, f)
		if err != nil {
			return err
		}
		if err := r.print(ctx, m.Stdout, db, f); err != nil {
			return err
		}
	case st.Cables != f.count:
		return fmt.Errorf("bench search: %s holds %d cables, not %d: give --count %d or an empty --data directory", db.Path, st.Cables, f.count, st.Cables)
	}
	if err := f.startEngine(ctx, m.Stdout, db); err != nil {
		return err
	}
	readers, err := benchUsers(ctx, db)
	if err != nil {
		return err
	}
	kinds := benchQueries(f.seed, f.count, f.queries)
	stop, err := f.startProfile()
	if err != nil {
		return err
	}
	defer stop()
	return runSearchBench(ctx, m.Stdout, m.Stderr, db, f, readers, kinds)
}

// benchUsers creates the benchmark's readers, or finds them in a reused
// database.
func benchUsers(ctx context.Context, db *sqlite.DB) ([]benchReader, error) {
	rs := benchReaders()
	for i := range rs {
		if rs[i].public {
			continue
		}
		u, err := db.FindUserByName(ctx, rs[i].user.Name)
		if cable.KindOf(err) == cable.NotFound {
			u = &rs[i].user
			err = db.CreateUser(ctx, u, "bench-password")
		}
		if err != nil {
			return nil, err
		}
		rs[i].user = *u
	}
	return rs, nil
}

// benchQueries draws n queries of each kind, deterministically from seed.
func benchQueries(seed int64, count, n int) []benchKind {
	r := rand.New(rand.NewPCG(uint64(seed), 0x5ea4c4))
	vocab := gen.Vocabulary()
	thirds := [][2]int{{20, 200}, {200, 2000}, {2000, min(20000, len(vocab))}}
	word := func(k int) string {
		t := thirds[k%3]
		return vocab[t[0]+r.IntN(t[1]-t[0])]
	}
	one, two, phrase := benchKind{name: "one word"}, benchKind{name: "two words"}, benchKind{name: "phrase"}
	for k := range n {
		w := word(k)
		one.queries = append(one.queries, benchQuery{text: w, match: ftsQuote(w)})
		a, b := word(k), word(k)
		two.queries = append(two.queries, benchQuery{text: a + " " + b, match: ftsQuote(a) + " AND " + ftsQuote(b)})
	}
	g := &gen.Generator{Seed: seed}
	for len(phrase.queries) < n {
		if p := adjacentWords(cabletext.Parse(g.Cable(r.IntN(count))), r); p != "" {
			phrase.queries = append(phrase.queries, benchQuery{text: `"` + p + `"`, match: ftsQuote(p)})
		}
	}
	ranked, faceted := benchKind{name: "relevance"}, benchKind{name: "with facets"}
	for _, q := range one.queries {
		ranked.queries = append(ranked.queries, benchQuery{text: q.text, match: q.match, sort: "relevance"})
		faceted.queries = append(faceted.queries, benchQuery{text: q.text, match: q.match, facets: true})
	}
	return []benchKind{one, two, phrase, ranked, faceted}
}

// adjacentWords returns two adjacent words of a random paragraph of c.
func adjacentWords(c *cable.Cable, r *rand.Rand) string {
	if len(c.Text.Paragraphs) == 0 {
		return ""
	}
	ws := strings.FieldsFunc(c.Text.Paragraphs[r.IntN(len(c.Text.Paragraphs))].Text, func(c rune) bool {
		return !unicode.IsLetter(c) && c != '\''
	})
	if len(ws) < 2 {
		return ""
	}
	k := r.IntN(len(ws) - 1)
	return ws[k] + " " + ws[k+1]
}

// ftsQuote makes s one FTS5 string (a word or a phrase).
func ftsQuote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// latencies are one kind's query times, with the hit counts seen.
type latencies struct {
	times []time.Duration
	hits  []int
	cpu   time.Duration // process CPU time over the queries
}

func (l *latencies) add(d time.Duration, hits int) {
	l.times = append(l.times, d)
	l.hits = append(l.hits, hits)
}

// pct returns the p-th percentile (0–100) of the times.
func (l *latencies) pct(p float64) time.Duration {
	if len(l.times) == 0 {
		return 0
	}
	t := slices.Clone(l.times)
	slices.Sort(t)
	return t[min(len(t)-1, int(p/100*float64(len(t))))]
}

func (l *latencies) medianHits() int {
	h := slices.Clone(l.hits)
	slices.Sort(h)
	return h[len(h)/2]
}

// runSearchBench runs every kind of query for every reader and for the
// bare index, then prints the table.
func runSearchBench(ctx context.Context, w, log io.Writer, db *sqlite.DB, f *benchFlags, readers []benchReader, kinds []benchKind) error {
	type row struct {
		label string
		lat   []latencies // by kind
	}
	var rows []row
	search := func(rctx context.Context) func(q benchQuery) (int, error) {
		return func(q benchQuery) (int, error) {
			res, err := db.Search(rctx, cable.SearchQuery{Text: q.text, Limit: 20, CountLimit: f.counts, Sort: q.sort, Facets: q.facets})
			if err != nil {
				return 0, err
			}
			return res.Total, nil
		}
	}
	for _, r := range readers {
		fmt.Fprintf(log, "search: as %s…\n", r.label)
		rctx := r.context(ctx)
		lat, err := timeKinds(ctx, kinds, search(rctx))
		if err != nil {
			return fmt.Errorf("search as %s: %w", r.label, err)
		}
		rows = append(rows, row{r.label, lat})
	}
	for _, b := range []struct {
		label string
		limit int
	}{{"bare FTS5, newest 20", 20}, {"bare FTS5, count(*)", 0}} {
		fmt.Fprintf(log, "search: %s…\n", b.label)
		lat, err := timeKinds(ctx, kinds, func(q benchQuery) (int, error) { return db.BareSearch(ctx, q.match, b.limit) })
		if err != nil {
			return err
		}
		rows = append(rows, row{b.label, lat})
	}
	fmt.Fprintf(w, "\nsearch: %d cables, %d queries of each kind, limit 20, single-threaded; newest first and without facets\n", f.count, f.queries)
	fmt.Fprintf(w, "but for relevance and with facets (one-word queries both); bare FTS5 runs the one-word queries for those\n")
	fmt.Fprintf(w, "latency p50 / p99, mean process CPU time a query, median total hits (cables; bare: portions)\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "reader\t")
	for _, k := range kinds {
		fmt.Fprintf(tw, "%s\tCPU\thits\t", k.name)
	}
	fmt.Fprintln(tw)
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t", r.label)
		for k := range kinds {
			l := &r.lat[k]
			fmt.Fprintf(tw, "%s / %s\t%s\t%d\t", ms(l.pct(50)), ms(l.pct(99)), ms(l.cpu/time.Duration(max(len(l.times), 1))), l.medianHits())
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nfiltered / bare (p50, p99): against the newest 20 | against count(*)\n")
	bare20, bareCount := rows[len(rows)-2], rows[len(rows)-1]
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range rows[:len(rows)-2] {
		fmt.Fprintf(tw, "%s\t", r.label)
		for k, kind := range kinds {
			fmt.Fprintf(tw, "%s %s | %s\t", kind.name, ratio(r.lat[k], bare20.lat[k]), ratio(r.lat[k], bareCount.lat[k]))
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := runAuditBench(ctx, w, db, f, readers[0], kinds); err != nil {
		return err
	}
	return runSuggestBench(ctx, w, db, readers[0], benchTypos(f.seed, f.queries))
}

// timeKinds runs 20 warm-up queries, then every query of every kind once,
// timing each.
func timeKinds(ctx context.Context, kinds []benchKind, run func(benchQuery) (int, error)) ([]latencies, error) {
	for _, q := range kinds[0].queries[:min(20, len(kinds[0].queries))] {
		if _, err := run(q); err != nil {
			return nil, err
		}
	}
	out := make([]latencies, len(kinds))
	for k, kind := range kinds {
		cpu0 := cpuTime()
		for _, q := range kind.queries {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			t := time.Now()
			hits, err := run(q)
			if err != nil {
				return nil, fmt.Errorf("query %s: %w", q.text, err)
			}
			out[k].add(time.Since(t), hits)
		}
		out[k].cpu = cpuTime() - cpu0
	}
	return out, nil
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000)
}

func ratio(a, b latencies) string {
	return fmt.Sprintf("%.1f×, %.1f×", float64(a.pct(50))/float64(max(b.pct(50), 1)), float64(a.pct(99))/float64(max(b.pct(99), 1)))
}
