package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/traffic"
)

const siteCols = `plad, kind, ri, country, parent, station, name, members, relay, updated_at, via`

func scanSite(row interface{ Scan(...any) error }) (*cable.Site, error) {
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
	q := `SELECT ` + siteCols + ` FROM sites WHERE 1`
	var args []any
	if f.Kind != "" {
		q += ` AND kind = ?`
		args = append(args, string(f.Kind))
	}
	if f.Country != "" {
		q += ` AND country = ?`
		args = append(args, strings.ToUpper(f.Country))
	}
	if f.Parent != "" {
		q += ` AND parent = ?`
		args = append(args, traffic.Norm(f.Parent))
	}
	if f.Text != "" {
		q += ` AND (instr(plad, ?) > 0 OR ri = ? OR instr(upper(name), ?) > 0)`
		up := strings.ToUpper(strings.TrimSpace(f.Text))
		args = append(args, up, up, up)
	}
	q += ` ORDER BY plad`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	rows, err := t.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find sites: %w", err)
	}
	defer rows.Close()
	var out []*cable.Site
	for rows.Next() {
		s, err := scanSite(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// FindSite returns the entry whose PLAD or office symbol is name, else the
// post whose routing indicator it is.
func (t *Traffic) FindSite(ctx context.Context, name string) (*cable.Site, error) {
	return findSite(ctx, t.read, name)
}

func findSite(ctx context.Context, x execer, name string) (*cable.Site, error) {
	n := traffic.Norm(name)
	s, err := scanSite(x.QueryRowContext(ctx, `SELECT `+siteCols+` FROM sites WHERE plad = ?`, n))
	if errors.Is(err, sql.ErrNoRows) {
		// An RI names a post: prefer the one that originates traffic.
		s, err = scanSite(x.QueryRowContext(ctx, `SELECT `+siteCols+` FROM sites WHERE ri = ? AND kind <> 'office'
			ORDER BY station = '', plad LIMIT 1`, n))
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, traffic.NotInDirectory(n)
	}
	if err != nil {
		return nil, fmt.Errorf("find site %s: %w", n, err)
	}
	return s, nil
}

// postOf returns the post a site travels as (traffic.PostOf).
func postOf(ctx context.Context, x execer, s *cable.Site) (*cable.Site, error) {
	return traffic.PostOf(ctx, finderIn(x), s)
}

// CreateSite adds a directory entry.
func (t *Traffic) CreateSite(ctx context.Context, s *cable.Site) error {
	if _, err := traffic.RequireAdmin(ctx, "change the directory"); err != nil {
		return err
	}
	tx, err := t.beginAudited(ctx)
	if err != nil {
		return fmt.Errorf("create site: %w", err)
	}
	defer tx.Rollback()
	if err := traffic.ValidateSite(ctx, finderIn(tx), s); err != nil {
		return err
	}
	s.UpdatedAt = t.Now().UTC().Truncate(time.Second)
	_, err = tx.ExecContext(ctx, `INSERT INTO sites (`+siteCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
		s.PLAD, string(s.Kind), s.RI, s.Country, s.Parent, s.Station, s.Name, jsonText(s.Members), s.Relay, s.UpdatedAt.Format(time.RFC3339), s.Via)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") || strings.Contains(err.Error(), "PRIMARY KEY") {
			return traffic.SiteExists(s.PLAD)
		}
		return fmt.Errorf("create site %s: %w", s.PLAD, err)
	}
	if err := tx.audit(audit.KindSiteCreate, "", traffic.SiteDetail(s)); err != nil {
		return err
	}
	return tx.Commit()
}

// UpdateSite changes a directory entry.
func (t *Traffic) UpdateSite(ctx context.Context, plad string, upd cable.SiteUpdate) (*cable.Site, error) {
	if _, err := traffic.RequireAdmin(ctx, "change the directory"); err != nil {
		return nil, err
	}
	tx, err := t.beginAudited(ctx)
	if err != nil {
		return nil, fmt.Errorf("update site: %w", err)
	}
	defer tx.Rollback()
	s, err := scanSite(tx.QueryRowContext(ctx, `SELECT `+siteCols+` FROM sites WHERE plad = ?`, traffic.Norm(plad)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, traffic.NotInDirectory(plad)
	}
	if err != nil {
		return nil, fmt.Errorf("update site %s: %w", plad, err)
	}
	traffic.ApplySiteUpdate(s, upd)
	if err := traffic.ValidateSite(ctx, finderIn(tx), s); err != nil {
		return nil, err
	}
	s.UpdatedAt = t.Now().UTC().Truncate(time.Second)
	_, err = tx.ExecContext(ctx, `UPDATE sites SET kind=?, ri=?, country=?, parent=?, station=?, name=?, members=?, relay=?, updated_at=?, via=? WHERE plad=?`,
		string(s.Kind), s.RI, s.Country, s.Parent, s.Station, s.Name, jsonText(s.Members), s.Relay, s.UpdatedAt.Format(time.RFC3339), traffic.Norm(s.Via), s.PLAD)
	if err != nil {
		return nil, fmt.Errorf("update site %s: %w", s.PLAD, err)
	}
	if err := tx.audit(audit.KindSiteUpdate, "", traffic.SiteDetail(s)); err != nil {
		return nil, err
	}
	return s, tx.Commit()
}

// SetSerial sets the last serial a post used in a year.
func (t *Traffic) SetSerial(ctx context.Context, plad string, year, last int) error {
	if _, err := traffic.RequireAdmin(ctx, "set serial numbers"); err != nil {
		return err
	}
	s, err := findSite(ctx, t.read, plad)
	if err != nil {
		return err
	}
	if err := traffic.CheckSerial(s, year, last); err != nil {
		return err
	}
	tx, err := t.beginAudited(ctx)
	if err != nil {
		return fmt.Errorf("set serial of %s: %w", s.PLAD, err)
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, traffic.SerialCounter(s.Station, year), last)
	if err != nil {
		return fmt.Errorf("set serial of %s: %w", s.PLAD, err)
	}
	if err := tx.audit(audit.KindSerialSet, "", fmt.Sprintf("site=%s year=%d last=%d", s.PLAD, year, last)); err != nil {
		return err
	}
	return tx.Commit()
}
