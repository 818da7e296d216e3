package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
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
		return nil, cable.Errorf(cable.NotFound, "%s is not in the directory: add it with cable directory add", n)
	}
	if err != nil {
		return nil, fmt.Errorf("find site %s: %w", n, err)
	}
	return s, nil
}

// postOf returns the post a site travels as: an office's parent, else the
// site itself.
func postOf(ctx context.Context, x execer, s *cable.Site) (*cable.Site, error) {
	if s.Kind != cable.SiteOffice {
		return s, nil
	}
	return findSite(ctx, x, s.Parent)
}

var riRe = regexp.MustCompile(`^R[A-Z]{3,7}$`)

// validateSite normalises s and checks it against the directory: a known
// kind, a routing indicator of ACP 121 shape, a country code, an office's
// post, a collective's members. An office takes its post's RI and station
// when it has none; a post its station from its PLAD.
func validateSite(ctx context.Context, x execer, s *cable.Site) error {
	s.PLAD = traffic.Norm(s.PLAD)
	s.RI, s.Parent, s.Station = strings.ToUpper(strings.TrimSpace(s.RI)), traffic.Norm(s.Parent), strings.ToUpper(strings.TrimSpace(s.Station))
	s.Via = traffic.Norm(s.Via)
	if s.PLAD == "" {
		return cable.Errorf(cable.Invalid, "a site needs a PLAD or office symbol")
	}
	if s.RI != "" && !riRe.MatchString(s.RI) {
		return cable.Errorf(cable.Invalid, "site %s: routing indicator %q: want R and 3 to 7 more letters, such as RUEHBJ", s.PLAD, s.RI)
	}
	if s.Country != "" {
		code, ok := marking.Trigraph(s.Country)
		if !ok {
			return cable.Errorf(cable.Invalid, "site %s: country %q: want an ISO 3166 code such as CHN", s.PLAD, s.Country)
		}
		s.Country = code
	}
	switch s.Kind {
	case cable.SitePost:
		if s.Station == "" {
			s.Station = traffic.StationOf(s.PLAD)
		}
	case cable.SiteOffice:
		if s.Parent == "" {
			return cable.Errorf(cable.Invalid, "office %s: say which post it belongs to (--parent \"SECSTATE WASHDC\")", s.PLAD)
		}
		p, err := findSite(ctx, x, s.Parent)
		if err != nil {
			return err
		}
		if p.Kind != cable.SitePost {
			return cable.Errorf(cable.Invalid, "office %s: its parent %s is a %s, not a post", s.PLAD, p.PLAD, p.Kind)
		}
		s.Parent = p.PLAD
		s.RI, s.Station = orElse(s.RI, p.RI), orElse(s.Station, p.Station)
		s.Country = orElse(s.Country, p.Country)
	case cable.SiteCollective:
		for i, m := range s.Members {
			ms, err := findSite(ctx, x, m)
			if err != nil {
				return err
			}
			if ms.Kind != cable.SitePost {
				return cable.Errorf(cable.Invalid, "collective %s: member %s is a %s, not a post", s.PLAD, ms.PLAD, ms.Kind)
			}
			s.Members[i] = ms.PLAD
		}
	default:
		return cable.Errorf(cable.Invalid, "site %s: kind %q: want post, office or collective", s.PLAD, s.Kind)
	}
	if s.Kind != cable.SiteCollective && len(s.Members) > 0 {
		return cable.Errorf(cable.Invalid, "site %s: only a collective has members", s.PLAD)
	}
	return nil
}

// orElse returns a unless it is empty, else b.
func orElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// CreateSite adds a directory entry.
func (t *Traffic) CreateSite(ctx context.Context, s *cable.Site) error {
	if _, err := requireAdmin(ctx, "change the directory"); err != nil {
		return err
	}
	tx, err := t.beginAudited(ctx)
	if err != nil {
		return fmt.Errorf("create site: %w", err)
	}
	defer tx.Rollback()
	if err := validateSite(ctx, tx, s); err != nil {
		return err
	}
	s.UpdatedAt = t.Now().UTC().Truncate(time.Second)
	_, err = tx.ExecContext(ctx, `INSERT INTO sites (`+siteCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
		s.PLAD, string(s.Kind), s.RI, s.Country, s.Parent, s.Station, s.Name, jsonText(s.Members), s.Relay, s.UpdatedAt.Format(time.RFC3339), s.Via)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") || strings.Contains(err.Error(), "PRIMARY KEY") {
			return cable.Errorf(cable.Conflict, "%s is already in the directory: change it with cable directory set", s.PLAD)
		}
		return fmt.Errorf("create site %s: %w", s.PLAD, err)
	}
	if err := tx.audit(audit.KindSiteCreate, "", siteDetail(s)); err != nil {
		return err
	}
	return tx.Commit()
}

