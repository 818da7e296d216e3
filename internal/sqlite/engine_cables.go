package sqlite

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/engine"
)

// cableFacts reads the facts of the cables at rows.
func (e *searchEngine) cableFacts(ctx context.Context, rows []int64) ([]engine.Fact, error) {
	list := make([]string, len(rows))
	for i, r := range rows {
		list[i] = strconv.FormatInt(r, 10)
	}
	q, err := e.db.read.QueryContext(ctx, `SELECT c.rowid, c.dtg, coalesce(c.year, 0), c.origin, upper(c.origin_name),
		c.b_level, c.b_noforn, c.b_plain, c.b_rel, coalesce(c.declassified, ''),
		c.need_nodis, c.need_exdis, c.need_cherokee, c.sipdis = 1 AND c.restrictive = 0,
		coalesce((SELECT group_concat(t.tag, char(31)) FROM tags t WHERE t.cable = c.rowid), ''),
		coalesce((SELECT group_concat(cp.caption, char(31)) FROM captions cp WHERE cp.cable = c.rowid), ''),
		coalesce((SELECT group_concat(pa.role || ' ' || pa.plad, char(31)) FROM parties pa WHERE pa.cable = c.rowid), ''),
		coalesce((SELECT group_concat(kind, char(31)) FROM (SELECT DISTINCT f.kind FROM findings f WHERE f.cable = c.rowid)), '')
		FROM cables c WHERE c.rowid IN (SELECT value FROM json_each(?))`, "["+strings.Join(list, ",")+"]")
	if err != nil {
		return nil, err
	}
	defer q.Close()
	var out []engine.Fact
	for q.Next() {
		var f engine.Fact
		var dtg sql.NullInt64
		var r engine.Row
		var tags, captions, parties, findings string
		k := &f.Banner
		if err := q.Scan(&f.Cable, &dtg, &r.Year, &r.Origin, &r.OriginName, &k.Level, &k.NoForn, &k.Plain, &k.Rel, &k.Date,
			&k.NoDis, &k.ExDis, &k.Cherokee, &k.Open, &tags, &captions, &parties, &findings); err != nil {
			return nil, err
		}
		f.DTG, f.HasDTG = dtg.Int64, dtg.Valid
		r.Open = k.Open
		r.Tags, r.Captions, r.Parties, r.Quality = splitList(tags), splitList(captions), splitList(parties), splitList(findings)
		f.Values = r.Values()
		out = append(out, f)
	}
	return out, q.Err()
}

// splitList splits a group_concat by char(31); "" is no item.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\x1f")
}
