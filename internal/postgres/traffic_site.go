package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

const siteCols = `plad, kind, ri, country, parent, station, name, members, relay, updated_at, via`

func scanSite(row pgx.Row) (*cable.Site, error) {
	var s cable.Site
	var kind, members, updated string
	if err := row.Scan(&s.PLAD, &kind, &s.RI, &s.Country, &s.Parent, &s.Station, &s.Name, &members, &s.Relay, &updated, &s.Via); err != nil {
		return nil, err
	}
	s.Kind = cable.SiteKind(kind)
	if members != "[]" {
		json.Unmarshal([]byte(members), &s.Members)
	}
	s.UpdatedAt, _ = time.Parse(time.RFC3339, updated)
	return &s, nil
}

// FindSites lists directory entries by PLAD.
func (t *Traffic) FindSites(ctx context.Context, f cable.SiteFilter) ([]*cable.Site, error) {
	q := `SELECT ` + siteCols + ` FROM sites WHERE true`
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.Kind != "" {
		q += ` AND kind = ` + arg(string(f.Kind))
	}
	if f.Country != "" {
		q += ` AND country = ` + arg(strings.ToUpper(f.Country))
	}
	if f.Parent != "" {
		q += ` AND parent = ` + arg(traffic.Norm(f.Parent))
	}
	if f.Text != "" {
		up := arg(strings.ToUpper(strings.TrimSpace(f.Text)))
		q += ` AND (strpos(plad, ` + up + `) > 0 OR ri = ` + up + ` OR strpos(upper(name), ` + up + `) > 0)`
	}
	q += ` ORDER BY plad`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	rows, err := t.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find sites: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*cable.Site, error) { return scanSite(r) })
	if err != nil {
		return nil, fmt.Errorf("find sites: %w", err)
	}
	return out, nil
}

// FindSite returns the entry whose PLAD or office symbol is name, else the
// post whose routing indicator it is.
func (t *Traffic) FindSite(ctx context.Context, name string) (*cable.Site, error) {
	return findSite(ctx, t.pool, name)
}

func findSite(ctx context.Context, q querier, name string) (*cable.Site, error) {
	n := traffic.Norm(name)
	if !isText(n) {
		return nil, traffic.NotInDirectory(n)
	}
	s, err := scanSite(q.QueryRow(ctx, `SELECT `+siteCols+` FROM sites WHERE plad = $1`, n))
	if errors.Is(err, pgx.ErrNoRows) {
		// An RI names a post: prefer the one that originates traffic.
		s, err = scanSite(q.QueryRow(ctx, `SELECT `+siteCols+` FROM sites WHERE ri = $1 AND kind <> 'office'
			ORDER BY station = '', plad LIMIT 1`, n))
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, traffic.NotInDirectory(n)
	}
	if err != nil {
		return nil, fmt.Errorf("find site %s: %w", n, err)
	}
	return s, nil
}

// finderIn looks sites up in q, for package traffic's rules.
func finderIn(q querier) traffic.FindSite {
	return func(ctx context.Context, name string) (*cable.Site, error) { return findSite(ctx, q, name) }
}

func postOf(ctx context.Context, q querier, s *cable.Site) (*cable.Site, error) {
	return traffic.PostOf(ctx, finderIn(q), s)
}

// CreateSite adds a directory entry.
func (t *Traffic) CreateSite(ctx context.Context, s *cable.Site) error {
	if _, err := traffic.RequireAdmin(ctx, "change the directory"); err != nil {
		return err
	}
	return t.inAuditedTx(ctx, func(tx pgx.Tx, record func(kind, id, detail string) error) error {
		if err := traffic.ValidateSite(ctx, finderIn(tx), s); err != nil {
			return err
		}
		s.UpdatedAt = t.Now().UTC().Truncate(time.Second)
		_, err := tx.Exec(ctx, `INSERT INTO sites (`+siteCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
			s.PLAD, string(s.Kind), s.RI, s.Country, s.Parent, s.Station, s.Name, jsonText(s.Members), s.Relay, s.UpdatedAt.Format(time.RFC3339), s.Via)
		if isUnique(err) {
			return traffic.SiteExists(s.PLAD)
		}
		if err != nil {
			return fmt.Errorf("create site %s: %w", s.PLAD, err)
		}
		return record(audit.KindSiteCreate, "", traffic.SiteDetail(s))
	})
}

// UpdateSite changes a directory entry.
func (t *Traffic) UpdateSite(ctx context.Context, plad string, upd cable.SiteUpdate) (*cable.Site, error) {
	if _, err := traffic.RequireAdmin(ctx, "change the directory"); err != nil {
		return nil, err
	}
	var s *cable.Site
	err := t.inAuditedTx(ctx, func(tx pgx.Tx, record func(kind, id, detail string) error) error {
		var err error
		s, err = scanSite(tx.QueryRow(ctx, `SELECT `+siteCols+` FROM sites WHERE plad = $1 FOR UPDATE`, traffic.Norm(plad)))
		if errors.Is(err, pgx.ErrNoRows) {
			return traffic.NotInDirectory(plad)
		}
		if err != nil {
			return fmt.Errorf("update site %s: %w", plad, err)
		}
		traffic.ApplySiteUpdate(s, upd)
		if err := traffic.ValidateSite(ctx, finderIn(tx), s); err != nil {
			return err
		}
		s.UpdatedAt = t.Now().UTC().Truncate(time.Second)
		_, err = tx.Exec(ctx, `UPDATE sites SET kind=$1, ri=$2, country=$3, parent=$4, station=$5, name=$6, members=$7, relay=$8,
			updated_at=$9, via=$10 WHERE plad=$11`, string(s.Kind), s.RI, s.Country, s.Parent, s.Station, s.Name, jsonText(s.Members),
			s.Relay, s.UpdatedAt.Format(time.RFC3339), s.Via, s.PLAD)
		if err != nil {
			return fmt.Errorf("update site %s: %w", s.PLAD, err)
		}
		return record(audit.KindSiteUpdate, "", traffic.SiteDetail(s))
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// SetSerial sets the last serial a post used in a year.
func (t *Traffic) SetSerial(ctx context.Context, plad string, year, last int) error {
	if _, err := traffic.RequireAdmin(ctx, "set serial numbers"); err != nil {
		return err
	}
	s, err := findSite(ctx, t.pool, plad)
	if err != nil {
		return err
	}
	if err := traffic.CheckSerial(s, year, last); err != nil {
		return err
	}
	return t.inAuditedTx(ctx, func(tx pgx.Tx, record func(kind, id, detail string) error) error {
		_, err := tx.Exec(ctx, `INSERT INTO counters (name, value) VALUES ($1, $2)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, traffic.SerialCounter(s.Station, year), last)
		if err != nil {
			return fmt.Errorf("set serial of %s: %w", s.PLAD, err)
		}
		return record(audit.KindSerialSet, "", fmt.Sprintf("site=%s year=%d last=%d", s.PLAD, year, last))
	})
}
