package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cable/cable/internal/cable"
)

const releaseUsage = `usage: cable release --as USER [--telegram] [--data DIR] DRAFT
Releases the draft: assigns its reference id, DTG, serials and continuity
numbers, archives the canonical telegram and queues a copy for each
addressee. A refused release prints what to fix, exit status 1.`

// runRelease releases a draft.
func runRelease(ctx context.Context, m *Main, args []string) error {
	f := newTrafficFlags(m, "release", releaseUsage)
	telegram := f.fs.Bool("telegram", false, "print the released telegram")
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError(releaseUsage)
	}
	id, err := draftID(rest[0])
	if err != nil {
		return err
	}
	ctx, tr, err := f.open(ctx, m)
	if err != nil {
		return err
	}
	defer tr.Close()
	rel, err := tr.ReleaseDraft(ctx, id)
	var refused *cable.ReleaseRefusedError
	if errors.As(err, &refused) {
		fmt.Fprintf(m.Stderr, "cable: release of draft %d refused:\n", id)
		for _, r := range refused.Reasons {
			fmt.Fprintf(m.Stderr, "  - %s\n", r)
		}
		return errFindings
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "released draft %d as %s, DTG %s\n", id, rel.CableID, rel.DTG)
	for _, d := range rel.Deliveries {
		ack := ""
		if d.AckRequired {
			ack = ", to be acknowledged"
		}
		fmt.Fprintf(m.Stdout, "  queued for %s (%s, %s%s)\n", d.Site, d.Role, d.Precedence, ack)
	}
	for _, a := range rel.Actions {
		fmt.Fprintf(m.Stdout, "  action for %s due %s (%s): %s\n", a.Owner, dashIfEmpty(dateOf(a.Due)), a.Source, a.Text)
	}
	if len(rel.Actions) > 0 && len(rel.Actions[0].Slug) > 0 {
		fmt.Fprintf(m.Stdout, "  replies to be slugged for %s\n", strings.Join(rel.Actions[0].Slug, ", "))
	}
	for _, a := range rel.Answered {
		fmt.Fprintf(m.Stdout, "  answers action %d of %s (%s)\n", a.ID, a.CableID, a.Owner)
	}
	if *telegram {
		fmt.Fprintf(m.Stdout, "\n%s", rel.Telegram)
	}
	return nil
}
