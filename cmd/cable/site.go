package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/cable/cable/internal/relay"
	"github.com/cable/cable/internal/sqlite"
	"github.com/cable/cable/internal/traffic"
)

const siteUsage = `usage:
  cable site init --name PLAD [--data DIR]
  cable site card [--relay-url URL] [--data DIR]
  cable site trust CARD-FILE [--data DIR] [--database URL]
init gives the node of a data directory its site identity: an ed25519 key
pair in DIR/site.key (0600) for the post it serves. card prints the node's
signed site card (PLAD, relay URL, public key) for other sites to trust.
trust adds a remote site to the directory with the key and relay URL of its
card, after printing its fingerprint to check with the site's operator.
docs/sites.md describes the network.`

// runSite manages the node's identity and the sites it trusts.
func runSite(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 {
		return usageError(siteUsage)
	}
	sub := map[string]func(context.Context, *Main, []string) error{"init": runSiteInit, "card": runSiteCard, "trust": runSiteTrust}[args[0]]
	if sub == nil {
		return usageError(fmt.Sprintf("site: unknown subcommand %q\n%s", args[0], siteUsage))
	}
	return sub(ctx, m, args[1:])
}

func siteFlags(m *Main, name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, siteUsage) }
	return fs, fs.String("data", m.Config.DataDir, "data `directory`")
}

func runSiteInit(ctx context.Context, m *Main, args []string) error {
	fs, data := siteFlags(m, "site init")
	name := fs.String("name", "", "the `PLAD` of the post this node serves")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 || *name == "" {
		return usageError(siteUsage)
	}
	if err := os.MkdirAll(*data, 0o700); err != nil {
		return err
	}
	id, err := relay.NewIdentity(traffic.Norm(*name))
	if err != nil {
		return err
	}
	if err := id.Save(filepath.Join(*data, relay.KeyFile)); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "site %s: key %s\nfingerprint %s\n", id.PLAD, id.KeyID(), relay.Fingerprint(id.Public()))
	return nil
}

func runSiteCard(ctx context.Context, m *Main, args []string) error {
	fs, data := siteFlags(m, "site card")
	url := fs.String("relay-url", "http://127.0.0.1:8080", "the `URL` other sites reach this node at")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError(siteUsage)
	}
	id, err := loadSite(*data)
	if err != nil {
		return err
	}
	fmt.Fprint(m.Stdout, relay.NewCard(id, *url, time.Now()).String())
	return nil
}

func runSiteTrust(ctx context.Context, m *Main, args []string) error {
	fs, data := siteFlags(m, "site trust")
	database := databaseFlag(fs, m)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError(siteUsage)
	}
	b, err := os.ReadFile(rest[0])
	if err != nil {
		return err
	}
	c, err := relay.ParseCard(rest[0], b)
	if err != nil {
		return err
	}
	m.Config.DataDir = *data
	tr, err := (&trafficFlags{data: data, database: database}).openStore(m)
	if err != nil {
		return err
	}
	defer tr.Close()
	if own, err := relay.LoadIdentity(filepath.Join(*data, relay.KeyFile)); err == nil && own.PLAD == c.PLAD {
		return fmt.Errorf("%s: the card is this node's own", rest[0])
	}
	if err := tr.TrustSite(ctx, &relay.TrustedKey{PLAD: c.PLAD, Key: c.Key, Relay: c.Relay, Card: c.String()}); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "trusted %s at %s: key %s\nfingerprint %s\n", c.PLAD, c.Relay, c.KeyID(), relay.Fingerprint(c.Key))
	return nil
}

// loadSite reads the site identity of a data directory.
func loadSite(dir string) (*relay.Identity, error) {
	id, err := relay.LoadIdentity(filepath.Join(dir, relay.KeyFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s has no site identity: run cable site init --name PLAD --data %s", dir, dir)
	}
	return id, err
}

// siteTraffic is the traffic service on db with the data directory's site
// identity, when it has one: releases made through it are sealed and
// routed as "cable serve" would.
func siteTraffic(m *Main, db *sqlite.DB) (*sqlite.Traffic, error) {
	tr := sqlite.NewTraffic(db)
	id, err := relay.LoadIdentity(filepath.Join(m.Config.DataDir, relay.KeyFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		tr.Site = id
	}
	return tr, nil
}
