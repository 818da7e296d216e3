package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

const actionsUsage = `usage: cable actions --as USER [--post PLAD] [--cable ID] [--open | --overdue] [--report] [--json] [--data DIR]
Lists the action requests of the cables USER may know of, soonest due
first: their owner (the action addressee), due day, state (open, overdue,
answered) and the reply that answered them. --report prints, per owner,
the requests answered on time and late, and those open and overdue.`

// runActions lists action requests, or reports tasking on time.
func runActions(ctx context.Context, m *Main, args []string) error {
	f := newTrafficFlags(m, "actions", actionsUsage)
	post := f.fs.String("post", "", "only requests owned by `PLAD`")
	id := f.fs.String("cable", "", "only requests of cable `ID`")
	open := f.fs.Bool("open", false, "only open requests")
	overdue := f.fs.Bool("overdue", false, "only open requests past their due day")
	report := f.fs.Bool("report", false, "report tasking on time per owner")
	asJSON := f.fs.Bool("json", false, "write JSON")
	rest, err := parseArgs(f.fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError(actionsUsage)
	}
	ctx, tr, err := f.open(ctx, m)
	if err != nil {
		return err
	}
	defer tr.Close()
	filter := cable.ActionFilter{Site: *post, Open: *open, Overdue: *overdue}
	if *id != "" {
		filter.CableID = cabletext.CanonicalID(strings.ToUpper(*id))
	}
	if *report {
		rep, err := tr.Tasking(ctx, filter)
		if err != nil {
			return err
		}
		if *asJSON {
			return json.NewEncoder(m.Stdout).Encode(rep)
		}
		tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "OWNER\tREQUESTS\tON TIME\tLATE\tOPEN\tOVERDUE\tUNDATED\t")
		for _, r := range rep.Rows {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t\n", r.Owner, r.Total, r.OnTime, r.Late, r.Open, r.Overdue, r.Undated)
		}
		return tw.Flush()
	}
	as, err := tr.FindActions(ctx, filter)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		for _, a := range as {
			if err := enc.Encode(a); err != nil {
				return err
			}
		}
		return nil
	}
	if len(as) == 0 {
		fmt.Fprintln(m.Stdout, "no action requests")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ACTION\tCABLE\tOWNER\tDUE\tSTATE\tANSWERED BY\tREQUEST")
	for _, a := range as {
		answered := ""
		if a.AnsweredBy != "" {
			answered = a.AnsweredBy + " " + a.AnsweredAt.Format(timeFormat)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, a.CableID, a.Owner, dashIfEmpty(dateOf(a.Due)), a.State,
			dashIfEmpty(answered), clipSubject(a.Text, 70))
	}
	return tw.Flush()
}