// UpdateSite changes a directory entry.
func (t *Traffic) UpdateSite(ctx context.Context, plad string, upd cable.SiteUpdate) (*cable.Site, error) {
	if _, err := requireAdmin(ctx, "change the directory"); err != nil {
		return nil, err
	}
	tx, err := t.beginAudited(ctx)
	if err != nil {
		return nil, fmt.Errorf("update site: %w", err)
	}
	defer tx.Rollback()
	s, err := scanSite(tx.QueryRowContext(ctx, `SELECT `+siteCols+` FROM sites WHERE plad = ?`, traffic.Norm(plad)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cable.Errorf(cable.NotFound, "%s is not in the directory: add it with cable directory add", traffic.Norm(plad))
	}
	if err != nil {
		return nil, fmt.Errorf("update site %s: %w", plad, err)
	}
	for _, f := range []struct {
		to   *string
		from *string
	}{{&s.RI, upd.RI}, {&s.Country, upd.Country}, {&s.Parent, upd.Parent}, {&s.Station, upd.Station}, {&s.Name, upd.Name}, {&s.Relay, upd.Relay}, {&s.Via, upd.Via}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	if upd.Kind != nil {
		s.Kind = *upd.Kind
	}
	if upd.Members != nil {
		s.Members = *upd.Members
	}
	if err := validateSite(ctx, tx, s); err != nil {
		return nil, err
	}
	s.UpdatedAt = t.Now().UTC().Truncate(time.Second)
	_, err = tx.ExecContext(ctx, `UPDATE sites SET kind=?, ri=?, country=?, parent=?, station=?, name=?, members=?, relay=?, updated_at=?, via=? WHERE plad=?`,
		string(s.Kind), s.RI, s.Country, s.Parent, s.Station, s.Name, jsonText(s.Members), s.Relay, s.UpdatedAt.Format(time.RFC3339), traffic.Norm(s.Via), s.PLAD)
	if err != nil {
		return nil, fmt.Errorf("update site %s: %w", s.PLAD, err)
	}
	if err := tx.audit(audit.KindSiteUpdate, "", siteDetail(s)); err != nil {
		return nil, err
	}
	return s, tx.Commit()
}

// SetSerial sets the last serial a post used in a year.
func (t *Traffic) SetSerial(ctx context.Context, plad string, year, last int) error {
	if _, err := requireAdmin(ctx, "set serial numbers"); err != nil {
		return err
	}
	s, err := findSite(ctx, t.read, plad)
	if err != nil {
		return err
	}
	if s.Kind != cable.SitePost || s.Station == "" {
		return cable.Errorf(cable.Invalid, "%s has no station of its own: serials are kept per post", s.PLAD)
	}
	if year < 1966 || year > 9999 || last < 0 || last > 9999999 {
		return cable.Errorf(cable.Invalid, "serial %d:%d: want a four-digit year and a serial of at most 7 digits", year, last)
	}
	tx, err := t.beginAudited(ctx)
	if err != nil {
		return fmt.Errorf("set serial of %s: %w", s.PLAD, err)
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, serialCounter(s.Station, year), last)
	if err != nil {
		return fmt.Errorf("set serial of %s: %w", s.PLAD, err)
	}
	if err := tx.audit(audit.KindSerialSet, "", fmt.Sprintf("site=%s year=%d last=%d", s.PLAD, year, last)); err != nil {
		return err
	}
	return tx.Commit()
}

// siteDetail is a directory entry as the audit log records it.
func siteDetail(s *cable.Site) string {
	return fmt.Sprintf("site=%s kind=%s ri=%q country=%q parent=%q station=%q name=%q members=%v relay=%q",
		s.PLAD, s.Kind, s.RI, s.Country, s.Parent, s.Station, s.Name, s.Members, s.Relay)
}
