package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/cable/cable/internal/cabletext"
)

const ackUsage = `usage: cable ack --as USER [--post PLAD] [--data DIR] CABLE
Acknowledges the copies of CABLE delivered to USER's posts and offices (or
to --post), in USER's name. FLASH and NIACT IMMEDIATE copies must be
acknowledged by a member of the addressee; unacknowledged ones escalate.`

// runAck acknowledges a delivered cable.
func runAck(ctx context.Context, m *Main, args []string) error {
	f := newTrafficFlags(m, "ack", ackUsage)
	post := f.fs.String("post", "", "acknowledge the copy of `PLAD` only")
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError(ackUsage)
	}
	ctx, tr, err := f.open(ctx, m)
	if err != nil {
		return err
	}
	defer tr.Close()
	id := cabletext.CanonicalID(strings.ToUpper(rest[0]))
	ds, err := tr.Acknowledge(ctx, id, *post)
	if err != nil {
		return err
	}
	for _, d := range ds {
		fmt.Fprintf(m.Stdout, "%s %s copy for %s acknowledged by %s at %s\n", id, d.Precedence, d.Site, d.AckedBy, d.AckedAt.Format(timeFormat))
	}
	return nil
}
