package postgres

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/marking"
)

// The access rules of package access, written as SQL so that every list,
// count, facet and snippet is filtered inside the query and totals never
// leak. They are sqlite/visibility.go's predicates in PostgreSQL's
// dialect (strpos for instr, booleans for 0/1, @name arguments for
// :name); storetest checks, reader by reader, that they and access.Knows
// agree on every cable.

// scope is a caller's access predicates and their arguments.
type scope struct {
	reader access.Reader
	user   *cable.User
	args   pgx.NamedArgs
}

// scopeOf returns the caller's scope. A caller with no user in the context
// is the zero reader: foreign, uncleared, no post.
func (db *DB) scopeOf(ctx context.Context) *scope {
	u := cable.UserFromContext(ctx)
	s := &scope{user: u, reader: access.ReaderOf(u)}
	s.args = pgx.NamedArgs{
		"clr": int(s.reader.Clearance),
		"now": dateOf(db.Now()),
	}
	return s
}

// with returns the scope's arguments and more, for one query.
func (s *scope) with(more pgx.NamedArgs) pgx.NamedArgs {
	args := maps.Clone(s.args)
	maps.Copy(args, more)
	return args
}

// portionVisible is the predicate "the caller may see portion p of cable
// c" (MARKINGS.md §4 rules 1 and 2, §7): declassified, or within the
// clearance and, for a foreign reader, releasable to them.
func (s *scope) portionVisible(p, c string) string {
	return s.markingVisible(p+".level", p+".noforn", p+".plain", p+".rel", p+".held", c)
}

// bannerVisible is the predicate "the caller may see cable c's unmarked
// text" (its tags, captions, references), which takes the banner.
func (s *scope) bannerVisible(c string) string {
	return s.markingVisible(c+".b_level", c+".b_noforn", c+".b_plain", c+".b_rel", "", c)
}

// markingVisible is the predicate "the caller may see text marked by
// these columns of cable c".
//
// held is the column that says a reviewer exempted or redacted the
// portion, which then stays classified ("" for the unmarked text, which
// no reviewer holds alone).
func (s *scope) markingVisible(level, noforn, plain, rel, held, c string) string {
	// A portion whose mark cannot be read stays withheld when its cable
	// is declassified (access.UnreadableLevel), as does one held by a
	// reviewer (access.PortionsAt), and unclassified text under a control
	// (SBU, FOUO, NOFORN…: not plain), which was never classified and is
	// not released by declassification (access.ReleasedBy).
	declassified := fmt.Sprintf("(%s.declassified IS NOT NULL AND %s.declassified <= @now AND %s < %d AND (%s > 0 OR %s)",
		c, c, level, access.UnreadableLevel, level, plain)
	if held != "" {
		declassified += " AND NOT " + held
	}
	declassified += ")"
	if s.reader.Public {
		return declassified // the public reader sees nothing by clearance
	}
	cond := level + " <= @clr"
	if s.reader.Foreign() {
		alts := []string{plain}
		for _, k := range access.RelToKeys(s.reader) {
			alts = append(alts, fmt.Sprintf("strpos(%s, '%s') > 0", rel, sqlQuote(","+k+",")))
		}
		cond += " AND NOT " + noforn + " AND (" + strings.Join(alts, " OR ") + ")"
	}
	return "(" + declassified + " OR (" + cond + "))"
}

// admits is the predicate "cable c's distribution admits the caller"
// (MARKINGS.md §5, as access.Admits decides it).
func (s *scope) admits(c string) string {
	if s.reader.Public {
		return "true" // every distribution admits the public reader (access.Admits)
	}
	var conds []string
	have := map[marking.Caption]bool{}
	for _, cp := range s.reader.ReadIns {
		have[cp] = true
	}
	for _, x := range []struct {
		cp  marking.Caption
		col string
	}{{marking.NODIS, "need_nodis"}, {marking.EXDIS, "need_exdis"}, {marking.CHEROKEE, "need_cherokee"}} {
		if !have[x.cp] {
			conds = append(conds, "NOT "+c+"."+x.col)
		}
	}
	var alts []string
	if posts := s.posts(); len(posts) > 0 {
		alts = append(alts, fmt.Sprintf("EXISTS (SELECT 1 FROM parties pa WHERE pa.cable = %s.rowid AND pa.plad IN (%s))", c, strings.Join(posts, ",")))
	}
	if !s.reader.Foreign() && s.reader.Clearance >= marking.Confidential {
		alts = append(alts, "("+c+".sipdis AND NOT "+c+".restrictive)")
	}
	if len(alts) == 0 {
		alts = []string{"false"}
	}
	conds = append(conds, "("+strings.Join(alts, " OR ")+")")
	return "(" + strings.Join(conds, " AND ") + ")"
}

// posts returns the caller's posts as quoted SQL literals, normalised as
// the parties table stores them.
func (s *scope) posts() []string {
	var out []string
	for _, p := range s.reader.Posts {
		if n := access.NormalizePLAD(p); n != "" {
			out = append(out, "'"+sqlQuote(n)+"'")
		}
	}
	return out
}

// knows is the predicate "the caller may know that cable c exists": its
// distribution admits them and they may see one of its portions.
func (s *scope) knows(c string) string {
	return s.admits(c) + " AND EXISTS (SELECT 1 FROM portions kp WHERE kp.cable = " + c + ".rowid AND kp.kind <> 'unmarked' AND " +
		s.portionVisible("kp", c) + ")"
}

// subjectVisible is the predicate "the caller may see cable c's subject".
func (s *scope) subjectVisible(c string) string {
	return "EXISTS (SELECT 1 FROM portions sp WHERE sp.cable = " + c + ".rowid AND sp.kind = 'subject' AND " + s.portionVisible("sp", c) + ")"
}

// visibleLevel is the highest level of what the caller may see of cable c:
// the level of their view's banner. Facets and filters use it rather than
// the cable's own banner, which may say more than the caller may know.
func (s *scope) visibleLevel(c string) string {
	return fmt.Sprintf(`(SELECT max(CASE WHEN %s.declassified IS NOT NULL AND %s.declassified <= @now AND NOT vp.held THEN 0 ELSE vp.level END)
		FROM portions vp WHERE vp.cable = %s.rowid AND %s)`, c, c, c, s.portionVisible("vp", c))
}

// sqlQuote escapes a string for a single-quoted SQL literal (with
// standard_conforming_strings, PostgreSQL's default since 9.1). Only
// values the program derives (normalised PLADs, trigraphs) are inlined
// this way; user input travels as arguments.
func sqlQuote(s string) string { return strings.ReplaceAll(s, "'", "''") }
