package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/cable/cable/internal/engine"
	"github.com/cable/cable/internal/index"
)

// engineClasses returns the classes of the engine whose portions the
// caller may see, and false when the engine cannot answer (there is none,
// or it cannot catch up with the index file): then terms are read from
// FTS5. A class is visible when the store's own predicates pass on its
// key (portionVisible, captionsAdmit), and a distribution may admit the
// caller: SIPDIS for whom it admits, or any cable for a caller with
// posts, whose membership verify checks cable by cable.
func (s *scope) engineClasses(ctx context.Context, conn *sql.Conn) ([]index.Class, bool, error) {
	if s.eng == nil {
		return nil, false, nil
	}
	if s.classes != nil {
		return *s.classes, true, nil
	}
	if !s.eng.current(ctx, conn) {
		return nil, false, nil
	}
	keys := s.eng.Keys()
	key := s.profile(len(keys))
	if cs, ok := s.eng.CachedClasses(key); ok {
		s.classes = &cs
		return cs, true, nil
	}
	rows := classRows(keys)
	where := s.markingVisible("k.level", "k.noforn", "k.plain", "k.rel", "k.held", "k")
	switch {
	case s.reader.Public:
		// Every distribution admits the public reader (admits).
	case len(s.posts()) > 0:
		where += " AND " + s.captionsAdmit("k")
	case !s.membersOnly():
		where += " AND " + s.captionsAdmit("k") + " AND k.open = 1"
	default:
		where += " AND 0"
	}
	q := `SELECT k.id FROM (SELECT value ->> 0 AS id, value ->> 1 AS level, value ->> 2 AS noforn, value ->> 3 AS plain,
		value ->> 4 AS rel, value ->> 5 AS declassified, value ->> 6 AS need_nodis, value ->> 7 AS need_exdis,
		value ->> 8 AS need_cherokee, value ->> 9 AS open, value ->> 10 AS held FROM json_each(:classes)) k
		WHERE ` + where
	res, err := conn.QueryContext(ctx, q, append(append([]any{}, s.args...), sql.Named("classes", rows))...)
	if err != nil {
		return nil, false, fmt.Errorf("search: visible classes: %w", err)
	}
	defer res.Close()
	cs := []index.Class{}
	for res.Next() {
		var c index.Class
		if err := res.Scan(&c); err != nil {
			return nil, false, fmt.Errorf("search: visible classes: %w", err)
		}
		cs = append(cs, c)
	}
	if err := res.Err(); err != nil {
		return nil, false, fmt.Errorf("search: visible classes: %w", err)
	}
	s.eng.CacheClasses(key, cs)
	s.classes = &cs
	return cs, true, nil
}

// profile is the caller's key of the engine's cache of visible classes
// among the first n (engine.Profile).
func (s *scope) profile(n int) string {
	return engine.Profile(s.reader, len(s.posts()) > 0, s.membersOnly(), s.at.UTC().Format(time.DateOnly), n)
}

// termStream is a term's stream of cables with the portions that matched
// there (values), from FTS5 (sqlStream) or the engine (idStream).
type termStream interface {
	stream
	values() []int64
}

func (st *sqlStream) values() []int64 { return st.vals }

// idStream streams the cables of the engine's matches of a term, newest
// first, as sqlStream streams FTS5's rows: keyed by cable, with each
// cable's portions, counting the candidates it reads against maxScanned.
// A seek is a binary search; a phrase's candidates are checked for its
// words' order as they are read (Matches.Holds), so a search that stops
// early checks no more.
type idStream struct {
	m       *index.Matches
	ids     []uint64 // ascending
	pos     int      // ids[:pos] are unread
	cur     int64
	vals    []int64
	started bool
	done    bool
	scanned int
	over    bool
}

func newIDStream(m *index.Matches) *idStream {
	return &idStream{m: m, ids: m.IDs(), pos: len(m.IDs()), cur: -1}
}

func (st *idStream) next() (bool, error) {
	if st.done {
		return false, nil
	}
	st.started = true
	st.vals = st.vals[:0]
	for st.pos > 0 {
		id := st.ids[st.pos-1]
		if len(st.vals) > 0 && int64(id>>portionBits) != st.cur {
			break
		}
		if st.scanned++; st.scanned > maxScanned {
			st.over = true
			st.pos = 0
			break
		}
		st.pos--
		if !st.m.Holds(st.pos) {
			continue
		}
		st.cur = int64(id >> portionBits)
		st.vals = append(st.vals, int64(id))
	}
	if len(st.vals) == 0 {
		st.done = true
		return false, nil
	}
	return true, nil
}

func (st *idStream) seek(target int64) (bool, error) {
	if st.done {
		return false, nil
	}
	if st.started && st.cur <= target {
		return true, nil
	}
	st.pos = sort.Search(st.pos, func(i int) bool { return int64(st.ids[i]>>portionBits) > target })
	return st.next()
}

func (st *idStream) head() int64     { return st.cur }
func (st *idStream) close()          {}
func (st *idStream) exhausted() bool { return st.over }
func (st *idStream) values() []int64 { return st.vals }
