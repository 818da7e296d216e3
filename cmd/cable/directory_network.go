package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/relay"
)

// runDirectoryNetwork shows the network as this node sees it.
func runDirectoryNetwork(ctx context.Context, m *Main, args []string) error {
	f := newTrafficFlags(m, "directory network", directoryUsage)
	asJSON := f.fs.Bool("json", false, "write one JSON object per site")
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError(directoryUsage)
	}
	ctx, tr, err := openDirectory(ctx, m, f, false)
	if err != nil {
		return err
	}
	defer tr.Close()
	sites, err := networkSites(ctx, tr)
	if err != nil {
		return err
	}
	states, err := relay.Network(ctx, tr, tr.Identity(), sites)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		for _, s := range states {
			if err := enc.Encode(s); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SITE\tROUTE\tLINK\tQUEUED\tFAILED\tKEY FINGERPRINT")
	for _, s := range states {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", s.Site, routeText(s), linkText(s), queueText(s.Queued), s.Failed, dashIfEmpty(s.Fingerprint))
	}
	return tw.Flush()
}

// networkSites lists the posts a node serves or reaches: its own, and
// those with a relay URL or a relay site.
func networkSites(ctx context.Context, tr trafficDB) ([]string, error) {
	posts, err := tr.FindSites(ctx, cable.SiteFilter{Kind: cable.SitePost})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range posts {
		if s.Relay != "" || s.Via != "" || (tr.Identity() != nil && s.PLAD == tr.Identity().PLAD) {
			out = append(out, s.PLAD)
		}
	}
	return out, nil
}

func routeText(s *relay.SiteState) string {
	if s.Route == relay.Via {
		return "via " + s.Hop
	}
	return string(s.Route)
}

// linkText is a link's state: up or down, since when, and why it is down.
func linkText(s *relay.SiteState) string {
	switch {
	case s.Route == relay.Local:
		return "-"
	case s.Since.IsZero():
		return "not tried yet"
	case s.Up:
		return "up since " + s.Since.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("DOWN since %s: %s", s.Since.UTC().Format(time.RFC3339), s.LastError)
}

// queueText is a queue by precedence, most urgent first: "FLASH 1, ROUTINE 20".
func queueText(q map[cable.Precedence]int) string {
	var parts []string
	for _, p := range cable.Precedences {
		if q[p] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", p, q[p]))
		}
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, ", ")
}
