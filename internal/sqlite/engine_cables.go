package sqlite

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/cable/cable/internal/index"
)

// cableFact is what the engine keeps of a cable's row (index.Cable): the
// key of its banner's class, its date, and the values its filters and
// facets read.
type cableFact struct {
	row    int64
	banner datedKey
	dtg    sql.NullInt64
	values []string
}

// The names of the engine's cable values (index.Cable.Values).
const (
	valOpen    = "open"    // SIPDIS and no restrictive caption
	valParty   = "party"   // a PLAD of any role: membership admits
	valTo      = "to"      // an addressee, TO or INFO
	valTag     = "tag"     // a TAGS entry
	valCaption = "caption" // a caption
	valOrigin  = "origin"  // the FM PLAD
	valOName   = "oname"   // the archive's origin name, upper case
	valYear    = "year"
	valQuality = "quality" // a kind of data-quality finding (package quality)
)

// value is the engine's "name=value" string.
func value(name, v string) string { return name + "=" + v }

// cableFacts reads the facts of the cables at rows.
func (e *engine) cableFacts(ctx context.Context, rows []int64) ([]cableFact, error) {
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
	var out []cableFact
	for q.Next() {
		var f cableFact
		var year int
		var origin, oname, tags, captions, parties, findings string
		k := &f.banner
		if err := q.Scan(&f.row, &f.dtg, &year, &origin, &oname, &k.level, &k.noforn, &k.plain, &k.rel, &k.date,
			&k.nodis, &k.exdis, &k.cherokee, &k.open, &tags, &captions, &parties, &findings); err != nil {
			return nil, err
		}
		if k.open {
			f.values = append(f.values, valOpen)
		}
		if origin != "" {
			f.values = append(f.values, value(valOrigin, origin))
		}
		if oname != "" {
			f.values = append(f.values, value(valOName, oname))
		}
		if year != 0 {
			f.values = append(f.values, value(valYear, strconv.Itoa(year)))
		}
		for _, t := range splitList(tags) {
			f.values = append(f.values, value(valTag, t))
		}
		for _, c := range splitList(captions) {
			f.values = append(f.values, value(valCaption, c))
		}
		for _, kind := range splitList(findings) {
			f.values = append(f.values, value(valQuality, kind))
		}
		for _, p := range splitList(parties) {
			role, plad, _ := strings.Cut(p, " ")
			f.values = append(f.values, value(valParty, plad))
			if role == "to" || role == "info" {
				f.values = append(f.values, value(valTo, plad))
			}
		}
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

// cablesOf returns the facts as the index takes them, the banner's key as
// a class of the engine's day. e.mu and e.dayMu are held.
func (e *engine) cablesOf(facts []cableFact) []index.Cable {
	out := make([]index.Cable, len(facts))
	for i, f := range facts {
		out[i] = index.Cable{Key: uint64(f.row), Banner: e.classOfDated(f.banner), DTG: f.dtg.Int64, HasDTG: f.dtg.Valid,
			Values: f.values}
	}
	return out
}
