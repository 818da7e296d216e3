package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/delivery"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/traffic/scenario"
)

const demoUsage = `usage: cable demo [--data DIR | --database URL] [--quiet] [--serve [--addr :8080] [--corpus DIR]]
       cable demo --sites --data DIR [--quiet]
Plays the seed's traffic in 2007 time against the data directory, printing
each step: ISN drafts the demarche 07STATE159388, EAP and T clear it, its
release is refused until the drafter fixes the banner, it goes IMMEDIATE to
Beijing, whose duty officer acknowledges it, Beijing replies citing it
before the deadline, the action closes and the reply reaches ISN, T and
EAP. The data stays for "cable serve"; the users' password is cable-demo.
With --database it plays the same story on a PostgreSQL database, which
"cable serve --database URL" then serves, from as many processes as wanted.
With --serve it then ingests a corpus (--corpus, else $CABLE_CORPUS, else
../shared/corpus when it exists) and serves the API and the web UI; run
again on the same data, it skips what is done and serves.
With --sites it plays the seed across three nodes, Washington, Beijing and
London, each a "cable serve" process with its own data directory under DIR
and its own site key: the demarche is relayed to Beijing (whose node is
killed with the copy in flight and restarted) with an info copy to London,
signed receipts come back, and Beijing's reply is relayed to Washington.`

// demoPassword is the password of the demo's users.
const demoPassword = "cable-demo"

// runDemo plays the seed scenario.
func runDemo(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, demoUsage); fs.PrintDefaults() }
	data := fs.String("data", m.Config.DataDir, "data `directory`")
	quiet := fs.Bool("quiet", false, "print only the outcome")
	serve := fs.Bool("serve", false, "then ingest the corpus and serve the API and the web UI")
	addr := fs.String("addr", ":8080", "with --serve: TCP `address` to listen on")
	corpus := fs.String("corpus", defaultCorpus(m), "with --serve: a `directory` of cables to ingest first")
	sites := fs.Bool("sites", false, "play it across three nodes (Washington, Beijing, London), each a cable serve process")
	database := databaseFlag(fs, m)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 || (*sites && *serve) || (*sites && *database != "") {
		return usageError(demoUsage)
	}
	if *sites {
		return runSitesDemo(ctx, m, *data, *quiet)
	}
	m.Config.DataDir = *data
	if *database != "" {
		return runPostgresDemo(ctx, m, *database, *quiet, *serve, *corpus, *addr)
	}
	db, err := m.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.FindUserByName(ctx, scenario.Users[1].Name); err == nil {
		if !*serve {
			return fmt.Errorf("the demo has been played in %s already: give another --data directory", *data)
		}
		fmt.Fprintf(m.Stdout, "the demo has been played in %s already\n", *data)
		return demoServe(ctx, m, db, *corpus, *addr)
	}
	if err := playDemo(ctx, m, db, *quiet); err != nil {
		return err
	}
	if *serve {
		db.Now = time.Now
		return demoServe(ctx, m, db, *corpus, *addr)
	}
	return nil
}

// defaultCorpus is the corpus the demo serves: $CABLE_CORPUS, else the
// shared corpus beside the clone when there is one.
func defaultCorpus(m *Main) string {
	if d := m.Getenv("CABLE_CORPUS"); d != "" {
		return d
	}
	if fi, err := os.Stat(filepath.Join("..", "shared", "corpus")); err == nil && fi.IsDir() {
		return filepath.Join("..", "shared", "corpus")
	}
	return ""
}

// demoServe ingests the corpus, if any, and serves.
func demoServe(ctx context.Context, m *Main, db *sqlite.DB, corpus, addr string) error {
	if corpus != "" {
		fmt.Fprintf(m.Stdout, "ingesting %s (cables already stored are skipped)\n", corpus)
		if err := ingestPaths(ctx, m, db, []string{corpus}); err != nil && !errors.Is(err, errFindings) {
			return err
		}
	}
	fmt.Fprintf(m.Stdout, "serving on %s: sign in as %s, beijing-duty, admin… with password %s\n", addr, scenario.Users[1].Name, demoPassword)
	return serveDB(ctx, m, db, addr)
}

// playDemo plays the seed scenario on db in 2007 time.
func playDemo(ctx context.Context, m *Main, db *sqlite.DB, quiet bool) error {
	clock := &demoClock{t: scenario.Start}
	db.Now = clock.Now // after Open: the schema's own records keep the real time
	if err := playOn(ctx, m, sqlite.NewTraffic(db), clock, quiet); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "  cable inbox --as beijing-duty --data %s\n  cable actions --report --as admin --data %s\n", m.Config.DataDir, m.Config.DataDir)
	fmt.Fprintf(m.Stdout, "  cable serve --data %s   (users %s…, password %s)\n", m.Config.DataDir, scenario.Users[1].Name, demoPassword)
	return nil
}

// playOn plays the seed scenario on tr, whose clock is clock, with a
// dispatcher delivering, and says how it went.
func playOn(ctx context.Context, m *Main, tr trafficDB, clock *demoClock, quiet bool) error {
	d := &delivery.Dispatcher{Store: tr, Now: clock.Now, Logger: m.Logger, PollInterval: 50 * time.Millisecond}
	if err := d.Start(ctx); err != nil {
		return err
	}
	defer d.Stop()
	logf := func(format string, args ...any) { fmt.Fprintf(m.Stdout, format+"\n", args...) }
	if quiet {
		logf = nil
	}
	res, err := scenario.Play(ctx, scenario.Config{
		Services: tr,
		SetTime:  clock.Set,
		Deliver:  func(ctx context.Context, rel *cable.Release) error { return awaitDelivery(ctx, tr, rel) },
		Logf:     logf,
		Password: demoPassword,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "\n%s released, acknowledged and answered on time by %s. Look around with:\n", res.Demarche.CableID, res.Reply.CableID)
	return nil
}

// awaitDelivery waits until the dispatcher has delivered every copy of a
// release, as the demo's administrator sees them.
func awaitDelivery(ctx context.Context, tr trafficDB, rel *cable.Release) error {
	admin, err := tr.FindUserByName(ctx, "admin")
	if err != nil {
		return err
	}
	actx := cable.NewContextWithUser(ctx, admin)
	deadline := time.Now().Add(10 * time.Second)
	for {
		ds, err := tr.FindDeliveries(actx, rel.CableID)
		if err != nil {
			return err
		}
		pending := 0
		for _, d := range ds {
			if d.State != cable.DeliveryDelivered {
				pending++
			}
		}
		if pending == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d copies of %s still queued after 10s: is the dispatcher running?", pending, rel.CableID)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// demoClock is the demo's 2007 clock, moved by the scenario.
type demoClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *demoClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *demoClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}
