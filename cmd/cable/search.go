package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
)

const searchUsage = `usage: cable search [--as USER | --public] [--tag T]... [--origin PLAD] [--to PLAD] [--from DATE] [--until DATE]
                    [--class LEVEL] [--caption C] [--quality KIND] [--sort date|relevance] [--limit N] [--offset N]
                    [--facets] [--json] [--data DIR | --database URL] [QUERY...]
QUERY is words, "phrases", prefix*, AND, OR, NOT and parentheses; none lists
every cable. A query has at most 64 terms, 1,000 bytes and parentheses 16 deep. A word that finds nothing you may see gets respellings that do
("did you mean"). Dates are YYYY-MM-DD, --until included. --as defaults to
$CABLE_USER. --json writes one JSON object per hit, and with --facets a last
line {"total": N, "facets": {...}}.`

// runSearch searches the archive as a user and prints what that user may
// see: hits, total and facets are all computed from their view.
func runSearch(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, searchUsage); fs.PrintDefaults() }
	data := fs.String("data", m.Config.DataDir, "data `directory`")
	database := databaseFlag(fs, m)
	as := fs.String("as", m.Getenv("CABLE_USER"), "search as `USER`")
	publicFlag(fs, as)
	var tags listFlag
	fs.Var(&tags, "tag", "only cables with `TAG`; repeatable, all must be present")
	origin := fs.String("origin", "", "only cables from `PLAD`")
	to := fs.String("to", "", "only cables to `PLAD` (action or info)")
	from := fs.String("from", "", "only cables sent on or after `DATE`")
	until := fs.String("until", "", "only cables sent on or before `DATE`")
	class := fs.String("class", "", "only cables whose visible text is at most `LEVEL`")
	qual := fs.String("quality", "", "only cables with a data-quality finding of `KIND` (unreadable-mark, missing-decl…); or quality:KIND in QUERY")
	caption := fs.String("caption", "", "only cables with `CAPTION` (SIPDIS, NODIS…)")
	sortBy := fs.String("sort", "date", "order: date (newest first) or relevance")
	limit := fs.Int("limit", 20, "at most `N` hits (up to 100)")
	offset := fs.Int("offset", 0, "skip the first `N` hits")
	facets := fs.Bool("facets", false, "count the hits by tag, origin, year and classification")
	asJSON := fs.Bool("json", false, "write JSON Lines")
	words, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	q := cable.SearchQuery{
		Text: strings.Join(words, " "), Tags: tags, Origin: *origin, Addressee: *to, Caption: *caption,
		Sort: *sortBy, Limit: *limit, Offset: *offset, Facets: *facets, Snippets: true, Suggestions: !*asJSON,
	}
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
	ctx, err = asUser(ctx, db, *as)
	if err != nil {
		return err
	}
	res, err := db.Search(ctx, q)
	if err != nil {
		return err
	}
	doc := api.FromSearchResult(res, q.Offset, q.Limit)
	w := bufio.NewWriter(m.Stdout)
	defer w.Flush()
	if *asJSON {
		return writeSearchJSON(w, doc, *facets)
	}
	writeSearchTable(w, doc)
	return nil
}

// searchFilters checks the flags that need reading and sets them on q.
func searchFilters(q *cable.SearchQuery, from, until, class string) error {
	var err error
	if q.From, err = flagDate("from", from); err != nil {
		return err
	}
	if q.To, err = flagDate("until", until); err != nil {
		return err
	}
	if !q.To.IsZero() {
		q.To = q.To.AddDate(0, 0, 1)
	}
	q.Classified = class
	switch {
	case q.Sort != "date" && q.Sort != "relevance":
		return usageError(fmt.Sprintf("--sort %q: want date or relevance", q.Sort))
	case q.Limit < 1 || q.Limit > 100:
		return usageError(fmt.Sprintf("--limit %d: want 1 to 100", q.Limit))
	case q.Offset < 0:
		return usageError(fmt.Sprintf("--offset %d: want 0 or more", q.Offset))
	}
	if class != "" {
		if _, err := levelFlag("class", class); err != nil {
			return err
		}
	}
	return nil
}

// flagDate reads a YYYY-MM-DD flag; empty is the zero time.
func flagDate(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, usageError(fmt.Sprintf("--%s %q: want a date YYYY-MM-DD", name, s))
	}
	return t, nil
}

// writeSearchJSON writes one hit per line, then the total and facets.
func writeSearchJSON(w io.Writer, doc api.SearchResult, facets bool) error {
	enc := json.NewEncoder(w)
	for _, h := range doc.Hits {
		if err := enc.Encode(h); err != nil {
			return err
		}
	}
	if !facets {
		return nil
	}
	return enc.Encode(struct {
		Total  int                    `json:"total"`
		Facets map[string][]api.Facet `json:"facets"`
	}{doc.Total, doc.Facets})
}

// writeSearchTable writes the hits as a table, each snippet under its
// subject, then how many there are and the facets.
func writeSearchTable(w io.Writer, doc api.SearchResult) {
	if doc.Total == 0 {
		fmt.Fprintln(w, "no cables found")
		writeSuggestions(w, doc.Suggestions)
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tORIGIN\tCLASSIFICATION\tSUBJECT")
	for _, h := range doc.Hits {
		date := ""
		if len(h.DTG) >= 10 {
			date = h.DTG[:10]
		}
		subject := h.Subject
		if subject == "" {
			subject = "[subject withheld]"
		}
		class := h.Classification
		if class == "" { // a server older than the field
			class = h.Level
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", h.ID, date, h.Origin, class, clip(subject, 70))
		if h.Snippet != "" {
			fmt.Fprintf(tw, "\t\t\t\t%s\n", clip(h.Snippet, 100))
		}
	}
	tw.Flush()
	if len(doc.Hits) == 0 {
		fmt.Fprintf(w, "\nno hits from %d on, of %d cables\n", doc.Offset+1, doc.Total)
	} else {
		more := ""
		if !doc.TotalExact {
			more = " or more"
		}
		fmt.Fprintf(w, "\n%d–%d of %d%s cables\n", doc.Offset+1, doc.Offset+len(doc.Hits), doc.Total, more)
	}
	names := make([]string, 0, len(doc.Facets))
	for n := range doc.Facets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		var vs []string
		for _, f := range doc.Facets[n] {
			vs = append(vs, fmt.Sprintf("%s %d", f.Value, f.Count))
		}
		fmt.Fprintf(w, "%s: %s\n", n, strings.Join(vs, ", "))
	}
	writeSuggestions(w, doc.Suggestions)
}

// writeSuggestions writes the respelled queries, if any.
func writeSuggestions(w io.Writer, sgs []api.Suggestion) {
	for i, sg := range sgs {
		lead := "did you mean:"
		if i > 0 {
			lead = "          or:"
		}
		more := ""
		if !sg.TotalExact {
			more = " or more"
		}
		fmt.Fprintf(w, "%s %s (%d%s cables)\n", lead, sg.Query, sg.Total, more)
	}
}

// clip shortens s to n runes, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
