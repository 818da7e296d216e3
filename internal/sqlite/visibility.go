package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/index"
	"github.com/cable/cable/internal/marking"
)

// The access rules of package access, written as SQL so that every list,
// count, facet and snippet is filtered inside the query and totals never
// leak. storetest checks, reader by reader, that these predicates and
// access.Knows agree on every cable.

// scope is a caller's access predicates and their arguments.
type scope struct {
	reader access.Reader
	user   *cable.User
	args   []any
	// eng is the archive's portion engine, nil when it has none; classes
	// are the caller's visible classes in it, once looked up.
	eng     *searchEngine
	classes *[]index.Class
	// at is the time of the read, by the store's clock.
	at time.Time
}

// scopeOf returns the caller's scope. A caller with no user in the context
// is the zero reader: foreign, uncleared, no post.
func (db *DB) scopeOf(ctx context.Context) *scope {
	u := cable.UserFromContext(ctx)
	s := &scope{user: u, reader: readerOf(u), eng: db.engine.Load(), at: db.Now()}
	s.args = append(s.args,
		sql.Named("clr", int(s.reader.Clearance)),
		sql.Named("now", db.Now().UTC().Format(time.DateOnly)))
	return s
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
	// reviewer (access.PortionsAt).
	// Nor is unclassified text under a control (SBU, FOUO, NOFORN…: not
	// plain) released: it was never classified (access.ReleasedBy).
	declassified := fmt.Sprintf("(%s.declassified IS NOT NULL AND %s.declassified <= :now AND %s < %d AND (%s > 0 OR %s = 1)",
		c, c, level, access.UnreadableLevel, level, plain)
	if held != "" {
		declassified += " AND " + held + " = 0"
	}
	declassified += ")"
	if s.reader.Public {
		return declassified // the public reader sees nothing by clearance
	}
	cond := level + " <= :clr"
	if s.reader.Foreign() {
		alts := []string{plain + " = 1"}
		for _, k := range access.RelToKeys(s.reader) {
			alts = append(alts, fmt.Sprintf("instr(%s, '%s') > 0", rel, sqlQuote(","+k+",")))
		}
		cond += " AND " + noforn + " = 0 AND (" + strings.Join(alts, " OR ") + ")"
	}
	return "(" + declassified + " OR (" + cond + "))"
}

// admits is the predicate "cable c's distribution admits the caller"
// (MARKINGS.md §5, as access.Admits decides it).
func (s *scope) admits(c string) string {
	if s.reader.Public {
		return "1" // every distribution admits the public reader (access.Admits)
	}
	var alts []string
	if !s.membersOnly() {
		alts = append(alts, "("+c+".sipdis = 1 AND "+c+".restrictive = 0)")
	}
	if posts := s.posts(); len(posts) > 0 {
		alts = append(alts, fmt.Sprintf("EXISTS (SELECT 1 FROM parties pa WHERE pa.cable = %s.rowid AND pa.plad IN (%s))", c, strings.Join(posts, ",")))
	}
	if len(alts) == 0 {
		alts = []string{"0"}
	}
	return "(" + s.captionsAdmit(c) + " AND (" + strings.Join(alts, " OR ") + "))"
}

// admitsBy is admits for a search stream (stream.go). For a caller whom
// only membership can admit, it leaves membership out, because openRoot
// ANDs the whole query with the stream of their posts' cables: a stream
// opened with it must be opened through openRoot.
func (s *scope) admitsBy(c string) string {
	if s.membersOnly() {
		return "(" + s.captionsAdmit(c) + ")"
	}
	return s.admits(c)
}

// captionsAdmit is the predicate "the caller is read in to every caption
// of cable c that requires it" (NODIS, EXDIS, CHEROKEE).
func (s *scope) captionsAdmit(c string) string {
	have := map[marking.Caption]bool{}
	for _, cp := range s.reader.ReadIns {
		have[cp] = true
	}
	conds := []string{"1"}
	for _, r := range []struct {
		cp  marking.Caption
		col string
	}{{marking.NODIS, "need_nodis"}, {marking.EXDIS, "need_exdis"}, {marking.CHEROKEE, "need_cherokee"}} {
		if !have[r.cp] {
			conds = append(conds, c+"."+r.col+" = 0")
		}
	}
	return strings.Join(conds, " AND ")
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
	return s.knowsWith(s.admits(c), c)
}

// knowsBy is knows for a search stream: see admitsBy.
func (s *scope) knowsBy(c string) string {
	return s.knowsWith(s.admitsBy(c), c)
}

func (s *scope) knowsWith(admits, c string) string {
	return admits + " AND EXISTS (SELECT 1 FROM portions kp WHERE kp.cable = " + c + ".rowid AND kp.kind <> 'unmarked' AND " +
		s.portionVisible("kp", c) + ")"
}

// knownThrough is the predicate "a match in visible portion p of cable c
// may make c a hit": p is its subject or a paragraph, or the caller may
// see one of those. A match in the unmarked text alone (a signature, a
// tag) must not find a cable whose every subject and paragraph is
// withheld: the caller may not know it exists (MARKINGS.md §5).
func (s *scope) knownThrough(p, c string) string {
	return "(" + p + ".kind <> 'unmarked' OR EXISTS (SELECT 1 FROM portions kp WHERE kp.cable = " + c + ".rowid AND kp.kind <> 'unmarked' AND " +
		s.portionVisible("kp", c) + "))"
}

// sqlQuote escapes a string for a single-quoted SQL literal. Only values
// the program derives (normalised PLADs, trigraphs) are inlined this way;
// user input travels as arguments.
func sqlQuote(s string) string { return strings.ReplaceAll(s, "'", "''") }

// readerOf returns the access reader for user u; nil is the zero reader.
func readerOf(u *cable.User) access.Reader { return access.ReaderOf(u) }
