package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/cable/cable/internal/cable"
)

const directoryUsage = `usage:
  cable directory list [--kind post|office|collective] [--country CODE] [--parent PLAD] [--json] [TEXT]
  cable directory show PLAD|RI
  cable directory add --as ADMIN PLAD --kind KIND [--ri RI] [--country CODE] [--parent POST] [--station S]
                      [--name NAME] [--member PLAD]... [--relay URL] [--via PLAD]
  cable directory set --as ADMIN PLAD [--kind …] [--ri …] [--country …] [--parent …] [--station …] [--name …]
                      [--member PLAD]... [--relay URL] [--via PLAD]
  cable directory serial --as ADMIN PLAD YEAR LAST
  cable directory network [--json]
The directory holds posts, offices and collective addresses with their
routing indicators, countries and stations. An office (ISN) belongs to a
post (SECSTATE WASHDC), whose RI and station it takes. serial sets the last
serial a post used in YEAR. network shows each site served by a node (this
one, or one reached directly or via a relay site): its route, its key's
fingerprint, and the state and queue of the link its copies take. Every subcommand takes --data DIR.`

// runDirectory shows and changes the directory.
func runDirectory(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 {
		return usageError(directoryUsage)
	}
	sub := map[string]func(context.Context, *Main, []string) error{
		"list": runDirectoryList, "show": runDirectoryShow, "add": runDirectoryAdd, "set": runDirectorySet, "serial": runDirectorySerial,
		"network": runDirectoryNetwork,
	}[args[0]]
	if sub == nil {
		return usageError(fmt.Sprintf("directory: unknown subcommand %q\n%s", args[0], directoryUsage))
	}
	return sub(ctx, m, args[1:])
}

// openDirectory opens the traffic service; reading the directory needs no
// user, changing it an administrator.
func openDirectory(ctx context.Context, m *Main, f *trafficFlags, needUser bool) (context.Context, trafficDB, error) {
	if needUser {
		return f.open(ctx, m)
	}
	tr, err := f.openStore(m)
	return ctx, tr, err
}

func runDirectoryList(ctx context.Context, m *Main, args []string) error {
	f := newTrafficFlags(m, "directory list", directoryUsage)
	kind := f.fs.String("kind", "", "only sites of `KIND`: post, office or collective")
	country := f.fs.String("country", "", "only sites in country `CODE`")
	parent := f.fs.String("parent", "", "only the offices of `POST`")
	asJSON := f.fs.Bool("json", false, "write one JSON object per site")
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 1 {
		return usageError(directoryUsage)
	}
	ctx, tr, err := openDirectory(ctx, m, f, false)
	if err != nil {
		return err
	}
	defer tr.Close()
	filter := cable.SiteFilter{Kind: cable.SiteKind(*kind), Country: *country, Parent: *parent}
	if len(rest) == 1 {
		filter.Text = rest[0]
	}
	sites, err := tr.FindSites(ctx, filter)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		for _, s := range sites {
			if err := enc.Encode(s); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PLAD\tKIND\tRI\tCOUNTRY\tSTATION\tPARENT\tNAME")
	for _, s := range sites {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.PLAD, s.Kind, dashIfEmpty(s.RI), dashIfEmpty(s.Country),
			dashIfEmpty(s.Station), dashIfEmpty(s.Parent), s.Name)
	}
	return tw.Flush()
}

func runDirectoryShow(ctx context.Context, m *Main, args []string) error {
	f := newTrafficFlags(m, "directory show", directoryUsage)
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError(directoryUsage)
	}
	ctx, tr, err := openDirectory(ctx, m, f, false)
	if err != nil {
		return err
	}
	defer tr.Close()
	s, err := tr.FindSite(ctx, rest[0])
	if err != nil {
		return err
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

func runDirectoryAdd(ctx context.Context, m *Main, args []string) error {
	return runDirectorySetMode(ctx, m, args, true)
}

func runDirectorySet(ctx context.Context, m *Main, args []string) error {
	return runDirectorySetMode(ctx, m, args, false)
}

// runDirectorySetMode adds (create) or changes a site: only the flags
// given change a site.
func runDirectorySetMode(ctx context.Context, m *Main, args []string, create bool) error {
	f := newTrafficFlags(m, "directory", directoryUsage)
	fields := map[string]*string{}
	for _, name := range []string{"kind", "ri", "country", "parent", "station", "name", "relay", "via"} {
		fields[name] = f.fs.String(name, "", "the site's "+name)
	}
	var members listFlag
	f.fs.Var(&members, "member", "a member `PLAD` of a collective; repeatable")
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError(directoryUsage)
	}
	set := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	ctx, tr, err := openDirectory(ctx, m, f, true)
	if err != nil {
		return err
	}
	defer tr.Close()
	if create {
		s := &cable.Site{PLAD: rest[0], Kind: cable.SiteKind(*fields["kind"]), RI: *fields["ri"], Country: *fields["country"],
			Parent: *fields["parent"], Station: *fields["station"], Name: *fields["name"], Relay: *fields["relay"], Via: *fields["via"], Members: splitOffices(members)}
		if err := tr.CreateSite(ctx, s); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "added %s (%s, RI %s, station %s)\n", s.PLAD, s.Kind, dashIfEmpty(s.RI), dashIfEmpty(s.Station))
		return nil
	}
	var upd cable.SiteUpdate
	for name, to := range map[string]**string{"ri": &upd.RI, "country": &upd.Country, "parent": &upd.Parent,
		"station": &upd.Station, "name": &upd.Name, "relay": &upd.Relay, "via": &upd.Via} {
		if set[name] {
			*to = fields[name]
		}
	}
	if set["kind"] {
		k := cable.SiteKind(*fields["kind"])
		upd.Kind = &k
	}
	if set["member"] {
		ms := splitOffices(members)
		upd.Members = &ms
	}
	s, err := tr.UpdateSite(ctx, rest[0], upd)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "changed %s (%s, RI %s, station %s)\n", s.PLAD, s.Kind, dashIfEmpty(s.RI), dashIfEmpty(s.Station))
	return nil
}

func runDirectorySerial(ctx context.Context, m *Main, args []string) error {
	f := newTrafficFlags(m, "directory serial", directoryUsage)
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 3 {
		return usageError(directoryUsage)
	}
	year, err1 := strconv.Atoi(rest[1])
	last, err2 := strconv.Atoi(rest[2])
	if err1 != nil || err2 != nil {
		return usageError("directory serial: YEAR and LAST are numbers")
	}
	ctx, tr, err := openDirectory(ctx, m, f, true)
	if err != nil {
		return err
	}
	defer tr.Close()
	if err := tr.SetSerial(ctx, rest[0], year, last); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%s: the next release in %d takes serial %d\n", strings.ToUpper(rest[0]), year, last+1)
	return nil
}
