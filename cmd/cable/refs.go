package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cabletext"
)

const refsUsage = `usage: cable refs [--as USER | --public] [--json] [--data DIR | --database URL] ID
Prints what the cable cites (a cited cable the archive does not hold, or
that USER may not know of, is marked "not in archive"), the cables that
cite it, and its thread. --as defaults to $CABLE_USER.`

// runRefs prints a cable's place in the reference graph, as a user may
// see it.
func runRefs(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("refs", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, refsUsage); fs.PrintDefaults() }
	data := fs.String("data", m.Config.DataDir, "data `directory`")
	database := databaseFlag(fs, m)
	as := fs.String("as", m.Getenv("CABLE_USER"), "read as `USER`")
	publicFlag(fs, as)
	asJSON := fs.Bool("json", false, "write the graph as one JSON object")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError(refsUsage)
	}
	id := cabletext.CanonicalID(strings.ToUpper(rest[0]))
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
	g, err := db.FindRefs(ctx, id)
	if err != nil {
		return err
	}
	doc := api.FromRefGraph(g)
	if *asJSON {
		return json.NewEncoder(m.Stdout).Encode(doc)
	}
	w := bufio.NewWriter(m.Stdout)
	defer w.Flush()
	writeRefs(w, doc)
	return nil
}

// writeRefs writes a reference graph as three lists.
func writeRefs(w io.Writer, g api.RefGraph) {
	fmt.Fprintf(w, "%s\n\ncites:\n", g.ID)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, l := range g.Cites {
		label := l.Label
		if label != "" {
			label += "."
		}
		status := "not in archive"
		if l.InArchive {
			status = refLine(l)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", label, l.Text, orDash(l.ID), status)
	}
	if len(g.Cites) == 0 {
		fmt.Fprintln(tw, "  none")
	}
	tw.Flush()
	for _, list := range []struct {
		name  string
		links []api.RefLink
	}{{"cited by", g.CitedBy}, {"thread", g.Thread}} {
		fmt.Fprintf(w, "\n%s:\n", list.name)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, l := range list.links {
			fmt.Fprintf(tw, "  %s\t%s\n", l.ID, refLine(l))
		}
		if len(list.links) == 0 {
			fmt.Fprintln(tw, "  none")
		}
		tw.Flush()
	}
}

// refLine is the date and subject of a cable in the archive.
func refLine(l api.RefLink) string {
	date := "----------"
	if len(l.DTG) >= 10 {
		date = l.DTG[:10]
	}
	subject := l.Subject
	if subject == "" {
		subject = "[subject withheld]"
	}
	return date + "  " + subject
}
