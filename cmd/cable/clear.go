package main

import (
	"context"
	"fmt"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

const clearUsage = `usage: cable clear --as USER [--office OFFICE] [--data DIR] DRAFT
Clears the draft's current version for OFFICE, which defaults to the one
office the draft still awaits for which USER is a clearer. An edit of the
draft voids its clearances: clear it again.`

// runClear records a clearance.
func runClear(ctx context.Context, m *Main, args []string) error {
	f := newTrafficFlags(m, "clear", clearUsage)
	office := f.fs.String("office", "", "clear for `OFFICE`")
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError(clearUsage)
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
	if *office == "" {
		d, err := tr.FindDraftByID(ctx, id)
		if err != nil {
			return err
		}
		u := cable.UserFromContext(ctx)
		var mine []string
		for _, o := range traffic.MissingClearances(d) {
			if traffic.HasRole(u, cable.RoleClearer, o) {
				mine = append(mine, o)
			}
		}
		switch len(mine) {
		case 0:
			return cable.Errorf(cable.Invalid, "draft %d awaits no clearance from an office where %s is a clearer (%s)", id, u.Name, draftStatus(d))
		case 1:
			*office = mine[0]
		default:
			return usageError(fmt.Sprintf("draft %d awaits several of your offices (%v): say which with --office", id, mine))
		}
	}
	d, err := tr.ClearDraft(ctx, id, *office)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "draft %d cleared for %s: %s\n", d.ID, traffic.Norm(*office), draftStatus(d))
	return nil
}
