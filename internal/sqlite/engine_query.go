package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/RoaringBitmap/roaring/v2/roaring64"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/index"
	"github.com/cable/cable/internal/marking"
	"github.com/cable/cable/internal/quality"
)

// A search the engine can answer whole is answered in memory, with every
// hit counted: each term's matches among the classes the caller may see
// become the cables where they are (a match in unmarked text counts only
// in a cable the caller may know of), the query's boolean structure
// combines those sets, the caller's distribution and the filters cut
// them, and one pass over the hits gives the facets. No SQL runs but the
// page's rows and snippets: totals and facets cover every hit, and the
// cost grows with what the caller may see, never with withheld text.

// engineAnswer is what the engine found: every hit, in the order asked,
// with scores when ranked, and the facets over them all.
type engineAnswer struct {
	hits   []int64
	scores map[int64]float64
	facets map[string]map[string]int // counts by facet and value
	// quality is the data-quality facet, kinds in quality.Kinds order.
	quality []cable.FacetCount
}

// engineSearch answers q from the engine, and false when it cannot: there
// is no engine, it cannot catch up, or a term is of a form it does not
// read.
func (s *scope) engineSearch(ctx context.Context, conn *sql.Conn, q cable.SearchQuery, query *cable.Query) (*engineAnswer, bool, error) {
	if s.eng == nil || (query != nil && !engineReadsAll(query)) {
		return nil, false, nil
	}
	classes, ok, err := s.engineClasses(ctx, conn)
	if err != nil || !ok {
		return nil, false, err
	}
	ev := s.newEvaluation(classes, q.Sort == "relevance" && query != nil)
	ev.foreign = s.reader.Foreign()
	var found *roaring64.Bitmap
	if query == nil {
		found = ev.idx.Known(ev.candidates(q), ev.visible)
	} else {
		found = ev.eval(query)
	}
	named, err := s.namedCables(ctx, conn, q.Text, ev)
	if err != nil {
		return nil, false, err
	}
	found.Or(named)
	if admit := s.admitted(ev.idx); admit != nil {
		found.And(admit)
	}
	ans := &engineAnswer{}
	ans.hits, ans.facets, ans.quality = ev.filter(q, found)
	defer func() { nameFirst(ans.hits, named) }()
	if ev.counts != nil {
		ans.scores = scoreHits(query, ans.hits, ev.shown(ans.hits))
		slices.SortStableFunc(ans.hits, func(a, b int64) int {
			switch sa, sb := ans.scores[a], ans.scores[b]; {
			case sa < sb:
				return -1
			case sa > sb:
				return 1
			}
			return 0
		})
	}
	return ans, true, nil
}

