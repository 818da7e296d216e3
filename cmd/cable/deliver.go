package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
)

const deliverUsage = `usage: cable deliver [--data DIR] [--batch N] [--poll DURATION] [--once]
       cable deliver --report --as ADMIN [--since YYYY-MM-DD] [--data DIR]
Runs the delivery dispatcher on the data directory's outbox until
interrupted: copies are put in their addressees' inboxes, most urgent
first, and FLASH and NIACT copies left unacknowledged are escalated.
--once delivers what is queued and exits. Run it beside "cable serve"
when the server does not run a dispatcher of its own; two dispatchers on
one outbox are safe (each copy is delivered once) but gain nothing.
--report measures the copies released since --since against their
precedences' speed-of-service objectives (FLASH 10 minutes, IMMEDIATE 30
minutes, PRIORITY 3 hours, ROUTINE 6 hours): met, missed, still queued
and already late, and release-to-inbox p50/p99.`

// runDeliver runs the dispatcher.
func runDeliver(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("deliver", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, deliverUsage); fs.PrintDefaults() }
	data := fs.String("data", m.Config.DataDir, "data `directory`")
	database := databaseFlag(fs, m)
	batch := fs.Int("batch", delivery.DefaultBatch, "deliver `N` copies per transaction")
	poll := fs.Duration("poll", 250*time.Millisecond, "look at the outbox every `DURATION`")
	once := fs.Bool("once", false, "deliver what is queued, then exit")
	report := fs.Bool("report", false, "report speed of service instead of delivering")
	as := fs.String("as", m.Getenv("CABLE_USER"), "report as `ADMIN`")
	since := fs.String("since", "", "report on copies released from `DATE` (YYYY-MM-DD) on")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 || *batch <= 0 {
		return usageError(deliverUsage)
	}
	m.Config.DataDir = *data
	tr, err := (&trafficFlags{data: data, database: database}).openStore(m)
	if err != nil {
		return err
	}
	defer tr.Close()
	if *report {
		return reportSpeed(ctx, m, tr, *as, *since)
	}
	if *once {
		n := 0
		for {
			ds, err := tr.DeliverQueued(ctx, *batch)
			if err != nil {
				return err
			}
			n += len(ds)
			if len(ds) < *batch {
				fmt.Fprintf(m.Stdout, "delivered %d copies\n", n)
				return nil
			}
		}
	}
	d := &delivery.Dispatcher{Store: tr, Logger: m.Logger, Batch: *batch, PollInterval: *poll,
		OnDeliver: func(ds []*cable.Delivery) {
			m.Logger.Info("delivered", "copies", len(ds), "first", ds[0].CableID, "precedence", ds[0].Precedence.String())
		}}
	if err := d.Start(ctx); err != nil {
		return err
	}
	m.Logger.Info("delivering", "data", m.Config.DataDir, "batch", *batch, "poll", *poll)
	<-ctx.Done()
	d.Stop()
	return nil
}

// reportSpeed prints the speed-of-service report.
func reportSpeed(ctx context.Context, m *Main, tr trafficDB, as, since string) error {
	ctx, err := asUser(ctx, tr, as)
	if err != nil {
		return err
	}
	var from time.Time
	if since != "" {
		if from, err = time.Parse(time.DateOnly, since); err != nil {
			return usageError(fmt.Sprintf("--since %q: want YYYY-MM-DD", since))
		}
	}
	rows, err := tr.SpeedOfService(ctx, from, time.Time{})
	if err != nil {
		return err
	}
	if err := speedTable(m, rows); err != nil || tr.Identity() == nil {
		return err
	}
	sent, received, err := tr.NetworkSpeedOfService(ctx, from, time.Time{})
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, "\nsent to other sites' nodes, end to end (release here to delivery there, by their delivered receipts):")
	if err := speedTable(m, sent); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, "\nreceived from other sites' nodes, end to end (release at the origin to delivery here):")
	return speedTable(m, received)
}

// speedTable prints speed-of-service lines, one per precedence.
func speedTable(m *Main, rows []cable.SpeedOfService) error {
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "PRECEDENCE\tOBJECTIVE\tDELIVERED\tMET\tMISSED\tQUEUED\tLATE\tP50\tP99\tMAX\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t\n", r.Precedence, r.Objective, r.Delivered, r.Met, r.Missed,
			r.Pending, r.PendingLate, r.P50.Round(time.Millisecond), r.P99.Round(time.Millisecond), r.Max.Round(time.Millisecond))
	}
	return tw.Flush()
}
