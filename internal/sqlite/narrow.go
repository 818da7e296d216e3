package sqlite

import (
	"context"
	"database/sql"
	"math"
	"strings"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
)

// narrowing is what a search's filters tell the streams before any row is
// read: the rowid range of its dates (rowids are minutes, import.go) and
// the tags and addressee whose index entries can be streamed and ANDed
// with the query, so that a filter that keeps few cables makes the search
// jump rather than read. The filters are still checked exactly in SQL
// (scope.filters); narrowing only makes that cheaper.
type narrowing struct {
	lo, hi    int64 // cable rowids
	tags      []string
	addressee string
}

// narrowingOf returns the narrowing of q's filters.
func narrowingOf(q cable.SearchQuery) narrowing {
	n := narrowing{lo: math.MinInt64, hi: math.MaxInt64, addressee: access.NormalizePLAD(q.Addressee)}
	if !q.From.IsZero() {
		n.lo = minuteKey(q.From)
	}
	if !q.To.IsZero() {
		// A cable sent before To was sent in To's minute at the latest.
		n.hi = minuteKey(q.To) + 1<<slotBits - 1
	}
	for _, t := range q.Tags {
		n.tags = append(n.tags, strings.ToUpper(strings.TrimSpace(t)))
	}
	return n
}

// narrow ANDs st with the streams of the narrowing's tags and addressee,
// and starts it at the narrowing's upper bound.
func (s *scope) narrow(ctx context.Context, conn *sql.Conn, st stream, n narrowing) (*bounded, error) {
	for _, tag := range n.tags {
		ts, err := s.queryStream(ctx, conn, `SELECT cable FROM tags WHERE tag = :tag AND cable <= :upto ORDER BY cable DESC`,
			[]any{sql.Named("tag", tag)}, cableBound)
		if err != nil {
			st.close()
			return nil, err
		}
		st = &mergeStream{op: "AND", l: ts, r: st}
	}
	if n.addressee != "" {
		as, err := s.queryStream(ctx, conn, `SELECT cable FROM parties WHERE plad = :addressee AND role IN ('to', 'info') AND cable <= :upto ORDER BY cable DESC`,
			[]any{sql.Named("addressee", n.addressee)}, cableBound)
		if err != nil {
			st.close()
			return nil, err
		}
		st = &mergeStream{op: "AND", l: as, r: st}
	}
	return &bounded{stream: st, lo: n.lo, hi: n.hi}, nil
}

// bounded is a stream kept to the rowids lo to hi: it starts by seeking hi
// and ends below lo.
type bounded struct {
	stream
	lo, hi  int64
	started bool
}

func (b *bounded) next() (bool, error) {
	var ok bool
	var err error
	if !b.started {
		b.started = true
		ok, err = b.stream.seek(b.hi)
	} else {
		ok, err = b.stream.next()
	}
	return ok && b.head() >= b.lo, err
}