// namedCables returns the cables a query that is one cable id names
// (cabletext.IDsOf: "07STATE159388", "STATE 159388") and that the caller
// may know of, as the engine judges a cable known: so that a search for
// a cable's id finds it, first, though its id is no word of its text.
// Its distribution is checked with the other hits' (admitted).
func (s *scope) namedCables(ctx context.Context, conn *sql.Conn, text string, ev *evaluation) (*roaring64.Bitmap, error) {
	ids := cabletext.IDsOf(text, s.at.Year())
	if len(ids) == 0 {
		return roaring64.New(), nil
	}
	list, _ := json.Marshal(ids)
	rows, err := conn.QueryContext(ctx, `SELECT rowid FROM cables WHERE id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, fmt.Errorf("search: cables named: %w", err)
	}
	defer rows.Close()
	named := roaring64.New()
	for rows.Next() {
		var row int64
		if err := rows.Scan(&row); err != nil {
			return nil, fmt.Errorf("search: cables named: %w", err)
		}
		named.Add(uint64(row))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: cables named: %w", err)
	}
	return ev.idx.Known(named, ev.visible), nil
}

// nameFirst moves the hits that named holds to the front, keeping the
// order of each part.
func nameFirst(hits []int64, named *roaring64.Bitmap) {
	if named.IsEmpty() {
		return
	}
	slices.SortStableFunc(hits, func(a, b int64) int {
		na, nb := named.Contains(uint64(a)), named.Contains(uint64(b))
		switch {
		case na && !nb:
			return -1
		case nb && !na:
			return 1
		}
		return 0
	})
}

// engineReadsAll reports whether every term of query is of a form the
// engine reads.
func engineReadsAll(n *cable.Query) bool {
	if n.Op != "" {
		return engineReadsAll(n.Left) && engineReadsAll(n.Right)
	}
	_, ok := engineTerm(n.Term)
	return ok
}

// evaluation is one search's view of the engine.
type evaluation struct {
	idx     *index.Index
	keys    []classKey
	classes []index.Class
	vis     []bool // by class
	// counts holds, when ranking, each term's matching portions a cable.
	counts map[*cable.Query]map[uint64]int
	// foreign is whether the caller reads release copies, which show no
	// withheld place (qualityKnown).
	foreign bool
}

func (s *scope) newEvaluation(classes []index.Class, ranked bool) *evaluation {
	ev := &evaluation{idx: s.eng.idx.Load(), keys: *s.eng.keys.Load(), classes: classes}
	ev.vis = make([]bool, len(ev.keys))
	for _, c := range classes {
		if int(c) < len(ev.vis) {
			ev.vis[c] = true
		}
	}
	if ranked {
		ev.counts = map[*cable.Query]map[uint64]int{}
	}
	return ev
}

// declassified reports whether class c is of declassified text.
func (ev *evaluation) declassified(c index.Class) bool {
	return int(c) < len(ev.keys) && ev.keys[c].declassified
}

// visible reports whether the caller may see class c.
func (ev *evaluation) visible(c index.Class) bool { return int(c) < len(ev.vis) && ev.vis[c] }

// eval returns the cables that satisfy n: a term holds in a cable where
// it matches a portion the caller may see, and that portion is a subject
// or paragraph or the cable is known to the caller (knownThrough).
func (ev *evaluation) eval(n *cable.Query) *roaring64.Bitmap {
	switch n.Op {
	case "":
		t, _ := engineTerm(n.Term)
		h := ev.idx.Match(t, ev.classes).Cables(ev.counts != nil)
		if ev.counts != nil {
			ev.counts[n] = h.Counts
		}
		if !h.Unmarked.IsEmpty() {
			h.Marked.Or(ev.idx.Known(h.Unmarked, ev.visible))
		}
		return h.Marked
	case "AND":
		l := ev.eval(n.Left)
		l.And(ev.eval(n.Right))
		return l
	case "OR":
		l := ev.eval(n.Left)
		l.Or(ev.eval(n.Right))
		return l
	}
	l := ev.eval(n.Left)
	l.AndNot(ev.eval(n.Right))
	return l
}

// candidates returns the cables a search without words starts from: those
// of its tags and addressee when it has them, else every cable.
func (ev *evaluation) candidates(q cable.SearchQuery) *roaring64.Bitmap {
	var out *roaring64.Bitmap
	and := func(bm *roaring64.Bitmap) {
		if out == nil {
			out = bm
		} else {
			out.And(bm)
		}
	}
	for _, t := range q.Tags {
		and(ev.idx.Set(value(valTag, strings.ToUpper(strings.TrimSpace(t)))))
	}
	if a := access.NormalizePLAD(q.Addressee); q.Addressee != "" {
		and(ev.idx.Set(value(valTo, a)))
	}
	if out == nil {
		return ev.idx.AllCables()
	}
	return out
}

// admitted returns the cables whose distribution admits the caller, or
// nil when the classes already decided it: for a reader with posts, the
// cables of their posts, and the open ones unless only membership admits
// them (admits). Captions are part of the classes.
func (s *scope) admitted(idx *index.Index) *roaring64.Bitmap {
	if s.reader.Public || len(s.posts()) == 0 {
		return nil
	}
	out := roaring64.New()
	for _, p := range s.reader.Posts {
		if n := access.NormalizePLAD(p); n != "" {
			out.Or(idx.Set(value(valParty, n)))
		}
	}
	if !s.membersOnly() {
		out.Or(idx.Set(valOpen))
	}
	return out
}

// shown returns, for each hit, how many of its visible portions match
// each term: every match the engine gave is visible, and every hit is
// known to the caller.
func (ev *evaluation) shown(hits []int64) map[int64]termCounts {
	out := make(map[int64]termCounts, len(hits))
	for _, h := range hits {
		tc := termCounts{}
		for n, counts := range ev.counts {
			if c := counts[uint64(h)]; c > 0 {
				tc[n] = c
			}
		}
		out[h] = tc
	}
	return out
}

// filter keeps the cables that pass q's filters, in order, and counts
// the facets over them when asked. The filters on values (tags, captions,
// origin, addressee) are sets, cut before any cable is read; what
// depends on the caller (whether they may see the banner, which tags and
// captions take; their view's level) and dates are checked cable by
// cable, and only when a filter or the facets need them.
func (ev *evaluation) filter(q cable.SearchQuery, found *roaring64.Bitmap) ([]int64, map[string]map[string]int, []cable.FacetCount) {
	f := ev.filtersOf(q)
	if f.none {
		return nil, nil, nil
	}
	for _, v := range f.sets {
		found.And(ev.idx.Set(v))
	}
	if f.origin != "" {
		o := ev.idx.Set(value(valOrigin, f.origin))
		o.Or(ev.idx.Set(value(valOName, f.origin)))
		found.And(o)
	}
	keys := found.ToArray()
	slices.Reverse(keys) // newest first
	if !f.perCable() && !q.Facets {
		hits := make([]int64, len(keys))
		for i, k := range keys {
			hits[i] = int64(k)
		}
		return hits, nil, nil
	}
	var hits []int64
	var counts, tagCounts []int // by value number
	levels := map[int]int{}
	kinds := ev.qualityValues()
	qualityCounts := make([]int, len(quality.Kinds))
	ev.idx.EachCable(keys, func(c index.CableView) {
		if !f.keeps(ev, c) {
			return
		}
		level, seen := 0, false
		if f.byLevel || q.Facets {
			level, seen = ev.visibleLevel(c)
			if f.byLevel && (!seen || level != f.level) {
				return
			}
		}
		hits = append(hits, int64(c.Key))
		if !q.Facets {
			return
		}
		levels[level]++
		banner := ev.visible(c.Banner)
		for _, id := range c.ValueIDs() {
			counts = countAt(counts, id)
			if banner {
				tagCounts = countAt(tagCounts, id)
			}
			if k, ok := kinds[id]; ok && ev.qualityKnown(quality.Kinds[k], c) {
				qualityCounts[k]++
			}
		}
	})
	if !q.Facets {
		return hits, nil, nil
	}
	var qf []cable.FacetCount
	for k, n := range qualityCounts {
		if n > 0 {
			qf = append(qf, cable.FacetCount{Value: quality.Kinds[k], Count: n})
		}
	}
	return hits, ev.facetsOf(counts, tagCounts, levels), qf
}

// qualityValues maps the numbers of the data-quality values to their
// kinds' places in quality.Kinds.
func (ev *evaluation) qualityValues() map[uint32]int {
	out := map[uint32]int{}
	for k, kind := range quality.Kinds {
		if id, ok := ev.idx.ValueID(value(valQuality, kind)); ok {
			out[id] = k
		}
	}
	return out
}

// countAt adds one to counts[id], growing counts as need be.
func countAt(counts []int, id uint32) []int {
	if int(id) >= len(counts) {
		counts = append(counts, make([]int, int(id)+1-len(counts))...)
	}
	counts[id]++
	return counts
}

// facetsOf turns the counts by value number into the facets: origins
// and years over every hit, tags over the hits whose banner the caller
// may see, the classification of each hit's view.
func (ev *evaluation) facetsOf(counts, tagCounts []int, levels map[int]int) map[string]map[string]int {
	out := map[string]map[string]int{"tag": {}, "origin": {}, "year": {}, "classification": {}}
	ids := make([]uint32, len(counts))
	for i := range ids {
		ids[i] = uint32(i)
	}
	for i, name := range ev.idx.ValueNames(ids) {
		facet, v, _ := strings.Cut(name, "=")
		switch {
		case facet == valOrigin && counts[i] > 0:
			out["origin"][v] = counts[i]
		case facet == valYear && counts[i] > 0:
			out["year"][v] = counts[i]
		case facet == valTag && i < len(tagCounts) && tagCounts[i] > 0:
			out["tag"][v] = tagCounts[i]
		}
	}
	for l, n := range levels {
		out["classification"][strconv.Itoa(l)] = n
	}
	return out
}

// visibleLevel is the level of the caller's view of cable c (the SQL's
// visibleLevel): the highest level of the portions they may see, a
// portion released by declassification counting as unclassified; seen
// is false when they may see none.
func (ev *evaluation) visibleLevel(c index.CableView) (level int, seen bool) {
	c.Portions(func(cl index.Class, _ bool) {
		if !ev.visible(cl) {
			return
		}
		k := ev.keys[cl]
		l := k.level
		if k.declassified && !k.held {
			l = 0
		}
		if !seen || l > level {
			level, seen = l, true
		}
	})
	return level, seen
}

// engineFilters are a search's filters as the engine checks them.
type engineFilters struct {
	sets     []string // values every hit must have: tags, caption, addressee, quality
	banner   bool     // the caller must see the banner (tags, captions)
	quality  string   // a kind of finding the caller must know of
	lifted   bool     // a caption that declassification lifts
	origin   string
	from, at int64
	hasFrom  bool
	hasTo    bool
	level    int
	byLevel  bool
	none     bool // the filters keep nothing
}

func (ev *evaluation) filtersOf(q cable.SearchQuery) engineFilters {
	var f engineFilters
	for _, t := range q.Tags {
		f.sets = append(f.sets, value(valTag, strings.ToUpper(strings.TrimSpace(t))))
		f.banner = true
	}
	if q.Caption != "" {
		f.sets = append(f.sets, value(valCaption, strings.ToUpper(strings.TrimSpace(q.Caption))))
		f.banner, f.lifted = true, access.LiftedByDeclassification(q.Caption)
	}
	if q.Origin != "" {
		f.origin = access.NormalizePLAD(q.Origin)
	}
	if q.Addressee != "" {
		f.sets = append(f.sets, value(valTo, access.NormalizePLAD(q.Addressee)))
	}
	if q.Quality != "" {
		f.sets = append(f.sets, value(valQuality, q.Quality))
		f.quality = q.Quality
	}
	if !q.From.IsZero() {
		f.from, f.hasFrom = q.From.Unix(), true
	}
	if !q.To.IsZero() {
		f.at, f.hasTo = q.To.Unix(), true
	}
	if q.Classified != "" {
		l, err := marking.ParseLevel(q.Classified)
		f.level, f.byLevel, f.none = int(l), true, err != nil
	}
	return f
}

// perCable reports whether a filter is checked cable by cable.
func (f *engineFilters) perCable() bool {
	return f.banner || f.hasFrom || f.hasTo || f.byLevel || f.quality != ""
}

// keeps reports whether cable c passes the filters checked cable by
// cable but the level. Tags and captions are unmarked text: they filter
// only where the caller may see the banner (scope.filters).
func (f *engineFilters) keeps(ev *evaluation, c index.CableView) bool {
	if (f.hasFrom && (!c.HasDTG || c.DTG < f.from)) || (f.hasTo && (!c.HasDTG || c.DTG >= f.at)) {
		return false
	}
	if f.banner && !ev.visible(c.Banner) {
		return false
	}
	if f.quality != "" && !ev.qualityKnown(f.quality, c) {
		return false
	}
	return !f.lifted || !ev.declassified(c.Banner)
}

// qualityKnown reports whether the caller, who knows cable c, may know
// of its findings of kind (quality.Visible; the SQL's qualityVisible).
func (ev *evaluation) qualityKnown(kind string, c index.CableView) bool {
	switch kind {
	case quality.UnreadableMark, quality.UnmarkedParagraph:
		return !ev.foreign // a release copy shows no withheld place
	case quality.UnreadableDecl, quality.MissingDecl:
		return ev.visible(c.Banner)
	case quality.BannerBelowRollUp:
		all := true
		c.Portions(func(cl index.Class, _ bool) { all = all && ev.visible(cl) })
		return all && ev.visible(c.Banner)
	case quality.DamagedID:
		return true
	}
	return false
}
