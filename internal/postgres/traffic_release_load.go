package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

// A release's latency is mostly round trips (docs/postgres.md,
// "Figures"): each waits for the server, and under load for the CPU on
// both sides. loadForRelease takes the release's first lock, reads its
// draft and the directory entries the draft names in one of them, where
// looking each up as package traffic asks for it took six.

// releaseSitesSQL selects the directory entries draft $1 names (its
// origin, addressees and slug offices) and their parents' (an office's
// post), so that the release finds them without a round trip each.
const releaseSitesSQL = `WITH d AS (SELECT origin, addressees, slug FROM drafts WHERE id = $1),
	named AS (
		SELECT d.origin AS plad FROM d
		UNION SELECT a->>'plad' FROM d, json_array_elements(CASE WHEN json_typeof(d.addressees::json) = 'array'
			THEN d.addressees::json ELSE '[]' END) a
		UNION SELECT o #>> '{}' FROM d, json_array_elements(CASE WHEN json_typeof(d.slug::json) = 'array'
			THEN d.slug::json ELSE '[]' END) o),
	found AS (SELECT s.plad, s.parent FROM sites s JOIN named n ON n.plad = s.plad)
	SELECT ` + siteCols + ` FROM sites WHERE plad IN (SELECT plad FROM found UNION SELECT parent FROM found)`

// loadForRelease takes the archive's import lock, then reads draft id FOR
// UPDATE and the sites it names, in one round trip (a batch runs its
// statements in order, so the locks are taken in the order every release
// takes them).
func loadForRelease(ctx context.Context, tx pgx.Tx, id int64) (*cable.Draft, *siteCache, error) {
	b := &pgx.Batch{}
	b.Queue(`SELECT pg_advisory_xact_lock($1)`, importLock)
	b.Queue(draftSQL(true), id)
	b.Queue(releaseSitesSQL, id)
	br := tx.SendBatch(ctx, b)
	defer br.Close()
	if _, err := br.Exec(); err != nil {
		return nil, nil, fmt.Errorf("lock the archive: %w", err)
	}
	d, err := scanDraft(br.QueryRow(), id)
	if err != nil {
		return nil, nil, err
	}
	rows, err := br.Query()
	if err != nil {
		return nil, nil, fmt.Errorf("sites of draft %d: %w", id, err)
	}
	sites, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*cable.Site, error) { return scanSite(r) })
	if err != nil {
		return nil, nil, fmt.Errorf("sites of draft %d: %w", id, err)
	}
	c := &siteCache{q: tx, byPLAD: map[string]*cable.Site{}}
	for _, s := range sites {
		c.byPLAD[s.PLAD] = s
	}
	return d, c, br.Close()
}

// siteCache finds sites for one release: those read beforehand by their
// PLAD, any other in the database (findSite). The release sees those
// entries as they were when it read them, as one statement reading the
// directory would; a release writes no site.
type siteCache struct {
	q      querier
	byPLAD map[string]*cable.Site
}

// find is a traffic.FindSite. It returns a copy, which its caller may
// change.
func (c *siteCache) find(ctx context.Context, name string) (*cable.Site, error) {
	if s, ok := c.byPLAD[traffic.Norm(name)]; ok {
		cp := *s
		return &cp, nil
	}
	return findSite(ctx, c.q, name)
}
