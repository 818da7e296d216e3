package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

const inboxUsage = `usage: cable inbox --as USER [--post PLAD] [--unread] [--unacked] [--limit N] [--json] [--data DIR]
       cable inbox --as USER --open CABLE [--data DIR]
Lists the cables delivered to USER's posts and offices that USER may know
of: FLASH and NIACT copies awaiting acknowledgement first (ACK), escalated
ones (ESC) at the very top, then unread (*), then by precedence, newest
first. --open shows a cable as USER may see it and marks it read.`

// runInbox lists a user's inbox, or opens one of its cables.
func runInbox(ctx context.Context, m *Main, args []string) error {
	f := newTrafficFlags(m, "inbox", inboxUsage)
	post := f.fs.String("post", "", "only the inbox of `PLAD` (one of USER's posts and offices)")
	unread := f.fs.Bool("unread", false, "only unread copies")
	unacked := f.fs.Bool("unacked", false, "only copies awaiting acknowledgement")
	limit := f.fs.Int("limit", 50, "list at most `N` copies")
	asJSON := f.fs.Bool("json", false, "write one JSON object per copy")
	open := f.fs.String("open", "", "show `CABLE` and mark it read")
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError(inboxUsage)
	}
	ctx, tr, err := f.open(ctx, m)
	if err != nil {
		return err
	}
	defer tr.Close()
	if *open != "" {
		return openCable(ctx, m, tr, cabletext.CanonicalID(strings.ToUpper(*open)))
	}
	box, err := tr.Inbox(ctx, cable.InboxFilter{Site: *post, Unread: *unread, Unacked: *unacked, Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		for _, it := range box {
			if err := enc.Encode(it); err != nil {
				return err
			}
		}
		return nil
	}
	if len(box) == 0 {
		fmt.Fprintln(m.Stdout, "inbox empty")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\tPRECEDENCE\tCABLE\tFOR\tDELIVERED\tCLASSIFICATION\tSUBJECT")
	for _, it := range box {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", inboxFlags(it), it.Precedence, it.CableID, it.Site,
			it.DeliveredAt.Format(timeFormat), dashIfEmpty(it.Classification), clipSubject(dashIfEmpty(it.Subject), 60))
	}
	return tw.Flush()
}

// inboxFlags marks a copy: ESC escalated, ACK awaiting acknowledgement, *
// unread.
func inboxFlags(it *cable.InboxItem) string {
	var f []string
	switch {
	case it.AckRequired && it.AckedAt.IsZero() && !it.EscalatedAt.IsZero():
		f = append(f, "ESC")
	case it.AckRequired && it.AckedAt.IsZero():
		f = append(f, "ACK")
	}
	if !it.Read {
		f = append(f, "*")
	}
	return strings.Join(f, " ")
}

func clipSubject(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// openCable prints what the caller may see of a delivered cable and marks
// it read.
func openCable(ctx context.Context, m *Main, tr trafficDB, id string) error {
	c, err := tr.FindCableByID(ctx, id)
	if err != nil {
		return err
	}
	d, err := tr.DistributionOf(ctx, id)
	if err != nil {
		return err
	}
	u := cable.UserFromContext(ctx)
	v, ok := access.View(access.ReaderOf(u), c, d, clockOf(tr)())
	if !ok {
		return cable.Errorf(cable.NotFound, "cable %s not found", id)
	}
	if err := tr.MarkRead(ctx, id); err != nil && cable.KindOf(err) != cable.NotFound {
		return err // NotFound: the cable was not delivered to the caller, only found
	}
	fmt.Fprintf(m.Stdout, "%s\n\n%s\n%s\n", v.Banner(), strings.TrimRight(cabletext.Format(v.Cable), "\n"), v.Banner())
	return nil
}
